import type { Finding, Waiver } from '../../model.ts';
import { isoDate } from '../format.ts';
import type { FindingDraft, Rule } from '../rule.ts';

/**
 * `waiver.expired`: a finding an approved waiver used to cover is open again because the waiver
 * expired. Rules cannot see each other's findings, so this rule produces nothing by itself:
 * the evaluator reports it when it applies waivers (compliance/waivers.ts) through `draft`.
 * It stays reported until a new waiver covers the finding or the facts are fixed.
 */
export const waiverExpired: Rule = {
  id: 'waiver.expired',
  title: 'Waiver expired, finding open again',
  description:
    'An approved waiver for a rule on this device or its holder has expired and the finding it covered is ' +
    'open again. Reported until a new waiver is approved or the underlying finding is resolved.',
  defaultSeverity: 'high',
  evaluate() {
    return null;
  },
};

/** The `waiver.expired` draft for a finding that `waiver` covered until it expired. */
export function waiverExpiredDraft(finding: Finding, waiver: Waiver): FindingDraft {
  return {
    outcome: 'fail',
    severity: finding.severity,
    since: waiver.expiresAt,
    message: `The waiver for ${finding.rule} expired on ${isoDate(waiver.expiresAt)}; the finding is open again: ${finding.message}`,
    evidence: {
      waiverId: waiver.id,
      rule: finding.rule,
      expiredAt: waiver.expiresAt,
      approvedBy: waiver.approvedBy,
      reason: waiver.reason,
    },
    remedy: `Fix the underlying finding (${finding.remedy}) or request a new waiver for ${finding.rule}.`,
  };
}
