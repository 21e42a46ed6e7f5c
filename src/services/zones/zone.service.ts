/**
 * Secure zones: detections posted by sensors and check-points (the `ingest` role), the
 * facilities in force, and staff acknowledgements of facility policies. Each command is one
 * transaction with its audit event; a detection that breaks a facility's ban also notifies the
 * security officers.
 */
import { VigilError } from '../../core/errors.ts';
import { acknowledgementVersion } from '../../core/lifecycle/acknowledgement.ts';
import {
  banningPolicy,
  classifyDetection,
  normalizeIdentifier,
  policyVersionOf,
} from '../../core/lifecycle/zone.ts';
import type { Acknowledgement } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { governingInTx } from '../compliance/compliance.service.ts';
import { governingProtocolName } from '../incidents/incident.service.ts';
import type { CommandContext } from '../kernel/command-service.ts';
import { CommandService, type Tx } from '../kernel/command-service.ts';
import { backdatedInTx } from '../kernel/instant.ts';
import type { Role } from '../kernel/ports.ts';
import { compileInForce } from '../protocols/protocol.service.ts';
import type { DetectionFilter, StoredDetection } from './ports.ts';
import type { AcknowledgementInput, DetectionInput } from './schemas.ts';

/** Who is calling, as far as acknowledgements care: staff may act only for themselves. */
export interface ZoneCaller {
  readonly actor: string;
  readonly role: Role;
  readonly personId: string | null;
}

export async function recordDetectionInTx(
  tx: Tx<'assignments' | 'audit' | 'devices' | 'outbox' | 'people' | 'protocols' | 'zones'>,
  id: string,
  input: DetectionInput,
  ctx: CommandContext,
): Promise<StoredDetection & { violation: boolean }> {
  const identifier = normalizeIdentifier(input.identifier);
  // A back-filled sighting: never in the future (checked before any read), never before the
  // device it names existed (an unknown identifier names none).
  await backdatedInTx(tx, input.at, ctx.now, []);
  const knownId = await tx.zones.deviceByIdentifier(identifier);
  const at = await backdatedInTx(tx, input.at, ctx.now, knownId === null ? [] : [{ deviceId: knownId }]);
  const declared = compileInForce(await tx.protocols.listVersions(), at);
  if (![...declared.values()].some((p) => p.facilities.some((f) => f.id === input.facility))) {
    throw new VigilError(
      'DETECTION_INVALID',
      `no protocol in force declares the facility ${input.facility}`,
      [{ path: 'facility', message: 'expected a facility named in a protocol (GET /zones)' }],
    );
  }
  const deviceId = knownId;
  const device = deviceId === null ? null : await tx.devices.get(deviceId);
  let personId: string | null = null;
  if (deviceId !== null) {
    // The holder when the device was seen, not now.
    for (const c of await tx.devices.custody(deviceId)) if (c.at <= at) personId = c.holderId;
  }
  const detection: StoredDetection = {
    id,
    facility: input.facility,
    at,
    identifier,
    deviceId,
    personId,
    source: input.source ?? ctx.actor,
    receivedAt: ctx.now,
    recordedAt: ctx.now,
  };
  await tx.zones.insertDetections([detection]);
  // The facilities in force at `at` exactly as an evaluation as of `at` sees them.
  const policy = banningPolicy((await governingInTx(tx, at)).facilities.get(input.facility));
  const violation = classifyDetection(policy, device) === 'violation';
  await tx.audit.append({
    type: 'detection.recorded',
    at: ctx.now,
    actor: ctx.actor,
    subject: `facility:${input.facility}`,
    payload: {
      id,
      facility: input.facility,
      identifier,
      at: toIso(at),
      recordedAt: toIso(ctx.now),
      deviceId,
      personId,
      violation,
    },
  });
  if (violation && policy !== null) {
    const what =
      device === null
        ? `An unknown device (${identifier})`
        : `A personal device (${device.model}, ${deviceId})`;
    await tx.outbox.enqueue({
      key: `zone-violation:${id}`,
      kind: 'zone.violation',
      audience: { role: 'officer' },
      subject: `Personal device in ${policy.title}`,
      text: `${what} was seen in ${policy.title} at ${toIso(at)} by ${detection.source}${personId === null ? '' : `; it is held by ${personId}`}. The ${policy.version} policy bans personal devices there.`,
      data: { detectionId: id, facility: input.facility, identifier, deviceId, personId, at: toIso(at) },
      notBefore: ctx.now,
      createdAt: ctx.now,
    });
  }
  return { ...detection, violation };
}

export async function acknowledgeInTx(
  tx: Tx<'assignments' | 'audit' | 'devices' | 'people' | 'protocols' | 'zones'>,
  personId: string,
  input: AcknowledgementInput,
  ctx: CommandContext,
): Promise<{ acknowledgement: Acknowledgement; created: boolean }> {
  const person = await tx.people.get(personId);
  if (person === null) throw new VigilError('PERSON_NOT_FOUND', `no person has the id ${personId}`);
  // Back-filled: when they accepted it (never in the future, never before they existed); the
  // version they accepted must be the one in force then.
  const at = await backdatedInTx(tx, input.at, ctx.now, [{ personId }]);
  const name = await governingProtocolName(tx, person);
  const protocol =
    name === null ? null : (compileInForce(await tx.protocols.listVersions(), at).get(name) ?? null);
  const policyVersion = acknowledgementVersion(protocol, input.facility, input.policyVersion ?? null);
  const acknowledgement: Acknowledgement = {
    personId,
    facility: input.facility,
    policyVersion,
    at,
    recordedAt: ctx.now,
  };
  const created = await tx.zones.acknowledge(acknowledgement, ctx.actor);
  if (!created) {
    const existing = (await tx.zones.listAcknowledgements({ personId, facility: input.facility })).find(
      (a) => a.policyVersion === policyVersion,
    );
    return { acknowledgement: existing ?? acknowledgement, created: false };
  }
  await tx.audit.append({
    type: 'acknowledgement.recorded',
    at: ctx.now,
    actor: ctx.actor,
    subject: `person:${personId}`,
    payload: { personId, facility: input.facility, policyVersion, at: toIso(at), recordedAt: toIso(ctx.now) },
  });
  return { acknowledgement, created: true };
}

/** Whose acknowledgement a caller may record or read: staff only their own. */
function subjectOf(caller: ZoneCaller, personId: string | undefined): string {
  if (caller.role === 'staff') {
    if (caller.personId === null) throw new VigilError('AUTH_FORBIDDEN', 'this staff token names no person');
    if (personId !== undefined && personId !== caller.personId) {
      throw new VigilError('AUTH_FORBIDDEN', 'staff may acknowledge only for themselves');
    }
    return caller.personId;
  }
  if (personId === undefined) {
    throw new VigilError('VALIDATION_FAILED', 'personId is required when acknowledging on someone’s behalf', [
      { path: 'personId', message: 'expected the id of the person acknowledging' },
    ]);
  }
  return personId;
}

export class ZoneService extends CommandService<
  'assignments' | 'audit' | 'devices' | 'outbox' | 'people' | 'protocols' | 'zones'
> {
  recordDetection(input: DetectionInput, actor: string) {
    const ctx = { actor, now: this.clock.now() };
    return this.transaction((tx) => recordDetectionInTx(tx, this.ids.next('det'), input, ctx));
  }

  listDetections(filter: DetectionFilter = {}): Promise<StoredDetection[]> {
    return this.transaction((tx) => tx.zones.listDetections(filter));
  }

  /** Every facility declared by a protocol in force now, one row per protocol declaring it. */
  zones() {
    return this.transaction(async (tx) => {
      const compiled = compileInForce(await tx.protocols.listVersions(), this.clock.now());
      return [...compiled.values()]
        .flatMap((p) =>
          p.facilities.map((f) => ({
            facility: f.id,
            title: f.title,
            protocol: p.name,
            personalDevices: f.personalDevices,
            acknowledgement: f.acknowledgement,
            policyVersion: policyVersionOf(p, f),
          })),
        )
        .sort((a, b) => a.facility.localeCompare(b.facility) || a.protocol.localeCompare(b.protocol));
    });
  }

  async acknowledge(input: AcknowledgementInput, caller: ZoneCaller) {
    const ctx = { actor: caller.actor, now: this.clock.now() };
    const personId = subjectOf(caller, input.personId);
    return this.transaction((tx) => acknowledgeInTx(tx, personId, input, ctx));
  }

  async listAcknowledgements(filter: { personId?: string; facility?: string }, caller: ZoneCaller) {
    const personId = caller.role === 'staff' ? subjectOf(caller, filter.personId) : filter.personId;
    const f = { ...filter, ...(personId === undefined ? {} : { personId }) };
    return this.transaction((tx) => tx.zones.listAcknowledgements(f));
  }
}
