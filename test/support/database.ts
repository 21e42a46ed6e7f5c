/**
 * A fresh database for one test (or one suite): PostgreSQL when DATABASE_URL is set (a new,
 * uniquely named schema, dropped on close), otherwise PGlite in memory.
 *
 * PGlite takes a second or two to boot and migrate, so each worker boots one migrated template
 * and hands out clones of it (a fraction of that time).
 */
import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/adapters/db/client.ts';

export interface TestDatabaseOptions {
  /** Apply the migrations before returning (default true). */
  readonly migrate?: boolean;
}

let template: Promise<PGlite> | null = null;

async function migratedTemplate(): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create();
  const db = await openDatabase({ pglite: client });
  await db.migrate();
  return client;
}

/**
 * Two handles on one fresh, migrated database, as two `vigil serve` processes have: on
 * PostgreSQL, two pools (and two announcement listeners) on one schema; on PGlite, which one
 * process holds, the same handle twice. Closing the first drops the schema.
 */
export async function openTestDatabasePair(): Promise<[Database, Database]> {
  const first = await openTestDatabase();
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') return [first, first];
  const schema = schemaOf.get(first) ?? '';
  const second = await openDatabase({ url, schema, poolSize: 4 });
  const both: Database = {
    ...first,
    async close() {
      await second.close();
      await first.close();
    },
  };
  schemaOf.set(both, schema);
  return [both, second];
}

/** The schema of each test database on PostgreSQL. */
const schemaOf = new WeakMap<Database, string>();

/** The PostgreSQL schema of a test database (undefined on PGlite). */
export function testSchemaOf(db: Database): string | undefined {
  return schemaOf.get(db);
}

export async function openTestDatabase(opts: TestDatabaseOptions = {}): Promise<Database> {
  const migrate = opts.migrate ?? true;
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    if (!migrate) return openDatabase({});
    template ??= migratedTemplate();
    // clone() is typed as the interface but returns a PGlite.
    const clone = (await (await template).clone()) as PGlite;
    return openDatabase({ pglite: clone });
  }
  const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ url, schema, poolSize: 4 });
  if (migrate) await db.migrate();
  let dropped: Promise<void> | null = null;
  const handle: Database = {
    ...db,
    close() {
      dropped ??= (async () => {
        await db.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          // The job queue's schema beside it too (adapters/db/client.ts).
          await client.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
        } finally {
          await client.end();
        }
      })();
      return dropped;
    },
  };
  schemaOf.set(handle, schema);
  return handle;
}
