/**
 * The tabular exports (CSV and JSON) of findings, devices, inspections, waivers and incidents,
 * as they stood at an instant. Each entity has a documented, fixed column set (docs/exports.md);
 * a JSON export has the same keys with native values (lists stay lists, evidence an object).
 * The caller loads the facts recorded at or before the instant; the functions here only shape
 * them, and reconstruct what changes in place (an incident's status, a waiver's state) as of it.
 */
import { snapshotAt } from '../compliance/snapshot.ts';
import type { DeviceHistory } from '../compliance/types.ts';
import type { Incident } from '../lifecycle/incident.ts';
import { waiverStateOf } from '../lifecycle/waiver.ts';
import type { Finding, Inspection, Person, Waiver } from '../model.ts';
import { type Instant, toIso } from '../time.ts';
import type { Cell } from './csv.ts';

export const EXPORT_ENTITIES = ['findings', 'devices', 'inspections', 'waivers', 'incidents'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

export type Row = Readonly<Record<string, Cell>>;

/** The column set of each entity, in order. Changing one is a breaking change for auditors' tools. */
export const EXPORT_COLUMNS: Readonly<Record<ExportEntity, readonly string[]>> = {
  findings: [
    'deviceId',
    'personId',
    'personName',
    'protocol',
    'rule',
    'severity',
    'status',
    'outcome',
    'since',
    'message',
    'remedy',
    'waiverId',
    'evidence',
  ],
  devices: [
    'id',
    'serial',
    'imei',
    'platform',
    'model',
    'ownership',
    'role',
    'status',
    'holderId',
    'holderName',
    'location',
    'issuedAt',
    'createdAt',
    'osVersion',
    'latestPostureAt',
    'lastInspectionAt',
    'lastInspectionResult',
  ],
  inspections: ['id', 'deviceId', 'at', 'method', 'result', 'performedBy', 'notes', 'evidence'],
  waivers: [
    'id',
    'rule',
    'deviceId',
    'personId',
    'state',
    'reason',
    'risk',
    'requestedBy',
    'requestedAt',
    'approvedBy',
    'approvedAt',
    'startsAt',
    'expiresAt',
    'endedAt',
  ],
  incidents: [
    'id',
    'status',
    'compromise',
    'severity',
    'summary',
    'deviceIds',
    'personIds',
    'inspectionId',
    'declaredBy',
    'openedAt',
    'stepsDone',
    'stepsTotal',
    'resolution',
    'closedAt',
    'closedBy',
  ],
};

const iso = (t: Instant | null | undefined): string | null => (t == null ? null : toIso(t));

/** Findings as evaluated at the instant; `evidence` is expected in its reader form (ISO times). */
export function findingRows(findings: readonly Finding[], people: ReadonlyMap<string, Person>): Row[] {
  return findings.map((f) => ({
    deviceId: f.deviceId,
    personId: f.personId,
    personName: f.personId === null ? null : (people.get(f.personId)?.name ?? null),
    protocol: f.protocol,
    rule: f.rule,
    severity: f.severity,
    status: f.status,
    outcome: f.outcome,
    since: toIso(f.since),
    message: f.message,
    remedy: f.remedy,
    waiverId: f.waiver,
    evidence: f.evidence,
  }));
}

/** Devices in service at the instant, with the status, custody and last evidence recorded by then. */
export function deviceRows(
  histories: readonly DeviceHistory[],
  people: ReadonlyMap<string, Person>,
  at: Instant,
): Row[] {
  return histories.map((h) => {
    const d = h.device;
    // The snapshot's latest records (and its tie-breaking), so rows name what the findings saw.
    const snap = snapshotAt(h, at);
    const custody = snap.custody;
    const inspection = snap.lastInspection;
    const holderId = custody?.holderId ?? null;
    return {
      id: d.id,
      serial: d.serial,
      imei: d.imei,
      platform: d.platform,
      model: d.model,
      ownership: d.ownership,
      role: d.role,
      status: snap.status,
      holderId,
      holderName: holderId === null ? null : (people.get(holderId)?.name ?? null),
      location: custody?.location ?? null,
      issuedAt: iso(d.issuedAt),
      createdAt: toIso(d.createdAt),
      osVersion: snap.posture.osVersion?.osVersion ?? null,
      latestPostureAt: iso(snap.latestPostureAt),
      lastInspectionAt: iso(inspection?.at),
      lastInspectionResult: inspection?.result ?? null,
    };
  });
}

/** Every security check performed at or before the instant, oldest first. */
export function inspectionRows(histories: readonly DeviceHistory[], at: Instant): Row[] {
  const all: Inspection[] = [];
  for (const h of histories) for (const i of h.inspections) if (i.at <= at) all.push(i);
  all.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return all.map((i) => ({
    id: i.id,
    deviceId: i.deviceId,
    at: toIso(i.at),
    method: i.method,
    result: i.result,
    performedBy: i.performedBy,
    notes: i.notes,
    evidence: (i.evidence ?? []).map((e) => `${e.name}@sha256:${e.sha256}`),
  }));
}

/** Waivers requested by the instant, each as it was known then (a later approval is not shown). */
export function waiverRows(waivers: readonly Waiver[]): Row[] {
  return waivers.map((w) => ({
    id: w.id,
    rule: w.rule,
    deviceId: 'deviceId' in w.scope ? w.scope.deviceId : null,
    personId: 'personId' in w.scope ? w.scope.personId : null,
    state: waiverStateOf(w),
    reason: w.reason,
    risk: w.risk,
    requestedBy: w.requestedBy,
    requestedAt: toIso(w.requestedAt),
    approvedBy: w.approvedBy,
    approvedAt: iso(w.approvedAt),
    startsAt: toIso(w.startsAt),
    expiresAt: toIso(w.expiresAt),
    endedAt: iso(w.endedAt),
  }));
}

/**
 * Incidents opened by the instant, as they stood then: the row holds the current state, so the
 * status and the steps are replayed from the timeline entries at or before the instant, and a
 * closing after it is not shown.
 */
export function incidentRows(incidents: readonly Incident[], at: Instant): Row[] {
  return incidents
    .filter((i) => i.openedAt <= at)
    .sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((i) => {
      let status: string = 'open';
      const steps = new Map<string, string>(i.steps.map((s) => [s.id, 'pending']));
      for (const e of i.timeline) {
        if (e.at > at) continue;
        if (e.kind === 'step' && e.stepId !== null) steps.set(e.stepId, e.to);
        else status = e.to;
      }
      const closed = i.closedAt !== null && i.closedAt <= at;
      return {
        id: i.id,
        status: closed ? 'closed' : status,
        compromise: i.compromise,
        severity: i.severity,
        summary: i.summary,
        deviceIds: i.devices.map((d) => d.deviceId),
        personIds: [...i.personIds],
        inspectionId: i.inspectionId,
        declaredBy: i.declaredBy,
        openedAt: toIso(i.openedAt),
        stepsDone: [...steps.values()].filter((s) => s === 'done' || s === 'skipped').length,
        stepsTotal: steps.size,
        resolution: closed ? i.resolution : null,
        closedAt: closed ? iso(i.closedAt) : null,
        closedBy: closed ? i.closedBy : null,
      };
    });
}
