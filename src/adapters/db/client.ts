/**
 * Opens the database: node-postgres when a URL is given, embedded PGlite otherwise (in a
 * directory, or in memory). Both expose the same Database: a UnitOfWork over the
 * repositories, migrations, a readiness ping and close.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { fromPglite } from 'pg-boss';
import type { BackupStore } from '../../services/backup/ports.ts';
import type { FactAnnouncements, Repositories, UnitOfWork } from '../../services/kernel/ports.ts';
import { installJobQueue } from '../jobs/notices.ts';
import type { JobStore } from '../jobs/queue.ts';
import { type ClosableAnnouncements, pgliteAnnouncements, postgresAnnouncements } from './announcements.ts';
import { createBackupStore } from './backup.ts';
import { MIGRATION_LOCK, runMigrations } from './migrate.ts';
import { createRepositories, sendRefills } from './repositories/index.ts';
import { postureRepository } from './repositories/posture.repository.ts';
import { HISTORY_REFILL_SQLSTATE, pgErrorOf, refusedHistoryEdit, type Tx } from './repositories/support.ts';
import { devices, people } from './schema.ts';

/** The subset of a pino logger used here. */
export interface DbLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  readonly url?: string;
  /** PGlite data directory; omitted = in memory. Ignored when `url` is set. */
  readonly dataDir?: string;
  /**
   * PostgreSQL schema holding the tables (and the migrations journal); created if missing.
   * For test isolation. Must be a plain lower-case identifier.
   */
  readonly schema?: string;
  /** node-postgres pool size (default 10). */
  readonly poolSize?: number;
  /**
   * An existing PGlite instance to use instead of opening one (tests clone a migrated
   * template). The Database takes it over: `close()` closes it.
   */
  readonly pglite?: PGlite;
  readonly logger?: DbLogger;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly uow: UnitOfWork;
  /** Whole-database logical backup and restore (adapters/db/backup.ts). */
  readonly backup: BackupStore;
  /**
   * Where the job queue keeps its tables: its own schema beside the application's (so a
   * backup, which reads the application's schema only, leaves it out: docs/adr/0030-job-queue.md).
   */
  readonly jobs: JobStore;
  /** Committed audit events as they commit, from every process on the database (announcements.ts). */
  readonly announcements: FactAnnouncements;
  /** Applies pending migrations. Idempotent; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  /** True when there are no people and no devices. */
  isEmpty(): Promise<boolean>;
  /** Closes the pool or PGlite. Idempotent. */
  close(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The job queue's schema: `vigil_jobs`, or beside a test's own schema. */
function jobsSchema(schema: string | undefined): string {
  return schema === undefined ? 'vigil_jobs' : `${schema.slice(0, 58)}_jobs`;
}

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  if (opts.schema !== undefined && !IDENTIFIER.test(opts.schema)) {
    throw new Error(`schema must match ${IDENTIFIER}: ${JSON.stringify(opts.schema)}`);
  }
  return opts.url === undefined ? openPglite(opts) : openPostgres(opts.url, opts);
}

/** What each driver supplies; the Database is built the same way over either. */
interface Driver {
  readonly kind: Database['kind'];
  readonly db: Tx;
  readonly migrationsSchema: string;
  readonly jobs: JobStore;
  readonly announcements: ClosableAnnouncements;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

function makeDatabase(driver: Driver): Database {
  const { db } = driver;
  let closed: Promise<void> | null = null;
  const uow: UnitOfWork = {
    run<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
      return refusedHistoryEdit(
        db.transaction(async (tx) => {
          const result = await fn(createRepositories(tx, driver.jobs.schema));
          // The history days this transaction's writes deleted are filled again by the job
          // queue: their jobs commit with the writes (migration 0025, adapters/jobs/history.ts).
          await sendRefills(tx, driver.jobs.schema);
          return result;
        }),
      );
    },
    read<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
      return refusedHistoryEdit(fn(createRepositories(db, driver.jobs.schema)));
    },
    async runAlone<T>(fn: (repos: Pick<Repositories, 'posture'>) => Promise<T>): Promise<T> {
      // PGlite's round trips cost nothing: there a transaction is as cheap.
      if (driver.kind === 'pglite') return uow.run(fn);
      try {
        return await refusedHistoryEdit(fn({ posture: postureRepository(db, { alone: true }) }));
      } catch (err) {
        // Stale history days (none were deleted: the statement failed): write again in a
        // transaction, which sends their fill jobs before it commits.
        if (pgErrorOf(err)?.code !== HISTORY_REFILL_SQLSTATE) throw err;
        return uow.run(fn);
      }
    },
  };
  return {
    kind: driver.kind,
    uow,
    backup: createBackupStore(db, driver.kind, driver.migrationsSchema),
    jobs: driver.jobs,
    announcements: driver.announcements,
    migrate: () => driver.migrate(),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async isEmpty() {
      const anyPerson = await db.select({ id: people.id }).from(people).limit(1);
      if (anyPerson.length > 0) return false;
      const anyDevice = await db.select({ id: devices.id }).from(devices).limit(1);
      return anyDevice.length === 0;
    },
    close() {
      closed ??= driver.announcements.close().then(() => driver.close());
      return closed;
    },
  };
}

async function openPglite(opts: OpenDatabaseOptions): Promise<Database> {
  const client =
    opts.pglite ?? (await PGlite.create(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }));
  // One connection, so session settings hold for every later query.
  await client.exec("set timezone = 'UTC'");
  if (opts.schema !== undefined) {
    await client.exec(`create schema if not exists "${opts.schema}"; set search_path to "${opts.schema}"`);
  }
  const db = drizzlePglite({ client });
  const jobs: JobStore = { db: fromPglite(client), schema: jobsSchema(opts.schema) };
  const migrationsSchema = opts.schema ?? 'drizzle';
  return makeDatabase({
    kind: 'pglite',
    db,
    migrationsSchema,
    jobs,
    announcements: pgliteAnnouncements(client, opts.schema ?? 'public'),
    async migrate() {
      const n = await runMigrations(db, migrationsSchema);
      await installJobQueue((q) => client.exec(q), fromPglite(client), jobs.schema);
      opts.logger?.info({ migrations: n, driver: 'pglite' }, 'database migrated');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  });
}

async function openPostgres(url: string, opts: OpenDatabaseOptions): Promise<Database> {
  const settings = ['-c TimeZone=UTC'];
  if (opts.schema !== undefined) settings.push(`-c search_path=${opts.schema}`);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, options: settings.join(' ') });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => opts.logger?.warn({ err }, 'idle database connection failed'));

  if (opts.schema !== undefined) {
    try {
      await pool.query(`create schema if not exists "${opts.schema}"`);
    } catch (err) {
      // Two processes creating the schema at once: one wins, the other sees a unique violation.
      const code = (err as { code?: unknown }).code;
      if (code !== '23505' && code !== '42P06') {
        await pool.end();
        throw err;
      }
    }
  }
  const db = drizzlePg({ client: pool });
  const schemaOfJobs = jobsSchema(opts.schema);
  const migrationsSchema = opts.schema ?? 'drizzle';
  return makeDatabase({
    kind: 'postgres',
    db,
    migrationsSchema,
    // Its own small pool: its workers poll and hold a connection while they claim.
    jobs: { connectionString: url, max: 3, schema: schemaOfJobs },
    announcements: postgresAnnouncements(url, opts.schema ?? 'public', opts.logger),
    async migrate() {
      // A session-level advisory lock on one dedicated connection, around the migrations run on
      // that same connection: several `vigil serve` processes starting together take turns, and
      // the later ones find nothing left to apply.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
        try {
          const n = await runMigrations(drizzlePg({ client }), migrationsSchema);
          // The job queue too, so any process can send jobs (adapters/jobs/notices.ts).
          const jobsDb = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
          await installJobQueue((q) => client.query(q), jobsDb, schemaOfJobs);
          opts.logger?.info({ migrations: n, driver: 'postgres' }, 'database migrated');
        } finally {
          await client.query('select pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  });
}
