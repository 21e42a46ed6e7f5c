/**
 * The swap of an issued device, as a state machine over `(swap, command, now)`.
 *
 *   planned ─stage─▶ staged ─handover─▶ handed-over ─collect─▶ collected ─examine─▶ examined ─wipe──▶ wiped
 *      │  ▲───stage──┘  │                                                                 └─retain─▶ retained
 *      └──decline/cancel┴─▶ declined | cancelled
 *
 * The replacement is staged ahead of the due date so the swap itself is one meeting. Declining
 * (by or on behalf of the holder) produces a Refusal and leaves the old device in service, out
 * of protocol. A quarantined device takes part in no step (only `cancel` is still possible).
 * Custody of every device involved always names a holder or a location: the transitions that
 * move a device say where it goes, and the record of each move is one of the effects returned.
 */
import type {
  CustodyRecord,
  DeviceStatus,
  EvidenceFile,
  Inspection,
  InspectionMethod,
  InspectionResult,
  Ownership,
  Refusal,
  Rotation,
  StatusChange,
} from '../model.ts';
import type { Instant } from '../time.ts';
import { inOrder } from './order.ts';
import { fail, type Outcome, ok } from './outcome.ts';

export const SWAP_STATES = [
  'planned',
  'staged',
  'handed-over',
  'collected',
  'examined',
  'wiped',
  'retained',
  'declined',
  'cancelled',
] as const;
export type SwapState = (typeof SWAP_STATES)[number];

export const SWAP_TERMINAL_STATES: readonly SwapState[] = ['wiped', 'retained', 'declined', 'cancelled'];

/** Every command, the states it applies in and the state it leads to: the machine as data. */
export const SWAP_TRANSITIONS = {
  stage: { from: ['planned', 'staged'], to: 'staged' },
  handover: { from: ['staged'], to: 'handed-over' },
  collect: { from: ['handed-over'], to: 'collected' },
  examine: { from: ['collected'], to: 'examined' },
  wipe: { from: ['examined'], to: 'wiped' },
  retain: { from: ['examined'], to: 'retained' },
  decline: { from: ['planned', 'staged'], to: 'declined' },
  cancel: { from: ['planned', 'staged'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly SwapState[]; to: SwapState }>;
export type SwapCommandType = keyof typeof SWAP_TRANSITIONS;

/** Where a device is: with a person, or (no holder) at a recorded location. */
export interface Custody {
  readonly holderId: string | null;
  readonly location: string | null;
}

export const hasCustodian = (c: Custody): boolean => c.holderId !== null || c.location !== null;

/** What the machine needs to know about a device, read by the service before each command. */
export interface DeviceFacts {
  readonly id: string;
  readonly ownership: Ownership;
  readonly status: DeviceStatus | null;
  readonly custody: Custody | null;
}

export interface Swap {
  readonly id: string;
  readonly oldDeviceId: string;
  /** The holder of the old device when the swap was planned: the replacement goes to them. */
  readonly personId: string;
  readonly state: SwapState;
  /** When the swap is due (from the protocol), and by when the replacement should be staged. */
  readonly dueAt: Instant | null;
  readonly stageBy: Instant | null;
  readonly newDeviceId: string | null;
  /** Custody of the devices involved, as this swap last moved them. */
  readonly custody: { readonly old: Custody; readonly new: Custody | null };
  readonly rotationId: string | null;
  readonly inspectionId: string | null;
  readonly refusalId: string | null;
  /** Why it was declined or cancelled. */
  readonly reason: string | null;
  readonly plannedAt: Instant;
  readonly plannedBy: string;
  readonly updatedAt: Instant;
}

interface Base {
  /** Who issues the command (`token:…`, `cli:…`). */
  readonly actor: string;
  /** Current status of the devices involved (old, and the replacement once chosen). */
  readonly statuses: Readonly<Record<string, DeviceStatus | null>>;
}

export type SwapCommand = Base &
  (
    | { readonly type: 'stage'; readonly replacement: DeviceFacts; readonly custody?: Custody }
    | { readonly type: 'handover'; readonly rotationId: string }
    | { readonly type: 'collect'; readonly custody: Custody }
    | {
        readonly type: 'examine';
        readonly inspection: {
          readonly id: string;
          readonly method: InspectionMethod;
          readonly result: InspectionResult;
          readonly notes: string | null;
          readonly evidence: readonly EvidenceFile[];
        };
      }
    | { readonly type: 'wipe' }
    | { readonly type: 'retain'; readonly custody?: Custody }
    | {
        readonly type: 'decline';
        readonly refusalId: string;
        /** The person who declined (the holder, or whoever declined on their behalf). */
        readonly declinedBy: string;
        readonly reason: string;
      }
    | { readonly type: 'cancel'; readonly reason: string }
  );

/** A fact the transition caused, for the service to record through the inventory. */
export type SwapEffect =
  | { readonly kind: 'custody'; readonly record: CustodyRecord }
  | { readonly kind: 'status'; readonly change: StatusChange }
  | { readonly kind: 'rotation'; readonly rotation: Rotation }
  | {
      readonly kind: 'inspection';
      readonly inspection: Inspection & { readonly evidence: readonly EvidenceFile[] };
    }
  | { readonly kind: 'refusal'; readonly refusal: Refusal };

/** One transition as kept in the swap's history. */
export interface SwapTransition {
  readonly swapId: string;
  readonly from: SwapState | null;
  readonly to: SwapState;
  readonly command: SwapCommandType | 'plan';
  /** When the step took effect. */
  readonly at: Instant;
  /** When it was recorded (absent: at `at`). */
  readonly recordedAt?: Instant;
  readonly actor: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface SwapStep {
  readonly swap: Swap;
  readonly transition: SwapTransition;
  readonly effects: readonly SwapEffect[];
}

export const isTerminal = (state: SwapState): boolean => SWAP_TERMINAL_STATES.includes(state);

export interface PlanSwapInput {
  readonly id: string;
  readonly oldDevice: DeviceFacts;
  readonly dueAt: Instant | null;
  readonly stageBy: Instant | null;
  readonly actor: string;
}

/** Plans a swap of an issued device in service with a holder. */
export function planSwap(input: PlanSwapInput, now: Instant): Outcome<SwapStep> {
  const d = input.oldDevice;
  if (d.status === 'quarantined') {
    return fail('DEVICE_QUARANTINED', `device ${d.id} is quarantined and excluded from every workflow`);
  }
  if (d.ownership !== 'issued')
    return fail('SWAP_INVALID', `device ${d.id} is personal: only issued devices are swapped`);
  if (d.status !== 'active') {
    return fail('SWAP_INVALID', `device ${d.id} is not in service (status ${d.status ?? 'none'})`);
  }
  const holderId = d.custody?.holderId ?? null;
  if (d.custody === null || holderId === null) {
    return fail('SWAP_INVALID', `device ${d.id} has no holder: record its custody before planning a swap`);
  }
  const swap: Swap = {
    id: input.id,
    oldDeviceId: d.id,
    personId: holderId,
    state: 'planned',
    dueAt: input.dueAt,
    stageBy: input.stageBy,
    newDeviceId: null,
    custody: { old: d.custody, new: null },
    rotationId: null,
    inspectionId: null,
    refusalId: null,
    reason: null,
    plannedAt: now,
    plannedBy: input.actor,
    updatedAt: now,
  };
  return ok({
    swap,
    transition: {
      swapId: swap.id,
      from: null,
      to: 'planned',
      command: 'plan',
      at: now,
      actor: input.actor,
      details: { oldDeviceId: d.id, personId: holderId },
    },
    effects: [],
  });
}

/**
 * Applies one command, effective at `now` (earlier than its recording when back-filled).
 * Errors: SWAP_TRANSITION_INVALID, TRANSITION_OUT_OF_ORDER, DEVICE_QUARANTINED, SWAP_INVALID,
 * CUSTODY_INVALID.
 */
export function applySwap(swap: Swap, cmd: SwapCommand, now: Instant): Outcome<SwapStep> {
  const spec = SWAP_TRANSITIONS[cmd.type];
  if (!(spec.from as readonly SwapState[]).includes(swap.state)) {
    return fail(
      'SWAP_TRANSITION_INVALID',
      `swap ${swap.id} is ${swap.state}: "${cmd.type}" applies only when it is ${spec.from.join(' or ')}`,
    );
  }
  // `updatedAt` is when the latest step took effect.
  const order = inOrder(swap.updatedAt, now, `the ${cmd.type} step of swap ${swap.id}`);
  if (!order.ok) return order as Outcome<never>;
  if (cmd.type !== 'cancel') {
    for (const id of [swap.oldDeviceId, swap.newDeviceId]) {
      if (id !== null && cmd.statuses[id] === 'quarantined') {
        return fail('DEVICE_QUARANTINED', `device ${id} is quarantined and excluded from every workflow`);
      }
    }
  }
  const effects: SwapEffect[] = [];
  const custody = (deviceId: string, c: Custody, at: Instant) =>
    effects.push({
      kind: 'custody',
      record: {
        deviceId,
        holderId: c.holderId,
        location: c.location,
        at,
        recordedBy: cmd.actor,
        recordedAt: now,
      },
    });
  const status = (deviceId: string, s: DeviceStatus, reason: string) =>
    effects.push({ kind: 'status', change: { deviceId, status: s, at: now, reason, recordedAt: now } });
  let next: Swap = { ...swap, state: spec.to, updatedAt: now };
  let details: Record<string, unknown> = {};

  switch (cmd.type) {
    case 'stage': {
      const r = cmd.replacement;
      if (r.status === 'quarantined') {
        return fail('DEVICE_QUARANTINED', `device ${r.id} is quarantined and excluded from every workflow`);
      }
      if (r.id === swap.oldDeviceId) return fail('SWAP_INVALID', 'the replacement must be another device');
      if (r.ownership !== 'issued')
        return fail('SWAP_INVALID', `device ${r.id} is personal: a replacement must be issued`);
      if (r.status !== 'staged') {
        return fail(
          'SWAP_INVALID',
          `device ${r.id} is ${r.status ?? 'not in the inventory'}: a replacement must be staged`,
        );
      }
      if (cmd.statuses[swap.oldDeviceId] !== 'active') {
        return fail('SWAP_INVALID', `device ${swap.oldDeviceId} is no longer in service`);
      }
      const where = cmd.custody ?? r.custody;
      if (where === null || !hasCustodian(where)) {
        return fail('CUSTODY_INVALID', `say who holds the replacement ${r.id} or where it is stored`);
      }
      if (cmd.custody !== undefined) custody(r.id, cmd.custody, now);
      next = { ...next, newDeviceId: r.id, custody: { old: swap.custody.old, new: where } };
      details = { newDeviceId: r.id, holderId: where.holderId, location: where.location };
      break;
    }
    case 'handover': {
      const newId = swap.newDeviceId as string;
      if (cmd.statuses[swap.oldDeviceId] !== 'active') {
        return fail('SWAP_INVALID', `device ${swap.oldDeviceId} is no longer in service`);
      }
      if (cmd.statuses[newId] !== 'staged') {
        return fail('SWAP_INVALID', `the replacement ${newId} is no longer staged`);
      }
      const holder: Custody = { holderId: swap.personId, location: null };
      effects.push({
        kind: 'rotation',
        rotation: {
          id: cmd.rotationId,
          oldDeviceId: swap.oldDeviceId,
          newDeviceId: newId,
          at: now,
          performedBy: cmd.actor,
          recordedAt: now,
        },
      });
      status(newId, 'active', `Swap ${swap.id}: handed over to ${swap.personId}`);
      custody(newId, holder, now);
      status(swap.oldDeviceId, 'retired', `Swap ${swap.id}: replaced by ${newId}, awaiting collection`);
      next = { ...next, rotationId: cmd.rotationId, custody: { old: swap.custody.old, new: holder } };
      details = { rotationId: cmd.rotationId, newDeviceId: newId, holderId: swap.personId };
      break;
    }
    case 'collect': {
      if (!hasCustodian(cmd.custody)) {
        return fail(
          'CUSTODY_INVALID',
          `say who takes the old device ${swap.oldDeviceId} or where it is stored`,
        );
      }
      custody(swap.oldDeviceId, cmd.custody, now);
      next = { ...next, custody: { old: cmd.custody, new: swap.custody.new } };
      details = { holderId: cmd.custody.holderId, location: cmd.custody.location };
      break;
    }
    case 'examine': {
      const i = cmd.inspection;
      effects.push({
        kind: 'inspection',
        inspection: {
          id: i.id,
          deviceId: swap.oldDeviceId,
          at: now,
          method: i.method,
          result: i.result,
          performedBy: cmd.actor,
          notes: i.notes,
          evidence: i.evidence,
          recordedAt: now,
        },
      });
      next = { ...next, inspectionId: i.id };
      details = { inspectionId: i.id, method: i.method, result: i.result };
      break;
    }
    case 'wipe':
      status(swap.oldDeviceId, 'wiped', `Swap ${swap.id}: examined and wiped`);
      break;
    case 'retain': {
      if (cmd.custody !== undefined) {
        if (!hasCustodian(cmd.custody)) {
          return fail('CUSTODY_INVALID', `say who keeps the evidence device ${swap.oldDeviceId} or where`);
        }
        custody(swap.oldDeviceId, cmd.custody, now);
        next = { ...next, custody: { old: cmd.custody, new: swap.custody.new } };
      }
      status(swap.oldDeviceId, 'retired', `Swap ${swap.id}: retained as evidence`);
      break;
    }
    case 'decline': {
      effects.push({
        kind: 'refusal',
        refusal: {
          id: cmd.refusalId,
          personId: cmd.declinedBy,
          deviceId: swap.oldDeviceId,
          action: 'swap',
          rule: 'rotation.overdue',
          at: now,
          reason: cmd.reason,
          recordedBy: cmd.actor,
          recordedAt: now,
        },
      });
      next = { ...next, refusalId: cmd.refusalId, reason: cmd.reason };
      details = { refusalId: cmd.refusalId, declinedBy: cmd.declinedBy, reason: cmd.reason };
      break;
    }
    case 'cancel':
      next = { ...next, reason: cmd.reason };
      details = { reason: cmd.reason };
      break;
  }
  return ok({
    swap: next,
    transition: {
      swapId: swap.id,
      from: swap.state,
      to: next.state,
      command: cmd.type,
      at: now,
      actor: cmd.actor,
      details,
    },
    effects,
  });
}
