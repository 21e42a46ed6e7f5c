import { VigilError } from '../../core/errors.ts';
import type { Outcome } from '../../core/lifecycle/outcome.ts';

/** The value of a state machine's outcome, or its refusal thrown as the VigilError it names. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new VigilError(outcome.error.code, outcome.error.message);
  return outcome.value;
}
