/** Inspections (security checks) and rotations (swaps). Both are append-only. */
import { asc, desc, eq, or } from 'drizzle-orm';
import type { Inspection, Rotation } from '../../../core/model.ts';
import type { InspectionRepository, RotationRepository } from '../../../services/inventory/ports.ts';
import { inspections, rotations } from '../schema.ts';
import { guard, type Tx } from './support.ts';

export const inspectionColumns = {
  id: inspections.id,
  deviceId: inspections.deviceId,
  at: inspections.at,
  method: inspections.method,
  result: inspections.result,
  performedBy: inspections.performedBy,
  notes: inspections.notes,
  evidence: inspections.evidence,
  recordedAt: inspections.recordedAt,
};

export const rotationColumns = {
  id: rotations.id,
  oldDeviceId: rotations.oldDeviceId,
  newDeviceId: rotations.newDeviceId,
  at: rotations.at,
  performedBy: rotations.performedBy,
  recordedAt: rotations.recordedAt,
};

export function inspectionRepository(db: Tx): InspectionRepository {
  return {
    async insert(inspection: Inspection): Promise<void> {
      await guard(
        db.insert(inspections).values({ ...inspection, evidence: [...(inspection.evidence ?? [])] }),
        {
          foreignKeys: {
            lifecycle_inspections_device_id_inventory_devices_id_fk: {
              code: 'DEVICE_INVALID',
              message: `No device has id ${inspection.deviceId}.`,
              path: 'deviceId',
            },
          },
          check: { code: 'DEVICE_INVALID', message: 'The inspection has an unknown method or result.' },
        },
      );
    },

    /** Newest first; inspections at the same instant by id, descending. */
    async listFor(deviceId: string): Promise<Inspection[]> {
      return db
        .select(inspectionColumns)
        .from(inspections)
        .where(eq(inspections.deviceId, deviceId))
        .orderBy(desc(inspections.at), desc(inspections.id));
    },
  };
}

export function rotationRepository(db: Tx): RotationRepository {
  return {
    async insert(rotation: Rotation): Promise<void> {
      await guard(db.insert(rotations).values({ ...rotation }), {
        foreignKeys: {
          lifecycle_rotations_old_device_id_inventory_devices_id_fk: {
            code: 'DEVICE_INVALID',
            message: `No device has id ${rotation.oldDeviceId}.`,
            path: 'oldDeviceId',
          },
          lifecycle_rotations_new_device_id_inventory_devices_id_fk: {
            code: 'DEVICE_INVALID',
            message: `No device has id ${rotation.newDeviceId}.`,
            path: 'newDeviceId',
          },
        },
      });
    },

    /** Rotations in which the device was the old or the new one, oldest first. */
    async listFor(deviceId: string): Promise<Rotation[]> {
      return db
        .select(rotationColumns)
        .from(rotations)
        .where(or(eq(rotations.oldDeviceId, deviceId), eq(rotations.newDeviceId, deviceId)))
        .orderBy(asc(rotations.at), asc(rotations.id));
    },
  };
}
