/**
 * Scan jobs. Claiming is `SELECT … FOR UPDATE SKIP LOCKED` then an update that sets a lease,
 * in the caller's short transaction, as for the notice outbox; the scan itself runs outside
 * any transaction, and `heartbeat`/`finish` fence on the claim's `attempts`.
 */
import { and, asc, desc, eq, isNotNull, lte, or, sql } from 'drizzle-orm';
import type {
  ScanJobProgress,
  ScanJobRecord,
  ScanJobRepository,
  ScanJobState,
  ScanJobSummary,
} from '../../../services/scans/ports.ts';
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
    leaseUntil: r.leaseUntil,
    // Only heartbeat and finish write these columns, from the port's types.
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

export function scanJobRepository(db: Tx): ScanJobRepository {
  const held = (id: string, attempts: number) =>
    and(eq(scanJobs.id, id), eq(scanJobs.attempts, attempts), eq(scanJobs.state, 'running'));
  return {
    async insert(job) {
      const [row] = await db
        .insert(scanJobs)
        .values({ ...job, iocs: [...job.iocs], updatedAt: job.createdAt })
        .returning();
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

    async claim(now, leaseUntil) {
      const due = await db
        .select({ id: scanJobs.id })
        .from(scanJobs)
        .where(
          or(
            eq(scanJobs.state, 'queued'),
            and(eq(scanJobs.state, 'running'), isNotNull(scanJobs.leaseUntil), lte(scanJobs.leaseUntil, now)),
          ),
        )
        .orderBy(asc(scanJobs.createdAt), asc(scanJobs.id))
        .limit(1)
        .for('update', { skipLocked: true });
      const [first] = due;
      if (first === undefined) return null;
      const [row] = await db
        .update(scanJobs)
        .set({
          state: 'running',
          attempts: sql`${scanJobs.attempts} + 1`,
          leaseUntil,
          startedAt: sql`coalesce(${scanJobs.startedAt}, ${now})`,
          updatedAt: now,
        })
        .where(eq(scanJobs.id, first.id))
        .returning();
      return row === undefined ? null : toRecord(row);
    },

    async heartbeat(id, attempts, progress, leaseUntil, now) {
      const rows = await db
        .update(scanJobs)
        .set({ progress: { ...progress }, leaseUntil, updatedAt: now })
        .where(held(id, attempts))
        .returning({ id: scanJobs.id });
      return rows.length > 0;
    },

    async finish(id, attempts, r) {
      const rows = await db
        .update(scanJobs)
        .set({
          state: r.state,
          leaseUntil: null,
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
