/**
 * Background scan jobs: a forensic scan of evidence on the server, requested over
 * the API and run by a worker in a serving process. Re-exported by schema.ts. Times are epoch
 * milliseconds in `bigint` columns, as in the notice outbox: the worker computes leases in ms.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * One row per requested scan. Workers claim a queued row, or a running one whose lease
 * lapsed (its worker died), with `FOR UPDATE SKIP LOCKED`; `attempts` is the claim's fencing
 * token, so a worker that outlived its lease cannot settle a job another worker re-claimed.
 */
export const scanJobs = pgTable(
  'scan_jobs',
  {
    id: text('id').primaryKey(),
    deviceId: text('device_id').notNull(),
    /** Relative to the evidence folder (VIGIL_EVIDENCE_DIR), checked when requested and when run. */
    path: text('path').notNull(),
    /** Indicator files, relative to the evidence folder; empty = the feeds of `vigil iocs update`. */
    iocs: jsonb('iocs').$type<string[]>().notNull(),
    performedBy: text('performed_by').notNull(),
    requestedBy: text('requested_by').notNull(),
    /** queued -> running -> done | failed */
    state: text('state').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    /** When done: verdict, alert counts, module statuses, what was recorded. */
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    /** The exact alerts.json and info.json whose SHA-256 the inspection lists as evidence. */
    alertsJson: text('alerts_json'),
    infoJson: text('info_json'),
    errorCode: text('error_code'),
    error: text('error'),
    inspectionId: text('inspection_id'),
    incidentId: text('incident_id'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    startedAt: bigint('started_at', { mode: 'number' }),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('scan_jobs_state_idx').on(t.state),
    index('scan_jobs_created_idx').on(t.createdAt),
    index('scan_jobs_device_idx').on(t.deviceId),
    check('scan_jobs_state_check', sql`${t.state} in ('queued', 'running', 'done', 'failed')`),
  ],
);
