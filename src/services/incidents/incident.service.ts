/**
 * Incidents: declare, work the containment playbook, close. Each command is one transaction:
 * the incident's new state, its timeline entries, the device status changes it implies
 * (quarantine on declaration, release on close), their audit events and the notices, together.
 * The `…InTx` functions are exported for the demo office, which records a past incident.
 */
import { VigilError } from '../../core/errors.ts';
import {
  applyIncidentCommand,
  type Incident,
  type IncidentCommand,
  involvedActors,
  openIncident,
  playbookOf,
  type Transition,
} from '../../core/lifecycle/incident.ts';
import type { Person } from '../../core/model.ts';
import { type Instant, toIso } from '../../core/time.ts';
import { changeStatusInTx } from '../inventory/inventory.service.ts';
import { type CommandContext, CommandService, type Tx } from '../kernel/command-service.ts';
import { backdatedInTx, effectiveInstant, instantOr } from '../kernel/instant.ts';
import { compileInForce } from '../protocols/protocol.service.ts';
import { personOfActor } from '../waivers/waiver.service.ts';
import type { IncidentFilter } from './ports.ts';
import type { IncidentCloseInput, IncidentInput, IncidentStepInput } from './schemas.ts';

/** The protocol name governing a person: their own, else their principal's. */
export async function governingProtocolName(tx: Tx<'people'>, person: Person | null): Promise<string | null> {
  if (person === null) return null;
  if (person.protocol !== null || person.principalId === null) return person.protocol;
  return (await tx.people.get(person.principalId))?.protocol ?? null;
}

/** Applies the status changes a transition caused, effective when the transition took effect. */
async function applyEffects(
  tx: Tx<'audit' | 'devices'>,
  t: Transition,
  at: Instant,
  ctx: CommandContext,
): Promise<void> {
  for (const e of t.effects) {
    await changeStatusInTx(tx, { deviceId: e.deviceId, status: e.status, at, reason: e.reason }, ctx);
  }
}

/** The effective instant of a step or close: given (back-filled) or now, never in the future. */
const commandInstant = (given: string | undefined, ctx: CommandContext): Instant =>
  effectiveInstant(instantOr(given, ctx.now), ctx.now);

export async function openIncidentInTx(
  tx: Tx<
    'assignments' | 'audit' | 'devices' | 'incidents' | 'inspections' | 'outbox' | 'people' | 'protocols'
  >,
  id: string,
  input: IncidentInput,
  ctx: CommandContext,
): Promise<Incident> {
  // Back-filled: never in the future, never before a device or person it names existed.
  const at = await backdatedInTx(tx, input.at, ctx.now, [
    ...input.deviceIds.map((deviceId) => ({ deviceId })),
    ...(input.personIds ?? []).map((personId) => ({ personId })),
  ]);
  const devices = [];
  const holders: string[] = [];
  for (const deviceId of input.deviceIds) {
    const device = await tx.devices.get(deviceId);
    if (device === null) {
      throw new VigilError('INCIDENT_INVALID', `no device has the id ${deviceId}`, [
        { path: 'deviceIds', message: `unknown device ${deviceId}` },
      ]);
    }
    const open = await tx.incidents.openFor(deviceId);
    if (open.length > 0) {
      throw new VigilError('INCIDENT_INVALID', `device ${deviceId} is already under incident ${open[0]}`, [
        { path: 'deviceIds', message: `device ${deviceId} is under open incident ${open.join(', ')}` },
      ]);
    }
    // The status and holder when the incident took effect (a back-filled one names the past's).
    let priorStatus = device.status;
    let holderId = device.holderId;
    if (at < ctx.now) {
      priorStatus = null;
      for (const s of await tx.devices.statuses(deviceId)) if (s.at <= at) priorStatus = s.status;
      holderId = null;
      for (const c of await tx.devices.custody(deviceId)) if (c.at <= at) holderId = c.holderId;
    }
    devices.push({ deviceId, priorStatus });
    if (holderId !== null) holders.push(holderId);
  }
  const inspectionId = input.inspectionId ?? null;
  if (inspectionId !== null) {
    // The check that raised it must be of one of its devices (inspection.failed reads this link).
    // One after another: a transaction is one connection, which runs one query at a time.
    const checks = [];
    for (const d of devices) checks.push(await tx.inspections.listFor(d.deviceId));
    if (!checks.flat().some((i) => i.id === inspectionId)) {
      throw new VigilError('INCIDENT_INVALID', `no check of these devices has the id ${inspectionId}`, [
        { path: 'inspectionId', message: 'expected a security check of one of the devices' },
      ]);
    }
  }
  const personIds = input.personIds ?? holders;
  const people: Person[] = [];
  for (const personId of personIds) {
    const person = await tx.people.get(personId);
    if (person === null) {
      throw new VigilError('INCIDENT_INVALID', `no person has the id ${personId}`, [
        { path: 'personIds', message: `unknown person ${personId}` },
      ]);
    }
    people.push(person);
  }
  // The playbook of the protocol governing the first person concerned (the default otherwise).
  const protocolName = await governingProtocolName(tx, people[0] ?? null);
  const protocol =
    protocolName === null
      ? null
      : (compileInForce(await tx.protocols.listVersions(), at).get(protocolName) ?? null);
  const t = openIncident(
    {
      id,
      compromise: input.compromise,
      severity: input.severity ?? (input.compromise === 'confirmed' ? 'critical' : 'high'),
      summary: input.summary,
      devices,
      personIds,
      inspectionId,
      playbook: playbookOf(protocol),
    },
    at,
    ctx.actor,
    ctx.now,
  );
  const incident = t.state;
  await tx.incidents.insert(incident);
  await tx.audit.append({
    type: 'incident.opened',
    at: ctx.now,
    actor: ctx.actor,
    subject: `incident:${id}`,
    payload: {
      id,
      compromise: incident.compromise,
      severity: incident.severity,
      deviceIds: devices.map((d) => d.deviceId),
      personIds: incident.personIds,
      steps: incident.steps.map((s) => s.id),
      at: toIso(at),
      recordedAt: toIso(ctx.now),
    },
  });
  await applyEffects(tx, t, at, ctx);
  const data = { incidentId: id, deviceIds: devices.map((d) => d.deviceId), severity: incident.severity };
  await tx.outbox.enqueue({
    key: `incident-opened:${id}`,
    kind: 'incident.opened',
    audience: { role: 'officer' },
    subject: `Incident ${id}: ${incident.compromise} compromise (${incident.severity})`,
    text: `${incident.summary}\n\nDevices quarantined: ${data.deviceIds.join(', ')}.\nDeclared by ${ctx.actor}.`,
    data,
    notBefore: ctx.now,
    createdAt: ctx.now,
  });
  for (const step of incident.steps) {
    await tx.outbox.enqueue({
      key: `incident-step:${id}:${step.id}`,
      kind: 'incident.step-assigned',
      audience: step.owner,
      subject: `Incident ${id}: ${step.title}`,
      text: `You own this containment step of incident ${id}: ${step.title}.`,
      data: { ...data, stepId: step.id },
      notBefore: ctx.now,
      createdAt: ctx.now,
    });
  }
  return incident;
}

async function requireIncident(tx: Tx<'incidents'>, id: string): Promise<Incident> {
  const incident = await tx.incidents.get(id, { forUpdate: true });
  if (incident === null) throw new VigilError('INCIDENT_NOT_FOUND', `no incident has the id ${id}`);
  return incident;
}

export async function updateStepInTx(
  tx: Tx<'audit' | 'incidents' | 'outbox'>,
  id: string,
  stepId: string,
  input: IncidentStepInput,
  ctx: CommandContext,
): Promise<Incident> {
  const before = await requireIncident(tx, id);
  const command: IncidentCommand = {
    kind: 'step',
    stepId,
    status: input.status,
    reason: input.reason ?? null,
  };
  const at = commandInstant(input.at, ctx);
  const t = applyIncidentCommand(before, command, at, ctx.actor, ctx.now);
  await tx.incidents.update(t.state, before);
  const from = before.steps.find((s) => s.id === stepId)?.status ?? 'pending';
  await tx.audit.append({
    type: 'incident.step-updated',
    at: ctx.now,
    actor: ctx.actor,
    subject: `incident:${id}`,
    payload: {
      id,
      stepId,
      from,
      to: input.status,
      reason: input.reason ?? null,
      incidentStatus: t.state.status,
      at: toIso(at),
      recordedAt: toIso(ctx.now),
    },
  });
  if (t.state.status === 'contained' && before.status !== 'contained') {
    await tx.outbox.enqueue({
      key: `incident-contained:${id}`,
      kind: 'incident.contained',
      audience: { role: 'officer' },
      subject: `Incident ${id} is contained`,
      text: `Every containment step of incident ${id} is done or skipped; it can be closed.`,
      data: { incidentId: id },
      notBefore: ctx.now,
      createdAt: ctx.now,
    });
  }
  return t.state;
}

export async function closeIncidentInTx(
  tx: Tx<'audit' | 'devices' | 'incidents' | 'outbox' | 'tokens' | 'users'>,
  id: string,
  input: IncidentCloseInput,
  ctx: CommandContext,
  /** The person behind the credential closing it (else the actor's), recorded in the audit event. */
  personId?: string,
): Promise<Incident> {
  const before = await requireIncident(tx, id);
  const at = commandInstant(input.at, ctx);
  // The people behind the actors, resolved now: a timeline records actors, and a credential's
  // person never changes once linked. Actors with no person (scans, connectors) are no one.
  const closerPersonId = personId ?? (await personOfActor(tx, ctx.actor));
  const involvedPersonIds: string[] = [];
  for (const actor of involvedActors(before)) {
    const person = await personOfActor(tx, actor);
    if (person !== null) involvedPersonIds.push(person);
  }
  const t = applyIncidentCommand(
    before,
    {
      kind: 'close',
      resolution: input.resolution,
      note: input.note ?? null,
      closerPersonId,
      involvedPersonIds,
    },
    at,
    ctx.actor,
    ctx.now,
  );
  await tx.incidents.update(t.state, before);
  await tx.audit.append({
    type: 'incident.closed',
    at: ctx.now,
    actor: ctx.actor,
    subject: `incident:${id}`,
    payload: {
      id,
      resolution: input.resolution,
      note: t.state.closingNote,
      ...(closerPersonId === null ? {} : { personId: closerPersonId }),
      devices: t.effects.map((e) => ({ deviceId: e.deviceId, status: e.status })),
      at: toIso(at),
      recordedAt: toIso(ctx.now),
    },
  });
  await applyEffects(tx, t, at, ctx);
  await tx.outbox.enqueue({
    key: `incident-closed:${id}`,
    kind: 'incident.closed',
    audience: { role: 'officer' },
    subject: `Incident ${id} closed: ${input.resolution}`,
    text: `Incident ${id} was closed by ${ctx.actor} (${input.resolution}).${t.state.closingNote === null ? '' : `\n\n${t.state.closingNote}`}`,
    data: { incidentId: id, resolution: input.resolution },
    notBefore: ctx.now,
    createdAt: ctx.now,
  });
  return t.state;
}

export class IncidentService extends CommandService<
  | 'assignments'
  | 'audit'
  | 'devices'
  | 'incidents'
  | 'inspections'
  | 'outbox'
  | 'people'
  | 'protocols'
  | 'tokens'
  | 'users'
> {
  open(input: IncidentInput, actor: string): Promise<Incident> {
    const ctx = this.context(actor);
    return this.transaction((tx) => openIncidentInTx(tx, input.id ?? this.ids.next('inc'), input, ctx));
  }

  updateStep(id: string, stepId: string, input: IncidentStepInput, actor: string): Promise<Incident> {
    const ctx = this.context(actor);
    return this.transaction((tx) => updateStepInTx(tx, id, stepId, input, ctx));
  }

  /**
   * Closing releases quarantined devices, so whoever closes must be accountable: `personId` is
   * the person behind the credential (an API token or user, or the user the CLI names), and
   * one linked to none (a token or user from before credentials belonged to people) is refused
   * with PERSON_REQUIRED. It is a two-person rule: that person never declared the incident nor
   * recorded one of its steps (INCIDENT_SAME_PERSON). Omitted: the actor's person, if any.
   */
  async close(
    id: string,
    input: IncidentCloseInput,
    actor: string,
    personId?: string | null,
  ): Promise<Incident> {
    if (personId === null) {
      throw new VigilError('PERSON_REQUIRED', 'closing an incident needs a credential linked to a person');
    }
    const ctx = this.context(actor);
    return this.transaction((tx) => closeIncidentInTx(tx, id, input, ctx, personId ?? undefined));
  }

  list(filter: IncidentFilter = {}): Promise<Incident[]> {
    return this.transaction((tx) => tx.incidents.list(filter));
  }

  async get(id: string): Promise<Incident> {
    const incident = await this.transaction((tx) => tx.incidents.get(id));
    if (incident === null) throw new VigilError('INCIDENT_NOT_FOUND', `no incident has the id ${id}`);
    return incident;
  }

  /**
   * Per incident id, the people who declared it or recorded one of its steps: the people the
   * two-person rule keeps from closing it (so the dashboard offers Close to no one of them).
   */
  involvedPeople(incidents: readonly Incident[]): Promise<Map<string, string[]>> {
    return this.transaction(async (tx) => {
      const personOf = new Map<string, string | null>();
      const out = new Map<string, string[]>();
      for (const i of incidents) {
        const people = new Set<string>();
        for (const actor of involvedActors(i)) {
          if (!personOf.has(actor)) personOf.set(actor, await personOfActor(tx, actor));
          const person = personOf.get(actor);
          if (person != null) people.add(person);
        }
        out.set(i.id, [...people].sort());
      }
      return out;
    });
  }
}
