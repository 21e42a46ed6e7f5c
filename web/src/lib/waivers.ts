/** Where a person's waivers and findings belong on their page. */

/**
 * The rule a finding is about: an expired waiver's finding belongs with the rule the waiver
 * covered (an expired camera waiver is a camera finding again, not a refusal).
 */
export function ruleOf(f: {
  readonly rule: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}): string {
  const covered = f.evidence.rule;
  return f.rule === 'waiver.expired' && typeof covered === 'string' ? covered : f.rule;
}

export type WaiverGroup = 'in force' | 'awaiting a decision' | 'expired' | 'ended';

/**
 * Where a waiver belongs as of `now`: in force, awaiting a decision, expired (an approved waiver
 * past its expiry), or ended early (revoked, rejected).
 */
export function waiverGroup(
  w: { readonly state: string; readonly expiresAt: string },
  now: number,
): WaiverGroup {
  if (w.state === 'requested') return 'awaiting a decision';
  if (w.state === 'approved') return Date.parse(w.expiresAt) > now ? 'in force' : 'expired';
  if (w.state === 'expired') return 'expired';
  return 'ended';
}
