/**
 * The whole-fleet pass through the columns (src/core/compliance/columnar.ts) against the object
 * evaluator and a bare loop, side by side in one process on the same synthetic fleet
 * (bench/fleet-generator.ts, with the applied configuration on every report), then the cost of
 * the `config.drift` rule: the same fleet evaluated with and without it, both ways.
 *
 *   taskset -c 0 node --max-old-space-size=8192 --single-threaded-gc bench/columnar.bench.ts [--sizes 100000,1000000]
 *
 * Each measure is the best of 3 runs after a warm-up, runs of the measures alternating so that
 * all see the same machine, garbage collected before each. The columnar pass is timed from the
 * histories (`buildFleetColumns`, then `evaluateColumns`: findings sorted, compliant devices'
 * summaries left in the columns), and the same with every summary built (`toResult`, what
 * `evaluateFleet` returns). The bare loop reads the fields both evaluators read and nothing else.
 *
 * Prints {sizes:[...], loadAverage} as JSON on stdout and a table on stderr.
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildFleetColumns, evaluateColumns } from '../src/core/compliance/columnar.ts';
import { evaluateFleet } from '../src/core/compliance/evaluate.ts';
import { RULES } from '../src/core/compliance/registry.ts';
import type { DeviceHistory } from '../src/core/compliance/types.ts';
import { generateFleet } from './fleet-generator.ts';

function parseSizes(argv: readonly string[]): number[] {
  const i = argv.indexOf('--sizes');
  const text = i >= 0 ? argv[i + 1] : undefined;
  if (text === undefined) return [1_000_000];
  return text.split(',').map((s) => Number(s.replace(/_/g, '')));
}

/** Reads the fields the evaluators read, and nothing else (evaluate.bench.ts's loop). */
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

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Best of `runs` of each measure, alternating, after one warm-up of each. */
function sideBySide(runs: number, measures: Record<string, () => unknown>): Record<string, number> {
  const best: Record<string, number> = {};
  for (let k = 0; k <= runs; k++) {
    for (const [name, fn] of Object.entries(measures)) {
      collect();
      const t0 = performance.now();
      fn();
      const ms = performance.now() - t0;
      if (k > 0) best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, ms);
    }
  }
  return best;
}

const round = (x: number) => Math.round(x * 10) / 10;
const withoutDrift = RULES.filter((r) => r.id !== 'config.drift');
const results: Record<string, number>[] = [];
for (const n of parseSizes(process.argv.slice(2))) {
  const { input } = generateFleet(n, 42, { applied: true });
  const objects = evaluateFleet(input);
  const cols = buildFleetColumns(input);
  const columnar = evaluateColumns(cols);
  // The two passes must agree before their times mean anything.
  if (columnar.findings.length !== objects.findings.length) throw new Error('the columnar pass disagrees');
  let buildMs = Number.POSITIVE_INFINITY;
  const t = sideBySide(3, {
    bare: () => bareLoop(input.devices),
    objects: () => evaluateFleet(input),
    columnar: () => {
      const t0 = performance.now();
      const c = buildFleetColumns(input);
      buildMs = Math.min(buildMs, performance.now() - t0);
      return evaluateColumns(c);
    },
    columnarResult: () => evaluateColumns(buildFleetColumns(input)).toResult(),
  });
  const drift = sideBySide(3, {
    objectsWith: () => evaluateFleet(input),
    objectsWithout: () => evaluateFleet(input, withoutDrift),
    columnarWith: () => evaluateColumns(buildFleetColumns(input)),
    columnarWithout: () => evaluateColumns(buildFleetColumns(input, withoutDrift)),
  });
  const pct = (a: number, b: number) => Math.round(((a - b) / b) * 1000) / 10;
  results.push({
    n,
    bareMs: round(t.bare ?? 0),
    objectsMs: round(t.objects ?? 0),
    columnarMs: round(t.columnar ?? 0),
    columnsBuildMs: round(buildMs),
    columnarResultMs: round(t.columnarResult ?? 0),
    ratio: round((t.columnar ?? 0) / (t.bare ?? 1)),
    resultRatio: round((t.columnarResult ?? 0) / (t.bare ?? 1)),
    objectsRatio: round((t.objects ?? 0) / (t.bare ?? 1)),
    findings: objects.findings.length,
    driftFindings: objects.findings.filter((f) => f.rule === 'config.drift').length,
    exactDevices: columnar.exactDevices,
    objectsWithDriftMs: round(drift.objectsWith ?? 0),
    objectsWithoutDriftMs: round(drift.objectsWithout ?? 0),
    objectsDriftPct: pct(drift.objectsWith ?? 0, drift.objectsWithout ?? 1),
    columnarWithDriftMs: round(drift.columnarWith ?? 0),
    columnarWithoutDriftMs: round(drift.columnarWithout ?? 0),
    columnarDriftPct: pct(drift.columnarWith ?? 0, drift.columnarWithout ?? 1),
  });
}
for (const r of results) console.error(r);
console.log(
  JSON.stringify({
    sizes: results,
    loadAverage: loadavg()
      .map((l) => l.toFixed(1))
      .join(', '),
  }),
);
