/**
 * Corrections, never edits: a recorded fact entered wrongly is superseded by a correction, stored
 * with its `fact.corrected` audit event in one transaction. The fact itself is never changed, so
 * an evaluation as known before the correction still reads it as first recorded (ADR 0019).
 * Who: admins and officers (the routes say so); the correction is bound to the caller.
 */
import { EFFECTIVE_FIELD, factKey } from '../../core/compliance/known.ts';
import { VigilError } from '../../core/errors.ts';
import { correctedValues } from '../../core/lifecycle/correction.ts';
import type { Correction } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { CommandService } from '../kernel/command-service.ts';
import type { CorrectionFilter } from './ports.ts';
import type { CorrectionInput } from './schemas.ts';
import { valuesView } from './views.ts';

export class CorrectionService extends CommandService<'audit' | 'corrections'> {
  correct(input: CorrectionInput, actor: string): Promise<Correction> {
    const ctx = this.context(actor);
    return this.transaction(async (tx) => {
      const found = await tx.corrections.findFact(input.kind, input.factId);
      if (found === null)
        throw new VigilError('FACT_NOT_FOUND', `no ${input.kind} has the id ${input.factId}`, [
          { path: 'factId', message: 'no such fact' },
        ]);
      const { fact } = found;
      // The fact as it reads now: the latest earlier replacement, if any, over the recorded values.
      const earlier = await tx.corrections.list({ kind: input.kind, factId: input.factId });
      const latest = earlier.at(-1);
      const current = latest?.values == null ? fact : { ...fact, ...latest.values };
      const values =
        input.retract === true ? null : correctedValues(input.kind, current, input.set ?? {}, ctx.now);
      const correction: Correction = {
        id: this.ids.next('cor'),
        kind: input.kind,
        factId: input.factId,
        factKey: factKey(input.kind, fact),
        deviceId: found.deviceId,
        effectiveAt: fact[EFFECTIVE_FIELD[input.kind]] as number,
        values,
        reason: input.reason,
        recordedBy: actor,
        recordedAt: ctx.now,
      };
      await tx.corrections.insert(correction);
      await tx.audit.append({
        type: 'fact.corrected',
        at: ctx.now,
        actor,
        subject: found.deviceId === null ? `${input.kind}:${input.factId}` : `device:${found.deviceId}`,
        payload: {
          id: correction.id,
          kind: correction.kind,
          factId: correction.factId,
          deviceId: correction.deviceId,
          effectiveAt: toIso(correction.effectiveAt),
          recordedAt: toIso(correction.recordedAt),
          values: valuesView(correction.kind, values),
          reason: correction.reason,
        },
      });
      return correction;
    });
  }

  list(filter: CorrectionFilter = {}): Promise<Correction[]> {
    return this.read((tx) => tx.corrections.list(filter));
  }
}
