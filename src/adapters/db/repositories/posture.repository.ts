/** Posture reports: append-only observations of a device. */
import { desc, eq } from 'drizzle-orm';
import type { PostureReport } from '../../../core/model.ts';
import type { PostureRepository } from '../../../services/ports.ts';
import { postureReports } from '../schema.ts';
import { guard, type Tx } from './support.ts';

export function toPostureReport(row: typeof postureReports.$inferSelect): PostureReport {
  return {
    id: row.id,
    deviceId: row.deviceId,
    observedAt: row.observedAt,
    receivedAt: row.receivedAt,
    source: row.source,
    osVersion: row.osVersion,
    osBuild: row.osBuild,
    patchLevel: row.patchLevel,
    sensors: row.sensors,
    apps: row.apps,
    lockdownMode: row.lockdownMode,
    supervised: row.supervised,
  };
}

export function postureRepository(db: Tx): PostureRepository {
  return {
    async append(report: PostureReport): Promise<void> {
      await guard(
        db.insert(postureReports).values({
          ...report,
          sensors: { ...report.sensors },
          apps: report.apps === null ? null : [...report.apps],
        }),
        {
          unique: {
            code: 'POSTURE_INVALID',
            message: `A posture report with id ${report.id} already exists.`,
            path: 'id',
          },
          foreignKeys: {
            posture_reports_device_id_inventory_devices_id_fk: {
              code: 'POSTURE_INVALID',
              message: `No device has id ${report.deviceId}.`,
              path: 'deviceId',
            },
          },
        },
      );
    },

    async listFor(deviceId: string, limit: number): Promise<PostureReport[]> {
      const rows = await db
        .select()
        .from(postureReports)
        .where(eq(postureReports.deviceId, deviceId))
        .orderBy(desc(postureReports.observedAt), desc(postureReports.receivedAt), desc(postureReports.id))
        .limit(limit);
      return rows.map(toPostureReport);
    },
  };
}
