/**
 * What differs between two evaluations of the fleet "now", as whoever made the later one knows
 * it: the incremental state (incremental.ts) knows which summaries it replaced and which
 * findings it took out and put in, so a reader that counts results (dashboard/tally.ts
 * `retally`) need not walk both lists to find out. Kept beside the result, not in it: a result
 * stays the plain data `EvaluationResult` says.
 */
import type { Finding } from '../model.ts';
import type { EvaluationResult } from './types.ts';

export interface ResultChanges {
  /** The result these changes lead from. */
  readonly previous: EvaluationResult;
  /**
   * Places (ascending) in both device lists whose summary is another object; places past the
   * previous list's end are new devices, not listed here.
   */
  readonly devices: readonly number[];
  /** The findings of `previous` not in the later result, and those of the later result not in `previous` (by identity). */
  readonly removed: readonly Finding[];
  readonly added: readonly Finding[];
}

// The previous result is held weakly: each result holding the one before would keep every
// result ever made alive, a copy of the fleet's lists each.
const noted = new WeakMap<
  EvaluationResult,
  Omit<ResultChanges, 'previous'> & { previous: WeakRef<EvaluationResult> }
>();

/** Records how `result` differs from `changes.previous`; the maker must be sure of it. */
export function noteChanges(result: EvaluationResult, changes: ResultChanges): void {
  noted.set(result, { ...changes, previous: new WeakRef(changes.previous) });
}

/** How `result` differs from `previous`, when its maker recorded it; else undefined. */
export function changesFrom(previous: EvaluationResult, result: EvaluationResult): ResultChanges | undefined {
  const c = noted.get(result);
  return c !== undefined && c.previous.deref() === previous ? { ...c, previous } : undefined;
}
