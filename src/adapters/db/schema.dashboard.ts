/**
 * Tables of the dashboard. Re-exported by schema.ts.
 *
 * `dashboard_history_days` stores the fleet's verdict counts for each past UTC day, evaluated
 * as of the day's last millisecond, once per `basis`:
 * - `then` ("as known then"): as of the day's end *and* known at it (only facts recorded by
 *   then). Recorded instants come from the clock, never from input, and a correction is itself
 *   recorded later, so such a day never changes: it is computed once and kept for good.
 * - `now` ("as true then"): as of the day's end by what Vigil knew at `known_at`, the instant the
 *   computation read the facts. A fact back-dated into the day later (an import of old records,
 *   `--at` back-filling, a correction, a late posture report) changes it, so migration
 *   0008_history_basis puts statement-level triggers on every table the evaluator reads: a write
 *   deletes the `now` days from the earliest instant it touches on, whatever path wrote it, and
 *   the next request computes them again (docs/adr/0020-history-days-as-true-and-as-known.md).
 * A new table the evaluator reads needs its trigger too, in the migration that creates it.
 * 30 days of a 100,000-device fleet cost minutes to evaluate, and a table (unlike a per-process
 * cache) keeps them across restarts and shares them between processes.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { type DayCounts, HISTORY_BASES } from '../../core/dashboard/history.ts';
import { instant } from './columns.ts';

export const dashboardHistoryDays = pgTable(
  'dashboard_history_days',
  {
    /** UTC date, YYYY-MM-DD. */
    day: text('day').notNull(),
    /** `now`: as true then, by what was known at `known_at`; `then`: as known at the day's end. */
    basis: text('basis', { enum: HISTORY_BASES }).notNull(),
    /** The instant the fleet was evaluated as of (the day's last millisecond). */
    at: instant('at').notNull(),
    counts: jsonb('counts').$type<DayCounts>().notNull(),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
    /** Only facts recorded by this instant were read: the day's end (`then`) or the read (`now`). */
    knownAt: instant('known_at').notNull(),
    computedAt: instant('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'dashboard_history_days_pkey', columns: [t.day, t.basis] }),
    check(
      'dashboard_history_days_basis_check',
      sql.raw(`"basis" in (${HISTORY_BASES.map((b) => `'${b}'`).join(', ')})`),
    ),
  ],
);
