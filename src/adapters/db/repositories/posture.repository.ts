/** Posture reports: append-only observations of a device. */
import { and, desc, eq, lte } from 'drizzle-orm';
import type { PostureReport } from '../../../core/model.ts';
import { postureOf } from '../../../core/posture/fields.ts';
import type { Instant } from '../../../core/time.ts';
import type { PostureRepository } from '../../../services/posture/ports.ts';
import { postureReports } from '../schema.ts';
import { guard, type Tx } from './support.ts';

export function toPostureReport(row: typeof postureReports.$inferSelect): PostureReport {
  return {
    id: row.id,
    deviceId: row.deviceId,
    observedAt: row.observedAt,
    receivedAt: row.receivedAt,
    source: row.source,
    ...postureOf(row),
  };
}

export function postureRepository(db: Tx): PostureRepository {
  const repo: PostureRepository = {
    append(report: PostureReport): Promise<void> {
      return repo.appendMany([report]);
    },

    async appendMany(reports: readonly PostureReport[]): Promise<void> {
      if (reports.length === 0) return;
      const only = reports.length === 1 ? reports[0] : undefined;
      await guard(
        db.insert(postureReports).values(
          reports.map((report) => ({
            ...report,
            sensors: { ...report.sensors },
            apps: report.apps === null ? null : [...report.apps],
          })),
        ),
        {
          unique: {
            code: 'POSTURE_INVALID',
            message: only
              ? `A posture report with id ${only.id} already exists.`
              : 'A posture report id already exists.',
            path: 'id',
          },
          foreignKeys: {
            posture_reports_device_id_inventory_devices_id_fk: {
              code: 'POSTURE_INVALID',
              message: only ? `No device has id ${only.deviceId}.` : 'A report names an unknown device.',
              path: 'deviceId',
            },
          },
        },
      );
    },

    async listFor(deviceId: string, limit: number, observedBy?: Instant): Promise<PostureReport[]> {
      const mine = eq(postureReports.deviceId, deviceId);
      const rows = await db
        .select()
        .from(postureReports)
        .where(observedBy === undefined ? mine : and(mine, lte(postureReports.observedAt, observedBy)))
        .orderBy(desc(postureReports.observedAt), desc(postureReports.receivedAt), desc(postureReports.id))
        .limit(limit);
      return rows.map(toPostureReport);
    },
  };
  return repo;
}
