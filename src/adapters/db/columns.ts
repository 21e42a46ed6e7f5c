/**
 * Column types and column sets shared by every context's schema file. In a module of its own so
 * the context files (schema.workflows.ts, …) can use them without importing schema.ts, which
 * re-exports those files (an import cycle).
 */
import { type AnyPgColumn, bigint, customType, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { Instant } from '../../core/time.ts';

/** `timestamp(3) with time zone` <-> epoch milliseconds. */
export const instant = customType<{ data: Instant; driverData: string | Date }>({
  dataType() {
    return 'timestamp(3) with time zone';
  },
  toDriver(value: Instant): string {
    if (!Number.isFinite(value)) throw new RangeError(`not an instant: ${value}`);
    return new Date(value).toISOString();
  },
  fromDriver(value: string | Date): Instant {
    const t = typeof value === 'string' ? Date.parse(value) : value.getTime();
    if (Number.isNaN(t)) throw new RangeError(`unreadable timestamp from the database: ${String(value)}`);
    return t;
  },
});

/**
 * The append-only history of one state machine (swaps, waivers, incidents), one row a transition
 * of the subject in `subjectColumn`: its current row lives in the table `references` points into.
 * `at` is when the transition happened and `recordedAt` when Vigil learnt of it, the two instants
 * every fact keeps; `command` names what moved it and `details` what the command carried. `seq`
 * orders transitions that share an instant. The index serves "history of one subject".
 */
export function transitionLog<TDetails extends object = Readonly<Record<string, unknown>>>(
  name: string,
  subjectColumn: `${string}_id`,
  references: () => AnyPgColumn,
) {
  return pgTable(
    name,
    {
      seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      subjectId: text(subjectColumn).notNull().references(references),
      fromState: text('from_state'),
      toState: text('to_state').notNull(),
      command: text('command').notNull(),
      at: instant('at').notNull(),
      recordedAt: instant('recorded_at').notNull(),
      actor: text('actor').notNull(),
      details: jsonb('details').$type<TDetails>().notNull(),
    },
    (t) => [index(`${name}_${subjectColumn.slice(0, -'_id'.length)}_idx`).on(t.subjectId, t.seq)],
  );
}

/** A table declared by `transitionLog`, whatever its details. */
export type TransitionLogTable<TDetails extends object> = ReturnType<typeof transitionLog<TDetails>>;
