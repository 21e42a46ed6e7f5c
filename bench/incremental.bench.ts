/**
 * The incremental fleet state (src/core/compliance/incremental.ts) on synthetic fleets
 * (bench/fleet-generator.ts), in process, one core: the first build against `evaluateFleet` on
 * the same input (side by side), then 1,000 posture reports applied one at a time (each a new
 * report on a random device, the clock moved by a millisecond: the evaluator's work per report,
 * and the sorted result handed out after it; and the serving thread's side of the evaluation
 * worker: the state's change log taken into a mirror of the result and the summary's counts
 * carried to it, as bench/serve-start.bench.ts's server does per report), then the clock moved a
 * day (the devices whose deadline passed).
 *
 *   node --max-old-space-size=8192 --single-threaded-gc bench/incremental.bench.ts [--sizes 100000,1000000] [--results 50]
 *
 * (100,000 devices unless told: a million takes minutes to generate on a loaded machine.)
 *
 * Prints {sizes:[{n, fullMs, buildMs, applyP50Us, applyP99Us, resultP50Us, resultP99Us,
 * mirrorP50Us, mirrorP99Us, dayMs, dayDevices}], loadAverage} as JSON on stdout and a table on stderr.
 */

import { loadavg } from 'node:os';
import { PartDecoder, PartEncoder } from '../src/adapters/evaluation/compact.ts';
import { evaluateFleet } from '../src/core/compliance/evaluate.ts';
import { FleetState } from '../src/core/compliance/incremental.ts';
import {
  changesDelta,
  DeltaReader,
  type ResultPart,
  resultDelta,
} from '../src/core/compliance/result-delta.ts';
import type { DeviceHistory, EvaluationInput, EvaluationResult } from '../src/core/compliance/types.ts';
import { retally, tally } from '../src/core/dashboard/tally.ts';
import type { PostureReport } from '../src/core/model.ts';
import { DAY } from '../src/core/time.ts';
import { generateFleet } from './fleet-generator.ts';

function parseSizes(argv: readonly string[]): number[] {
  const i = argv.indexOf('--sizes');
  const text = i >= 0 ? argv[i + 1] : undefined;
  if (text === undefined) return [100_000];
  return text.split(',').map((s) => Number(s.replace(/_/g, '')));
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const REPORTS = 1_000;
/**
 * The sorted result is timed after this many of the reports (`--results`; all by default): it
 * copies every summary, so at a million devices a thousand of them take minutes.
 */
const RESULTS = ((i) => (i >= 0 ? Number(process.argv[i + 1]) : REPORTS))(process.argv.indexOf('--results'));
const results: Record<string, number>[] = [];
for (const n of parseSizes(process.argv.slice(2))) {
  const { input } = generateFleet(n, 42);
  // Side by side: a full evaluation, then the state built from the same input.
  let t = performance.now();
  evaluateFleet(input);
  const fullMs = performance.now() - t;
  t = performance.now();
  const state = new FleetState(input);
  state.result();
  const buildMs = performance.now() - t;

  const devices = input.devices.slice();
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  let at = input.at;
  const shared: EvaluationInput = { ...input, devices: [] };
  const apply: number[] = [];
  const result: number[] = [];
  // The serving thread's side of the evaluation worker (docs/adr/0039, 0046): the change log
  // sent as a delta (encoded and cloned as a message would be), taken into the mirror, the summary's counts
  // carried to it.
  const mirrorTimes: number[] = [];
  const reader = new DeltaReader();
  const encoder = new PartEncoder();
  const decoder = new PartDecoder();
  const cross = (part: ResultPart) => decoder.decode(structuredClone(encoder.encode(part)));
  state.changes();
  let mirror: EvaluationResult | null = null;
  for (const part of resultDelta(null, state.result(), 2_000))
    mirror = reader.take(mirror, cross(part)) ?? mirror;
  let counts = tally(mirror as EvaluationResult);
  for (let k = 0; k < REPORTS; k++) {
    const i = Math.floor(random() * devices.length);
    const h = devices[i] as DeviceHistory;
    const last = h.posture[h.posture.length - 1];
    at += 1;
    const report: PostureReport | undefined =
      last === undefined ? undefined : { ...last, id: `${last.id}-b${k}`, observedAt: at, receivedAt: at };
    const next = report === undefined ? h : { ...h, posture: [...h.posture, report] };
    devices[i] = next;
    const t0 = performance.now();
    state.apply({ ...shared, at, devices: [next] }, { devices: [next.device.id] });
    const t1 = performance.now();
    apply.push((t1 - t0) * 1000);
    const log = state.changes();
    const t2 = performance.now();
    const parts = log === null ? resultDelta(mirror, state.result(), 2_000) : changesDelta(log, 2_000);
    for (const part of parts) mirror = reader.take(mirror, cross(part)) ?? mirror;
    counts = retally(counts, mirror as EvaluationResult);
    const t3 = performance.now();
    mirrorTimes.push((t3 - t2) * 1000);
    if (k < RESULTS) {
      state.result();
      result.push((performance.now() - t1) * 1000);
    }
  }
  apply.sort((a, b) => a - b);
  mirrorTimes.sort((a, b) => a - b);
  result.sort((a, b) => a - b);
  const before = state.evaluated;
  t = performance.now();
  state.advance({ ...shared, at: at + DAY, devices: [] });
  state.result();
  const dayMs = performance.now() - t;
  results.push({
    n,
    fullMs: Math.round(fullMs),
    buildMs: Math.round(buildMs),
    applyP50Us: Math.round(quantile(apply, 0.5)),
    applyP99Us: Math.round(quantile(apply, 0.99)),
    resultP50Us: Math.round(quantile(result, 0.5)),
    resultP99Us: Math.round(quantile(result, 0.99)),
    mirrorP50Us: Math.round(quantile(mirrorTimes, 0.5)),
    mirrorP99Us: Math.round(quantile(mirrorTimes, 0.99)),
    dayMs: Math.round(dayMs),
    dayDevices: state.evaluated - before,
  });
}
console.error(
  'devices   full ms   build ms   apply p50/p99 µs   result p50/p99 µs   mirror p50/p99 µs   +1 day ms (devices)',
);
for (const r of results)
  console.error(
    `${String(r.n).padStart(9)} ${String(r.fullMs).padStart(8)} ${String(r.buildMs).padStart(9)}   ${`${r.applyP50Us}/${r.applyP99Us}`.padStart(16)}   ${`${r.resultP50Us}/${r.resultP99Us}`.padStart(17)}   ${`${r.mirrorP50Us}/${r.mirrorP99Us}`.padStart(17)}   ${r.dayMs} (${r.dayDevices})`,
  );
console.log(
  JSON.stringify({
    sizes: results,
    loadAverage: loadavg()
      .map((l) => l.toFixed(1))
      .join(', '),
  }),
);
