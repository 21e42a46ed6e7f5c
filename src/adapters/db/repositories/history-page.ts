/**
 * A page of the fleet's histories (a range of device ids, `historiesAfter`) in one statement
 * whose answer is one row: per table, one JSON list of the page's facts in order, each fact a
 * JSON array of its columns (no keys), put together per device here. The same histories as
 * `loadHistories` (fleet.repository.ts) builds in the database as one JSON object per fact, a
 * list per device and an object per history (history-page.test.ts compares them); a full load
 * reads every device a page at a time, and that statement was most of it
 * (docs/adr/0039-evaluation-worker.md, 2026-12-08).
 *
 * What made it costly in PostgreSQL: an ordered `json_agg` per device (a sort set up for each
 * group), an object with its keys per fact, and `jsonb` columns turned into `json` values one
 * at a time (cast to `json` first, they cost a fraction). Here each table is one ordered
 * aggregate over the page, and the driver's JSON.parse (native) reads lists of scalars; the
 * objects are built here, with literal shapes, in one merge walk over lists already in id order.
 */
import { lte, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
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
import type { Tx } from './support.ts';

/** Device ids after `after` (from the first when null) up to `through`, both in the database's order. */
export interface DeviceIdRange {
  readonly after: string | null;
  readonly through: string;
}

/** An instant column as epoch milliseconds (whole: the columns are `timestamp(3)`). */
const ms = (column: string) => `round(date_part('epoch', ${column}) * 1000)::int8`;

/** The posture columns in POSTURE_FIELD_NAMES' order, `jsonb` ones cast to `json` (see above). */
const POSTURE_COLUMNS = POSTURE_FIELD_NAMES.map((name) => {
  const column = POSTURE_FIELDS[name].column;
  const drizzle = Object.values(postureReports).find(
    (c): c is PgColumn => typeof c === 'object' && c !== null && (c as PgColumn).name === column,
  );
  if (drizzle === undefined) throw new Error(`posture field ${name}: no column ${column}`);
  return drizzle.columnType === 'PgJsonb' ? `${column}::json` : column;
}).join(', ');

type Json = unknown[];

export async function loadHistoryPage(
  db: Tx,
  at: Instant,
  range: DeviceIdRange,
  options: { readonly posture?: boolean } = {},
): Promise<DeviceHistory[]> {
  const posture = options.posture !== false;
  const within = (column: string): SQL =>
    range.after === null
      ? sql` and ${sql.raw(column)} <= ${range.through}`
      : sql` and ${sql.raw(column)} > ${range.after} and ${sql.raw(column)} <= ${range.through}`;
  /** The facts of one table at or before `at` over the range, as one list in `order`. */
  const list = (table: SQL, time: PgColumn, owner: string, columns: string, order: string) =>
    sql`(select json_agg(json_build_array(${sql.raw(columns)}) order by ${sql.raw(order)}) from ${table}
      where ${lte(time, at)}${within(owner)})`;
  const rows = await rowsOf<Record<string, Json | string | null>>(
    db,
    sql`select
      (select json_agg(json_build_array(id, serial, imei, platform, model, ownership, role,
          ${sql.raw(ms('issued_at'))}, ${sql.raw(ms('created_at'))}) order by id)
        from ${devices} where true${within('id')}) as devices,
      ${list(sql`${deviceStatuses}`, deviceStatuses.at, 'device_id', `device_id, status, ${ms('at')}, reason, ${ms('recorded_at')}`, 'device_id, at, seq')} as statuses,
      ${list(sql`${custody}`, custody.at, 'device_id', `device_id, holder_id, location, ${ms('at')}, recorded_by, ${ms('recorded_at')}`, 'device_id, at, seq')} as custody,
      ${
        posture
          ? list(
              sql`${postureReports}`,
              postureReports.observedAt,
              'device_id',
              `device_id, id, ${ms('observed_at')}, ${ms('received_at')}, source, ${POSTURE_COLUMNS}`,
              'device_id, observed_at, received_at, id',
            )
          : sql`null`
      } as posture,
      ${list(sql`${inspections}`, inspections.at, 'device_id', `device_id, id, ${ms('at')}, method, result, performed_by, notes, evidence::json, ${ms('recorded_at')}`, 'device_id, at, id')} as inspections,
      -- A rotation belongs to its old device and to its new one (once when they are the same).
      (select json_agg(json_build_array(device_id, id, old_device_id, new_device_id, ${sql.raw(ms('at'))},
          performed_by, ${sql.raw(ms('recorded_at'))}) order by device_id, at, id) from (
          select old_device_id as device_id, * from ${rotations}
            where ${lte(rotations.at, at)}${within('old_device_id')}
          union all
          select new_device_id, * from ${rotations}
            where ${lte(rotations.at, at)}${within('new_device_id')} and new_device_id <> old_device_id
        ) r) as rotations`,
  );
  const row = rows[0] ?? {};
  // Both drivers parse `json`; a string would mean a driver configured otherwise.
  const parsed = (v: Json | string | null | undefined): Json =>
    v === null || v === undefined ? [] : typeof v === 'string' ? (JSON.parse(v) as Json) : v;
  return assemble(
    parsed(row.devices),
    parsed(row.statuses),
    parsed(row.custody),
    parsed(row.posture),
    parsed(row.inspections),
    parsed(row.rotations),
  );
}

/**
 * The histories from the page's lists, each in device id order as the devices are (the same
 * column type and collation): one walk, each list's facts taken while they name the device at
 * hand. A fact left over (one naming no device of the page) is an error, not a loss.
 */
function assemble(
  deviceRows: Json,
  statusRows: Json,
  custodyRows: Json,
  postureRows: Json,
  inspectionRows: Json,
  rotationRows: Json,
): DeviceHistory[] {
  const out: DeviceHistory[] = [];
  let s = 0;
  let c = 0;
  let p = 0;
  let i = 0;
  let r = 0;
  for (const d of deviceRows as Json[]) {
    const id = d[0] as string;
    const statuses: StatusChange[] = [];
    for (; s < statusRows.length && (statusRows[s] as Json)[0] === id; s++) {
      const x = statusRows[s] as Json;
      statuses.push({
        deviceId: id,
        status: x[1] as StatusChange['status'],
        at: x[2] as number,
        reason: x[3] as string | null,
        recordedAt: x[4] as number,
      });
    }
    const held: CustodyRecord[] = [];
    for (; c < custodyRows.length && (custodyRows[c] as Json)[0] === id; c++) {
      const x = custodyRows[c] as Json;
      held.push({
        deviceId: id,
        holderId: x[1] as string | null,
        location: x[2] as string | null,
        at: x[3] as number,
        recordedBy: x[4] as string,
        recordedAt: x[5] as number,
      } as CustodyRecord);
    }
    const reports: PostureReport[] = [];
    for (; p < postureRows.length && (postureRows[p] as Json)[0] === id; p++)
      reports.push(toReport(postureRows[p] as Json, id));
    const checks: Inspection[] = [];
    for (; i < inspectionRows.length && (inspectionRows[i] as Json)[0] === id; i++) {
      const x = inspectionRows[i] as Json;
      checks.push({
        id: x[1] as string,
        deviceId: id,
        at: x[2] as number,
        method: x[3] as string,
        result: x[4] as Inspection['result'],
        performedBy: x[5] as string,
        notes: x[6] as string | null,
        evidence: x[7] as Inspection['evidence'],
        recordedAt: x[8] as number,
      } as Inspection);
    }
    const swaps: Rotation[] = [];
    for (; r < rotationRows.length && (rotationRows[r] as Json)[0] === id; r++) {
      const x = rotationRows[r] as Json;
      swaps.push({
        id: x[1] as string,
        oldDeviceId: x[2] as string,
        newDeviceId: x[3] as string | null,
        at: x[4] as number,
        performedBy: x[5] as string,
        recordedAt: x[6] as number,
      });
    }
    // In service by then: a status at or before the instant.
    if (statuses.length === 0) continue;
    const device: Device = {
      id,
      serial: d[1] as string,
      imei: d[2] as string | null,
      platform: d[3] as Device['platform'],
      model: d[4] as string,
      ownership: d[5] as Device['ownership'],
      role: d[6] as Device['role'],
      issuedAt: d[7] as number | null,
      createdAt: d[8] as number,
    };
    out.push({ device, custody: held, statuses, posture: reports, inspections: checks, rotations: swaps });
  }
  if (
    s < statusRows.length ||
    c < custodyRows.length ||
    p < postureRows.length ||
    i < inspectionRows.length ||
    r < rotationRows.length
  )
    throw new Error('history page: facts out of step with the devices');
  return out;
}

/** Five columns before the posture fields: device id (the walk's), id, observed, received, source. */
const FIELDS_AT = 5;

function toReport(x: Json, deviceId: string): PostureReport {
  const report: Record<string, unknown> = {
    id: x[1],
    deviceId,
    observedAt: x[2],
    receivedAt: x[3],
    source: x[4],
  };
  // Every declared posture field: a key left out would read as undefined on the evaluator's path.
  for (let k = 0; k < POSTURE_FIELD_NAMES.length; k++)
    report[POSTURE_FIELD_NAMES[k] as string] = x[FIELDS_AT + k] ?? null;
  return report as unknown as PostureReport;
}
