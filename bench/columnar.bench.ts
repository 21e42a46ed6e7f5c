/**
 * The whole-fleet pass through the columns (src/core/compliance/columnar.ts) against the object
 * evaluator and a bare loop, side by side in one process on the same synthetic fleet
 * (bench/fleet-generator.ts, with the applied configuration on every report), then the cost of
 * the `config.drift` rule: the same fleet evaluated with and without it, both ways.
 *
 *   taskset -c 0 node --max-old-space-size=8192 --single-threaded-gc bench/columnar.bench.ts [--sizes 100000,1000000]
 *
 * Each measure is the best of 3 runs after a warm-up (by the thread's CPU time: the machine is
 * shared), runs of the measures alternating so that all see the same machine, garbage collected
 * before each. The columnar pass is timed from the
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

/**
 * Best of `runs` of each measure, alternating, after one warm-up of each: the thread's CPU time
 * (user + system; the garbage collector runs on this thread too), which a machine shared with
 * other work inflates far less than wall time, and the wall time of the same run.
 */
function sideBySide(
  runs: number,
  measures: Record<string, () => unknown>,
): Record<string, { cpu: number; wall: number }> {
  const best: Record<string, { cpu: number; wall: number }> = {};
  for (let k = 0; k <= runs; k++) {
    for (const [name, fn] of Object.entries(measures)) {
      collect();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fn();
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1000;
      const seen = best[name];
      if (k > 0 && (seen === undefined || cpu < seen.cpu)) best[name] = { cpu, wall };
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
  const columnar = evaluateColumns(buildFleetColumns(input));
  // The two passes must agree before their times mean anything.
  if (columnar.findings.length !== objects.findings.length) throw new Error('the columnar pass disagrees');
  const t = sideBySide(3, {
    bare: () => bareLoop(input.devices),
    objects: () => evaluateFleet(input),
    columns: () => buildFleetColumns(input),
    columnar: () => evaluateColumns(buildFleetColumns(input)),
    columnarResult: () => evaluateColumns(buildFleetColumns(input)).toResult(),
  });
  const drift = sideBySide(3, {
    objectsWith: () => evaluateFleet(input),
    objectsWithout: () => evaluateFleet(input, withoutDrift),
    columnarWith: () => evaluateColumns(buildFleetColumns(input)),
    columnarWithout: () => evaluateColumns(buildFleetColumns(input), { rules: withoutDrift }),
  });
  const cpu = (m: Record<string, { cpu: number }>, name: string) => m[name]?.cpu ?? Number.NaN;
  const pct = (a: number, b: number) => Math.round(((a - b) / b) * 1000) / 10;
  results.push({
    n,
    bareMs: round(cpu(t, 'bare')),
    objectsMs: round(cpu(t, 'objects')),
    columnarMs: round(cpu(t, 'columnar')),
    columnsBuildMs: round(cpu(t, 'columns')),
    columnarResultMs: round(cpu(t, 'columnarResult')),
    ratio: round(cpu(t, 'columnar') / cpu(t, 'bare')),
    resultRatio: round(cpu(t, 'columnarResult') / cpu(t, 'bare')),
    objectsRatio: round(cpu(t, 'objects') / cpu(t, 'bare')),
    columnarWallMs: round(t.columnar?.wall ?? Number.NaN),
    bareWallMs: round(t.bare?.wall ?? Number.NaN),
    findings: objects.findings.length,
    driftFindings: objects.findings.filter((f) => f.rule === 'config.drift').length,
    exactDevices: columnar.exactDevices,
    objectsWithDriftMs: round(cpu(drift, 'objectsWith')),
    objectsWithoutDriftMs: round(cpu(drift, 'objectsWithout')),
    objectsDriftPct: pct(cpu(drift, 'objectsWith'), cpu(drift, 'objectsWithout')),
    columnarWithDriftMs: round(cpu(drift, 'columnarWith')),
    columnarWithoutDriftMs: round(cpu(drift, 'columnarWithout')),
    columnarDriftPct: pct(cpu(drift, 'columnarWith'), cpu(drift, 'columnarWithout')),
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
