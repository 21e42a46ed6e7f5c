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

/** Results followed back at most, from one result to an earlier one. */
const MAX_HOPS = 16;

/**
 * How `result` differs from `previous`, when its maker recorded it, directly or through results
 * in between (a background update's that no reader counted); else undefined.
 */
export function changesFrom(previous: EvaluationResult, result: EvaluationResult): ResultChanges | undefined {
  const hops: Omit<ResultChanges, 'previous'>[] = [];
  let at = result;
  while (at !== previous) {
    const c = noted.get(at);
    const before = c?.previous.deref();
    if (c === undefined || before === undefined || hops.length === MAX_HOPS) return undefined;
    hops.push(c);
    at = before;
  }
  if (hops.length === 0) return undefined;
  if (hops.length === 1) return { ...(hops[0] as Omit<ResultChanges, 'previous'>), previous };
  // Oldest first: a finding put in and taken out again in between is in neither list.
  const devices = new Set<number>();
  const removed: Finding[] = [];
  const added = new Set<Finding>();
  for (let i = hops.length - 1; i >= 0; i--) {
    const c = hops[i] as Omit<ResultChanges, 'previous'>;
    for (const d of c.devices) if (d < previous.devices.length) devices.add(d);
    for (const f of c.removed) if (!added.delete(f)) removed.push(f);
    for (const f of c.added) added.add(f);
  }
  return { previous, devices: [...devices].sort((a, b) => a - b), removed, added: [...added] };
}
