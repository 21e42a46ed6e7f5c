/**
 * Waivers: permission to stay out of protocol for one rule, for a device or for all of a
 * person's devices, for a bounded time.
 *
 *   requested ─approve─▶ approved ─revoke─▶ revoked
 *       └─────reject──▶ rejected
 *
 * Expiry is time, not a state: an approved waiver covers [max(startsAt, approvedAt),
 * min(expiresAt, endedAt)) and nothing else, so a waiver never reaches back before its
 * approval and never outlives its expiry or its revocation.
 *
 * Approval rules: the approver holds exactly the role the protocol names (`waivers.approverRole`;
 * an admin does not override it: the protocol's separation of duties is the point), is not the
 * requester (actor identities compared), and the window is no longer than `waivers.maxDuration`.
 * A protocol without a `waivers` section permits no waiver.
 */
import type { Waiver } from '../model.ts';
import type { Instant, Millis } from '../time.ts';
import { inOrder } from './order.ts';
import { fail, type Outcome, ok } from './outcome.ts';

export const WAIVER_STATES = ['requested', 'approved', 'rejected', 'revoked'] as const;
export type WaiverState = (typeof WAIVER_STATES)[number];
export const WAIVER_TERMINAL_STATES: readonly WaiverState[] = ['rejected', 'revoked'];

export const WAIVER_TRANSITIONS = {
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  revoke: { from: ['approved'], to: 'revoked' },
} as const satisfies Record<string, { from: readonly WaiverState[]; to: WaiverState }>;
export type WaiverCommandType = keyof typeof WAIVER_TRANSITIONS;

/** A waiver with its workflow state and how it ended (the compliance engine reads `Waiver`). */
export interface WaiverRecord extends Waiver {
  /**
   * When Vigil learnt of each transition; `requestedAt`, `approvedAt` and `endedAt` are when they
   * took effect (earlier when back-filled).
   */
  readonly recordedAt: Instant;
  readonly approvalRecordedAt: Instant | null;
  readonly endRecordedAt: Instant | null;
  readonly state: WaiverState;
  readonly endedBy: string | null;
  readonly endReason: string | null;
}

/** The protocol's `waivers` section, compiled. */
export interface WaiverPolicy {
  readonly maxDuration: Millis;
  readonly approverRole: string;
}

export interface WaiverTransition {
  readonly waiverId: string;
  readonly from: WaiverState | null;
  readonly to: WaiverState;
  readonly command: WaiverCommandType | 'request';
  /** When the transition took effect. */
  readonly at: Instant;
  /** When it was recorded (absent: at `at`). */
  readonly recordedAt?: Instant;
  readonly actor: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface WaiverStep {
  readonly waiver: WaiverRecord;
  readonly transition: WaiverTransition;
}

/** The state a stored waiver is in, from its times (so an as-of copy has the right state). */
export function waiverStateOf(w: Waiver): WaiverState {
  if (w.approvedAt === null) return w.endedAt === null ? 'requested' : 'rejected';
  return w.endedAt === null ? 'approved' : 'revoked';
}

/** The interval an approved waiver covers, [start, end); null when it covers nothing. */
export function waiverWindow(w: Waiver): { readonly start: Instant; readonly end: Instant } | null {
  if (w.approvedAt === null) return null;
  const start = Math.max(w.startsAt, w.approvedAt);
  const end = w.endedAt === null ? w.expiresAt : Math.min(w.expiresAt, w.endedAt);
  return start < end ? { start, end } : null;
}

/** Whether the waiver covers instant `t`. */
export function waiverCovers(w: Waiver, t: Instant): boolean {
  const win = waiverWindow(w);
  return win !== null && t >= win.start && t < win.end;
}

/** An approved waiver whose window ran out by expiry (not revocation) at or before `t`. */
export function waiverLapsed(w: Waiver, t: Instant): boolean {
  const win = waiverWindow(w);
  return win !== null && win.end === w.expiresAt && w.expiresAt <= t;
}

/**
 * The waiver as it stood at `t`: an approval or an end that took effect later has not happened
 * yet (what was known when is compliance/known.ts's business).
 */
export function waiverAsOf(w: Waiver, t: Instant): Waiver {
  const approved = w.approvedAt !== null && w.approvedAt <= t;
  const ended = w.endedAt !== null && w.endedAt <= t;
  return {
    id: w.id,
    rule: w.rule,
    scope: w.scope,
    reason: w.reason,
    risk: w.risk,
    requestedBy: w.requestedBy,
    requestedAt: w.requestedAt,
    startsAt: w.startsAt,
    expiresAt: w.expiresAt,
    approvedBy: approved ? w.approvedBy : null,
    approvedAt: approved ? w.approvedAt : null,
    endedAt: ended ? w.endedAt : null,
    recordedAt: w.recordedAt,
    approvalRecordedAt: approved ? w.approvalRecordedAt : null,
    endRecordedAt: ended ? w.endRecordedAt : null,
  };
}

export interface WaiverRequest {
  readonly id: string;
  readonly rule: string;
  readonly scope: Waiver['scope'];
  readonly reason: string;
  readonly risk: string;
  readonly startsAt: Instant;
  readonly expiresAt: Instant;
  readonly actor: string;
}

export interface WaiverRequestContext {
  /** Registered rule ids. */
  readonly ruleIds: ReadonlySet<string>;
  /** Whether the device or person in scope exists. */
  readonly scopeExists: boolean;
  /** The waiver policy of the protocol governing the scope; null when it allows none. */
  readonly policy: WaiverPolicy | null;
}

function checkWindow(startsAt: Instant, expiresAt: Instant, policy: WaiverPolicy): Outcome<null> {
  if (!(startsAt < expiresAt)) return fail('WAIVER_INVALID', 'a waiver must start before it expires');
  if (expiresAt - startsAt > policy.maxDuration) {
    const days = (ms: number) => `${Math.round((ms / 86_400_000) * 10) / 10} days`;
    return fail(
      'WAIVER_TOO_LONG',
      `a waiver may last at most ${days(policy.maxDuration)} under this protocol; this one lasts ${days(expiresAt - startsAt)}`,
    );
  }
  return ok(null);
}

/** `now` is when the request took effect; `recordedAt` when it is recorded (later when back-filled). */
export function requestWaiver(
  input: WaiverRequest,
  ctx: WaiverRequestContext,
  now: Instant,
  recordedAt: Instant = now,
): Outcome<WaiverStep> {
  if (!ctx.ruleIds.has(input.rule))
    return fail('WAIVER_INVALID', `no compliance rule has the id ${input.rule}`);
  if (!ctx.scopeExists) {
    const what =
      'deviceId' in input.scope ? `device ${input.scope.deviceId}` : `person ${input.scope.personId}`;
    return fail('WAIVER_INVALID', `the waiver's scope names an unknown ${what}`);
  }
  if (ctx.policy === null) {
    return fail(
      'WAIVER_NOT_PERMITTED',
      'the protocol governing this scope has no waivers section: it permits no waiver',
    );
  }
  const window = checkWindow(input.startsAt, input.expiresAt, ctx.policy);
  if (!window.ok) return window as Outcome<never>;
  const waiver: WaiverRecord = {
    id: input.id,
    rule: input.rule,
    scope: input.scope,
    reason: input.reason,
    risk: input.risk,
    requestedBy: input.actor,
    requestedAt: now,
    recordedAt,
    approvedBy: null,
    approvedAt: null,
    approvalRecordedAt: null,
    startsAt: input.startsAt,
    expiresAt: input.expiresAt,
    endedAt: null,
    endRecordedAt: null,
    state: 'requested',
    endedBy: null,
    endReason: null,
  };
  return ok({
    waiver,
    transition: {
      waiverId: input.id,
      from: null,
      to: 'requested',
      command: 'request',
      at: now,
      recordedAt,
      actor: input.actor,
      details: { rule: input.rule, scope: input.scope },
    },
  });
}

export type WaiverCommand =
  | {
      readonly type: 'approve';
      readonly actor: string;
      /** The approver's role, to compare with the policy's `approverRole`. */
      readonly role: string;
      readonly policy: WaiverPolicy | null;
      /**
       * The persons behind the approver's and the requester's credentials, when linked to one:
       * the same person may not approve their own request with a second token or user.
       */
      readonly approverPersonId?: string | null;
      readonly requesterPersonId?: string | null;
    }
  | { readonly type: 'reject'; readonly actor: string; readonly reason: string }
  | { readonly type: 'revoke'; readonly actor: string; readonly reason: string };

/**
 * `now` is when the transition took effect, `recordedAt` when it is recorded (later when
 * back-filled). Errors: WAIVER_TRANSITION_INVALID, TRANSITION_OUT_OF_ORDER, WAIVER_SELF_APPROVAL,
 * WAIVER_APPROVER_ROLE, WAIVER_NOT_PERMITTED, WAIVER_TOO_LONG, WAIVER_INVALID.
 */
export function applyWaiver(
  w: WaiverRecord,
  cmd: WaiverCommand,
  now: Instant,
  recordedAt: Instant = now,
): Outcome<WaiverStep> {
  const spec = WAIVER_TRANSITIONS[cmd.type];
  if (!(spec.from as readonly WaiverState[]).includes(w.state)) {
    return fail('WAIVER_TRANSITION_INVALID', `waiver ${w.id} is ${w.state}: it cannot be ${spec.to}`);
  }
  const order = inOrder(w.approvedAt ?? w.requestedAt, now, `the ${cmd.type} of waiver ${w.id}`);
  if (!order.ok) return order as Outcome<never>;
  let next: WaiverRecord;
  let details: Record<string, unknown>;
  switch (cmd.type) {
    case 'approve': {
      if (cmd.actor === w.requestedBy) {
        return fail('WAIVER_SELF_APPROVAL', 'the requester of a waiver can never approve it');
      }
      const person = cmd.approverPersonId ?? null;
      if (person !== null && person === (cmd.requesterPersonId ?? null)) {
        return fail(
          'WAIVER_SELF_APPROVAL',
          'the requester of a waiver can never approve it, not even with another credential',
        );
      }
      if (cmd.policy === null) {
        return fail(
          'WAIVER_NOT_PERMITTED',
          'the protocol governing this scope has no waivers section: it permits no waiver',
        );
      }
      if (cmd.role !== cmd.policy.approverRole) {
        return fail(
          'WAIVER_APPROVER_ROLE',
          `the protocol names the ${cmd.policy.approverRole} role as approver, not ${cmd.role}`,
        );
      }
      const window = checkWindow(w.startsAt, w.expiresAt, cmd.policy);
      if (!window.ok) return window as Outcome<never>;
      if (w.expiresAt <= now)
        return fail('WAIVER_INVALID', 'the waiver has already expired: request a new one');
      next = {
        ...w,
        state: 'approved',
        approvedBy: cmd.actor,
        approvedAt: now,
        approvalRecordedAt: recordedAt,
      };
      details = {
        approvedBy: cmd.actor,
        role: cmd.role,
        approverPersonId: cmd.approverPersonId ?? null,
        requesterPersonId: cmd.requesterPersonId ?? null,
      };
      break;
    }
    case 'reject':
    case 'revoke':
      next = {
        ...w,
        state: spec.to,
        endedAt: now,
        endRecordedAt: recordedAt,
        endedBy: cmd.actor,
        endReason: cmd.reason,
      };
      details = { reason: cmd.reason };
      break;
  }
  return ok({
    waiver: next,
    transition: {
      waiverId: w.id,
      from: w.state,
      to: next.state,
      command: cmd.type,
      at: now,
      recordedAt,
      actor: cmd.actor,
      details,
    },
  });
}
