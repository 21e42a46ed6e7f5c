/**
 * Scan jobs. A row and its job on the queue are written in the caller's transaction
 * (adapters/jobs/scans.ts); a worker holding the job claims the row (attempts + 1), runs the scan
 * outside any transaction, and `progress`/`finish` fence on the claim's `attempts`, so a worker
 * that outlived its job records nothing.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import type {
  ScanJobProgress,
  ScanJobRecord,
  ScanJobRepository,
  ScanJobState,
  ScanJobSummary,
} from '../../../services/scans/ports.ts';
import { scanJobSender } from '../../jobs/scans.ts';
import { scanJobs } from '../schema.ts';
import type { Tx } from './support.ts';

type Row = typeof scanJobs.$inferSelect;

function toRecord(r: Row): ScanJobRecord {
  return {
    id: r.id,
    deviceId: r.deviceId,
    path: r.path,
    iocs: r.iocs,
    performedBy: r.performedBy,
    requestedBy: r.requestedBy,
    state: r.state as ScanJobState,
    attempts: r.attempts,
    // Only progress and finish write these columns, from the port's types.
    progress: r.progress as unknown as ScanJobProgress | null,
    summary: r.summary as unknown as ScanJobSummary | null,
    alertsJson: r.alertsJson,
    infoJson: r.infoJson,
    errorCode: r.errorCode,
    error: r.error,
    inspectionId: r.inspectionId,
    incidentId: r.incidentId,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    updatedAt: r.updatedAt,
  };
}

/** `jobsSchema`: where the job queue lives, to send each scan's job in the same transaction. */
export function scanJobRepository(db: Tx, jobsSchema: string): ScanJobRepository {
  // Drizzle's `execute` is typed loosely for either driver; pg-boss reads `rows` from both.
  const sendJob = scanJobSender(fromDrizzle(db as Parameters<typeof fromDrizzle>[0], sql), jobsSchema);
  const held = (id: string, attempts: number) =>
    and(eq(scanJobs.id, id), eq(scanJobs.attempts, attempts), eq(scanJobs.state, 'running'));
  return {
    async insert(job) {
      const [row] = await db
        .insert(scanJobs)
        .values({ ...job, iocs: [...job.iocs], updatedAt: job.createdAt })
        .returning();
      await sendJob(job.id);
      return toRecord(row as Row);
    },

    async get(id) {
      const [row] = await db.select().from(scanJobs).where(eq(scanJobs.id, id));
      return row === undefined ? null : toRecord(row);
    },

    async list(filter) {
      const rows = await db
        .select()
        .from(scanJobs)
        .where(
          and(
            filter.state === undefined ? undefined : eq(scanJobs.state, filter.state),
            filter.deviceId === undefined ? undefined : eq(scanJobs.deviceId, filter.deviceId),
          ),
        )
        .orderBy(desc(scanJobs.createdAt), desc(scanJobs.id))
        .limit(filter.limit)
        .offset(filter.offset ?? 0);
      return rows.map(toRecord);
    },

    async claim(id, now) {
      const [row] = await db
        .update(scanJobs)
        .set({
          state: 'running',
          attempts: sql`${scanJobs.attempts} + 1`,
          startedAt: sql`coalesce(${scanJobs.startedAt}, ${now})`,
          updatedAt: now,
        })
        .where(and(eq(scanJobs.id, id), inArray(scanJobs.state, ['queued', 'running'])))
        .returning();
      return row === undefined ? null : toRecord(row);
    },

    async progress(id, attempts, progress, now) {
      const rows = await db
        .update(scanJobs)
        .set({ progress: { ...progress }, updatedAt: now })
        .where(held(id, attempts))
        .returning({ id: scanJobs.id });
      return rows.length > 0;
    },

    async unfinished() {
      const rows = await db
        .select({ id: scanJobs.id })
        .from(scanJobs)
        .where(inArray(scanJobs.state, ['queued', 'running']))
        .orderBy(asc(scanJobs.createdAt), asc(scanJobs.id));
      return rows.map((r) => r.id);
    },

    async finish(id, attempts, r) {
      const rows = await db
        .update(scanJobs)
        .set({
          state: r.state,
          finishedAt: r.at,
          updatedAt: r.at,
          ...(r.summary === undefined ? {} : { summary: { ...r.summary } }),
          ...(r.alertsJson === undefined ? {} : { alertsJson: r.alertsJson }),
          ...(r.infoJson === undefined ? {} : { infoJson: r.infoJson }),
          ...(r.errorCode === undefined ? {} : { errorCode: r.errorCode }),
          ...(r.error === undefined ? {} : { error: r.error }),
          ...(r.inspectionId === undefined ? {} : { inspectionId: r.inspectionId }),
          ...(r.incidentId === undefined ? {} : { incidentId: r.incidentId }),
        })
        .where(held(id, attempts))
        .returning({ id: scanJobs.id });
      return rows.length > 0;
    },
  };
}
