/**
 * Applies the committed migrations (src/adapters/db/migrations) with Drizzle's migrator.
 *
 * drizzle-kit writes foreign keys as `REFERENCES "public"."table"`, while our tables are
 * unqualified so that `search_path` decides where they live (tests use a schema each). So
 * the SQL is read with Drizzle's own reader and `"public".` qualifiers are dropped before it
 * runs; the recorded hashes are those of the files, unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import type { Tx } from './repositories/support.ts';

export const MIGRATIONS_FOLDER = join(import.meta.dirname, 'migrations');

/** Advisory lock key (two int4s: "VIGL", 1) held around migrations on PostgreSQL. */
export const MIGRATION_LOCK = [0x5649474c, 1] as const;

export function unqualify(statement: string): string {
  return statement.replaceAll('"public".', '');
}

export interface RunMigrationsOptions {
  /**
   * The tag of the last migration to apply (`0002_dashboard_and_jobs`), for tests that need the
   * schema as an earlier release left it; default all.
   */
  readonly upTo?: string;
}

/** The migrations' tags, in the order they apply (drizzle-kit's journal). */
function migrationTags(): string[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}

/** Runs pending migrations on `db` (one connection), recording them in `migrationsSchema`. */
export async function runMigrations(
  db: Tx,
  migrationsSchema: string,
  opts: RunMigrationsOptions = {},
): Promise<number> {
  const config: MigrationConfig = { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema };
  let files = readMigrationFiles(config);
  if (opts.upTo !== undefined) {
    const last = migrationTags().indexOf(opts.upTo);
    if (last < 0) throw new Error(`no migration is tagged ${opts.upTo}`);
    files = files.slice(0, last + 1);
  }
  const migrations = files.map((m) => ({ ...m, sql: m.sql.map(unqualify) }));
  // What drizzle-orm/*/migrator.js do, with the rewritten statements.
  await new PgDialect().migrate(migrations, db._.session as unknown as PgSession, config);
  return migrations.length;
}
