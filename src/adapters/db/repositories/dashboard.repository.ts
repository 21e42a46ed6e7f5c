/** The dashboard's stored history days and its targeted loads (one person's devices). */
import { and, asc, eq, inArray, lte, max, or } from 'drizzle-orm';
import type { DeviceHistory } from '../../../core/compliance/types.ts';
import type { Instant } from '../../../core/time.ts';
import type { DashboardRepository, HistoryDay } from '../../../services/dashboard.ports.ts';
import type { FleetSnapshotData } from '../../../services/ports.ts';
import {
  acknowledgements,
  auditEvents,
  custody,
  dashboardHistoryDays,
  detections,
  deviceStatuses,
  devices,
  incidents,
  inspections,
  osReleases,
  people,
  postureReports,
  protocolAssignments,
  protocolVersions,
  rotations,
} from '../schema.ts';
import { incidentFactColumns, toIncidentFact } from './incident.repository.ts';
import { releaseColumns } from './intel.repository.ts';
import { custodyColumns, statusColumns, toDevice } from './inventory.repository.ts';
import { inspectionColumns, rotationColumns } from './lifecycle.repository.ts';
import { toPostureReport } from './posture.repository.ts';
import { assignmentColumns, protocolVersionColumns, protocolVersionOrder } from './protocol.repository.ts';
import type { Tx } from './support.ts';
import { loadIntelAt } from './vulnerability.repository.ts';
import { workflowFactsAt } from './workflow.repository.ts';
import { acknowledgementColumns, detectionColumns } from './zone.repository.ts';

export function dashboardRepository(db: Tx): DashboardRepository {
  return {
    async dataVersion(): Promise<number> {
      // max() over the primary key is an index-only lookup of the last entry.
      const [row] = await db.select({ seq: max(auditEvents.seq) }).from(auditEvents);
      return Number(row?.seq ?? 0);
    },

    async historyDays(days: readonly string[]): Promise<HistoryDay[]> {
      if (days.length === 0) return [];
      return db
        .select()
        .from(dashboardHistoryDays)
        .where(inArray(dashboardHistoryDays.day, [...days]))
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

    async histories(deviceIds: readonly string[], at: Instant): Promise<DeviceHistory[]> {
      if (deviceIds.length === 0) return [];
      const ids = [...deviceIds];
      const deviceRows = await db
        .select()
        .from(devices)
        .where(inArray(devices.id, ids))
        .orderBy(asc(devices.id));
      const [statusRows, custodyRows, postureRows, inspectionRows, rotationRows] = await Promise.all([
        db
          .select(statusColumns)
          .from(deviceStatuses)
          .where(and(inArray(deviceStatuses.deviceId, ids), lte(deviceStatuses.at, at)))
          .orderBy(asc(deviceStatuses.at), asc(deviceStatuses.seq)),
        db
          .select(custodyColumns)
          .from(custody)
          .where(and(inArray(custody.deviceId, ids), lte(custody.at, at)))
          .orderBy(asc(custody.at), asc(custody.seq)),
        db
          .select()
          .from(postureReports)
          .where(and(inArray(postureReports.deviceId, ids), lte(postureReports.observedAt, at)))
          .orderBy(asc(postureReports.observedAt), asc(postureReports.receivedAt), asc(postureReports.id)),
        db
          .select(inspectionColumns)
          .from(inspections)
          .where(and(inArray(inspections.deviceId, ids), lte(inspections.at, at)))
          .orderBy(asc(inspections.at), asc(inspections.id)),
        db
          .select(rotationColumns)
          .from(rotations)
          .where(
            and(
              or(inArray(rotations.oldDeviceId, ids), inArray(rotations.newDeviceId, ids)),
              lte(rotations.at, at),
            ),
          )
          .orderBy(asc(rotations.at), asc(rotations.id)),
      ]);
      return deviceRows.map((row) => ({
        device: toDevice(row),
        statuses: statusRows.filter((s) => s.deviceId === row.id),
        custody: custodyRows.filter((c) => c.deviceId === row.id),
        posture: postureRows.filter((p) => p.deviceId === row.id).map(toPostureReport),
        inspections: inspectionRows.filter((i) => i.deviceId === row.id),
        rotations: rotationRows.filter((r) => r.oldDeviceId === row.id || r.newDeviceId === row.id),
      }));
    },

    // The same queries as fleetReader.load (fleet.repository.ts) without the device histories.
    async factsAt(at: Instant): Promise<Omit<FleetSnapshotData, 'devices'>> {
      const peopleRows = await db.select().from(people).orderBy(asc(people.id));
      const assignments = await db
        .select(assignmentColumns)
        .from(protocolAssignments)
        .where(lte(protocolAssignments.at, at))
        .orderBy(asc(protocolAssignments.at), asc(protocolAssignments.seq));
      const protocols = await db
        .select(protocolVersionColumns)
        .from(protocolVersions)
        .where(lte(protocolVersions.effectiveAt, at))
        .orderBy(...protocolVersionOrder);
      const releases = await db
        .select(releaseColumns)
        .from(osReleases)
        .where(lte(osReleases.releasedAt, at))
        .orderBy(asc(osReleases.platform), asc(osReleases.releasedAt), asc(osReleases.version));
      const incidentRows = await db
        .select(incidentFactColumns)
        .from(incidents)
        .where(lte(incidents.openedAt, at))
        .orderBy(asc(incidents.openedAt), asc(incidents.id));
      const detectionRows = await db
        .select(detectionColumns)
        .from(detections)
        .where(lte(detections.at, at))
        .orderBy(asc(detections.at), asc(detections.id));
      const acknowledgementRows = await db
        .select(acknowledgementColumns)
        .from(acknowledgements)
        .where(lte(acknowledgements.at, at))
        .orderBy(asc(acknowledgements.at), asc(acknowledgements.seq));
      const workflow = await workflowFactsAt(db, at);
      const intel = await loadIntelAt(db, at);
      return {
        people: peopleRows.map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          protocol: p.protocol,
          principalId: p.principalId,
          email: p.email,
          createdAt: p.createdAt,
        })),
        assignments,
        protocols,
        releases,
        incidents: incidentRows.map((r) => toIncidentFact(r, at)),
        detections: detectionRows,
        acknowledgements: acknowledgementRows,
        refusals: workflow.refusals,
        waivers: workflow.waivers,
        intel,
      };
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
