/**
 * Refusals: a person declining a step their protocol asks for. Append-only; each is stored with
 * its audit event in one transaction. A refusal declined inside a swap is recorded by the swap.
 */
import { VigilError } from '../../core/errors.ts';
import { ruleForAction } from '../../core/lifecycle/refusal.ts';
import { toIso } from '../../core/time.ts';
import { RULE_IDS } from '../compliance/compliance.service.ts';
import type { CommandContext } from '../kernel/command-service.ts';
import { CommandService, type Tx } from '../kernel/command-service.ts';
import { backdatedInTx } from '../kernel/instant.ts';
import type { RefusalFilter, RefusalRecord } from './ports.ts';
import type { RefusalInput } from './schemas.ts';

export async function recordRefusalInTx(
  tx: Tx<'audit' | 'refusals'>,
  refusal: RefusalRecord,
  ctx: CommandContext,
): Promise<void> {
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
      recordedAt: toIso(refusal.recordedAt),
      reason: refusal.reason,
    },
  });
}

export class RefusalService extends CommandService<
  'assignments' | 'audit' | 'devices' | 'people' | 'refusals'
> {
  recordRefusal(input: RefusalInput, actor: string): Promise<RefusalRecord> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
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
      // Back-filled: never in the future, never before the person (or the device) existed.
      const subjects = [{ personId: input.personId }, ...(deviceId === null ? [] : [{ deviceId }])];
      const at = await backdatedInTx(tx, input.at, ctx.now, subjects);
      const refusal: RefusalRecord = {
        id: input.id ?? this.ids.next('ref'),
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
    return this.transaction((tx) => tx.refusals.list(filter));
  }
}
