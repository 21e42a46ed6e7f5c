/**
 * Persistence every state machine shares (swaps, waivers, incidents): a current row holding the
 * state, and an append-only transition log (`transitionLog` in columns.ts) holding how it got
 * there. A repository names its two tables once and stores through these three operations, so
 * "the row and its history move together" is written in one place.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { type ErrorCode, VigilError } from '../../../core/errors.ts';
import type { Instant } from '../../../core/time.ts';
import type { TransitionLogTable } from '../columns.ts';
import { guard, type Tx, type ViolationMap } from './support.ts';

/** One transition as written to a log; the subject is given with it. */
export interface LoggedTransition<TDetails extends object> {
  readonly from: string | null;
  readonly to: string;
  readonly command: string;
  /** When it happened. */
  readonly at: Instant;
  /** When Vigil learnt of it. */
  readonly recordedAt: Instant;
  readonly actor: string;
  readonly details: TDetails;
}

/** A transition read back, with the subject it belongs to. */
export interface StoredTransition<TDetails extends object> extends LoggedTransition<TDetails> {
  readonly subjectId: string;
}

/** The two tables of one state machine and what to say when its row is taken or has moved on. */
export interface StateMachineTables<TCurrent extends PgTable, TDetails extends object> {
  readonly current: TCurrent;
  readonly id: PgColumn;
  readonly state: PgColumn;
  readonly log: TransitionLogTable<TDetails>;
  /** How inserting the current row `id` maps constraint violations (a taken id, a failed check). */
  readonly violations: (id: string) => ViolationMap;
  /** The code when the row is no longer in the state the transition starts from. */
  readonly stale: ErrorCode;
  /** The subject's noun in messages ("swap", "waiver", "incident"). */
  readonly noun: string;
}

export interface StateMachineStore<TCurrent extends PgTable, TDetails extends object> {
  /** Inserts the current row and appends its first transitions. */
  insert(
    row: PgInsertValue<TCurrent>,
    id: string,
    entries: readonly LoggedTransition<TDetails>[],
  ): Promise<void>;
  /**
   * Replaces the current row's columns in `set`, provided it is still in `expected` (else throws
   * the `stale` code: another command moved it first), and appends `entries`.
   */
  apply(
    id: string,
    expected: string,
    set: PgUpdateSetSource<TCurrent>,
    entries: readonly LoggedTransition<TDetails>[],
  ): Promise<void>;
  /** The current row; `forUpdate` locks it (FOR UPDATE) so commands on one subject take turns. */
  get(id: string, forUpdate?: boolean): Promise<TCurrent['$inferSelect'] | null>;
  /** The transitions of these subjects, oldest first (by insertion, so ties keep their order). */
  history(ids: readonly string[]): Promise<StoredTransition<TDetails>[]>;
}

export function stateMachineStore<TCurrent extends PgTable, TDetails extends object>(
  db: Tx,
  tables: StateMachineTables<TCurrent, TDetails>,
): StateMachineStore<TCurrent, TDetails> {
  const { current, log } = tables;

  async function append(id: string, entries: readonly LoggedTransition<TDetails>[]): Promise<void> {
    if (entries.length === 0) return;
    await db.insert(log).values(
      entries.map((e) => ({
        subjectId: id,
        fromState: e.from,
        toState: e.to,
        command: e.command,
        at: e.at,
        recordedAt: e.recordedAt,
        actor: e.actor,
        // A fresh object: the core hands out frozen or shared details.
        details: { ...e.details },
      })),
    );
  }

  return {
    async insert(row, id, entries) {
      await guard(db.insert(current).values(row), tables.violations(id));
      await append(id, entries);
    },

    async apply(id, expected, set, entries) {
      const moved = await db
        .update(current)
        .set(set)
        .where(and(eq(tables.id, id), eq(tables.state, expected)))
        .returning({ id: tables.id });
      if (moved.length === 0) {
        const message = `${tables.noun} ${id} is no longer ${expected}; read it again`;
        throw new VigilError(tables.stale, message, [{ path: 'state', message }]);
      }
      await append(id, entries);
    },

    async get(id, forUpdate = false) {
      const q = db
        .select()
        .from(current as PgTable)
        .where(eq(tables.id, id));
      const rows = forUpdate ? await q.for('update') : await q;
      return (rows[0] as TCurrent['$inferSelect'] | undefined) ?? null;
    },

    async history(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select()
        .from(log)
        .where(ids.length === 1 ? eq(log.subjectId, ids[0] as string) : inArray(log.subjectId, [...ids]))
        .orderBy(asc(log.seq));
      return rows.map((r) => ({
        subjectId: r.subjectId,
        from: r.fromState,
        to: r.toState,
        command: r.command,
        at: r.at,
        recordedAt: r.recordedAt,
        actor: r.actor,
        details: r.details as TDetails,
      }));
    },
  };
}
