/**
 * Refusals: a person declined (or someone declined on their behalf) an action the protocol
 * requires. A refusal is a fact, recorded once and never changed; what it means for compliance
 * is decided here.
 *
 * How long a refusal counts: until the refused action is done afterwards. A declined swap
 * counts while the device in service is the one that was in service when the swap was declined
 * (a later rotation or reactivation starts a new service period and ends it); a declined check
 * counts until the device is checked afterwards (or a new service period starts). A refusal of
 * any other action counts until a waiver covers it: Vigil cannot see that action done.
 */
import type { Refusal } from '../model.ts';
import type { Instant } from '../time.ts';

/** Known actions and the rule each leaves unmet. */
export const REFUSAL_ACTIONS = {
  swap: 'rotation.overdue',
  check: 'inspection.overdue',
} as const satisfies Record<string, string>;

/** The rule a refused action leaves unmet; null when the action is not one Vigil knows (the caller names the rule). */
export function ruleForAction(action: string): string | null {
  return Object.hasOwn(REFUSAL_ACTIONS, action)
    ? REFUSAL_ACTIONS[action as keyof typeof REFUSAL_ACTIONS]
    : null;
}

/** What a refusal is judged against: the device's current service period and last check. */
export interface RefusalFacts {
  readonly inServiceSince: Instant | null;
  readonly lastInspectionAt: Instant | null;
}

/** Whether the refusal still counts at `at` (it was recorded at or before `at`). */
export function refusalCounts(r: Refusal, facts: RefusalFacts, at: Instant): boolean {
  if (r.at > at) return false;
  if (facts.inServiceSince !== null && facts.inServiceSince > r.at) return false;
  if (r.action === 'check') return facts.lastInspectionAt === null || facts.lastInspectionAt < r.at;
  return true;
}
