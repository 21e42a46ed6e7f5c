/**
 * Workflows: swaps, refusals, waivers and the schedule. Each command is one transaction: it
 * reads the facts the pure state machine needs (core/lifecycle), applies the transition, stores
 * the new state and its history row, records what the transition caused (custody, status,
 * rotation, check, refusal) through the inventory functions, and appends the audit events.
 */
import { protocolFor } from '../../core/compliance/evaluate.ts';
import { RULES } from '../../core/compliance/registry.ts';
import { VigilError } from '../../core/errors.ts';
import type { Outcome } from '../../core/lifecycle/outcome.ts';
import { type ScheduleItem, schedule } from '../../core/lifecycle/plan.ts';
import { ruleForAction } from '../../core/lifecycle/refusal.ts';
import {
  applySwap,
  type Custody,
  type DeviceFacts,
  planSwap,
  type Swap,
  type SwapCommand,
  type SwapEffect,
  type SwapStep,
} from '../../core/lifecycle/swap.ts';
import {
  applyWaiver,
  requestWaiver,
  type WaiverCommand,
  type WaiverPolicy,
  type WaiverRecord,
  type WaiverStep,
} from '../../core/lifecycle/waiver.ts';
import { type Instant, toIso } from '../../core/time.ts';
import { peopleAt } from '../compliance/compliance.service.ts';
import {
  type CommandContext,
  changeCustodyInTx,
  changeStatusInTx,
  evidenceFiles,
  recordInspectionInTx,
  recordRotationInTx,
} from '../inventory/inventory.service.ts';
import type { DeviceView } from '../inventory/ports.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, IdSource, Repositories, UnitOfWork } from '../kernel/ports.ts';
import type { ReasonInput } from '../kernel/schemas.ts';
import { compileInForce } from '../protocols/protocol.service.ts';
import type { RefusalFilter, RefusalRecord } from '../refusals/ports.ts';
import type { RefusalInput } from '../refusals/schemas.ts';
import type { WaiverFilter } from '../waivers/ports.ts';
import type { WaiverRequestInput } from '../waivers/schemas.ts';
import type { SwapFilter } from './ports.ts';
import type {
  CustodyStepInput,
  SwapDeclineInput,
  SwapExamineInput,
  SwapPlanInput,
  SwapStageInput,
} from './schemas.ts';

type Tx = Repositories;

/** Who approves: the audit identity and the role they act in. */
export interface Approver {
  readonly actor: string;
  readonly role: string;
  /** The person behind the credential (token or user), if linked: self-approval is by person. */
  readonly personId?: string | null;
}

/**
 * The person behind an audit actor, when its credential is linked to one: `token:<id>` (the
 * token's personId) or `user:<username>` (the dashboard user's). Other actors (cli, system) have none.
 */
async function personOfActor(tx: Tx, actor: string): Promise<string | null> {
  if (actor.startsWith('token:'))
    return (await tx.tokens.get(actor.slice('token:'.length)))?.personId ?? null;
  if (actor.startsWith('user:'))
    return (await tx.users.getByUsername(actor.slice('user:'.length)))?.personId ?? null;
  return null;
}

const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new VigilError(outcome.error.code, outcome.error.message);
  return outcome.value;
}

async function requireDevice(tx: Tx, id: string): Promise<DeviceView> {
  const device = await tx.devices.get(id);
  if (device === null) throw new VigilError('DEVICE_NOT_FOUND', `no device has the id ${id}`);
  return device;
}

function factsOf(d: DeviceView): DeviceFacts {
  return {
    id: d.id,
    ownership: d.ownership,
    status: d.status,
    custody:
      d.holderId === null && d.location === null ? null : { holderId: d.holderId, location: d.location },
  };
}

/** A custody from input; an unknown holder is CUSTODY_INVALID. Undefined when the input names neither. */
async function custodyFrom(tx: Tx, input: CustodyStepInput): Promise<Custody | undefined> {
  const holderId = input.holderId ?? null;
  const location = input.location ?? null;
  if (holderId === null && location === null) return undefined;
  if (holderId !== null && (await tx.people.get(holderId)) === null) {
    throw new VigilError('CUSTODY_INVALID', `no person has the id ${holderId}`, [
      { path: 'holderId', message: 'expected the id of an existing person' },
    ]);
  }
  return { holderId, location };
}

/** The protocols in force at `at` and people as they stood then. */
async function governing(tx: Tx, at: Instant) {
  // One after another: a transaction is one connection, which runs one query at a time.
  const people = await tx.people.list();
  const assignments = await tx.assignments.list(at);
  const versions = await tx.protocols.listVersions();
  return { people: peopleAt(people, assignments, at), protocols: compileInForce(versions, at) };
}

async function recordRefusalInTx(tx: Tx, refusal: RefusalRecord, ctx: CommandContext): Promise<void> {
  await tx.refusals.insert(refusal);
  await tx.audit.append({
    type: 'refusal.recorded',
    at: ctx.now,
    actor: ctx.actor,
    subject: `person:${refusal.personId}`,
    payload: {
      id: refusal.id,
      personId: refusal.personId,
      deviceId: refusal.deviceId,
      action: refusal.action,
      rule: refusal.rule,
      at: toIso(refusal.at),
      reason: refusal.reason,
    },
  });
}

/** Records the facts a swap transition caused, through the inventory (each with its event). */
async function applyEffects(tx: Tx, swapId: string, effects: readonly SwapEffect[], ctx: CommandContext) {
  for (const e of effects) {
    switch (e.kind) {
      case 'custody':
        await changeCustodyInTx(tx, e.record, ctx);
        break;
      case 'status':
        await changeStatusInTx(tx, e.change, ctx);
        break;
      case 'rotation':
        await recordRotationInTx(tx, e.rotation, ctx);
        break;
      case 'inspection':
        await recordInspectionInTx(tx, e.inspection, ctx);
        break;
      case 'refusal':
        await recordRefusalInTx(tx, { ...e.refusal, recordedAt: ctx.now, swapId }, ctx);
        break;
    }
  }
}

/** Stores a swap step: state row, history row, caused facts, and the audit event (last). */
export async function storeSwapStepInTx(tx: Tx, step: SwapStep, ctx: CommandContext): Promise<Swap> {
  const { swap, transition } = step;
  if (transition.from === null) await tx.swaps.insert(swap, transition);
  else await tx.swaps.apply(swap, transition);
  await applyEffects(tx, swap.id, step.effects, ctx);
  if (transition.from === null) {
    await tx.audit.append({
      type: 'swap.planned',
      at: ctx.now,
      actor: ctx.actor,
      subject: `swap:${swap.id}`,
      payload: {
        swapId: swap.id,
        oldDeviceId: swap.oldDeviceId,
        personId: swap.personId,
        dueAt: swap.dueAt === null ? null : toIso(swap.dueAt),
        stageBy: swap.stageBy === null ? null : toIso(swap.stageBy),
      },
    });
  } else {
    await tx.audit.append({
      type: 'swap.transitioned',
      at: ctx.now,
      actor: ctx.actor,
      subject: `swap:${swap.id}`,
      payload: {
        swapId: swap.id,
        from: transition.from,
        to: transition.to,
        command: transition.command,
        details: transition.details,
      },
    });
  }
  return swap;
}

/** Stores a waiver step: state row, history row, and its audit event. */
export async function storeWaiverStepInTx(
  tx: Tx,
  step: WaiverStep,
  ctx: CommandContext,
): Promise<WaiverRecord> {
  const { waiver: w, transition } = step;
  if (transition.from === null) await tx.waivers.insert(w, transition);
  else await tx.waivers.apply(w, transition);
  const base = { at: ctx.now, actor: ctx.actor, subject: `waiver:${w.id}` };
  switch (transition.command) {
    case 'request':
      await tx.audit.append({
        ...base,
        type: 'waiver.requested',
        payload: {
          id: w.id,
          rule: w.rule,
          scope: { ...w.scope },
          startsAt: toIso(w.startsAt),
          expiresAt: toIso(w.expiresAt),
        },
      });
      break;
    case 'approve':
      await tx.audit.append({
        ...base,
        type: 'waiver.approved',
        payload: { id: w.id, approvedBy: w.approvedBy, role: transition.details.role },
      });
      break;
    case 'reject':
    case 'revoke':
      await tx.audit.append({
        ...base,
        type: transition.command === 'reject' ? 'waiver.rejected' : 'waiver.revoked',
        payload: { id: w.id, reason: w.endReason },
      });
      break;
  }
  return w;
}

/** The waiver policy of the protocol governing a scope now: the person's (or the device holder's). */
export async function waiverPolicyInTx(
  tx: Tx,
  scope: WaiverRecord['scope'],
  at: Instant,
): Promise<{ exists: boolean; policy: WaiverPolicy | null }> {
  let personId: string | null;
  if ('deviceId' in scope) {
    const device = await tx.devices.get(scope.deviceId);
    if (device === null) return { exists: false, policy: null };
    personId = device.holderId;
  } else {
    personId = scope.personId;
    if ((await tx.people.get(personId)) === null) return { exists: false, policy: null };
  }
  if (personId === null) return { exists: true, policy: null };
  const { people, protocols } = await governing(tx, at);
  const protocol = protocolFor(people.get(personId) ?? null, people, protocols);
  return { exists: true, policy: protocol?.waivers ?? null };
}

export class WorkflowService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;

  constructor(deps: { uow: UnitOfWork; clock: Clock; ids: IdSource }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
  }

  #ctx(actor: string): CommandContext {
    return { actor, now: this.#clock.now() };
  }

  // ------------------------------------------------------------------ swaps

  /** Plans a swap; due and stage-by dates default to the device's schedule under its protocol. */
  planSwap(input: SwapPlanInput, actor: string): Promise<Swap> {
    const ctx = this.#ctx(actor);
    return this.#uow.run(async (tx) => {
      const device = await requireDevice(tx, input.deviceId);
      if ((await tx.swaps.list({ open: true, deviceId: device.id })).length > 0) {
        throw new VigilError('SWAP_EXISTS', `device ${device.id} already has a swap in progress`);
      }
      let dueAt = input.dueAt === undefined ? null : instantOr(input.dueAt, ctx.now);
      let stageBy = input.stageBy === undefined ? null : instantOr(input.stageBy, ctx.now);
      if (dueAt === null || stageBy === null) {
        const due = (await this.#scheduleDevice(tx, device, ctx.now)).find((i) => i.kind === 'swap');
        dueAt ??= due?.dueAt ?? null;
        stageBy ??= due?.stageBy ?? null;
      }
      const step = unwrap(
        planSwap(
          { id: input.id ?? this.#ids.next('swp'), oldDevice: factsOf(device), dueAt, stageBy, actor },
          ctx.now,
        ),
      );
      return storeSwapStepInTx(tx, step, ctx);
    });
  }

  async #scheduleDevice(tx: Tx, device: DeviceView, at: Instant): Promise<ScheduleItem[]> {
    const statuses = await tx.devices.statuses(device.id);
    const custody = await tx.devices.custody(device.id);
    const inspections = await tx.inspections.listFor(device.id);
    const rotations = await tx.rotations.listFor(device.id);
    const { people, protocols } = await governing(tx, at);
    const { status: _s, holderId: _h, location: _l, ...bare } = device;
    return schedule(
      {
        devices: [{ device: bare, statuses, custody, inspections, rotations, posture: [] }],
        people,
        protocols,
      },
      at,
    );
  }

  /** Runs one command on a swap (its row locked for the transaction). */
  #step(
    id: string,
    actor: string,
    build: (swap: Swap, tx: Tx, ctx: CommandContext) => Promise<SwapCommand>,
  ): Promise<Swap> {
    const ctx = this.#ctx(actor);
    return this.#uow.run(async (tx) => {
      const swap = await tx.swaps.get(id, true);
      if (swap === null) throw new VigilError('SWAP_NOT_FOUND', `no swap has the id ${id}`);
      const cmd = await build(swap, tx, ctx);
      return storeSwapStepInTx(tx, unwrap(applySwap(swap, cmd, ctx.now)), ctx);
    });
  }

  /** Current statuses of the devices a swap involves. */
  async #statuses(tx: Tx, swap: Swap, extra?: DeviceView): Promise<Record<string, DeviceView['status']>> {
    const out: Record<string, DeviceView['status']> = {};
    for (const id of [swap.oldDeviceId, swap.newDeviceId]) {
      if (id !== null) out[id] = (await tx.devices.get(id))?.status ?? null;
    }
    if (extra !== undefined) out[extra.id] = extra.status;
    return out;
  }

  stageSwap(id: string, input: SwapStageInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => {
      const replacement = await requireDevice(tx, input.newDeviceId);
      const taken = (await tx.swaps.list({ open: true, deviceId: replacement.id })).filter(
        (s) => s.id !== swap.id,
      );
      if (taken.length > 0) {
        throw new VigilError(
          'SWAP_EXISTS',
          `device ${replacement.id} is already part of swap ${taken[0]?.id}`,
        );
      }
      const custody = await custodyFrom(tx, input);
      return {
        type: 'stage',
        actor,
        statuses: await this.#statuses(tx, swap, replacement),
        replacement: factsOf(replacement),
        ...(custody === undefined ? {} : { custody }),
      };
    });
  }

  handOver(id: string, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => ({
      type: 'handover',
      actor,
      statuses: await this.#statuses(tx, swap),
      rotationId: this.#ids.next('rot'),
    }));
  }

  collect(id: string, input: CustodyStepInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => {
      const custody = await custodyFrom(tx, input);
      if (custody === undefined) {
        throw new VigilError(
          'CUSTODY_INVALID',
          'say who takes the old device (holderId) or where it is stored (location)',
        );
      }
      return { type: 'collect', actor, statuses: await this.#statuses(tx, swap), custody };
    });
  }

  examine(id: string, input: SwapExamineInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => ({
      type: 'examine',
      actor,
      statuses: await this.#statuses(tx, swap),
      inspection: {
        id: this.#ids.next('ins'),
        method: input.method,
        result: input.result,
        notes: input.notes ?? null,
        evidence: evidenceFiles(input.evidence),
      },
    }));
  }

  wipe(id: string, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => ({
      type: 'wipe',
      actor,
      statuses: await this.#statuses(tx, swap),
    }));
  }

  /** Keeps the old device as evidence where it was collected to (move it first with custody if needed). */
  retain(id: string, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => ({
      type: 'retain',
      actor,
      statuses: await this.#statuses(tx, swap),
    }));
  }

  decline(id: string, input: SwapDeclineInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => {
      const declinedBy = input.declinedBy ?? swap.personId;
      if ((await tx.people.get(declinedBy)) === null) {
        throw new VigilError('REFUSAL_INVALID', `no person has the id ${declinedBy}`, [
          { path: 'declinedBy', message: 'expected the id of an existing person' },
        ]);
      }
      return {
        type: 'decline',
        actor,
        statuses: await this.#statuses(tx, swap),
        refusalId: this.#ids.next('ref'),
        declinedBy,
        reason: input.reason,
      };
    });
  }

  cancel(id: string, input: ReasonInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, async (swap, tx) => ({
      type: 'cancel',
      actor,
      statuses: await this.#statuses(tx, swap),
      reason: input.reason,
    }));
  }

  getSwap(id: string) {
    return this.#uow.run(async (tx) => {
      const swap = await tx.swaps.get(id);
      if (swap === null) throw new VigilError('SWAP_NOT_FOUND', `no swap has the id ${id}`);
      return { swap, transitions: await tx.swaps.transitions(id) };
    });
  }

  listSwaps(filter: SwapFilter = {}): Promise<Swap[]> {
    return this.#uow.run((tx) => tx.swaps.list(filter));
  }

  // ------------------------------------------------------------------ refusals

  recordRefusal(input: RefusalInput, actor: string): Promise<RefusalRecord> {
    const ctx = this.#ctx(actor);
    return this.#uow.run(async (tx) => {
      const invalid = (path: string, message: string) =>
        new VigilError('REFUSAL_INVALID', message, [{ path, message }]);
      if ((await tx.people.get(input.personId)) === null) {
        throw invalid('personId', `no person has the id ${input.personId}`);
      }
      const deviceId = input.deviceId ?? null;
      if (deviceId !== null && (await tx.devices.get(deviceId)) === null) {
        throw invalid('deviceId', `no device has the id ${deviceId}`);
      }
      const rule = input.rule ?? ruleForAction(input.action);
      if (rule === null) throw invalid('rule', `name the rule a refused "${input.action}" leaves unmet`);
      if (!RULE_IDS.has(rule)) throw invalid('rule', `no compliance rule has the id ${rule}`);
      const at = instantOr(input.at, ctx.now);
      if (at > ctx.now) throw invalid('at', 'a refusal cannot be recorded before it happens');
      const refusal: RefusalRecord = {
        id: input.id ?? this.#ids.next('ref'),
        personId: input.personId,
        deviceId,
        action: input.action,
        rule,
        at,
        reason: input.reason,
        recordedBy: actor,
        recordedAt: ctx.now,
        swapId: null,
      };
      await recordRefusalInTx(tx, refusal, ctx);
      return refusal;
    });
  }

  listRefusals(filter: RefusalFilter = {}): Promise<RefusalRecord[]> {
    return this.#uow.run((tx) => tx.refusals.list(filter));
  }

  // ------------------------------------------------------------------ waivers

  requestWaiver(input: WaiverRequestInput, actor: string): Promise<WaiverRecord> {
    const ctx = this.#ctx(actor);
    return this.#uow.run(async (tx) => {
      const scope =
        input.deviceId !== undefined ? { deviceId: input.deviceId } : { personId: input.personId ?? '' };
      const { exists, policy } = await waiverPolicyInTx(tx, scope, ctx.now);
      const step = unwrap(
        requestWaiver(
          {
            id: input.id ?? this.#ids.next('wvr'),
            rule: input.rule,
            scope,
            reason: input.reason,
            risk: input.risk,
            startsAt: instantOr(input.startsAt, ctx.now),
            expiresAt: instantOr(input.expiresAt, ctx.now),
            actor,
          },
          { ruleIds: RULE_IDS, scopeExists: exists, policy },
          ctx.now,
        ),
      );
      if ((await tx.waivers.get(step.waiver.id)) !== null) {
        throw new VigilError('WAIVER_INVALID', `a waiver with id ${step.waiver.id} already exists`);
      }
      return storeWaiverStepInTx(tx, step, ctx);
    });
  }

  #waiverStep(
    id: string,
    actor: string,
    build: (w: WaiverRecord, tx: Tx, now: Instant) => Promise<WaiverCommand>,
  ): Promise<WaiverRecord> {
    const ctx = this.#ctx(actor);
    return this.#uow.run(async (tx) => {
      const w = await tx.waivers.get(id, true);
      if (w === null) throw new VigilError('WAIVER_NOT_FOUND', `no waiver has the id ${id}`);
      const cmd = await build(w, tx, ctx.now);
      return storeWaiverStepInTx(tx, unwrap(applyWaiver(w, cmd, ctx.now)), ctx);
    });
  }

  /** Approves as `approver` (role checked against the protocol's waivers.approverRole). */
  approveWaiver(id: string, approver: Approver): Promise<WaiverRecord> {
    return this.#waiverStep(id, approver.actor, async (w, tx, now) => ({
      type: 'approve',
      actor: approver.actor,
      role: approver.role,
      policy: (await waiverPolicyInTx(tx, w.scope, now)).policy,
      approverPersonId: approver.personId ?? null,
      requesterPersonId: await personOfActor(tx, w.requestedBy),
    }));
  }

  rejectWaiver(id: string, input: ReasonInput, actor: string): Promise<WaiverRecord> {
    return this.#waiverStep(id, actor, async () => ({ type: 'reject', actor, reason: input.reason }));
  }

  revokeWaiver(id: string, input: ReasonInput, actor: string): Promise<WaiverRecord> {
    return this.#waiverStep(id, actor, async () => ({ type: 'revoke', actor, reason: input.reason }));
  }

  getWaiver(id: string) {
    return this.#uow.run(async (tx) => {
      const waiver = await tx.waivers.get(id);
      if (waiver === null) throw new VigilError('WAIVER_NOT_FOUND', `no waiver has the id ${id}`);
      return { waiver, transitions: await tx.waivers.transitions(id) };
    });
  }

  listWaivers(filter: WaiverFilter = {}): Promise<WaiverRecord[]> {
    return this.#uow.run((tx) => tx.waivers.list(filter));
  }

  // ------------------------------------------------------------------ schedule

  /**
   * Every swap and check due for the issued devices in service at `at` (default now), under the
   * protocols in force then. The notices planner calls this to send reminders and escalations.
   */
  async schedule(at?: Instant): Promise<{ at: Instant; items: ScheduleItem[] }> {
    const when = at ?? this.#clock.now();
    const data = await this.#uow.run((tx) => tx.fleet.load(when));
    const people = peopleAt(data.people, data.assignments, when);
    const protocols = compileInForce(data.protocols, when);
    return { at: when, items: schedule({ devices: data.devices, people, protocols }, when) };
  }
}
