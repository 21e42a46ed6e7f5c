/**
 * FleetReader: everything the evaluator needs as of an instant, in a fixed handful of queries.
 * The dashboard's targeted loads (dashboard.repository.ts) use the same two halves: the device
 * histories (`loadHistories`) and the rest (`loadFactsAt`).
 */
import { and, asc, desc, gt, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DeviceHistory } from '../../../core/compliance/types.ts';
import type { Detection, DeviceRole, IncidentFact, Refusal, Waiver } from '../../../core/model.ts';
import { POSTURE_FIELD_NAMES, POSTURE_FIELDS } from '../../../core/posture/fields.ts';
import type { Instant } from '../../../core/time.ts';
import type { FleetReader, FleetSnapshotData } from '../../../services/compliance/ports.ts';
import {
  acknowledgements,
  custody,
  detections,
  deviceStatuses,
  devices,
  enforcementPushes,
  incidents,
  inspections,
  intelKev,
  osReleases,
  people,
  postureReports,
  protocolAssignments,
  protocolDecisions,
  protocolVersions,
  refusals,
  rotations,
  waivers,
} from '../schema.ts';
import { rowsOf } from './audit.repository.ts';
import { loadCorrections } from './correction.repository.ts';
import { incidentFactColumns, toIncidentFact } from './incident.repository.ts';
import { releaseColumns } from './intel.repository.ts';
import { assignmentColumns, versionsEffectiveBy } from './protocol.repository.ts';
import type { Tx } from './support.ts';
import { loadIntelAt } from './vulnerability.repository.ts';
import { refusalsAt, waiversAt, workflowFactsAt } from './workflow.repository.ts';
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
 * Facts are filtered by when they took effect, as the evaluator defines as-of, whenever they
 * were recorded (a posture report observed before `at` but received after it is included): each
 * carries its recorded instant, and the evaluator decides what was known when (known.ts).
 * A fixed number of queries whatever the fleet's size; run it inside one transaction for a
 * consistent snapshot.
 */
export function fleetReader(db: Tx): FleetReader {
  return {
    async load(at: Instant, knownAt?: Instant): Promise<FleetSnapshotData> {
      const histories = await loadHistories(db, at);
      return { devices: histories, ...(await loadFactsAt(db, at, knownAt)) };
    },

    waiversAt(ids: readonly string[], at: Instant): Promise<Waiver[]> {
      return waiversAt(db, ids, at);
    },

    refusalsAt(ids: readonly string[], at: Instant): Promise<Refusal[]> {
      return refusalsAt(db, ids, at);
    },

    async detectionsAt(ids: readonly string[], at: Instant): Promise<Detection[]> {
      if (ids.length === 0) return [];
      return db
        .select(detectionColumns)
        .from(detections)
        .where(and(inArray(detections.id, [...ids]), lte(detections.at, at)))
        .orderBy(asc(detections.at), asc(detections.id));
    },

    async incidentsAt(ids: readonly string[], at: Instant): Promise<IncidentFact[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .select(incidentFactColumns)
        .from(incidents)
        .where(and(inArray(incidents.id, [...ids]), lte(incidents.openedAt, at)))
        .orderBy(asc(incidents.openedAt), asc(incidents.id));
      return rows.map((r) => toIncidentFact(r, at));
    },

    async nextEffectiveAfter(at: Instant, which: 'all' | 'not-devices' = 'all'): Promise<Instant> {
      return nextAfter(db, which === 'all' ? [...DEVICE_FACTS, ...OTHER_FACTS] : OTHER_FACTS, at);
    },

    async deviceFactsIn(
      from: Instant,
      to: Instant,
    ): Promise<{ deviceIds: string[]; otherFacts: string[]; next: Instant }> {
      const owners: [PgTable, PgColumn, PgColumn][] = [
        [deviceStatuses, deviceStatuses.deviceId, deviceStatuses.at],
        [custody, custody.deviceId, custody.at],
        [postureReports, postureReports.deviceId, postureReports.observedAt],
        [inspections, inspections.deviceId, inspections.at],
        [rotations, rotations.oldDeviceId, rotations.at],
        [rotations, rotations.newDeviceId, rotations.at],
      ];
      const rows =
        to <= from
          ? []
          : await rowsOf<{ id: string | null; other: boolean }>(
              db,
              sql`select id, bool_or(other) as other from (${sql.join(
                owners.map(
                  ([table, owner, column]) =>
                    sql`(select ${owner} as id, ${sql.raw(table === postureReports ? 'false' : 'true')} as other from ${table} where ${and(gt(column, from), lte(column, to))})`,
                ),
                sql` union all `,
              )}) x group by id`,
            );
      const known = rows.filter((r): r is { id: string; other: boolean } => r.id !== null);
      return {
        deviceIds: known.map((r) => r.id),
        otherFacts: known.filter((r) => r.other === true).map((r) => r.id),
        next: await nextAfter(db, DEVICE_FACTS, to),
      };
    },
  };
}

/** The instants of the facts that belong to one device (a rotation to two). */
const DEVICE_FACTS: readonly [PgTable, PgColumn][] = [
  [deviceStatuses, deviceStatuses.at],
  [custody, custody.at],
  [postureReports, postureReports.observedAt],
  [inspections, inspections.at],
  [rotations, rotations.at],
];

/** The instants of every other fact `load` filters on (and people's start). */
const OTHER_FACTS: readonly [PgTable, PgColumn][] = [
  [people, people.since],
  [protocolAssignments, protocolAssignments.at],
  [protocolVersions, protocolVersions.effectiveAt],
  [protocolDecisions, protocolDecisions.effectiveAt],
  [osReleases, osReleases.releasedAt],
  [incidents, incidents.openedAt],
  [incidents, incidents.closedAt],
  [detections, detections.at],
  [acknowledgements, acknowledgements.at],
  [refusals, refusals.at],
  [waivers, waivers.requestedAt],
  [waivers, waivers.approvedAt],
  [waivers, waivers.endedAt],
  [intelKev, intelKev.dateAdded],
  [enforcementPushes, enforcementPushes.pushedAt],
];

/**
 * The earliest of `columns` after `at`, +Infinity when none: one statement, each a min over the
 * rows after `at`, so an index on the column answers it when there is one.
 */
async function nextAfter(db: Tx, columns: readonly [PgTable, PgColumn][], at: Instant): Promise<Instant> {
  const rows = await rowsOf<{ next: string | number | null }>(
    db,
    sql`select ${ms('min(t)')} as next from (${sql.join(
      columns.map(
        ([table, column]) => sql`(select min(${column}) as t from ${table} where ${gt(column, at)})`,
      ),
      sql` union all `,
    )}) x`,
  );
  const next = rows[0]?.next;
  return next === null || next === undefined ? Number.POSITIVE_INFINITY : Number(next);
}

/** An instant column as epoch milliseconds (whole: the columns are `timestamp(3)`), for JSON. */
const ms = (column: string) => sql.raw(`round(date_part('epoch', ${column}) * 1000)::int8`);

/**
 * `json_build_object` of the given keys and SQL expressions, the keys in the order the domain
 * types list them (the objects come out of the driver's JSON.parse as they are).
 */
function object(fields: Record<string, SQL>): SQL {
  return sql`json_build_object(${sql.join(
    Object.entries(fields).map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`),
    sql`, `,
  )})`;
}
const col = (name: string) => sql.raw(name);

/** The JSON of each fact, from its table's columns (names as in schema.ts). */
export const STATUS = object({
  deviceId: col('device_id'),
  status: col('status'),
  at: ms('at'),
  reason: col('reason'),
  recordedAt: ms('recorded_at'),
});
export const CUSTODY = object({
  deviceId: col('device_id'),
  holderId: col('holder_id'),
  location: col('location'),
  at: ms('at'),
  recordedBy: col('recorded_by'),
  recordedAt: ms('recorded_at'),
});
export const POSTURE = object({
  id: col('id'),
  deviceId: col('device_id'),
  observedAt: ms('observed_at'),
  receivedAt: ms('received_at'),
  source: col('source'),
  // Every declared posture field: a key left out here would load as undefined on the evaluator's path.
  ...Object.fromEntries(POSTURE_FIELD_NAMES.map((name) => [name, col(POSTURE_FIELDS[name].column)])),
});
export const INSPECTION = object({
  id: col('id'),
  deviceId: col('device_id'),
  at: ms('at'),
  method: col('method'),
  result: col('result'),
  performedBy: col('performed_by'),
  notes: col('notes'),
  evidence: col('evidence'),
  recordedAt: ms('recorded_at'),
});
const ROTATION = object({
  id: col('id'),
  oldDeviceId: col('old_device_id'),
  newDeviceId: col('new_device_id'),
  at: ms('at'),
  performedBy: col('performed_by'),
  recordedAt: ms('recorded_at'),
});
const DEVICE = object({
  id: col('d.id'),
  serial: col('d.serial'),
  imei: col('d.imei'),
  platform: col('d.platform'),
  model: col('d.model'),
  ownership: col('d.ownership'),
  role: col('d.role'),
  issuedAt: ms('d.issued_at'),
  createdAt: ms('d.created_at'),
});

/**
 * The device histories as of `at`: of every device in service by then (one with a status at or
 * before `at`), or, given `list`, of those devices whatever their status. Ordered by device id;
 * each list in the order the facts took effect (ties in the order recorded). A page of the fleet
 * (a range of ids) is read by history-page.ts.
 *
 * One statement: PostgreSQL groups each device's facts into JSON, so each row arrives as one
 * finished DeviceHistory (parsed by the driver as the rows stream in, a few at a time). Five
 * row-per-fact queries mapped into objects by Drizzle, then bucketed per device, cost twice the
 * CPU here and held the event loop for most of a second at 100,000 devices.
 */
export async function loadHistories(db: Tx, at: Instant, list?: readonly string[]): Promise<DeviceHistory[]> {
  if (list !== undefined && list.length === 0) return [];
  // `in ($1, $2, …)`: a person's few devices (the dashboard's timeline).
  const only = (column: string) => (list !== undefined ? sql` and ${col(column)} in ${[...list]}` : sql``);
  /** Per device, its facts of one table at or before `at` as one JSON list, in `order`. */
  const listed = (name: string, table: PgTable, time: PgColumn, fact: SQL, order: string) =>
    sql`${col(name)} as (select device_id, json_agg(${fact} order by ${col(order)}) as list from ${table}
      where ${lte(time, at)}${only('device_id')} group by device_id)`;
  const rows = await rowsOf<{ h: DeviceHistory | string }>(
    db,
    sql`with ${listed('st', deviceStatuses, deviceStatuses.at, STATUS, 'at, seq')},
      ${listed('cu', custody, custody.at, CUSTODY, 'at, seq')},
      ${listed('po', postureReports, postureReports.observedAt, POSTURE, 'observed_at, received_at, id')},
      ${listed('ins', inspections, inspections.at, INSPECTION, 'at, id')},
      -- A rotation belongs to its old device and to its new one (once when they are the same).
      ro as (select device_id, json_agg(${ROTATION} order by at, id) as list from (
          select old_device_id as device_id, * from ${rotations}
            where ${lte(rotations.at, at)}${only('old_device_id')}
          union all
          select new_device_id, * from ${rotations}
            where ${lte(rotations.at, at)}${only('new_device_id')} and new_device_id <> old_device_id
        ) r group by device_id)
    select json_build_object(
        'device', ${DEVICE},
        'custody', coalesce(cu.list, '[]'),
        'statuses', coalesce(st.list, '[]'),
        'posture', coalesce(po.list, '[]'),
        'inspections', coalesce(ins.list, '[]'),
        'rotations', coalesce(ro.list, '[]')
      ) as h
    from ${devices} d
      -- In service by then: a status at or before the instant (named devices: whatever their status).
      ${list === undefined ? sql`join` : sql`left join`} st on st.device_id = d.id
      left join cu on cu.device_id = d.id
      left join po on po.device_id = d.id
      left join ins on ins.device_id = d.id
      left join ro on ro.device_id = d.id
    ${list === undefined ? sql`` : sql`where d.id in ${[...list]}`}
    order by d.id`,
  );
  // Both drivers parse `json`; a string would mean a driver configured otherwise.
  return rows.map((r) => (typeof r.h === 'string' ? (JSON.parse(r.h) as DeviceHistory) : r.h));
}

/** Everything `FleetReader.load` returns but the device histories, as of `at` (pushes as known at `knownAt`). */
export async function loadFactsAt(
  db: Tx,
  at: Instant,
  knownAt: Instant = Number.POSITIVE_INFINITY,
): Promise<Omit<FleetSnapshotData, 'devices'>> {
  const peopleRows = await db.select().from(people).orderBy(asc(people.id));
  const assignments = await db
    .select(assignmentColumns)
    .from(protocolAssignments)
    .where(lte(protocolAssignments.at, at))
    .orderBy(asc(protocolAssignments.at), asc(protocolAssignments.seq));
  const protocols = await versionsEffectiveBy(db, at);
  const releases = await db
    .select(releaseColumns)
    .from(osReleases)
    .where(lte(osReleases.releasedAt, at))
    .orderBy(asc(osReleases.platform), asc(osReleases.releasedAt), asc(osReleases.version));

  // Incidents, detections, acknowledgements: as they stood at `at`.
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

  // Refusals and waivers (workflows): as known at `at`.
  const workflow = await workflowFactsAt(db, at);
  // Fixes of known-exploited CVEs and KEV entries (integrations): as known at `at`.
  const intel = await loadIntelAt(db, at);
  // Every correction, whenever recorded (few): the evaluator applies those known then.
  const corrections = await loadCorrections(db);
  // The MDMs' own tokens for what was pushed: the latest per connector, version, role and item
  // made by `at` and by `knownAt` too. A push is recorded as made, so one made after `knownAt`
  // was unknown then; only the latest row is kept, so the cut cannot be left to the evaluator.
  const pushedBy = Math.min(at, knownAt);
  const pushes = await db
    .selectDistinctOn(
      [
        enforcementPushes.source,
        enforcementPushes.protocol,
        enforcementPushes.version,
        enforcementPushes.role,
        enforcementPushes.remoteId,
      ],
      {
        pushedAt: enforcementPushes.pushedAt,
        actor: enforcementPushes.actor,
        source: enforcementPushes.source,
        target: enforcementPushes.target,
        protocol: enforcementPushes.protocol,
        version: enforcementPushes.version,
        role: enforcementPushes.role,
        file: enforcementPushes.file,
        sha256: enforcementPushes.sha256,
        action: enforcementPushes.action,
        remoteId: enforcementPushes.remoteId,
        remoteToken: enforcementPushes.remoteToken,
      },
    )
    .from(enforcementPushes)
    .where(and(lte(enforcementPushes.pushedAt, pushedBy), isNotNull(enforcementPushes.remoteToken)))
    .orderBy(
      asc(enforcementPushes.source),
      asc(enforcementPushes.protocol),
      asc(enforcementPushes.version),
      asc(enforcementPushes.role),
      asc(enforcementPushes.remoteId),
      desc(enforcementPushes.pushedAt),
      desc(enforcementPushes.id),
    );

  return {
    people: peopleRows.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      protocol: p.protocol,
      principalId: p.principalId,
      email: p.email,
      since: p.since,
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
    corrections,
    pushes: pushes.map((p) => ({ ...p, role: p.role as DeviceRole })),
  };
}
