/**
 * `vigil import FILE`: an office brings its existing records as one fleet document (YAML or
 * JSON). Everything is checked first, schema and cross-references, and every problem is
 * reported; only a document with none is written, in one transaction. The JSON Schema of
 * the document (document.ts) is published as docs/fleet.schema.json; see docs/fleet-document.md.
 */

import type { z } from 'zod';
import { type ErrorDetail, VigilError } from '../../core/errors.ts';
import { noProtocolNamed } from '../../core/protocol/names.ts';
import { findUnsafeText } from '../../core/text.ts';
import { toIso } from '../../core/time.ts';
import {
  assignInTx,
  changeCustodyInTx,
  changeStatusInTx,
  createPersonInTx,
  recordInspectionInTx,
  recordRotationInTx,
  registerDeviceInTx,
  toInspection,
  toRotation,
} from '../inventory/inventory.service.ts';
import { type CommandContext, CommandService, type Tx } from '../kernel/command-service.ts';
import { instantOr } from '../kernel/instant.ts';
import type { IdSource } from '../kernel/ports.ts';
import { recordPostureInTx, toPostureReport } from '../posture/posture.service.ts';
import { sha256 } from '../protocols/protocol.service.ts';
import { recordReleaseInTx, toRelease } from '../releases/release.service.ts';
import { type FleetDocument, fleetDocumentSchema } from './document.ts';
import { futureInstantProblems, type HistoryReach, historyProblems, writeHistoryInTx } from './history.ts';
import { deviceStart, peopleSince, sinceProblems } from './since.ts';

export { type FleetDocument, fleetDocumentSchema } from './document.ts';

export interface ImportSummary {
  readonly sha256: string;
  readonly people: number;
  readonly devices: number;
  readonly posture: number;
  readonly inspections: number;
  readonly rotations: number;
  readonly osReleases: number;
  readonly assignments: number;
  readonly swaps: number;
  readonly refusals: number;
  readonly waivers: number;
  readonly incidents: number;
  readonly detections: number;
  readonly acknowledgements: number;
}

function invalid(problems: readonly ErrorDetail[]): VigilError {
  return new VigilError(
    'IMPORT_INVALID',
    `the fleet document has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported`,
    problems,
  );
}

function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** Cross-reference checks against the document itself and what is already stored. */
async function referenceProblems(
  tx: Tx<'devices' | 'people' | 'protocols'>,
  doc: FleetDocument,
  now: number,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const stored = await tx.people.list();
  const storedPeople = new Map(stored.map((p) => [p.id, p]));
  const storedDevices = new Map((await tx.devices.list()).map((d) => [d.id, d]));
  const storedSerials = new Set([...storedDevices.values()].map((d) => d.serial));
  const protocols = new Set((await tx.protocols.listVersions()).map((v) => v.name));
  const people = doc.people ?? [];
  const docPeople = new Map<string, (typeof people)[number]>();
  people.forEach((p, i) => {
    if (docPeople.has(p.id) || storedPeople.has(p.id))
      problems.push({ path: `people.${i}.id`, message: `the id ${p.id} is already used` });
    docPeople.set(p.id, p);
  });
  people.forEach((p, i) => {
    if (p.principalId != null) {
      const principal = docPeople.get(p.principalId) ?? storedPeople.get(p.principalId);
      if (principal === undefined || principal.kind !== 'principal') {
        problems.push({
          path: `people.${i}.principalId`,
          message: `no principal has the id ${p.principalId}`,
        });
      }
    }
    if (p.protocol != null && !protocols.has(p.protocol)) {
      problems.push({ path: `people.${i}.protocol`, message: noProtocolNamed(p.protocol, protocols) });
    }
  });
  const personKnown = (id: string) => docPeople.has(id) || storedPeople.has(id);
  const docDevices = new Set<string>();
  const serials = new Set<string>();
  (doc.devices ?? []).forEach((d, i) => {
    if (docDevices.has(d.id) || storedDevices.has(d.id))
      problems.push({ path: `devices.${i}.id`, message: `the id ${d.id} is already used` });
    if (serials.has(d.serial) || storedSerials.has(d.serial))
      problems.push({ path: `devices.${i}.serial`, message: `the serial ${d.serial} is already used` });
    docDevices.add(d.id);
    serials.add(d.serial);
    if (d.holderId != null && !personKnown(d.holderId))
      problems.push({ path: `devices.${i}.holderId`, message: `no person has the id ${d.holderId}` });
    (d.custody ?? []).forEach((c, j) => {
      if (c.holderId !== null && !personKnown(c.holderId))
        problems.push({
          path: `devices.${i}.custody.${j}.holderId`,
          message: `no person has the id ${c.holderId}`,
        });
      if (c.holderId === null && (c.location ?? null) === null)
        problems.push({
          path: `devices.${i}.custody.${j}.location`,
          message: 'a device without a holder needs a location',
        });
    });
  });
  const deviceKnown = (id: string) => docDevices.has(id) || storedDevices.has(id);
  const checkDevice = (path: string, id: string | null | undefined) => {
    if (id != null && !deviceKnown(id)) problems.push({ path, message: `no device has the id ${id}` });
  };
  for (const [i, p] of (doc.posture ?? []).entries()) checkDevice(`posture.${i}.deviceId`, p.deviceId);
  for (const [i, x] of (doc.inspections ?? []).entries())
    checkDevice(`inspections.${i}.deviceId`, x.deviceId);
  (doc.rotations ?? []).forEach((r, i) => {
    checkDevice(`rotations.${i}.oldDeviceId`, r.oldDeviceId);
    checkDevice(`rotations.${i}.newDeviceId`, r.newDeviceId);
  });
  const known = {
    person: (id: string) => docPeople.get(id) ?? storedPeople.get(id),
    device: deviceKnown,
    protocol: (name: string) => protocols.has(name),
    protocolNames: protocols,
    storedDevices,
  };
  problems.push(...futureInstantProblems(doc, now), ...(await historyProblems(tx, doc, known, now)));
  return problems;
}

/** The repositories an import writes. */
type Reach = HistoryReach | 'inspections' | 'posture' | 'releases' | 'rotations';

export async function importInTx(
  tx: Tx<Reach>,
  doc: FleetDocument,
  hash: string,
  ctx: CommandContext,
  ids: IdSource,
): Promise<ImportSummary> {
  const problems = [...(await referenceProblems(tx, doc, ctx.now)), ...sinceProblems(doc, ctx.now)];
  if (problems.length > 0) throw invalid(problems);
  for (const r of doc.osReleases ?? []) await recordReleaseInTx(tx, toRelease(r, ctx.now), ctx);
  // Principals first, so staff can name them.
  const people = [...(doc.people ?? [])].sort((a, b) =>
    a.kind === b.kind ? 0 : a.kind === 'principal' ? -1 : 1,
  );
  const since = peopleSince(doc, ctx.now);
  for (const p of people) {
    const { protocol, protocolSince, ...rest } = p;
    const from = since.get(p.id) ?? ctx.now;
    await createPersonInTx(tx, p.id, { ...rest, protocol: null, since: toIso(from) }, ctx);
    if (protocol != null) await assignInTx(tx, p.id, protocol, instantOr(protocolSince, from), ctx);
  }
  for (const d of doc.devices ?? []) {
    const { custody, statuses, ...input } = d;
    // With an explicit history, the history alone says who held the device and when. Without a
    // custody history, the holder or location given holds it from the device's own start (its
    // first status), not from the import.
    const given = { holderId: input.holderId ?? null, location: input.location ?? null };
    const heldFromStart = custody === undefined && statuses !== undefined;
    const device =
      custody === undefined && !heldFromStart ? input : { ...input, holderId: null, location: null };
    await registerDeviceInTx(tx, d.id, device, ctx, statuses === undefined);
    if (heldFromStart && (given.holderId !== null || given.location !== null)) {
      const record = { deviceId: d.id, ...given, at: deviceStart(d, ctx.now), recordedBy: ctx.actor };
      await changeCustodyInTx(tx, record, ctx);
    }
    for (const s of statuses ?? []) {
      const change = {
        deviceId: d.id,
        status: s.status,
        at: instantOr(s.at, ctx.now),
        reason: s.reason ?? null,
      };
      await changeStatusInTx(tx, change, ctx);
    }
    for (const c of custody ?? []) {
      const at = instantOr(c.at, ctx.now);
      const record = {
        deviceId: d.id,
        holderId: c.holderId,
        location: c.location ?? null,
        at,
        recordedBy: ctx.actor,
      };
      await changeCustodyInTx(tx, record, ctx);
    }
  }
  for (const p of doc.posture ?? [])
    await recordPostureInTx(tx, toPostureReport(ids.next('pos'), p, ctx.now), ctx);
  for (const x of doc.inspections ?? []) {
    const inspection = toInspection(x, ids.next('ins'), ctx.now);
    await recordInspectionInTx(tx, inspection, ctx);
  }
  for (const r of doc.rotations ?? []) {
    const rotation = toRotation(r, ids.next('rot'), ctx.now);
    await recordRotationInTx(tx, rotation, ctx);
  }
  // Thrown, the transaction rolls back: nothing of the document is written.
  const refused = await writeHistoryInTx(tx, doc, ctx, ids);
  if (refused.length > 0) throw invalid(refused);
  const summary: ImportSummary = {
    sha256: hash,
    people: doc.people?.length ?? 0,
    devices: doc.devices?.length ?? 0,
    posture: doc.posture?.length ?? 0,
    inspections: doc.inspections?.length ?? 0,
    rotations: doc.rotations?.length ?? 0,
    osReleases: doc.osReleases?.length ?? 0,
    assignments: doc.assignments?.length ?? 0,
    swaps: doc.swaps?.length ?? 0,
    refusals: doc.refusals?.length ?? 0,
    waivers: doc.waivers?.length ?? 0,
    incidents: doc.incidents?.length ?? 0,
    detections: doc.detections?.length ?? 0,
    acknowledgements: doc.acknowledgements?.length ?? 0,
  };
  const { osReleases: _, ...counts } = summary;
  await tx.audit.append({
    type: 'fleet.imported',
    at: ctx.now,
    actor: ctx.actor,
    subject: 'fleet',
    payload: counts,
  });
  return summary;
}

/** Parses and schema-checks a fleet document, listing every problem. */
export function parseFleetDocument(value: unknown): FleetDocument {
  // Before the schema: a NUL or lone surrogate in any string (ids, names, notes) would
  // otherwise fail the write transaction instead of being reported as a problem.
  const unsafe = findUnsafeText(value);
  if (unsafe !== null) throw invalid([unsafe]);
  const result = fleetDocumentSchema.safeParse(value);
  if (!result.success) {
    throw invalid(zodDetails(result.error));
  }
  return result.data;
}

export class ImportService extends CommandService<Reach> {
  /** Imports a parsed (YAML or JSON) document. `canonical` is its text, hashed for the audit log. */
  importDocument(value: unknown, canonical: string, actor: string): Promise<ImportSummary> {
    const doc = parseFleetDocument(value);
    const ctx = { actor, now: this.clock.now() };
    return this.transaction((tx) => importInTx(tx, doc, sha256(canonical), ctx, this.ids));
  }
}
