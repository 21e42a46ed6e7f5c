/**
 * MDM posture connectors: posture arrives from the MDMs that already manage the phones. The adapters in src/adapters/mdm/<source>/ turn a source's
 * payload into observations (identifiers + posture fields + the source's own timestamp); this
 * service finds each device, drops re-deliveries and records posture reports with their audit
 * events in one transaction per delivery.
 *
 * - Matching: by serial number, then IMEI, then the source's own device id (UDID, Intune id,
 *   AMAPI name) as linked by an earlier message carrying both it and a serial. Devices Vigil
 *   does not track are counted as `unmatched`, not refused: an MDM export lists every device.
 * - Idempotency: a report's id is derived from (source, device, observedAt), so the same
 *   observation delivered twice (a webhook retry, an overlapping pull) is stored once.
 *   Observations of one delivery with the same key are merged (later fields win).
 * - Attestation: a named person's statement about a sensor the platform cannot enforce or
 *   report, recorded as a posture report with `attested` provenance.
 */
import { createHash } from 'node:crypto';
import { VigilError } from '../../core/errors.ts';
import type { PostureReport, Sensor, SensorReading, SensorState } from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';
import type { AuditEventInput } from '../audit/ports.ts';
import type { MatchedDevice } from '../intel/ports.ts';
import { CommandService, type Tx } from '../kernel/command-service.ts';

/** The posture fields a source reported; absent = not reported by this message. */
export interface ObservedPosture {
  readonly osVersion?: string | null;
  readonly osBuild?: string | null;
  readonly patchLevel?: string | null;
  readonly sensors?: Readonly<Partial<Record<Sensor, SensorReading>>>;
  readonly apps?: readonly string[] | null;
  readonly lockdownMode?: boolean | null;
  readonly supervised?: boolean | null;
}

/** One thing a source said about one device at one instant. */
export interface Observation {
  readonly serial: string | null;
  readonly imei: string | null;
  /** The source's own device id (Apple UDID, Intune id, Jamf id, AMAPI device name). */
  readonly externalId: string | null;
  /** The source's timestamp; null = not stated (the time of receipt is used). */
  readonly observedAt: Instant | null;
  /** Null for messages that carry no posture (TokenUpdate, CheckOut): they only link ids. */
  readonly posture: ObservedPosture | null;
  /** The device left management (Apple CheckOut, AMAPI device deleted). */
  readonly unenrolled?: boolean;
  /**
   * The source's id of this delivery (webhook event id), for payloads with no timestamp of
   * their own: a retry of the same event is then still recognised as a re-delivery.
   */
  readonly deliveryId?: string | null;
}

export interface IngestResult {
  readonly source: string;
  readonly received: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly unmatched: number;
  readonly linked: number;
  readonly unenrolled: number;
  /** The posture report ids recorded, in observation order. */
  readonly reportIds: readonly string[];
}

export interface AttestationInput {
  readonly deviceId: string;
  readonly sensor: Sensor;
  readonly state: Exclude<SensorState, 'unknown'>;
  /** The person who checked, by name (and role): the attestation is their act. */
  readonly attestedBy: string;
  readonly statement?: string | null | undefined;
  readonly observedAt?: Instant | undefined;
}

/**
 * Rows per statement: a whole MDM export may arrive as one delivery, and PostgreSQL takes at
 * most 65,535 parameters per statement.
 */
const CHUNK = 1000;
const WRITE_CHUNK = 250;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The deterministic report id of (source, device, observedAt): re-deliveries collide on it. */
export function connectorReportId(source: string, deviceId: string, observedAt: Instant | string): string {
  const h = createHash('sha256').update(`${source}\n${deviceId}\n${observedAt}`).digest('hex');
  return `pos_${h.slice(0, 32)}`;
}

function reportedEvent(report: PostureReport, actor: string, now: Instant): AuditEventInput {
  return {
    type: 'posture.reported',
    at: now,
    actor,
    subject: `device:${report.deviceId}`,
    payload: {
      id: report.id,
      deviceId: report.deviceId,
      source: report.source,
      observedAt: new Date(report.observedAt).toISOString(),
    },
  };
}

/** The repositories ConnectorService reaches. */
type Reach = 'audit' | 'connectors' | 'devices' | 'posture';

export class ConnectorService extends CommandService<Reach> {
  /** Records one delivery from `source` (see the file comment). */
  ingest(source: string, observations: readonly Observation[], actor: string): Promise<IngestResult> {
    const now = this.clock.now();
    return this.transaction(async (tx) => {
      const { matched, known } = await this.#match(tx, source, observations);
      const toLink = new Map<string, string>();
      let linked = 0;
      let unmatched = 0;
      let unenrolled = 0;
      const reports = new Map<string, PostureReport>();
      for (const [i, o] of observations.entries()) {
        const device = matched[i];
        if (device === undefined) {
          unmatched++;
          continue;
        }
        if (o.externalId !== null && (o.serial !== null || o.imei !== null)) {
          if (known.get(o.externalId)?.id !== device.id) toLink.set(o.externalId, device.id);
          linked++;
        }
        if (o.unenrolled === true) unenrolled++;
        if (o.posture === null) continue;
        const observedAt = o.observedAt ?? now;
        const id = connectorReportId(
          source,
          device.id,
          o.observedAt === null && o.deliveryId != null ? `delivery:${o.deliveryId}` : observedAt,
        );
        reports.set(id, merge(reports.get(id), id, device.id, source, observedAt, now, o.posture));
      }
      for (const part of chunks([...toLink])) {
        await tx.connectors.link(
          source,
          part.map(([externalId, deviceId]) => ({ externalId, deviceId })),
          now,
        );
      }
      const existing = new Set<string>();
      for (const ids of chunks([...reports.keys()])) {
        for (const id of await tx.connectors.existingReports(ids)) existing.add(id);
      }
      const fresh = [...reports.values()].filter((r) => !existing.has(r.id));
      // Smaller batches for the writes: the SQL builder's cost grows faster than the batch.
      for (const part of chunks(fresh, WRITE_CHUNK)) {
        await tx.posture.appendMany(part);
        await tx.audit.appendMany(part.map((r) => reportedEvent(r, actor, now)));
      }
      const result: IngestResult = {
        source,
        received: observations.length,
        recorded: fresh.length,
        duplicates: reports.size - fresh.length,
        unmatched,
        linked,
        unenrolled,
        reportIds: fresh.map((r) => r.id),
      };
      await tx.audit.append({
        type: 'connector.ingested',
        at: now,
        actor,
        subject: `connector:${source}`,
        payload: {
          source,
          recorded: result.recorded,
          duplicates: result.duplicates,
          unmatched,
          linked,
          unenrolled,
        },
      });
      return result;
    });
  }

  /** Records a named person's attestation of a sensor state (see the file comment). */
  attest(input: AttestationInput, actor: string): Promise<PostureReport> {
    const now = this.clock.now();
    const attestedBy = input.attestedBy.trim();
    if (attestedBy === '') {
      throw new VigilError('ATTESTATION_INVALID', 'An attestation names the person who attests.', [
        { path: 'attestedBy', message: 'required' },
      ]);
    }
    const report: PostureReport = {
      id: this.ids.next('pos'),
      deviceId: input.deviceId,
      observedAt: input.observedAt ?? now,
      receivedAt: now,
      source: 'attestation',
      osVersion: null,
      osBuild: null,
      patchLevel: null,
      sensors: { [input.sensor]: { state: input.state, provenance: 'attested' } },
      apps: null,
      lockdownMode: null,
      supervised: null,
    };
    return this.transaction(async (tx) => {
      if ((await tx.devices.get(input.deviceId)) === null) {
        throw new VigilError('ATTESTATION_INVALID', `No device has id ${input.deviceId}.`, [
          { path: 'deviceId', message: 'unknown device' },
        ]);
      }
      await tx.posture.append(report);
      await tx.audit.append(reportedEvent(report, actor, now));
      await tx.audit.append({
        type: 'posture.attested',
        at: now,
        actor,
        subject: `device:${input.deviceId}`,
        payload: {
          reportId: report.id,
          deviceId: input.deviceId,
          sensor: input.sensor,
          state: input.state,
          attestedBy,
          statement: input.statement ?? null,
        },
      });
      return report;
    });
  }

  /** The device of each observation (undefined when Vigil does not track it). */
  async #match(
    tx: Tx<Reach>,
    source: string,
    observations: readonly Observation[],
  ): Promise<{ matched: (MatchedDevice | undefined)[]; known: ReadonlyMap<string, MatchedDevice> }> {
    const serials = new Set<string>();
    const imeis = new Set<string>();
    const externals = new Set<string>();
    for (const o of observations) {
      if (o.serial !== null) serials.add(o.serial);
      if (o.imei !== null) imeis.add(o.imei);
      if (o.externalId !== null) externals.add(o.externalId);
    }
    const byId = new Map<string, MatchedDevice>();
    for (const part of chunks([...serials])) {
      for (const [k, v] of await tx.connectors.devicesByIdentifiers(part, [])) byId.set(k, v);
    }
    for (const part of chunks([...imeis])) {
      for (const [k, v] of await tx.connectors.devicesByIdentifiers([], part)) byId.set(k, v);
    }
    const links = new Map<string, MatchedDevice>();
    for (const part of chunks([...externals])) {
      for (const [k, v] of await tx.connectors.linked(source, part)) links.set(k, v);
    }
    // A message carrying only the source id may follow, in the same delivery, one that links it.
    const learned = new Map<string, MatchedDevice>();
    const matched = observations.map((o) => {
      const d =
        (o.serial === null ? undefined : byId.get(`serial:${o.serial}`)) ??
        (o.imei === null ? undefined : byId.get(`imei:${o.imei}`)) ??
        (o.externalId === null ? undefined : (learned.get(o.externalId) ?? links.get(o.externalId)));
      if (d !== undefined && o.externalId !== null) learned.set(o.externalId, d);
      return d;
    });
    return { matched, known: links };
  }
}

function merge(
  prev: PostureReport | undefined,
  id: string,
  deviceId: string,
  source: string,
  observedAt: Instant,
  receivedAt: Instant,
  p: ObservedPosture,
): PostureReport {
  const pick = <T>(v: T | undefined, was: T | null | undefined): T | null =>
    v === undefined ? (was ?? null) : (v ?? was ?? null);
  return {
    id,
    deviceId,
    observedAt,
    receivedAt,
    source,
    osVersion: pick(p.osVersion, prev?.osVersion),
    osBuild: pick(p.osBuild, prev?.osBuild),
    patchLevel: pick(p.patchLevel, prev?.patchLevel),
    sensors: { ...prev?.sensors, ...p.sensors },
    apps: p.apps === undefined ? (prev?.apps ?? null) : p.apps === null ? null : [...p.apps],
    lockdownMode: pick(p.lockdownMode, prev?.lockdownMode),
    supervised: pick(p.supervised, prev?.supervised),
  };
}
