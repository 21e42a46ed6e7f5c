/**
 * The inventory: people, devices, custody, status, security checks and swaps.
 * Every command runs in one transaction with its audit event. The `…InTx` functions are
 * exported so the fleet importer can run many commands inside its single transaction.
 */

import type { z } from 'zod';
import { knownCorrections, knownHistory } from '../../core/compliance/known.ts';
import { snapshotAt } from '../../core/compliance/snapshot.ts';
import type { DeviceHistory } from '../../core/compliance/types.ts';
import { VigilError } from '../../core/errors.ts';
import type {
  CustodyRecord,
  Device,
  EvidenceFile,
  Inspection,
  Person,
  PostureReport,
  Rotation,
  StatusChange,
} from '../../core/model.ts';
import { noProtocolNamed } from '../../core/protocol/names.ts';
import { type Instant, toIso } from '../../core/time.ts';
import { type CommandContext, CommandService, type Tx } from '../kernel/command-service.ts';
import {
  backdatedInTx,
  effectiveInstant,
  instantOr,
  pastInstant,
  type Subject,
  subjectStartInTx,
} from '../kernel/instant.ts';
import type { assignProtocolSchema } from '../protocols/schemas.ts';
import type { DeviceFilter, DeviceView } from './ports.ts';
import type {
  custodyInputSchema,
  DeviceInput,
  InspectionInput,
  PersonInput,
  rotationInputSchema,
  statusInputSchema,
} from './schemas.ts';

/** Refuses an unknown protocol name, saying which names exist. */
async function requireProtocol(tx: Tx<'protocols'>, name: string): Promise<void> {
  const names = (await tx.protocols.listVersions()).map((v) => v.name);
  if (!names.includes(name))
    throw new VigilError('PROTOCOL_NOT_FOUND', noProtocolNamed(name, names), [
      { path: 'protocol', message: 'expected the name of a stored protocol' },
    ]);
}

export async function createPersonInTx(
  tx: Tx<'assignments' | 'audit' | 'people' | 'protocols'>,
  id: string,
  input: PersonInput,
  ctx: CommandContext,
): Promise<Person> {
  const principalId = input.principalId ?? null;
  if (input.kind === 'principal' && principalId !== null) {
    throw new VigilError('PERSON_INVALID', 'a principal does not serve another principal', [
      { path: 'principalId', message: 'must be null for a principal' },
    ]);
  }
  if (input.kind === 'operator' && (principalId !== null || (input.protocol ?? null) !== null)) {
    throw new VigilError('PERSON_INVALID', 'an operator uses Vigil: no protocol governs them', [
      { path: input.protocol == null ? 'principalId' : 'protocol', message: 'must be null for an operator' },
    ]);
  }
  if (principalId !== null) {
    const principal = await tx.people.get(principalId);
    if (principal === null || principal.kind !== 'principal') {
      throw new VigilError('PERSON_INVALID', `no principal has the id ${principalId}`, [
        { path: 'principalId', message: 'expected the id of an existing principal' },
      ]);
    }
  }
  const protocol = input.protocol ?? null;
  if (protocol !== null) await requireProtocol(tx, protocol);
  // A person counts from when they took effect, which may be before they were typed in.
  const since = effectiveInstant(
    input.since === undefined ? undefined : instantOr(input.since, ctx.now),
    ctx.now,
  );
  const person: Person = {
    id,
    name: input.name,
    kind: input.kind,
    protocol,
    principalId,
    email: input.email ?? null,
    since,
    createdAt: ctx.now,
  };
  await tx.people.insert(person);
  await tx.audit.append({
    type: 'person.created',
    at: ctx.now,
    actor: ctx.actor,
    subject: `person:${id}`,
    payload: { id, name: person.name, kind: person.kind, principalId, since: toIso(since) },
  });
  // The protocol given at creation governs them from when they count.
  if (protocol !== null) await assignInTx(tx, id, protocol, since, ctx);
  return person;
}

export async function assignInTx(
  tx: Tx<'assignments' | 'audit' | 'people'>,
  personId: string,
  protocol: string | null,
  at: Instant,
  ctx: CommandContext,
): Promise<void> {
  await tx.assignments.append({ personId, protocol, at, assignedBy: ctx.actor, recordedAt: ctx.now });
  await tx.people.setProtocol(personId, protocol);
  await tx.audit.append({
    type: 'person.protocol-assigned',
    at: ctx.now,
    actor: ctx.actor,
    subject: `person:${personId}`,
    payload: { personId, protocol, at: toIso(at) },
  });
}

export async function registerDeviceInTx(
  tx: Tx<'audit' | 'devices' | 'people'>,
  id: string,
  input: DeviceInput,
  ctx: CommandContext,
  /** The importer passes false when the document carries the device's full status history. */
  initialStatus = true,
): Promise<DeviceView> {
  const holderId = input.holderId ?? null;
  if (holderId !== null && (await tx.people.get(holderId)) === null) {
    throw new VigilError('DEVICE_INVALID', `no person has the id ${holderId}`, [
      { path: 'holderId', message: 'expected the id of an existing person' },
    ]);
  }
  // An issued device's rotation period starts when it is issued; personal devices have none.
  // Absent: an issued device going into service is issued now. An explicit null stays null
  // (a replacement staged but not yet issued).
  let issuedAt: Instant | null = null;
  if (input.issuedAt != null) issuedAt = instantOr(input.issuedAt, ctx.now);
  else if (
    input.issuedAt === undefined &&
    input.ownership === 'issued' &&
    (input.status ?? 'active') === 'active'
  ) {
    issuedAt = ctx.now;
  }
  const device: Device = {
    id,
    serial: input.serial,
    imei: input.imei ?? null,
    platform: input.platform,
    model: input.model,
    ownership: input.ownership,
    role: input.role,
    issuedAt,
    createdAt: ctx.now,
  };
  await tx.devices.insert(device);
  await tx.audit.append({
    type: 'device.registered',
    at: ctx.now,
    actor: ctx.actor,
    subject: `device:${id}`,
    payload: {
      id,
      serial: device.serial,
      platform: device.platform,
      ownership: device.ownership,
      role: device.role,
    },
  });
  const since = issuedAt ?? ctx.now;
  if (initialStatus) {
    await changeStatusInTx(
      tx,
      { deviceId: id, status: input.status ?? 'active', at: since, reason: null },
      ctx,
    );
  }
  const location = input.location ?? null;
  if (holderId !== null || location !== null) {
    await changeCustodyInTx(tx, { deviceId: id, holderId, location, at: since, recordedBy: ctx.actor }, ctx);
  }
  return {
    ...device,
    status: input.status ?? 'active',
    holderId,
    location,
  };
}

/** Records a status change; its recorded instant is the command's clock, whatever the caller says. */
export async function changeStatusInTx(
  tx: Tx<'audit' | 'devices'>,
  change: Omit<StatusChange, 'recordedAt'>,
  ctx: CommandContext,
): Promise<void> {
  await tx.devices.appendStatus({ ...change, recordedAt: ctx.now });
  await tx.audit.append({
    type: 'device.status-changed',
    at: ctx.now,
    actor: ctx.actor,
    subject: `device:${change.deviceId}`,
    payload: {
      deviceId: change.deviceId,
      status: change.status,
      at: toIso(change.at),
      recordedAt: toIso(ctx.now),
      reason: change.reason,
    },
  });
}

/** Records a custody change; its recorded instant is the command's clock, whatever the caller says. */
export async function changeCustodyInTx(
  tx: Tx<'audit' | 'devices' | 'people'>,
  record: Omit<CustodyRecord, 'recordedAt'>,
  ctx: CommandContext,
): Promise<void> {
  if (record.holderId !== null && (await tx.people.get(record.holderId)) === null) {
    throw new VigilError('DEVICE_INVALID', `no person has the id ${record.holderId}`, [
      { path: 'holderId', message: 'expected the id of an existing person' },
    ]);
  }
  await tx.devices.appendCustody({ ...record, recordedAt: ctx.now });
  await tx.audit.append({
    type: 'device.custody-changed',
    at: ctx.now,
    actor: ctx.actor,
    subject: `device:${record.deviceId}`,
    payload: {
      deviceId: record.deviceId,
      holderId: record.holderId,
      location: record.location,
      at: toIso(record.at),
      recordedAt: toIso(ctx.now),
    },
  });
}

/** An inspection from its input; `id` is used when the input names none. */
export function toInspection(input: InspectionInput, id: string, now: Instant): Inspection {
  return {
    id: input.id ?? id,
    deviceId: input.deviceId,
    at: instantOr(input.at, now),
    method: input.method,
    result: input.result,
    performedBy: input.performedBy,
    notes: input.notes ?? null,
    evidence: evidenceFiles(input.evidence),
    recordedAt: now,
  };
}

/** Evidence files from validated input (dropping absent sizes). */
export function evidenceFiles(
  list: readonly { name: string; sha256: string; size?: number | undefined }[] | undefined,
): EvidenceFile[] {
  return (list ?? []).map((e) => ({
    name: e.name,
    sha256: e.sha256,
    ...(e.size === undefined ? {} : { size: e.size }),
  }));
}

/** A rotation from its input; `id` is used when the input names none. */
export function toRotation(input: z.infer<typeof rotationInputSchema>, id: string, now: Instant): Rotation {
  return {
    id: input.id ?? id,
    oldDeviceId: input.oldDeviceId,
    newDeviceId: input.newDeviceId ?? null,
    at: instantOr(input.at, now),
    performedBy: input.performedBy,
    recordedAt: now,
  };
}

export async function recordInspectionInTx(
  tx: Tx<'audit' | 'inspections'>,
  inspection: Inspection,
  ctx: CommandContext,
): Promise<void> {
  await tx.inspections.insert(inspection);
  await tx.audit.append({
    type: 'inspection.recorded',
    at: ctx.now,
    actor: ctx.actor,
    subject: `device:${inspection.deviceId}`,
    payload: {
      id: inspection.id,
      deviceId: inspection.deviceId,
      method: inspection.method,
      result: inspection.result,
      at: toIso(inspection.at),
      recordedAt: toIso(ctx.now),
    },
  });
}

export async function recordRotationInTx(
  tx: Tx<'audit' | 'rotations'>,
  rotation: Rotation,
  ctx: CommandContext,
): Promise<void> {
  await tx.rotations.insert(rotation);
  await tx.audit.append({
    type: 'rotation.recorded',
    at: ctx.now,
    actor: ctx.actor,
    subject: `device:${rotation.oldDeviceId}`,
    payload: {
      id: rotation.id,
      oldDeviceId: rotation.oldDeviceId,
      newDeviceId: rotation.newDeviceId,
      at: toIso(rotation.at),
      recordedAt: toIso(ctx.now),
    },
  });
}

/** How many posture reports a device's detail lists, newest first. */
export const POSTURE_SHOWN = 20;

/** Which view of a device to read: now (neither), or as of `asOf` and known at `knownAt` (ISO). */
export interface DeviceViewAt {
  readonly asOf?: string | undefined;
  readonly knownAt?: string | undefined;
}

/** A device with its facts; `asOf` and `knownAt` null for the view as recorded now. */
export interface DeviceDetail {
  readonly device: DeviceView;
  readonly statuses: StatusChange[];
  readonly custody: CustodyRecord[];
  readonly posture: PostureReport[];
  readonly inspections: Inspection[];
  readonly rotations: Rotation[];
  readonly asOf: Instant | null;
  readonly knownAt: Instant | null;
}

/** The facts effective at or before `at` (loaded by effective time, like an evaluation's). */
function effectiveBy(h: DeviceHistory, at: Instant): DeviceHistory {
  return {
    device: h.device,
    statuses: h.statuses.filter((s) => s.at <= at),
    custody: h.custody.filter((c) => c.at <= at),
    posture: h.posture.filter((p) => p.observedAt <= at),
    inspections: h.inspections.filter((i) => i.at <= at),
    rotations: h.rotations.filter((r) => r.at <= at),
  };
}

/**
 * Refuses a past view of a device that view could not have shown: one recorded after `knownAt`
 * (a device is known once created, known.ts) or one whose start (subjectStartInTx) is after `at`.
 */
async function existedInTx(
  tx: Tx<'assignments' | 'devices' | 'people'>,
  device: Device,
  at: Instant,
  knownAt: Instant | null,
): Promise<void> {
  if (knownAt !== null && device.createdAt > knownAt)
    throw new VigilError(
      'DEVICE_NOT_FOUND',
      `device ${device.id} was not recorded until ${toIso(device.createdAt)}, after ${toIso(knownAt)}`,
      [{ path: 'knownAt', message: 'before the device was recorded', since: toIso(device.createdAt) }],
    );
  const start = await subjectStartInTx(tx, { deviceId: device.id });
  if (start !== null && start.at > at)
    throw new VigilError(
      'DEVICE_NOT_FOUND',
      `device ${device.id} did not exist until ${toIso(start.at)}, after ${toIso(at)}`,
      [{ path: 'asOf', message: 'before the device existed', since: toIso(start.at) }],
    );
}

/** The device with this id; DEVICE_NOT_FOUND when there is none. */
export async function requireDevice(tx: Tx<'devices'>, id: string): Promise<DeviceView> {
  const device = await tx.devices.get(id);
  if (device === null) throw new VigilError('DEVICE_NOT_FOUND', `no device has the id ${id}`);
  return device;
}

export class InventoryService extends CommandService<
  | 'assignments'
  | 'audit'
  | 'corrections'
  | 'devices'
  | 'incidents'
  | 'inspections'
  | 'people'
  | 'posture'
  | 'protocols'
  | 'rotations'
> {
  createPerson(input: PersonInput, actor: string): Promise<Person> {
    const ctx = this.context(actor);
    return this.transaction((tx) => createPersonInTx(tx, input.id ?? this.ids.next('per'), input, ctx));
  }

  listPeople(): Promise<Person[]> {
    return this.transaction((tx) => tx.people.list());
  }

  async getPerson(id: string): Promise<Person> {
    const person = await this.transaction((tx) => tx.people.get(id));
    if (person === null) throw new VigilError('PERSON_NOT_FOUND', `no person has the id ${id}`);
    return person;
  }

  assignProtocol(
    personId: string,
    input: z.infer<typeof assignProtocolSchema>,
    actor: string,
  ): Promise<Person> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      const person = await tx.people.get(personId);
      if (person === null) throw new VigilError('PERSON_NOT_FOUND', `no person has the id ${personId}`);
      if (input.protocol !== null) await requireProtocol(tx, input.protocol);
      await assignInTx(tx, personId, input.protocol, instantOr(input.at, ctx.now), ctx);
      return { ...person, protocol: input.protocol };
    });
  }

  registerDevice(input: DeviceInput, actor: string): Promise<DeviceView> {
    const ctx = this.context(actor);
    return this.transaction((tx) => registerDeviceInTx(tx, input.id ?? this.ids.next('dev'), input, ctx));
  }

  listDevices(filter: DeviceFilter = {}): Promise<DeviceView[]> {
    return this.transaction((tx) => tx.devices.list(filter));
  }

  /**
   * A device with its full custody and status history, latest posture reports (at most
   * POSTURE_SHOWN) and checks, as recorded. With `asOf` T and/or `knownAt` K, its past view
   * instead: the facts effective at or before T (default now) that Vigil had recorded by K
   * (default: everything), with the corrections known at K applied, and the device's status and
   * custody as they stood at T by those facts. known.ts decides what was known (`knownHistory`),
   * as for an evaluation at (T, K).
   *
   * Refused: T or K in the future (INSTANT_IN_FUTURE); a device not recorded yet at K or not
   * begun yet at T (DEVICE_NOT_FOUND: as far as that view goes there was no such device).
   */
  async getDevice(id: string, view: DeviceViewAt = {}): Promise<DeviceDetail> {
    const now = this.clock.now();
    const past = view.asOf !== undefined || view.knownAt !== undefined;
    const at = pastInstant(view.asOf, now, 'asOf', now);
    const knownAt = view.knownAt === undefined ? null : pastInstant(view.knownAt, now, 'knownAt', now);
    return this.transaction(async (tx) => {
      const device = await requireDevice(tx, id);
      if (past) await existedInTx(tx, device, at, knownAt);
      // One after another: a transaction is one connection, which runs one query at a time.
      const statuses = await tx.devices.statuses(id);
      const custody = await tx.devices.custody(id);
      const posture = await tx.posture.listFor(id, POSTURE_SHOWN, past ? at : undefined);
      const inspections = await tx.inspections.listFor(id);
      const rotations = await tx.rotations.listFor(id);
      const recorded = { device, statuses, custody, posture, inspections, rotations };
      if (!past) return { ...recorded, asOf: null, knownAt: null };
      const corrections = knownCorrections(
        await tx.corrections.list({ deviceId: id }),
        knownAt ?? Number.POSITIVE_INFINITY,
      );
      const then = effectiveBy(recorded, at);
      const known = knownHistory(then, knownAt ?? Number.POSITIVE_INFINITY, corrections, at);
      const s = snapshotAt(known, at);
      return {
        device: {
          ...device,
          status: s.status,
          holderId: s.custody?.holderId ?? null,
          location: s.custody?.location ?? null,
        },
        statuses: [...known.statuses],
        custody: [...known.custody],
        posture: [...known.posture],
        inspections: [...known.inspections],
        rotations: [...known.rotations],
        asOf: at,
        knownAt,
      };
    });
  }

  changeCustody(
    deviceId: string,
    input: z.infer<typeof custodyInputSchema>,
    actor: string,
  ): Promise<DeviceView> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      await requireDevice(tx, deviceId);
      // Back-filled: never in the future, never before the device (or its new holder) existed.
      const subjects: Subject[] = [{ deviceId }];
      if (input.holderId !== null && (await tx.people.get(input.holderId)) !== null)
        subjects.push({ personId: input.holderId });
      const record: Omit<CustodyRecord, 'recordedAt'> = {
        deviceId,
        holderId: input.holderId,
        location: input.location ?? null,
        at: await backdatedInTx(tx, input.at, ctx.now, subjects),
        recordedBy: actor,
      };
      await changeCustodyInTx(tx, record, ctx);
      return requireDevice(tx, deviceId);
    });
  }

  changeStatus(
    deviceId: string,
    input: z.infer<typeof statusInputSchema>,
    actor: string,
  ): Promise<DeviceView> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      await requireDevice(tx, deviceId);
      // Only closing its incident releases a quarantined device (incident.service.ts).
      const incidents = await tx.incidents.openFor(deviceId);
      if (incidents.length > 0) {
        throw new VigilError(
          'DEVICE_QUARANTINED',
          `device ${deviceId} is quarantined by incident ${incidents.join(', ')}; close the incident to release it`,
        );
      }
      const change: Omit<StatusChange, 'recordedAt'> = {
        deviceId,
        status: input.status,
        at: await backdatedInTx(tx, input.at, ctx.now, [{ deviceId }]),
        reason: input.reason ?? null,
      };
      await changeStatusInTx(tx, change, ctx);
      return requireDevice(tx, deviceId);
    });
  }

  recordInspection(input: InspectionInput, actor: string): Promise<Inspection> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      await requireDevice(tx, input.deviceId);
      const at = await backdatedInTx(tx, input.at, ctx.now, [{ deviceId: input.deviceId }]);
      const inspection = { ...toInspection(input, this.ids.next('ins'), ctx.now), at };
      await recordInspectionInTx(tx, inspection, ctx);
      return inspection;
    });
  }

  recordRotation(input: z.infer<typeof rotationInputSchema>, actor: string): Promise<Rotation> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      await requireDevice(tx, input.oldDeviceId);
      if (input.newDeviceId != null) await requireDevice(tx, input.newDeviceId);
      const at = await backdatedInTx(tx, input.at, ctx.now, [{ deviceId: input.oldDeviceId }]);
      const rotation = { ...toRotation(input, this.ids.next('rot'), ctx.now), at };
      await recordRotationInTx(tx, rotation, ctx);
      return rotation;
    });
  }
}
