/**
 * Times `evaluateFleet` on synthetic fleets (bench/fleet-generator.ts) against a "bare loop"
 * that only walks the same arrays, so the ratio shows what the evaluator costs beyond reading
 * the data. Generation is not timed; each size is warmed up once, then the best of 3 runs is
 * kept, with garbage collected before each run. `firstEvaluateMs` is the warm-up run: the first
 * evaluation of freshly loaded data, which is what a server pays (string hashes not yet cached).
 *
 *   node --max-old-space-size=8192 bench/evaluate.bench.ts [--sizes 10000,100000,1000000]
 *
 * (1M devices hold about 3 GB of histories: the default heap limit is too small for them.)
 * Prints {sizes:[{n, evaluateMs, bareLoopMs, ratio, findings, firstEvaluateMs}]} as JSON on
 * stdout and a table on stderr.
 *
 * With `--known-at`, each size is also evaluated "as known at" its instant (ADR 0014: every fact
 * was recorded an hour after it took effect, so the latest hour's facts are cut), runs of the
 * two alternating so that both see the same machine; adds knownAtMs and knownAtChange.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { evaluateFleet } from '../src/core/compliance/evaluate.ts';
import type { DeviceHistory } from '../src/core/compliance/types.ts';
import { generateFleet } from './fleet-generator.ts';

function parseSizes(argv: readonly string[]): number[] {
  const i = argv.indexOf('--sizes');
  const text = i >= 0 ? argv[i + 1] : undefined;
  if (text === undefined) return [10_000, 100_000, 1_000_000];
  const sizes = text.split(',').map((s) => Number(s.replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    console.error(`--sizes expects positive integers separated by commas, got "${text}"`);
    process.exit(2);
  }
  return sizes;
}

/** Reads the fields the evaluator reads, and nothing else. */
function bareLoop(devices: readonly DeviceHistory[]): number {
  let sum = 0;
  for (const h of devices) {
    for (const s of h.statuses) sum += s.at;
    for (const c of h.custody) sum += c.at;
    for (const r of h.rotations) sum += r.at;
    for (const i of h.inspections) sum += i.at;
    for (const p of h.posture) sum += p.observedAt;
  }
  return sum;
}

// Collect garbage before each timed run, so no run pays for the garbage of the one before.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The first run (on data never evaluated before: the warm-up), then the best of `runs` more. */
function bestOf<T>(runs: number, fn: () => T): { ms: number; firstMs: number; value: T } {
  let best = Number.POSITIVE_INFINITY;
  collect();
  const t = performance.now();
  let value: T | null = fn();
  const firstMs = performance.now() - t;
  for (let k = 0; k < runs; k++) {
    value = null;
    collect();
    const t0 = performance.now();
    value = fn();
    const ms = performance.now() - t0;
    if (ms < best) best = ms;
  }
  return { ms: best, firstMs, value: value as T };
}

/** Best of `runs` of each of `a` and `b`, alternating (after one warm-up of each). */
function alternating<T>(runs: number, a: () => T, b: () => T): { a: number; b: number; va: T; vb: T } {
  const time = (fn: () => T) => {
    collect();
    const t0 = performance.now();
    const v = fn();
    return { ms: performance.now() - t0, v };
  };
  let ra = time(a);
  let rb = time(b);
  let bestA = Number.POSITIVE_INFINITY;
  let bestB = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    ra = time(a);
    bestA = Math.min(bestA, ra.ms);
    rb = time(b);
    bestB = Math.min(bestB, rb.ms);
  }
  return { a: bestA, b: bestB, va: ra.v, vb: rb.v };
}

const knownAtToo = process.argv.includes('--known-at');

const results: {
  n: number;
  evaluateMs: number;
  bareLoopMs: number;
  ratio: number;
  findings: number;
  firstEvaluateMs: number;
  knownAtMs?: number;
  knownAtFindings?: number;
  knownAtChange?: string;
}[] = [];
for (const n of parseSizes(process.argv.slice(2))) {
  const { input } = generateFleet(n, 42);
  if (knownAtToo) {
    const r = alternating(
      3,
      () => evaluateFleet(input),
      () => evaluateFleet({ ...input, knownAt: input.at }),
    );
    results.push({
      n,
      evaluateMs: Math.round(r.a * 10) / 10,
      bareLoopMs: 0,
      ratio: 0,
      findings: r.va.findings.length,
      firstEvaluateMs: 0,
      knownAtMs: Math.round(r.b * 10) / 10,
      knownAtFindings: r.vb.findings.length,
      knownAtChange: `${(((r.b - r.a) / r.a) * 100).toFixed(1)}%`,
    });
    console.error(
      `${n} devices: without knownAt ${r.a.toFixed(1)} ms (${r.va.findings.length} findings), with knownAt ${r.b.toFixed(1)} ms (${r.vb.findings.length} findings): ${(((r.b - r.a) / r.a) * 100).toFixed(1)}%`,
    );
    continue;
  }
  const evaluation = bestOf(3, () => evaluateFleet(input));
  const bare = bestOf(3, () => bareLoop(input.devices));
  results.push({
    n,
    evaluateMs: Math.round(evaluation.ms * 10) / 10,
    bareLoopMs: Math.round(bare.ms * 10) / 10,
    ratio: Math.round((evaluation.ms / Math.max(bare.ms, 0.001)) * 10) / 10,
    findings: evaluation.value.findings.length,
    firstEvaluateMs: Math.round(evaluation.firstMs * 10) / 10,
  });
}

if (!knownAtToo) console.error('devices     evaluate ms   bare loop ms   ratio   findings   first run ms');
for (const r of knownAtToo ? [] : results) {
  console.error(
    `${String(r.n).padStart(9)}  ${r.evaluateMs.toFixed(1).padStart(11)}  ${r.bareLoopMs.toFixed(1).padStart(13)}  ${r.ratio.toFixed(1).padStart(6)}  ${String(r.findings).padStart(9)}  ${r.firstEvaluateMs.toFixed(1).padStart(13)}`,
  );
}
console.log(JSON.stringify({ sizes: results }));
