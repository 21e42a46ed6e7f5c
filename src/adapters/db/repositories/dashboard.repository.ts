/** The dashboard's stored history days and its targeted loads (one person's devices). */
import { and, asc, eq, gt, inArray, lte, max, notInArray, sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import { FACT_NEUTRAL_EVENT_TYPES } from '../../../core/audit/events.ts';
import type { DeviceHistory } from '../../../core/compliance/types.ts';
import type { HistoryBasis } from '../../../core/dashboard/history.ts';
import type { Instant } from '../../../core/time.ts';
import type { FleetSnapshotData } from '../../../services/compliance/ports.ts';
import type { DashboardRepository, HistoryDay } from '../../../services/dashboard/ports.ts';
import { historyFillSender, parseRefill } from '../../jobs/history.ts';
import {
  auditEvents,
  custody,
  dashboardHistoryDays,
  deviceStatuses,
  devices,
  protocolAssignments,
} from '../schema.ts';
import { loadFactsAt, loadHistories } from './fleet.repository.ts';
import { loadHistoryPage } from './history-page.ts';
import { assignmentColumns } from './protocol.repository.ts';
import type { Tx } from './support.ts';

const jobDb = (db: Tx) => fromDrizzle(db as Parameters<typeof fromDrizzle>[0], sql);

/**
 * Sends the fill jobs of the history days the triggers deleted in this transaction (they note
 * them in `vigil.history_refill`, migration 0025), through it. One query when none was deleted.
 */
export async function sendRefills(db: Tx, jobsSchema: string): Promise<void> {
  const result = await db.execute<{ refill: string | null }>(
    sql`select current_setting('vigil.history_refill', true) as refill`,
  );
  const rows = (result as unknown as { rows: { refill: string | null }[] }).rows;
  const days = parseRefill(rows[0]?.refill);
  if (days.length === 0) return;
  await historyFillSender(jobDb(db), jobsSchema)(days);
}

/** `jobsSchema`: where the job queue lives, to send fill jobs in the same transaction. */
export function dashboardRepository(db: Tx, jobsSchema: string): DashboardRepository {
  const sendFills = historyFillSender(jobDb(db), jobsSchema);
  return {
    requestFill(days, basis) {
      return sendFills(days.map((date) => ({ date, basis })));
    },

    async dataVersion(): Promise<number> {
      // max() over the primary key walks the index backwards from the last entry, past the
      // few fact-neutral events (sign-ins, notices) since the last change of a fact.
      const [row] = await db
        .select({ seq: max(auditEvents.seq) })
        .from(auditEvents)
        .where(notInArray(auditEvents.type, [...FACT_NEUTRAL_EVENT_TYPES]));
      return Number(row?.seq ?? 0);
    },

    async historyDays(days: readonly string[], basis: HistoryBasis): Promise<HistoryDay[]> {
      if (days.length === 0) return [];
      return db
        .select()
        .from(dashboardHistoryDays)
        .where(and(eq(dashboardHistoryDays.basis, basis), inArray(dashboardHistoryDays.day, [...days])))
        .orderBy(asc(dashboardHistoryDays.day));
    },

    async putHistoryDay(day: HistoryDay): Promise<void> {
      await db.insert(dashboardHistoryDays).values(day).onConflictDoNothing();
    },

    async devicesHeldBy(personId: string, at: Instant): Promise<string[]> {
      const rows = await db
        .selectDistinct({ id: custody.deviceId })
        .from(custody)
        .where(and(eq(custody.holderId, personId), lte(custody.at, at)))
        .orderBy(asc(custody.deviceId));
      return rows.map((r) => r.id);
    },

    histories(deviceIds: readonly string[], at: Instant): Promise<DeviceHistory[]> {
      return loadHistories(db, at, deviceIds);
    },

    async historiesAfter(
      after: string | null,
      limit: number,
      at: Instant,
      options: { readonly posture?: boolean } = {},
    ): Promise<DeviceHistory[]> {
      // The page's last id first (the primary key walked from `after`, a status probed per
      // device), then its histories over the id range: each table's device index scanned once.
      // A scalar subquery with a limit, not `exists`: PostgreSQL planned `exists` as a merge
      // semi-join whose scan of the statuses' index starts at the first device whatever
      // `after` is, so each page read every status before it (quadratic in the fleet: at a
      // million devices, most of a full load).
      const inService = sql`(${db
        .select({ one: sql`true` })
        .from(deviceStatuses)
        .where(and(eq(deviceStatuses.deviceId, devices.id), lte(deviceStatuses.at, at)))
        .limit(1)})`;
      const ids = await db
        .select({ id: devices.id })
        .from(devices)
        .where(after === null ? inService : and(gt(devices.id, after), inService))
        .orderBy(asc(devices.id))
        .limit(limit);
      const last = ids.at(-1);
      return last === undefined ? [] : loadHistoryPage(db, at, { after, through: last.id }, options);
    },

    // fleetReader.load (fleet.repository.ts) without the device histories.
    factsAt(at: Instant): Promise<Omit<FleetSnapshotData, 'devices'>> {
      return loadFactsAt(db, at);
    },

    async assignmentsOf(personIds: readonly string[], at: Instant) {
      if (personIds.length === 0) return [];
      return db
        .select(assignmentColumns)
        .from(protocolAssignments)
        .where(and(inArray(protocolAssignments.personId, [...personIds]), lte(protocolAssignments.at, at)))
        .orderBy(asc(protocolAssignments.at), asc(protocolAssignments.seq));
    },
  };
}
