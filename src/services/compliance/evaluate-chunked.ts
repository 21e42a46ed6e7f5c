/**
 * The fleet evaluated a slice at a time, handing the event loop back between slices. The rule
 * pass and the sort of the findings over 100,000 devices take most of a second of CPU; run in
 * one piece they would hold every other request of the serving process (the dashboard's p99)
 * for that long. The core stays synchronous and pure per slice (`startFleetEvaluation`); only
 * the waiting is here.
 */
import { type FleetEvaluationOptions, startFleetEvaluation } from '../../core/compliance/evaluate.ts';
import type { EvaluationInput, EvaluationResult } from '../../core/compliance/types.ts';

/**
 * Work per slice (devices evaluated, then findings sorted): a few milliseconds on one core
 * (about 2 µs a device at 100,000), short enough for a waiting request not to notice, long
 * enough for the turns to cost nothing.
 */
export const EVALUATION_SLICE = 2_000;

/** Resolves on the next turn of the event loop, after the I/O callbacks already due. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `evaluateFleet(input)`, the same result, yielding to the event loop between slices of about
 * `slice` devices' worth of work. `unsorted`: see `FleetEvaluationOptions`.
 */
export async function evaluateFleetChunked(
  input: EvaluationInput,
  options: FleetEvaluationOptions & { readonly slice?: number } = {},
): Promise<EvaluationResult> {
  const run = startFleetEvaluation(input, options);
  const slice = options.slice ?? EVALUATION_SLICE;
  while (run.step(slice)) await nextTurn();
  return run.result();
}
