/** FleetReader: everything the evaluator needs as of an instant, in a fixed handful of queries. */
import { and, asc, eq, exists, lte, sql } from 'drizzle-orm';
import type { DeviceHistory } from '../../../core/compliance/types.ts';
import type {
  CustodyRecord,
  Inspection,
  PostureReport,
  Rotation,
  StatusChange,
} from '../../../core/model.ts';
import type { Instant } from '../../../core/time.ts';
import type { FleetReader, FleetSnapshotData } from '../../../services/ports.ts';
import {
  acknowledgements,
  custody,
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

/**
 * Loads, for `at`:
 * - the devices with at least one status change at or before `at` (a device with none was not
 *   in service yet, and the evaluator would skip it anyway), each with its custody, statuses,
 *   posture (by `observedAt`), inspections and rotations (old or new side) at or before `at`;
 * - every person (not filtered by `createdAt`: an import may record a person today together with
 *   custody facts dated in the past, and those facts must still resolve their holder);
 * - assignments with `at`, protocol versions with `effectiveAt` and releases with `releasedAt`
 *   at or before `at`.
 * Facts are filtered by when they took effect, as the evaluator defines as-of; a posture report
 * observed before `at` but received after it is included.
 * Ten queries regardless of fleet size; run it inside one transaction for a consistent snapshot.
 */
export function fleetReader(db: Tx): FleetReader {
  return {
    async load(at: Instant): Promise<FleetSnapshotData> {
      const inService = exists(
        db
          .select({ one: sql`1` })
          .from(deviceStatuses)
          .where(and(eq(deviceStatuses.deviceId, devices.id), lte(deviceStatuses.at, at))),
      );
      const deviceRows = await db.select().from(devices).where(inService).orderBy(asc(devices.id));

      const histories = new Map<
        string,
        {
          custody: CustodyRecord[];
          statuses: StatusChange[];
          posture: PostureReport[];
          inspections: Inspection[];
          rotations: Rotation[];
        }
      >();
      for (const row of deviceRows) {
        histories.set(row.id, { custody: [], statuses: [], posture: [], inspections: [], rotations: [] });
      }

      const statusRows = await db
        .select(statusColumns)
        .from(deviceStatuses)
        .where(lte(deviceStatuses.at, at))
        .orderBy(asc(deviceStatuses.at), asc(deviceStatuses.seq));
      for (const s of statusRows) histories.get(s.deviceId)?.statuses.push(s);

      const custodyRows = await db
        .select(custodyColumns)
        .from(custody)
        .where(lte(custody.at, at))
        .orderBy(asc(custody.at), asc(custody.seq));
      for (const c of custodyRows) histories.get(c.deviceId)?.custody.push(c);

      const postureRows = await db
        .select()
        .from(postureReports)
        .where(lte(postureReports.observedAt, at))
        .orderBy(asc(postureReports.observedAt), asc(postureReports.receivedAt), asc(postureReports.id));
      for (const p of postureRows) histories.get(p.deviceId)?.posture.push(toPostureReport(p));

      const inspectionRows = await db
        .select(inspectionColumns)
        .from(inspections)
        .where(lte(inspections.at, at))
        .orderBy(asc(inspections.at), asc(inspections.id));
      for (const i of inspectionRows) histories.get(i.deviceId)?.inspections.push(i);

      const rotationRows = await db
        .select(rotationColumns)
        .from(rotations)
        .where(lte(rotations.at, at))
        .orderBy(asc(rotations.at), asc(rotations.id));
      for (const r of rotationRows) {
        histories.get(r.oldDeviceId)?.rotations.push(r);
        if (r.newDeviceId !== null && r.newDeviceId !== r.oldDeviceId) {
          histories.get(r.newDeviceId)?.rotations.push(r);
        }
      }

      const devicesOut: DeviceHistory[] = deviceRows.map((row) => {
        const h = histories.get(row.id);
        if (h === undefined) throw new Error(`unreachable: no history bucket for ${row.id}`);
        return { device: toDevice(row), ...h };
      });

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

      // Incidents, detections, acknowledgements (issue 3): as they stood at `at`.
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

      // Refusals and waivers (issue 3, workflows): as known at `at`.
      const workflow = await workflowFactsAt(db, at);
      // Fixes of known-exploited CVEs and KEV entries (issue 7, integrations): as known at `at`.
      const intel = await loadIntelAt(db, at);

      return {
        refusals: workflow.refusals,
        waivers: workflow.waivers,
        incidents: incidentRows.map((r) => toIncidentFact(r, at)),
        detections: detectionRows,
        acknowledgements: acknowledgementRows,
        devices: devicesOut,
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
        intel,
      };
    },
  };
}
