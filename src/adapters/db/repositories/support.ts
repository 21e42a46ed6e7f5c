/**
 * What every repository shares: the executor type (a transaction on either driver) and the
 * translation of PostgreSQL constraint violations into the stable VigilError codes.
 */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { type ErrorCode, VigilError } from '../../../core/errors.ts';

/** A Drizzle handle bound to one transaction, on PGlite or node-postgres. */
// biome-ignore lint/suspicious/noExplicitAny: the schema generic is unused (no relational queries) and differs per driver.
export type Tx = PgDatabase<PgQueryResultHKT, any>;

/** The fields of a PostgreSQL error we rely on (node-postgres and PGlite both carry them). */
export interface PgErrorFields {
  readonly code: string;
  readonly constraint?: string | undefined;
  readonly detail?: string | undefined;
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const CHECK_VIOLATION = '23514';
/** Raised by the triggers that keep history append-only (migration 0009_history_append_only). */
export const HISTORY_IMMUTABLE_SQLSTATE = 'VGH01';
/**
 * Raised by the history triggers when a statement run as its own transaction would delete a
 * stored history day (migration 0026): its fill job could not commit with it.
 */
export const HISTORY_REFILL_SQLSTATE = 'VGH02';

/** Finds the PostgreSQL error in a chain of causes (Drizzle wraps it in DrizzleQueryError). */
export function pgErrorOf(err: unknown): PgErrorFields | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const { constraint, detail } = e as { constraint?: unknown; detail?: unknown };
      return {
        code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        detail: typeof detail === 'string' ? detail : undefined,
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** How one write maps violations to errors; `path` names the offending field. */
export interface ViolationMap {
  /** Unique or primary-key violation. */
  readonly unique?: { readonly code: ErrorCode; readonly message: string; readonly path: string };
  /** Foreign-key violations by constraint name, and CHECK violations (`check`). */
  readonly foreignKeys?: Readonly<
    Record<string, { readonly code: ErrorCode; readonly message: string; readonly path: string }>
  >;
  readonly check?: { readonly code: ErrorCode; readonly message: string };
}

/**
 * Runs a write and rethrows constraint violations as VigilErrors (the original error is kept
 * as the cause, for the log). Anything not in the map is rethrown unchanged. On PostgreSQL the
 * transaction is aborted after a violation either way, so the caller cannot continue in it.
 */
export async function guard<T>(write: Promise<T>, map: ViolationMap): Promise<T> {
  try {
    return await write;
  } catch (err) {
    const pg = pgErrorOf(err);
    if (pg === null) throw err;
    if (pg.code === UNIQUE_VIOLATION && map.unique) {
      const u = map.unique;
      throw new VigilError(u.code, u.message, [{ path: u.path, message: u.message }], { cause: err });
    }
    if (pg.code === FOREIGN_KEY_VIOLATION && map.foreignKeys) {
      const fk = pg.constraint === undefined ? undefined : map.foreignKeys[pg.constraint];
      if (fk)
        throw new VigilError(fk.code, fk.message, [{ path: fk.path, message: fk.message }], { cause: err });
    }
    if (pg.code === CHECK_VIOLATION && map.check) {
      throw new VigilError(map.check.code, map.check.message, [{ path: '', message: pg.constraint ?? '' }], {
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * Runs a unit of work and rethrows the append-only triggers' refusal as HISTORY_IMMUTABLE, so
 * that an edit of history (a bug, never a caller's input) is a stable 4xx and not a 500.
 */
export async function refusedHistoryEdit<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (pgErrorOf(err)?.code !== HISTORY_IMMUTABLE_SQLSTATE) throw err;
    throw new VigilError(
      'HISTORY_IMMUTABLE',
      'Recorded history cannot be changed or deleted; nothing was written.',
      [],
      {
        cause: err,
      },
    );
  }
}
