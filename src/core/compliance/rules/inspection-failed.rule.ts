import type { Inspection } from '../../model.ts';
import type { Instant } from '../../time.ts';
import { isoDate } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';

/** The finding of a device whose latest check is `last`, with no incident opened since (as of `at`). */
function failed<T>(make: FindingMaker<T>, last: Inspection | null): T | null {
  if (last === null || last.result === 'clean') return null;
  const severity = last.result === 'compromised' ? 'critical' : 'high';
  if (!make.describes) return make.decide('fail', severity, last.at);
  return make.make(
    'fail',
    severity,
    last.at,
    `The security check of ${isoDate(last.at)} (${last.method}) found the device ${last.result}, and no incident was opened`,
    {
      inspectionId: last.id,
      inspectedAt: last.at,
      method: last.method,
      result: last.result,
      performedBy: last.performedBy,
    },
    'Open an incident for the device now: quarantine it, hand over a replacement, revoke its accounts and take a forensic copy.',
  );
}

/** Whether an incident naming the device was opened at or after the check `last`, and by `at`. */
function incidentSince(last: Inspection, incidents: readonly { openedAt: Instant }[], at: Instant): boolean {
  for (const i of incidents) if (i.openedAt >= last.at && i.openedAt <= at) return true;
  return false;
}

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
    if (last === null || incidentSince(last, ctx.lifecycle.incidents, ctx.at)) return null;
    return failed(DRAFTS, last);
  },
  // A row has no lifecycle facts (columnar.ts): no incident names the device.
  columnar(row) {
    return failed(row.findings, row.lastInspection);
  },
};
