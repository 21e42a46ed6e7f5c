/**
 * The composition root's wiring, shared by every CLI command and the server:
 * config -> database (PGlite or PostgreSQL) -> migrations -> services.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pkg from '../package.json' with { type: 'json' };
import { installNextLogKey, loadOrCreateLogKey } from './adapters/audit-log/key-file.ts';
import { type Database, openDatabase } from './adapters/db/client.ts';
import { MIGRATIONS_FOLDER } from './adapters/db/migrate.ts';
import { type EvaluationLogger, EvaluationWorker } from './adapters/evaluation/offload.ts';
import { evidenceRoot } from './adapters/evidence/evidence-root.ts';
import { notifyChannels } from './adapters/notify/channels.ts';
import { argon2Passwords } from './adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from './adapters/system.ts';
import { simpleWebAuthn } from './adapters/webauthn.ts';
import { createWitnessClient } from './adapters/witness/witness-client.ts';
import type { Config } from './config.ts';
import { VigilError } from './core/errors.ts';
import { BackupService } from './services/backup/backup.service.ts';
import { createServices, type Services } from './services/index.ts';

export const BASELINES_DIR = join(import.meta.dirname, '..', 'baselines');

/** The shipped baseline protocols, read from baselines/*.yaml. */
export function readBaselines(dir = BASELINES_DIR): { file: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => ({ file: join('baselines', f), text: readFileSync(join(dir, f), 'utf8') }));
}

export interface Runtime {
  readonly config: Config;
  readonly db: Database;
  readonly services: Services;
  /**
   * Moves the evaluation of the fleet "now" to a worker thread with its own connection, on
   * PostgreSQL when VIGIL_EVALUATION_WORKER is on (a serving process calls it; docs/adr/0039).
   * PGlite is one connection in this thread: it stays in process there.
   */
  offloadEvaluation(log: EvaluationLogger): void;
  close(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would
 * corrupt it. A lock file with our pid turns that into a clear error.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'vigil.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new VigilError(
          'EMBEDDED_DB_IN_USE',
          `the embedded database in ${dir} is in use by process ${pid}; stop it (or use the HTTP API), or set DATABASE_URL to share a PostgreSQL database`,
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new VigilError('EMBEDDED_DB_IN_USE', `could not lock ${dir}`);
}

/** The database alone, not migrated, for `vigil backup` and `vigil restore`. */
export interface MaintenanceRuntime {
  readonly backup: BackupService;
  /** How many migrations the database has applied, and how many this build ships. */
  migrations(): Promise<{ readonly applied: number; readonly shipped: number }>;
  close(): Promise<void>;
}

/**
 * The configured database, unmigrated: PostgreSQL at DATABASE_URL, or the embedded one with its
 * data folder locked (docs/adr/0006); `unlock` releases the lock (a no-op for PostgreSQL).
 */
async function openConfiguredDatabase(config: Config): Promise<{ db: Database; unlock: () => void }> {
  if (config.databaseUrl !== null) {
    const db = await openDatabase({
      url: config.databaseUrl,
      ...(config.databaseSchema === null ? {} : { schema: config.databaseSchema }),
    });
    return { db, unlock: () => {} };
  }
  const unlock = lockDataDir(config.dataDir);
  try {
    return { db: await openDatabase({ dataDir: join(config.dataDir, 'pgdata') }), unlock };
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * Opens the database without migrating it (a restore replays the migrations itself, up to the
 * backup's). The embedded database is locked as for any command (docs/adr/0006): a backup of a
 * running embedded instance is refused, never taken under its feet.
 */
export async function openMaintenance(config: Config): Promise<MaintenanceRuntime> {
  const { db, unlock } = await openConfiguredDatabase(config);
  return {
    backup: new BackupService({ store: db.backup, clock: systemClock, version: pkg.version }),
    migrations: async () => ({
      applied: await db.backup.snapshot(async (s) => s.migrations.length),
      shipped: readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length,
    }),
    async close() {
      await db.close();
      unlock();
    },
  };
}

export async function openRuntime(config: Config): Promise<Runtime> {
  // The log key first: a bad key file must stop start-up before anything is opened.
  const { keyFile, origin } = config.auditLog;
  const auditLog = {
    ...loadOrCreateLogKey(keyFile, origin, systemRandom),
    reloadKey: (current: string) => {
      installNextLogKey(keyFile, origin, current);
      return loadOrCreateLogKey(keyFile, origin, systemRandom);
    },
    witnesses: config.auditLog.witnesses,
    witnessClient: createWitnessClient(),
  };
  const { db, unlock } = await openConfiguredDatabase(config);
  try {
    await db.migrate();
  } catch (err) {
    await db.close();
    unlock();
    throw err;
  }
  const channels = notifyChannels(config.notify);
  const evaluation =
    config.databaseUrl !== null && config.evaluationWorker
      ? new EvaluationWorker({ url: config.databaseUrl, schema: config.databaseSchema })
      : null;
  const services = createServices({
    uow: db.uow,
    announcements: db.announcements,
    ...(evaluation === null ? {} : { offloaded: evaluation }),
    clock: systemClock,
    ids: ulidIds(),
    random: systemRandom,
    auditLog,
    auth: { passwords: argon2Passwords, webauthn: simpleWebAuthn, ...config.auth },
    // -- scan jobs
    scanJobs: {
      evidence: config.scans.evidenceDir === null ? null : evidenceRoot(config.scans.evidenceDir),
      maxAttempts: config.scans.maxAttempts,
    },
    notices: { channels: channels.list },
    planner: {
      remindBeforeMs: config.notify.remindBeforeMs,
      escalateAfterMs: config.notify.escalateAfterMs,
      waiverWarnMs: config.notify.remindBeforeMs,
    },
  });
  return {
    config,
    db,
    services,
    offloadEvaluation: (log) => evaluation?.start(log),
    async close() {
      channels.close();
      await evaluation?.stop();
      await db.close();
      unlock();
    },
  };
}
