/**
 * The fleet evaluated a slice at a time, handing the event loop back between slices. The rule
 * pass and the sort of the findings over 100,000 devices take most of a second of CPU; run in
 * one piece they would hold every other request of the serving process (the dashboard's p99)
 * for that long. The pass is the columnar one (core/compliance/columnar.ts, ADR 0035): the
 * columns built a slice at a time, then only the devices that may have findings through the
 * rules; its result is `evaluateFleet`'s. The core stays synchronous and pure per slice
 * (`startColumnarEvaluation`); only the waiting is here.
 */
import { startColumnarEvaluation } from '../../core/compliance/columnar.ts';
import type { FleetEvaluationOptions } from '../../core/compliance/evaluate.ts';
import type { EvaluationInput, EvaluationResult } from '../../core/compliance/types.ts';

/**
 * Work per slice (devices' snapshots taken into columns, devices through the rules, findings
 * sorted; a device the columns show compliant counts as a sixteenth): a few milliseconds on one
 * core (about 1 µs a snapshot, 5 µs a device through the rules), short enough for a waiting
 * request not to notice, long enough for the turns to cost nothing.
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
  const run = startColumnarEvaluation(input, options);
  const slice = options.slice ?? EVALUATION_SLICE;
  while (run.step(slice)) await nextTurn();
  return run.result();
}
