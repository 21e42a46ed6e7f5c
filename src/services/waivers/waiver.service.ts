/**
 * Waivers: request, approve, reject, revoke. Each command is one transaction: it reads the
 * waiver policy of the protocol governing the scope, applies the pure state machine
 * (core/lifecycle/waiver), stores the new state and its history row, and appends the audit event.
 */
import { protocolFor } from '../../core/compliance/evaluate.ts';
import { VigilError } from '../../core/errors.ts';
import {
  applyWaiver,
  requestWaiver,
  type WaiverCommand,
  type WaiverPolicy,
  type WaiverRecord,
  type WaiverStep,
} from '../../core/lifecycle/waiver.ts';
import { type Instant, toIso } from '../../core/time.ts';
import { governingInTx, RULE_IDS } from '../compliance/compliance.service.ts';
import type { CommandContext } from '../kernel/command-service.ts';
import { CommandService, type Tx } from '../kernel/command-service.ts';
import { backdatedInTx, effectiveInstant, instantOr } from '../kernel/instant.ts';
import { unwrap } from '../kernel/outcome.ts';
import type { AtInput, ReasonInput } from '../kernel/schemas.ts';
import type { WaiverFilter } from './ports.ts';
import type { WaiverRequestInput } from './schemas.ts';

/** Who approves: the audit identity, the role they act in and the person they are. */
export interface Approver {
  readonly actor: string;
  readonly role: string;
  /**
   * The person behind the credential (token or user): approving is a two-person action, so an
   * approver without one (a token or user from before credentials belonged to people) is
   * refused with PERSON_REQUIRED, and the requester's person may never approve.
   */
  readonly personId: string | null;
}

/**
 * The person behind an audit actor, when its credential is linked to one: `token:<id>` (the
 * token's personId), `user:<username>` (the dashboard user's) or `cli:<username>` (the user the
 * CLI operator named). Other actors (system, imported history) have none.
 */
export async function personOfActor(tx: Tx<'tokens' | 'users'>, actor: string): Promise<string | null> {
  if (actor.startsWith('token:'))
    return (await tx.tokens.get(actor.slice('token:'.length)))?.personId ?? null;
  for (const prefix of ['user:', 'cli:']) {
    if (actor.startsWith(prefix))
      return (await tx.users.getByUsername(actor.slice(prefix.length)))?.personId ?? null;
  }
  return null;
}

/** Stores a waiver step: state row, history row, and its audit event. */
export async function storeWaiverStepInTx(
  tx: Tx<'audit' | 'waivers'>,
  step: WaiverStep,
  ctx: CommandContext,
): Promise<WaiverRecord> {
  const { waiver: w, transition } = step;
  if (transition.from === null) await tx.waivers.insert(w, transition);
  else await tx.waivers.apply(w, transition);
  const base = { at: ctx.now, actor: ctx.actor, subject: `waiver:${w.id}` };
  // Both instants: when the transition took effect (earlier when back-filled) and when recorded.
  const when = { at: toIso(transition.at), recordedAt: toIso(transition.recordedAt ?? ctx.now) };
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
          ...when,
        },
      });
      break;
    case 'approve':
      await tx.audit.append({
        ...base,
        type: 'waiver.approved',
        payload: {
          id: w.id,
          approvedBy: w.approvedBy,
          role: transition.details.role,
          approverPersonId: transition.details.approverPersonId ?? null,
          requesterPersonId: transition.details.requesterPersonId ?? null,
          ...when,
        },
      });
      break;
    case 'reject':
    case 'revoke':
      await tx.audit.append({
        ...base,
        type: transition.command === 'reject' ? 'waiver.rejected' : 'waiver.revoked',
        payload: { id: w.id, reason: w.endReason, ...when },
      });
      break;
  }
  return w;
}

/** The waiver policy of the protocol governing a scope now: the person's (or the device holder's). */
export async function waiverPolicyInTx(
  tx: Tx<'assignments' | 'devices' | 'people' | 'protocols'>,
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
  const { people, protocols } = await governingInTx(tx, at);
  const protocol = protocolFor(people.get(personId) ?? null, people, protocols);
  return { exists: true, policy: protocol?.waivers ?? null };
}

/** The repositories WaiverService reaches. */
type Reach = 'assignments' | 'audit' | 'devices' | 'people' | 'protocols' | 'tokens' | 'users' | 'waivers';

export class WaiverService extends CommandService<Reach> {
  requestWaiver(input: WaiverRequestInput, actor: string): Promise<WaiverRecord> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      const scope =
        input.deviceId !== undefined ? { deviceId: input.deviceId } : { personId: input.personId ?? '' };
      const at = await backdatedInTx(tx, input.at, ctx.now, [scope]);
      const { exists, policy } = await waiverPolicyInTx(tx, scope, at);
      const step = unwrap(
        requestWaiver(
          {
            id: input.id ?? this.ids.next('wvr'),
            rule: input.rule,
            scope,
            reason: input.reason,
            risk: input.risk,
            startsAt: instantOr(input.startsAt, at),
            expiresAt: instantOr(input.expiresAt, at),
            actor,
          },
          { ruleIds: RULE_IDS, scopeExists: exists, policy },
          at,
          ctx.now,
        ),
      );
      if ((await tx.waivers.get(step.waiver.id)) !== null) {
        throw new VigilError('WAIVER_INVALID', `a waiver with id ${step.waiver.id} already exists`);
      }
      return storeWaiverStepInTx(tx, step, ctx);
    });
  }

  /**
   * Runs one transition, effective at `given` (back-filled) or now. Its order against the
   * previous transition is the state machine's to check; the subject's start bounds the request.
   */
  #waiverStep(
    id: string,
    actor: string,
    given: string | undefined,
    build: (w: WaiverRecord, tx: Tx<Reach>, at: Instant) => Promise<WaiverCommand>,
  ): Promise<WaiverRecord> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      const at = effectiveInstant(instantOr(given, ctx.now), ctx.now);
      const w = await tx.waivers.get(id, true);
      if (w === null) throw new VigilError('WAIVER_NOT_FOUND', `no waiver has the id ${id}`);
      const cmd = await build(w, tx, at);
      return storeWaiverStepInTx(tx, unwrap(applyWaiver(w, cmd, at, ctx.now)), ctx);
    });
  }

  /** Approves as `approver` (role checked against the protocol's waivers.approverRole). */
  async approveWaiver(id: string, approver: Approver, input: AtInput = {}): Promise<WaiverRecord> {
    if (approver.personId === null) {
      throw new VigilError(
        'PERSON_REQUIRED',
        'approving a waiver is a two-person action: this credential is linked to no person',
      );
    }
    return this.#waiverStep(id, approver.actor, input.at, async (w, tx, now) => ({
      type: 'approve',
      actor: approver.actor,
      role: approver.role,
      policy: (await waiverPolicyInTx(tx, w.scope, now)).policy,
      approverPersonId: approver.personId,
      requesterPersonId: await personOfActor(tx, w.requestedBy),
    }));
  }

  rejectWaiver(id: string, input: ReasonInput, actor: string): Promise<WaiverRecord> {
    return this.#waiverStep(id, actor, input.at, async () => ({
      type: 'reject',
      actor,
      reason: input.reason,
    }));
  }

  revokeWaiver(id: string, input: ReasonInput, actor: string): Promise<WaiverRecord> {
    return this.#waiverStep(id, actor, input.at, async () => ({
      type: 'revoke',
      actor,
      reason: input.reason,
    }));
  }

  getWaiver(id: string) {
    return this.transaction(async (tx) => {
      const waiver = await tx.waivers.get(id);
      if (waiver === null) throw new VigilError('WAIVER_NOT_FOUND', `no waiver has the id ${id}`);
      return { waiver, transitions: await tx.waivers.transitions(id) };
    });
  }

  listWaivers(filter: WaiverFilter = {}): Promise<WaiverRecord[]> {
    return this.transaction((tx) => tx.waivers.list(filter));
  }
}
