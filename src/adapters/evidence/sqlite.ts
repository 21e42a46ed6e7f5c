/**
 * SQLite evidence is read from memory with sql.js (SQLite compiled to WebAssembly): the bytes
 * are copied in, so the evidence file is never opened by SQLite, never locked, and no -wal or
 * -shm file can appear beside it. When the evidence has the database's `-wal` file too, its
 * committed frames are applied to an in-memory copy first (sqlite-wal.ts), so records only in
 * the log are read; the evidence files are only ever read.
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { replayWal } from './sqlite-wal.ts';

let engine: Promise<SqlJsStatic> | null = null;

export type Row = Record<string, SqlValue>;

export class SqliteEvidence {
  readonly #db: Database;

  private constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Opens `bytes` (with the `-wal` file's bytes applied when given) from memory. A `-wal` file
   * that cannot be replayed is not a reason to read nothing (hostile evidence could hide records
   * so): the main file is read alone and `walProblem` says why.
   */
  static async open(bytes: Uint8Array, wal: Uint8Array | null = null): Promise<SqliteEvidence> {
    engine ??= initSqlJs();
    const SQL = await engine;
    if (wal !== null) {
      try {
        return SqliteEvidence.#opened(new SQL.Database(replayWal(bytes, wal).bytes), null);
      } catch (err) {
        const problem = `its -wal file was not applied (${(err as Error).message}); read without it`;
        return SqliteEvidence.#opened(new SQL.Database(bytes), problem);
      }
    }
    return SqliteEvidence.#opened(new SQL.Database(bytes), null);
  }

  /** Why the `-wal` file given to `open` was left out, or null. */
  walProblem: string | null = null;

  static #opened(db: Database, walProblem: string | null): SqliteEvidence {
    const ev = new SqliteEvidence(db);
    ev.walProblem = walProblem;
    try {
      // sql.js opens anything lazily; touch the schema so a non-database fails here.
      ev.tables();
    } catch (err) {
      db.close();
      throw new Error(`not a readable SQLite database: ${(err as Error).message}`);
    }
    return ev;
  }

  tables(): Set<string> {
    return new Set(
      this.rows("SELECT name FROM sqlite_master WHERE type IN ('table','view')").map((r) => String(r.name)),
    );
  }

  columns(table: string): Set<string> {
    return new Set(this.rows(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).map((r) => String(r.name)));
  }

  rows(sql: string, params: SqlValue[] = []): Row[] {
    const out: Row[] = [];
    for (const r of this.iterate(sql, params)) out.push(r);
    return out;
  }

  /** Streams rows, so a million-row manifest is never held as one array. */
  *iterate(sql: string, params: SqlValue[] = []): Generator<Row> {
    const st = this.#db.prepare(sql);
    try {
      if (params.length > 0) st.bind(params);
      while (st.step()) yield st.getAsObject();
    } finally {
      st.free();
    }
  }

  /** Rows as arrays: cheaper than objects when a million are read. */
  *iterateValues(sql: string): Generator<SqlValue[]> {
    const st = this.#db.prepare(sql);
    try {
      while (st.step()) yield st.get();
    } finally {
      st.free();
    }
  }

  close(): void {
    this.#db.close();
  }
}

export const text = (v: SqlValue | undefined): string | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'string'
      ? v
      : v instanceof Uint8Array
        ? null
        : String(v);
export const num = (v: SqlValue | undefined): number | null =>
  typeof v === 'number'
    ? v
    : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))
      ? Number(v)
      : null;
