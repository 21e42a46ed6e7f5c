/**
 * Swaps: plan, stage, hand over, collect, examine, wipe or retain, decline, cancel. Each command
 * is one transaction: it reads the facts the pure state machine needs (core/lifecycle/swap),
 * applies the transition, stores the new state and its history row, records what the transition
 * caused (custody, status, rotation, check, refusal) through the inventory and refusal
 * functions, and appends the audit events.
 */
import { VigilError } from '../../core/errors.ts';
import { type ScheduleItem, schedule } from '../../core/lifecycle/plan.ts';
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
import { type Instant, toIso } from '../../core/time.ts';
import { governingInTx } from '../compliance/compliance.service.ts';
import {
  changeCustodyInTx,
  changeStatusInTx,
  evidenceFiles,
  recordInspectionInTx,
  recordRotationInTx,
  requireDevice,
} from '../inventory/inventory.service.ts';
import type { DeviceView } from '../inventory/ports.ts';
import { type CommandContext, CommandService, type Tx } from '../kernel/command-service.ts';
import { backdatedInTx, effectiveInstant, instantOr } from '../kernel/instant.ts';
import { unwrap } from '../kernel/outcome.ts';
import type { AtInput, ReasonInput } from '../kernel/schemas.ts';
import { recordRefusalInTx } from '../refusals/refusal.service.ts';
import type { SwapFilter } from './ports.ts';
import type {
  CustodyStepInput,
  SwapDeclineInput,
  SwapExamineInput,
  SwapPlanInput,
  SwapStageInput,
} from './schemas.ts';

function factsOf(d: DeviceView): DeviceFacts {
  return {
    id: d.id,
    ownership: d.ownership,
    status: d.status,
    custody:
      d.holderId === null && d.location === null ? null : { holderId: d.holderId, location: d.location },
  };
}

/** A device's facts as of `t`, from its recorded status and custody histories. */
async function factsAtInTx(tx: Tx<'devices'>, d: DeviceView, t: Instant): Promise<DeviceFacts> {
  let status: DeviceFacts['status'] = null;
  for (const s of await tx.devices.statuses(d.id)) if (s.at <= t) status = s.status;
  let custody: DeviceFacts['custody'] = null;
  for (const c of await tx.devices.custody(d.id))
    if (c.at <= t) custody = { holderId: c.holderId, location: c.location };
  return { id: d.id, ownership: d.ownership, status, custody };
}

/** A custody from input; an unknown holder is CUSTODY_INVALID. Undefined when the input names neither. */
async function custodyFrom(tx: Tx<'people'>, input: CustodyStepInput): Promise<Custody | undefined> {
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

/** Records the facts a swap transition caused, through the inventory (each with its event). */
async function applyEffects(
  tx: Tx<'audit' | 'devices' | 'inspections' | 'people' | 'refusals' | 'rotations'>,
  swapId: string,
  effects: readonly SwapEffect[],
  ctx: CommandContext,
) {
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
export async function storeSwapStepInTx(
  tx: Tx<'audit' | 'devices' | 'inspections' | 'people' | 'refusals' | 'rotations' | 'swaps'>,
  step: SwapStep,
  ctx: CommandContext,
): Promise<Swap> {
  const { swap } = step;
  // The step took effect at `transition.at` (earlier when back-filled); it is recorded now.
  const transition = { ...step.transition, recordedAt: ctx.now };
  const when = { at: toIso(transition.at), recordedAt: toIso(ctx.now) };
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
        ...when,
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
        ...when,
      },
    });
  }
  return swap;
}

/** The repositories SwapService reaches. */
type Reach =
  | 'assignments'
  | 'audit'
  | 'devices'
  | 'inspections'
  | 'people'
  | 'protocols'
  | 'refusals'
  | 'rotations'
  | 'swaps';

export class SwapService extends CommandService<Reach> {
  /** Plans a swap; due and stage-by dates default to the device's schedule under its protocol. */
  planSwap(input: SwapPlanInput, actor: string): Promise<Swap> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      const device = await requireDevice(tx, input.deviceId);
      if ((await tx.swaps.list({ open: true, deviceId: device.id })).length > 0) {
        throw new VigilError('SWAP_EXISTS', `device ${device.id} already has a swap in progress`);
      }
      const at = await backdatedInTx(tx, input.at, ctx.now, [{ deviceId: device.id }]);
      let dueAt = input.dueAt === undefined ? null : instantOr(input.dueAt, ctx.now);
      let stageBy = input.stageBy === undefined ? null : instantOr(input.stageBy, ctx.now);
      if (dueAt === null || stageBy === null) {
        const due = (await this.#scheduleDevice(tx, device, at)).find((i) => i.kind === 'swap');
        dueAt ??= due?.dueAt ?? null;
        stageBy ??= due?.stageBy ?? null;
      }
      // A back-filled plan reads the device as it stood then: its status and holder at `at`.
      const oldDevice = at < ctx.now ? await factsAtInTx(tx, device, at) : factsOf(device);
      const step = unwrap(
        planSwap({ id: input.id ?? this.ids.next('swp'), oldDevice, dueAt, stageBy, actor }, at),
      );
      return storeSwapStepInTx(tx, step, ctx);
    });
  }

  async #scheduleDevice(tx: Tx<Reach>, device: DeviceView, at: Instant): Promise<ScheduleItem[]> {
    const statuses = await tx.devices.statuses(device.id);
    const custody = await tx.devices.custody(device.id);
    const inspections = await tx.inspections.listFor(device.id);
    const rotations = await tx.rotations.listFor(device.id);
    const { people, protocols } = await governingInTx(tx, at);
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

  /**
   * Runs one command on a swap (its row locked for the transaction), effective at `given`
   * (back-filled) or now; the state machine refuses a step dated before the previous one.
   */
  #step(
    id: string,
    actor: string,
    given: string | undefined,
    build: (swap: Swap, tx: Tx<Reach>, ctx: CommandContext) => Promise<SwapCommand>,
  ): Promise<Swap> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      const at = effectiveInstant(instantOr(given, ctx.now), ctx.now);
      const swap = await tx.swaps.get(id, true);
      if (swap === null) throw new VigilError('SWAP_NOT_FOUND', `no swap has the id ${id}`);
      const cmd = await build(swap, tx, ctx);
      return storeSwapStepInTx(tx, unwrap(applySwap(swap, cmd, at)), ctx);
    });
  }

  /** Current statuses of the devices a swap involves. */
  async #statuses(
    tx: Tx<Reach>,
    swap: Swap,
    extra?: DeviceView,
  ): Promise<Record<string, DeviceView['status']>> {
    const out: Record<string, DeviceView['status']> = {};
    for (const id of [swap.oldDeviceId, swap.newDeviceId]) {
      if (id !== null) out[id] = (await tx.devices.get(id))?.status ?? null;
    }
    if (extra !== undefined) out[extra.id] = extra.status;
    return out;
  }

  stageSwap(id: string, input: SwapStageInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, input.at, async (swap, tx) => {
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

  handOver(id: string, actor: string, input: AtInput = {}): Promise<Swap> {
    return this.#step(id, actor, input.at, async (swap, tx) => ({
      type: 'handover',
      actor,
      statuses: await this.#statuses(tx, swap),
      rotationId: this.ids.next('rot'),
    }));
  }

  collect(id: string, input: CustodyStepInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, input.at, async (swap, tx) => {
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
    return this.#step(id, actor, input.at, async (swap, tx) => ({
      type: 'examine',
      actor,
      statuses: await this.#statuses(tx, swap),
      inspection: {
        id: this.ids.next('ins'),
        method: input.method,
        result: input.result,
        notes: input.notes ?? null,
        evidence: evidenceFiles(input.evidence),
      },
    }));
  }

  wipe(id: string, actor: string, input: AtInput = {}): Promise<Swap> {
    return this.#step(id, actor, input.at, async (swap, tx) => ({
      type: 'wipe',
      actor,
      statuses: await this.#statuses(tx, swap),
    }));
  }

  /** Keeps the old device as evidence where it was collected to (move it first with custody if needed). */
  retain(id: string, actor: string, input: AtInput = {}): Promise<Swap> {
    return this.#step(id, actor, input.at, async (swap, tx) => ({
      type: 'retain',
      actor,
      statuses: await this.#statuses(tx, swap),
    }));
  }

  decline(id: string, input: SwapDeclineInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, input.at, async (swap, tx) => {
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
        refusalId: this.ids.next('ref'),
        declinedBy,
        reason: input.reason,
      };
    });
  }

  cancel(id: string, input: ReasonInput, actor: string): Promise<Swap> {
    return this.#step(id, actor, input.at, async (swap, tx) => ({
      type: 'cancel',
      actor,
      statuses: await this.#statuses(tx, swap),
      reason: input.reason,
    }));
  }

  getSwap(id: string) {
    return this.transaction(async (tx) => {
      const swap = await tx.swaps.get(id);
      if (swap === null) throw new VigilError('SWAP_NOT_FOUND', `no swap has the id ${id}`);
      return { swap, transitions: await tx.swaps.transitions(id) };
    });
  }

  listSwaps(filter: SwapFilter = {}): Promise<Swap[]> {
    return this.transaction((tx) => tx.swaps.list(filter));
  }
}
