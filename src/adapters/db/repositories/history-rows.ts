/**
 * A page of the fleet's histories read as plain rows: one statement per table over the page's
 * range of device ids, each fact's columns as they are (instants as epoch milliseconds), put
 * together per device here. The same histories as `loadHistories` (fleet.repository.ts) builds
 * in the database as JSON (history-rows.test.ts compares them), at a fraction of the database's
 * time: building a JSON object per fact, a list per device and an object per history was most
 * of a full load (docs/adr/0039-evaluation-worker.md, "Full load as rows").
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DeviceHistory } from '../../../core/compliance/types.ts';
import type {
  CustodyRecord,
  Device,
  Inspection,
  PostureReport,
  Rotation,
  StatusChange,
} from '../../../core/model.ts';
import { POSTURE_FIELD_NAMES, POSTURE_FIELDS } from '../../../core/posture/fields.ts';
import type { Instant } from '../../../core/time.ts';
import { custody, deviceStatuses, devices, inspections, postureReports, rotations } from '../schema.ts';
import { rowsOf } from './audit.repository.ts';
import type { DeviceIdRange } from './fleet.repository.ts';
import type { Tx } from './support.ts';

/**
 * An instant column as epoch milliseconds, a double (both drivers give a number; whole: the
 * columns are `timestamp(3)`, and a double holds such milliseconds exactly).
 */
const ms = (column: string) => sql.raw(`round(date_part('epoch', ${column}) * 1000)::float8`);
/** A nullable instant the same way (null stays null). */
const raw = (s: string) => sql.raw(s);

type Row = Record<string, unknown>;

/** Rows grouped by their `device_id` column, each list in the statement's order. */
function byDevice(rows: readonly Row[]): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  let lastId: unknown = null;
  let last: Row[] = [];
  for (const r of rows) {
    const id = r.device_id as string;
    if (id !== lastId) {
      let list = map.get(id);
      if (list === undefined) {
        list = [];
        map.set(id, list);
      }
      last = list;
      lastId = id;
    }
    last.push(r);
  }
  return map;
}

const NONE: readonly never[] = [];

/**
 * The histories (facts at or before `at`) of the devices in `range` in service by `at` (a
 * status at or before it), in the database's order of ids; `posture: false` leaves every
 * posture list empty, unread.
 */
export async function loadHistoryRows(
  db: Tx,
  at: Instant,
  range: DeviceIdRange,
  options: { readonly posture?: boolean } = {},
): Promise<DeviceHistory[]> {
  const when = new Date(at).toISOString();
  const within = (column: string): SQL =>
    range.after === null
      ? sql`${raw(column)} <= ${range.through}`
      : sql`${raw(column)} > ${range.after} and ${raw(column)} <= ${range.through}`;
  const deviceRows = await rowsOf<Row>(
    db,
    sql`select id, serial, imei, platform, model, ownership, role, ${ms('issued_at')} as issued_at,
      ${ms('created_at')} as created_at from ${devices} where ${within('id')} order by id`,
  );
  const statuses = byDevice(
    await rowsOf<Row>(
      db,
      sql`select device_id, status, ${ms('at')} as at, reason, ${ms('recorded_at')} as recorded_at
        from ${deviceStatuses} where at <= ${when} and ${within('device_id')} order by device_id, at, seq`,
    ),
  );
  const custodies = byDevice(
    await rowsOf<Row>(
      db,
      sql`select device_id, holder_id, location, ${ms('at')} as at, recorded_by, ${ms('recorded_at')} as recorded_at
        from ${custody} where at <= ${when} and ${within('device_id')} order by device_id, at, seq`,
    ),
  );
  const postureColumns = POSTURE_FIELD_NAMES.map((name) => POSTURE_FIELDS[name].column);
  const reports =
    options.posture === false
      ? new Map<string, Row[]>()
      : byDevice(
          await rowsOf<Row>(
            db,
            sql`select id, device_id, ${ms('observed_at')} as observed_at, ${ms('received_at')} as received_at,
              source, ${raw(postureColumns.join(', '))}
              from ${postureReports} where observed_at <= ${when} and ${within('device_id')}
              order by device_id, observed_at, received_at, id`,
          ),
        );
  const checks = byDevice(
    await rowsOf<Row>(
      db,
      sql`select id, device_id, ${ms('at')} as at, method, result, performed_by, notes, evidence,
        ${ms('recorded_at')} as recorded_at
        from ${inspections} where at <= ${when} and ${within('device_id')} order by device_id, at, id`,
    ),
  );
  // A rotation belongs to its old device and to its new one (once when they are the same).
  const swaps = byDevice(
    await rowsOf<Row>(
      db,
      sql`select * from (
          select old_device_id as device_id, id, old_device_id, new_device_id, ${ms('at')} as at,
            performed_by, ${ms('recorded_at')} as recorded_at
            from ${rotations} where at <= ${when} and ${within('old_device_id')}
          union all
          select new_device_id, id, old_device_id, new_device_id, ${ms('at')} as at,
            performed_by, ${ms('recorded_at')} as recorded_at
            from ${rotations} where at <= ${when} and ${within('new_device_id')}
              and new_device_id <> old_device_id
        ) r order by device_id, at, id`,
    ),
  );
  const out: DeviceHistory[] = [];
  for (const d of deviceRows) {
    const id = d.id as string;
    const st = statuses.get(id);
    // In service by then: a status at or before the instant.
    if (st === undefined) continue;
    const device: Device = {
      id,
      serial: d.serial as string,
      imei: d.imei as string | null,
      platform: d.platform as Device['platform'],
      model: d.model as string,
      ownership: d.ownership as Device['ownership'],
      role: d.role as Device['role'],
      issuedAt: d.issued_at as number | null,
      createdAt: d.created_at as number,
    };
    out.push({
      device,
      custody: custodies.get(id)?.map(toCustody) ?? NONE,
      statuses: st.map(toStatus),
      posture: reports.get(id)?.map(toReport) ?? NONE,
      inspections: checks.get(id)?.map(toInspection) ?? NONE,
      rotations: swaps.get(id)?.map(toRotation) ?? NONE,
    });
  }
  return out;
}

function toStatus(r: Row): StatusChange {
  return {
    deviceId: r.device_id as string,
    status: r.status as StatusChange['status'],
    at: r.at as number,
    reason: r.reason as string | null,
    recordedAt: r.recorded_at as number,
  };
}

function toCustody(r: Row): CustodyRecord {
  return {
    deviceId: r.device_id as string,
    holderId: r.holder_id as string | null,
    location: r.location as string | null,
    at: r.at as number,
    recordedBy: r.recorded_by as string,
    recordedAt: r.recorded_at as number,
  } as CustodyRecord;
}

function toReport(r: Row): PostureReport {
  const report: Record<string, unknown> = {
    id: r.id,
    deviceId: r.device_id,
    observedAt: r.observed_at,
    receivedAt: r.received_at,
    source: r.source,
  };
  // Every declared posture field: a key left out would read as undefined on the evaluator's path.
  for (const name of POSTURE_FIELD_NAMES) report[name] = r[POSTURE_FIELDS[name].column] ?? null;
  return report as unknown as PostureReport;
}

function toInspection(r: Row): Inspection {
  return {
    id: r.id as string,
    deviceId: r.device_id as string,
    at: r.at as number,
    method: r.method as string,
    result: r.result as Inspection['result'],
    performedBy: r.performed_by as string,
    notes: r.notes as string | null,
    evidence: r.evidence as Inspection['evidence'],
    recordedAt: r.recorded_at as number,
  } as Inspection;
}

function toRotation(r: Row): Rotation {
  return {
    id: r.id as string,
    oldDeviceId: r.old_device_id as string,
    newDeviceId: r.new_device_id as string,
    at: r.at as number,
    performedBy: r.performed_by as string,
    recordedAt: r.recorded_at as number,
  } as Rotation;
}
