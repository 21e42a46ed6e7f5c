/**
 * The database as the backup sees it: a consistent read of every table, and an empty database
 * filled in one transaction. Implemented once over SQL for both drivers (adapters/db/backup.ts).
 */
import type { MigrationEntry, TableInfo } from '../../core/backup/format.ts';

export interface BackupSnapshot {
  readonly driver: 'pglite' | 'postgres';
  /** The migration journal, oldest first. */
  readonly migrations: readonly MigrationEntry[];
  /** The application's tables, parents before the tables that reference them. */
  readonly tables: readonly TableInfo[];
  /** A table's rows as JSON object text, in batches, in an order its own foreign keys accept. */
  rows(table: string): AsyncIterable<readonly string[]>;
}

export interface RestoreTarget {
  /** The tables as the replayed migrations created them. */
  readonly tables: readonly TableInfo[];
  /** Inserts rows (JSON object text) into a table; identity values are taken as given. */
  insert(table: string, rows: readonly string[]): Promise<void>;
  count(table: string): Promise<number>;
}

export interface BackupStore {
  /** Runs `fn` over one consistent snapshot (a repeatable-read, read-only transaction). */
  snapshot<T>(fn: (s: BackupSnapshot) => Promise<T>): Promise<T>;
  /**
   * In one transaction: refuses a database that is not empty (`DB_RESTORE_NOT_EMPTY`), replays
   * this build's migrations up to the backup's journal (`DB_BACKUP_INCOMPATIBLE` when its journal
   * is not a prefix of ours), runs `fn`, then moves every identity sequence past its column's
   * largest value. Anything thrown rolls all of it back.
   */
  restore<T>(migrations: readonly MigrationEntry[], fn: (t: RestoreTarget) => Promise<T>): Promise<T>;
}
