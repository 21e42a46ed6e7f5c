/** Zone detections and policy acknowledgements (tables in schema.incidents.ts); both append-only. */
import { and, asc, desc, eq, gte, type SQL } from 'drizzle-orm';
import { parseIdentifier } from '../../../core/lifecycle/zone.ts';
import type { Acknowledgement } from '../../../core/model.ts';
import type { DetectionFilter, StoredDetection, ZoneRepository } from '../../../services/zones/ports.ts';
import { acknowledgements, detections, devices } from '../schema.ts';
import type { Tx } from './support.ts';

export const acknowledgementColumns = {
  personId: acknowledgements.personId,
  facility: acknowledgements.facility,
  policyVersion: acknowledgements.policyVersion,
  at: acknowledgements.at,
  // When Vigil learnt of it: later than `at` when back-filled.
  recordedAt: acknowledgements.recordedAt,
};

export const detectionColumns = {
  id: detections.id,
  facility: detections.facility,
  at: detections.at,
  identifier: detections.identifier,
  deviceId: detections.deviceId,
  personId: detections.personId,
  source: detections.source,
  // Vigil learns of a detection when it receives it.
  recordedAt: detections.receivedAt,
};

export function zoneRepository(db: Tx): ZoneRepository {
  return {
    async insertDetections(list: readonly StoredDetection[]): Promise<void> {
      if (list.length > 0) await db.insert(detections).values(list.map((d) => ({ ...d })));
    },

    async listDetections(filter: DetectionFilter = {}): Promise<StoredDetection[]> {
      const where: SQL[] = [];
      if (filter.facility !== undefined) where.push(eq(detections.facility, filter.facility));
      if (filter.personId !== undefined) where.push(eq(detections.personId, filter.personId));
      if (filter.since !== undefined) where.push(gte(detections.at, filter.since));
      return db
        .select({ ...detectionColumns, receivedAt: detections.receivedAt })
        .from(detections)
        .where(where.length === 0 ? undefined : and(...where))
        .orderBy(desc(detections.at), desc(detections.id))
        .limit(filter.limit ?? 1000);
    },

    async deviceByIdentifier(identifier: string): Promise<string | null> {
      const id = parseIdentifier(identifier);
      // MAC hashes are not in the inventory (see core/lifecycle/zone.ts): always unknown.
      if (id === null || id.kind === 'mac-sha256') return null;
      const column = id.kind === 'imei' ? devices.imei : devices.serial;
      const rows = await db
        .select({ id: devices.id })
        .from(devices)
        .where(eq(column, id.value))
        .orderBy(asc(devices.id))
        .limit(1);
      return rows[0]?.id ?? null;
    },

    async acknowledge(ack: Acknowledgement, recordedBy: string): Promise<boolean> {
      const rows = await db
        .insert(acknowledgements)
        .values({ ...ack, recordedBy })
        .onConflictDoNothing()
        .returning({ seq: acknowledgements.seq });
      return rows.length > 0;
    },

    async listAcknowledgements(
      filter: { personId?: string; facility?: string } = {},
    ): Promise<Acknowledgement[]> {
      const where: SQL[] = [];
      if (filter.personId !== undefined) where.push(eq(acknowledgements.personId, filter.personId));
      if (filter.facility !== undefined) where.push(eq(acknowledgements.facility, filter.facility));
      return db
        .select(acknowledgementColumns)
        .from(acknowledgements)
        .where(where.length === 0 ? undefined : and(...where))
        .orderBy(asc(acknowledgements.at), asc(acknowledgements.seq));
    },
  };
}
