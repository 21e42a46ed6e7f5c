/** Posture reports: append-only observations of a device. */
import { and, desc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { PostureReport } from '../../../core/model.ts';
import { POSTURE_FIELD_NAMES, POSTURE_FIELDS, postureOf } from '../../../core/posture/fields.ts';
import type { Instant } from '../../../core/time.ts';
import type { AuditEventInput } from '../../../services/audit/ports.ts';
import type { PostureRepository } from '../../../services/posture/ports.ts';
import { postureReports } from '../schema.ts';
import { auditAppendCtes } from './audit.repository.ts';
import { guard, type Tx, type ViolationMap } from './support.ts';

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

/** The violations of a posture insert, as the ingest path's callers expect them. */
function violations(reports: readonly PostureReport[]): ViolationMap {
  const only = reports.length === 1 ? reports[0] : undefined;
  return {
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
  };
}

/**
 * The reports as one JSON array of rows keyed by column name, for `json_populate_recordset`:
 * one parameter however many reports, so the ingest path builds and sends no parameter per
 * value and its statement text stays the same.
 */
function reportRows(reports: readonly PostureReport[]): string {
  return JSON.stringify(
    reports.map((report) => {
      const row: Record<string, unknown> = {
        id: report.id,
        device_id: report.deviceId,
        observed_at: new Date(report.observedAt).toISOString(),
        received_at: new Date(report.receivedAt).toISOString(),
        source: report.source,
      };
      for (const name of POSTURE_FIELD_NAMES) row[POSTURE_FIELDS[name].column] = report[name];
      return row;
    }),
  );
}

/**
 * Every column of posture_reports from the JSON rows (a column left out of a row is null).
 * `alone`: the statement is its own transaction (UnitOfWork.runAlone), so it first sets the
 * setting that has the history triggers refuse (VGH02) to delete a stored day whose fill job
 * nothing would send (migration 0026); the unit of work then writes again in a transaction.
 */
function insertReports(reports: readonly PostureReport[], alone: boolean) {
  const rows = sql`json_populate_recordset(null::posture_reports, ${reportRows(reports)}::json)`;
  return alone
    ? sql`insert into posture_reports select r.* from ${rows} as r
        cross join (select set_config('vigil.history_refill_alone', 'refuse', true)) as refuse`
    : sql`insert into posture_reports select * from ${rows}`;
}

/** `alone`: each statement runs as its own transaction (UnitOfWork.runAlone). */
export function postureRepository(db: Tx, opts: { alone?: boolean } = {}): PostureRepository {
  const alone = opts.alone === true;
  const repo: PostureRepository = {
    append(report: PostureReport): Promise<void> {
      return repo.appendMany([report]);
    },

    async appendMany(reports: readonly PostureReport[]): Promise<void> {
      if (reports.length === 0) return;
      await guard(db.execute(insertReports(reports, alone)), violations(reports));
    },

    async appendReported(
      reports: readonly PostureReport[],
      events: readonly AuditEventInput[],
    ): Promise<void> {
      if (reports.length === 0 && events.length === 0) return;
      // One statement, so one round trip: the reports and their events are written together or
      // not at all, like two statements in the transaction.
      await guard(
        db.execute(sql`with reports as (${insertReports(reports, alone)} returning 1), ${auditAppendCtes(events)}
          select count(*) from ins`),
        violations(reports),
      );
    },

    async since(deviceIds: readonly string[], ids: readonly string[], from: Instant, to: Instant) {
      if (deviceIds.length === 0) return [];
      // Two index ranges (device and instant; id), not a device's every report filtered: the
      // read costs the new reports, whatever the length of the histories.
      const observed = and(
        inArray(postureReports.deviceId, [...deviceIds]),
        gt(postureReports.observedAt, from),
      );
      const rows = await db
        .select()
        .from(postureReports)
        .where(
          and(
            lte(postureReports.observedAt, to),
            ids.length === 0 ? observed : or(observed, inArray(postureReports.id, [...ids])),
          ),
        )
        .orderBy(postureReports.observedAt, postureReports.receivedAt, postureReports.id);
      return rows.map(toPostureReport);
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
