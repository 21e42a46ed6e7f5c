import { refusalCounts } from '../../lifecycle/refusal.ts';
import { waiverCovers } from '../../lifecycle/waiver.ts';
import type { Refusal, Waiver } from '../../model.ts';
import { isoDate } from '../format.ts';
import type { FindingDraft, Rule } from '../rule.ts';

function waived(r: Refusal, waivers: readonly Waiver[], at: number): boolean {
  for (const w of waivers) if (w.rule === r.rule && waiverCovers(w, at)) return true;
  return false;
}

/**
 * `refusal.unwaived`: a refusal of this device or its holder that still counts (see
 * core/lifecycle/refusal.ts) and that no approved waiver for the rule it leaves unmet covers.
 * It reports whether or not the current protocol requires the refused action: declining a step
 * the office asked for is out of protocol until the step is done or a waiver says otherwise.
 */
export const refusalUnwaived: Rule = {
  id: 'refusal.unwaived',
  title: 'Refusal without a waiver',
  description:
    'A person declined (or someone declined on their behalf) a swap, a check or another required action, ' +
    'and no approved waiver covers the rule that leaves unmet. A declined swap counts until the device is ' +
    'swapped; a declined check until the device is checked; any other refusal until a waiver covers it.',
  defaultSeverity: 'high',
  evaluate(ctx) {
    const refusals = ctx.lifecycle.refusals;
    if (refusals.length === 0) return null;
    const snap = ctx.snapshot;
    const facts = {
      inServiceSince: snap.inServiceSince,
      lastInspectionAt: snap.lastInspection === null ? null : snap.lastInspection.at,
    };
    const out: FindingDraft[] = [];
    for (const r of refusals) {
      if (!refusalCounts(r, facts, ctx.at) || waived(r, ctx.lifecycle.waivers, ctx.at)) continue;
      out.push({
        outcome: 'fail',
        since: r.at,
        message: `${r.action === 'swap' ? 'Swap' : r.action === 'check' ? 'Security check' : `"${r.action}"`} declined by ${r.personId} on ${isoDate(r.at)} ("${r.reason}"), and no waiver covers ${r.rule}`,
        evidence: {
          refusalId: r.id,
          personId: r.personId,
          action: r.action,
          rule: r.rule,
          refusedAt: r.at,
          reason: r.reason,
          recordedBy: r.recordedBy,
        },
        remedy: `Carry out the ${r.action} now, or request a waiver for ${r.rule} with a risk statement and have it approved.`,
      });
    }
    return out.length === 0 ? null : out;
  },
};
