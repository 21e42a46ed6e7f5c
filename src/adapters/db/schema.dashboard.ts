/**
 * Tables of the dashboard. Re-exported by schema.ts.
 *
 * `dashboard_history_days` stores the fleet's verdict counts for each past UTC day, evaluated
 * as of the day's last millisecond. A day is stored only once it has ended, and evaluating a
 * past instant reads only facts effective by then, so a stored day is not recomputed: 30 days
 * of a 100,000-device fleet cost minutes to evaluate, and a table (unlike a per-process cache)
 * keeps them across restarts and shares them between processes. Facts back-dated into a stored
 * day (an import of old records, a check entered late) do not change it; `data_version`, the
 * audit log's head seq when it was computed, tells which days predate such a write, and
 * deleting a row has the day computed again (README, "The HTTP API").
 */
import { bigint, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { DayCounts } from '../../core/dashboard/history.ts';
import { instant } from './columns.ts';

export const dashboardHistoryDays = pgTable('dashboard_history_days', {
  /** UTC date, YYYY-MM-DD. */
  day: text('day').primaryKey(),
  /** The instant the fleet was evaluated as of (the day's last millisecond). */
  at: instant('at').notNull(),
  counts: jsonb('counts').$type<DayCounts>().notNull(),
  dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
  computedAt: instant('computed_at').notNull(),
});
