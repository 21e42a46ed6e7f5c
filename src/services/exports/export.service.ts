/**
 * Exports auditors can use: CSV and JSON tables of findings, devices, inspections, waivers and
 * incidents as of any instant; OSCAL 1.2.1 Assessment Results and POA&M; the audit events as a
 * JSON-lines stream for a SIEM. Every export (but the continuous stream, which would feed on
 * itself) appends `export.created` with its kind, as-of and the SHA-256 of what was handed out.
 */
import { createHash } from 'node:crypto';
import type { AuditEventType } from '../../core/audit/events.ts';
import { peopleAt } from '../../core/compliance/in-force.ts';
import { knownDevices, knownHistory, knownPeople, knownWaiver } from '../../core/compliance/known.ts';
import { PEOPLE_RULES, RULES } from '../../core/compliance/registry.ts';
import { VigilError } from '../../core/errors.ts';
import { toCsv } from '../../core/exports/csv.ts';
import {
  deviceRows,
  EXPORT_COLUMNS,
  type ExportEntity,
  findingRows,
  incidentRows,
  inspectionRows,
  type Row,
  waiverRows,
} from '../../core/exports/entities.ts';
import {
  assessmentResults,
  type OscalScope,
  planOfActionAndMilestones,
  scopeKey,
} from '../../core/exports/oscal.ts';
import type { Finding, Person } from '../../core/model.ts';
import { type Instant, toIso } from '../../core/time.ts';
import type { AuditEvent } from '../audit/ports.ts';
import { evaluateData } from '../compliance/compliance.service.ts';
import type { FleetSnapshotData } from '../compliance/ports.ts';
import type { ReceiptService } from '../compliance/receipt.service.ts';
import { findingView } from '../compliance/views.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, Repositories, UnitOfWork } from '../kernel/ports.ts';
import { compileInForce, sha256 } from '../protocols/protocol.service.ts';

export type TableFormat = 'csv' | 'json';
export type OscalKind = 'assessment-results' | 'poam';

/** An export ready to hand out: its bytes, media type and a file name. */
export interface ExportFile {
  readonly body: string;
  readonly contentType: string;
  readonly filename: string;
  readonly sha256: string;
  readonly rows: number;
}

/** Vigil's UUID namespace for OSCAL documents (a fixed random v4 UUID). */
export const VIGIL_UUID_NAMESPACE = '9f3c1a52-6d1e-4b7a-8c2f-5e0d4a9b7c31';

/**
 * RFC 9562 UUID version 5 (SHA-1 of namespace and name): deterministic, so the same record
 * gets the same UUID in every export.
 */
export function uuidV5(name: string, namespace = VIGIL_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const RULE_TITLES: ReadonlyMap<string, string> = new Map(
  [...RULES, ...PEOPLE_RULES].map((r) => [r.id, r.title] as const),
);

/** Findings with their evidence in reader form (ISO instants, ISO durations), as the API shows it. */
function readerFindings(findings: readonly Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, evidence: findingView(f).evidence }));
}

const stamp = (at: Instant) =>
  toIso(at)
    .replaceAll(':', '')
    .replace(/\.\d+Z$/, 'Z');

/** People as they stood at `at`, as known at `knownAt` when given (core/compliance/known.ts). */
function peopleKnown(data: FleetSnapshotData, at: Instant, knownAt: Instant | undefined) {
  const people = peopleAt(data.people, data.assignments, at, knownAt);
  return knownAt === undefined ? people : knownPeople(people, knownAt);
}

/** The waivers as known at `knownAt` (all, as loaded, when not given). */
function waiversKnown(data: FleetSnapshotData, knownAt: Instant | undefined) {
  const waivers = data.waivers ?? [];
  if (knownAt === undefined) return waivers;
  return waivers.flatMap((w) => {
    const k = knownWaiver(w, knownAt);
    return k === null ? [] : [k];
  });
}

export class ExportService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #tool: string;
  readonly #receipts: ReceiptService | undefined;

  constructor(deps: { uow: UnitOfWork; clock: Clock; tool?: string; receipts?: ReceiptService }) {
    this.#receipts = deps.receipts;
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#tool = deps.tool ?? 'Vigil';
  }

  async #record(
    tx: Repositories,
    actor: string,
    payload: {
      kind: string;
      entity: string | null;
      asOf: Instant | null;
      knownAt?: Instant | undefined;
      scope: string | null;
      rows: number;
      sha256: string;
    },
  ): Promise<void> {
    const type: AuditEventType = 'export.created';
    await tx.audit.append({
      type,
      at: this.#clock.now(),
      actor,
      subject: `export:${payload.kind}${payload.entity === null ? '' : `:${payload.entity}`}`,
      payload: {
        ...payload,
        asOf: payload.asOf === null ? null : toIso(payload.asOf),
        ...(payload.knownAt === undefined ? {} : { knownAt: toIso(payload.knownAt) }),
      },
    });
  }

  /**
   * The rows of an entity as of `at` (as known at `knownAt`, when given), from a loaded snapshot
   * (and incidents, which keep a timeline).
   */
  async #rows(
    tx: Repositories,
    entity: ExportEntity,
    at: Instant,
    data: FleetSnapshotData,
    knownAt: Instant | undefined,
  ): Promise<Row[]> {
    const people = peopleKnown(data, at, knownAt);
    const histories = () =>
      knownAt === undefined
        ? data.devices
        : knownDevices(data.devices, knownAt).map((h) => knownHistory(h, knownAt));
    switch (entity) {
      case 'findings':
        return findingRows(readerFindings(evaluateData(data, at, undefined, knownAt).findings), people);
      case 'devices':
        return deviceRows(histories(), people, at);
      case 'inspections':
        return inspectionRows(histories(), at);
      case 'waivers':
        return waiverRows(waiversKnown(data, knownAt));
      case 'incidents':
        return incidentRows(await tx.incidents.list(), at);
    }
  }

  /** A CSV or JSON table of one entity as of `asOf` (default now), as known at `knownAt` if given. */
  table(
    q: { entity: ExportEntity; format: TableFormat; asOf?: string | undefined; knownAt?: string | undefined },
    actor: string,
  ): Promise<ExportFile> {
    const at = instantOr(q.asOf, this.#clock.now());
    const knownAt = q.knownAt === undefined ? undefined : instantOr(q.knownAt, at);
    return this.#uow.run(async (tx) => {
      const data = await tx.fleet.load(at, knownAt);
      const rows = await this.#rows(tx, q.entity, at, data, knownAt);
      const columns = EXPORT_COLUMNS[q.entity];
      const known = knownAt === undefined ? {} : { knownAt: toIso(knownAt) };
      const body =
        q.format === 'csv'
          ? toCsv(columns, rows)
          : `${JSON.stringify({ entity: q.entity, asOf: toIso(at), ...known, columns, rows }, null, 2)}\n`;
      const file: ExportFile = {
        body,
        contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        filename: `vigil-${q.entity}-${stamp(at)}${knownAt === undefined ? '' : `-known-${stamp(knownAt)}`}.${q.format}`,
        sha256: sha256(body),
        rows: rows.length,
      };
      await this.#record(tx, actor, {
        kind: q.format,
        entity: q.entity,
        asOf: at,
        knownAt,
        scope: 'fleet',
        rows: rows.length,
        sha256: file.sha256,
      });
      return file;
    });
  }

  /**
   * An OSCAL document as of `asOf` (default now): Assessment Results or POA&M, for the fleet,
   * a principal's office (`officeId`: the principal and their staff) or one person (`personId`).
   */
  async oscal(
    q: {
      kind: OscalKind;
      asOf?: string | undefined;
      knownAt?: string | undefined;
      personId?: string | undefined;
      officeId?: string | undefined;
      /** Attach a compliance receipt of the same instant (assessment results, fleet or a person). */
      receipt?: boolean | undefined;
    },
    actor: string,
  ): Promise<ExportFile & { document: Record<string, unknown> }> {
    const at = instantOr(q.asOf, this.#clock.now());
    const knownAt = q.knownAt === undefined ? undefined : instantOr(q.knownAt, at);
    if (q.personId !== undefined && q.officeId !== undefined) {
      throw new VigilError('EXPORT_INVALID', 'name a person or an office, not both');
    }
    let receipt: { digest: string; json: string } | undefined;
    if (q.receipt === true) {
      // Opt-in: a receipt records when it was made, so attaching one makes the document differ
      // between exports of the same instant.
      if (q.kind !== 'assessment-results' || q.officeId !== undefined || this.#receipts === undefined)
        throw new VigilError(
          'EXPORT_INVALID',
          'a receipt is attached to assessment results of the fleet or one person',
        );
      const r = await this.#receipts.issue({ asOf: toIso(at), personId: q.personId }, actor);
      receipt = { digest: r.digest, json: JSON.stringify(r) };
    }
    return this.#uow.run(async (tx) => {
      const data = await tx.fleet.load(at, knownAt);
      const people = peopleKnown(data, at, knownAt);
      const scope = this.#scope(people, q);
      const inScope =
        scope.kind === 'fleet'
          ? null
          : new Set(
              scope.kind === 'person'
                ? [scope.person.id]
                : [
                    scope.principal.id,
                    ...[...people.values()]
                      .filter((p) => p.principalId === scope.principal.id)
                      .map((p) => p.id),
                  ],
            );
      const result = evaluateData(data, at, undefined, knownAt);
      const keep = (personId: string | null) =>
        inScope === null || (personId !== null && inScope.has(personId));
      const devices = result.devices.filter((d) => keep(d.personId));
      const deviceIds = new Set(devices.map((d) => d.deviceId));
      const findings = result.findings.filter(
        (f) => keep(f.personId) || (f.deviceId !== null && deviceIds.has(f.deviceId)),
      );
      const known =
        knownAt === undefined
          ? data.devices
          : knownDevices(data.devices, knownAt).map((h) => knownHistory(h, knownAt));
      const histories = inScope === null ? known : known.filter((h) => deviceIds.has(h.device.id));
      const protocols = [...compileInForce(data.protocols, at, knownAt).values()]
        .map((p) => `${p.name}@${p.version}`)
        .sort();
      const input = {
        at,
        ...(knownAt === undefined ? {} : { knownAt }),
        scope,
        findings: readerFindings(findings),
        devices,
        histories,
        people,
        waivers: waiversKnown(data, knownAt),
        protocols,
        ruleTitles: RULE_TITLES,
        uuid: (key: string) => uuidV5(key),
        tool: this.#tool,
        ...(receipt === undefined ? {} : { receipt }),
      };
      const document =
        q.kind === 'assessment-results' ? assessmentResults(input) : planOfActionAndMilestones(input);
      const body = `${JSON.stringify(document, null, 2)}\n`;
      const key = scopeKey(scope);
      const file = {
        document,
        body,
        contentType: 'application/json; charset=utf-8',
        filename: `vigil-oscal-${q.kind}-${key.replace(':', '-')}-${stamp(at)}${knownAt === undefined ? '' : `-known-${stamp(knownAt)}`}.json`,
        sha256: sha256(body),
        rows: findings.length,
      };
      await this.#record(tx, actor, {
        kind: q.kind === 'assessment-results' ? 'oscal-ar' : 'oscal-poam',
        entity: null,
        asOf: at,
        knownAt,
        scope: key,
        rows: findings.length,
        sha256: file.sha256,
      });
      return file;
    });
  }

  #scope(
    people: ReadonlyMap<string, Person>,
    q: { personId?: string | undefined; officeId?: string | undefined },
  ): OscalScope {
    if (q.personId !== undefined) {
      const person = people.get(q.personId);
      if (person === undefined) throw new VigilError('PERSON_NOT_FOUND', `no person has id ${q.personId}`);
      return { kind: 'person', person };
    }
    if (q.officeId !== undefined) {
      const principal = people.get(q.officeId);
      if (principal === undefined) throw new VigilError('PERSON_NOT_FOUND', `no person has id ${q.officeId}`);
      if (principal.kind !== 'principal') {
        throw new VigilError(
          'EXPORT_INVALID',
          `${q.officeId} is not a principal; an office is a principal's`,
        );
      }
      return { kind: 'office', principal };
    }
    return { kind: 'fleet' };
  }

  /**
   * Audit events with seq > `afterSeq`, in seq order, up to `limit`, and only those already in
   * the verifiable log's tree: the integrator adds events in seq order once no lower seq can
   * still commit, so a reader that follows this never skips an event committed late, and a
   * resumed reader never sees one twice.
   */
  eventsAfter(afterSeq: number, limit: number): Promise<AuditEvent[]> {
    return this.#uow.read(async (tx) => {
      const size = await tx.auditLog.size();
      if (size === 0) return [];
      const last = (await tx.auditLog.leaves(size - 1, size))[0];
      if (last === undefined || last.seq <= afterSeq) return [];
      const events = await tx.audit.list({ afterSeq, limit });
      return events.filter((e) => e.seq <= last.seq);
    });
  }

  /** Records a one-shot JSON-lines export (`vigil export jsonl`) of the events in (from, to]. */
  recordStreamExport(
    q: { fromSeq: number; toSeq: number; events: number; sha256: string },
    actor: string,
  ): Promise<void> {
    return this.#uow.run((tx) =>
      this.#record(tx, actor, {
        kind: 'jsonl',
        entity: `seq:${q.fromSeq + 1}-${q.toSeq}`,
        asOf: null,
        scope: 'audit-log',
        rows: q.events,
        sha256: q.sha256,
      }),
    );
  }
}
