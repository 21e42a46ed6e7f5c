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
  return {
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
}
