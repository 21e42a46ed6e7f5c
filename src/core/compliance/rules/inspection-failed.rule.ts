import { isoDate } from '../format.ts';
import type { Rule } from '../rule.ts';

/**
 * `inspection.failed`: the latest security check found the device suspicious or compromised,
 * and no incident naming the device was opened at or after that check. Opening the incident
 * resolves the finding (the incident then carries the containment); closing it later does not
 * bring the finding back.
 */
export const inspectionFailed: Rule = {
  id: 'inspection.failed',
  title: 'Failed security check without an incident',
  description:
    'The latest security check of the device found it suspicious or compromised, and no incident naming ' +
    'the device was opened at or after that check.',
  defaultSeverity: 'critical',
  evaluate(ctx) {
    const last = ctx.snapshot.lastInspection;
    if (last === null || last.result === 'clean') return null;
    for (const i of ctx.lifecycle.incidents) if (i.openedAt >= last.at && i.openedAt <= ctx.at) return null;
    return {
      outcome: 'fail',
      severity: last.result === 'compromised' ? 'critical' : 'high',
      since: last.at,
      message: `The security check of ${isoDate(last.at)} (${last.method}) found the device ${last.result}, and no incident was opened`,
      evidence: {
        inspectionId: last.id,
        inspectedAt: last.at,
        method: last.method,
        result: last.result,
        performedBy: last.performedBy,
      },
      remedy:
        'Open an incident for the device now: quarantine it, hand over a replacement, revoke its accounts and take a forensic copy.',
    };
  },
};
