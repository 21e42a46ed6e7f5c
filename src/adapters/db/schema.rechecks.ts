/**
 * Stored scans re-checked against new indicators. Re-exported by schema.ts.
 *
 * - `scan_rechecks`: one row per finished scan job per indicator set (the SHA-256 over the
 *   set's file hashes) it was re-checked against: the alerts the saved scan did not have, and
 *   the incident opened for a new critical one. Unique per (job, set), so a re-check runs once
 *   however many workers see the new indicators. Append-only: a re-check is history.
 */
import { jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

export const scanRechecks = pgTable(
  'scan_rechecks',
  {
    id: text('id').primaryKey(),
    jobId: text('job_id').notNull(),
    deviceId: text('device_id').notNull(),
    indicatorsSha256: text('indicators_sha256').notNull(),
    indicatorFiles: jsonb('indicator_files')
      .$type<{ file: string; sha256: string; count: number }[]>()
      .notNull(),
    newAlerts: jsonb('new_alerts').$type<{ level: string; module: string; message: string }[]>().notNull(),
    incidentId: text('incident_id'),
    recordedAt: instant('recorded_at').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [uniqueIndex('scan_rechecks_job_set_idx').on(t.jobId, t.indicatorsSha256)],
);
