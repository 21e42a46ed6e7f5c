/**
 * Back-filled transitions keep their order: a transition may be dated in the past, but never
 * before the transition it follows, or the history would say a waiver was approved before it
 * was requested, or an incident closed before its last step.
 */
import { type Instant, toIso } from '../time.ts';
import { fail, type Outcome, ok } from './outcome.ts';

/** TRANSITION_OUT_OF_ORDER when `at` is before `previous` (the latest transition so far). */
export function inOrder(previous: Instant, at: Instant, what: string): Outcome<null> {
  if (at >= previous) return ok(null);
  return fail(
    'TRANSITION_OUT_OF_ORDER',
    `${what} cannot take effect at ${toIso(at)}, before the previous transition (${toIso(previous)})`,
  );
}
