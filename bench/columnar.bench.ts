/**
 * The whole-fleet pass through the columns (src/core/compliance/columnar.ts) against the object
 * evaluator and two bare loops, side by side in one process on the same synthetic fleet
 * (bench/fleet-generator.ts, with the applied configuration on every report), then the cost of
 * the `config.drift` rule (the same fleet evaluated with and without it, both ways), then the
 * step-wise pass a serving process runs (services/compliance/evaluate-chunked.ts) with the event
 * loop's delay measured meanwhile.
 *
 *   taskset -c 0 node --max-old-space-size=8192 --single-threaded-gc bench/columnar.bench.ts [--sizes 100000,1000000]
 *
 * Each measure is the best of 3 runs after a warm-up (by the thread's CPU time: the machine is
 * shared), runs of the measures alternating so that all see the same machine, garbage collected
 * before each. The columns are the kept state (built once at load, `buildFleetColumns`, timed on
 * its own; kept by `updateFleetColumns` as facts arrive), so the full pass (`evaluateColumns`:
 * findings sorted, compliant devices' summaries left in the columns) reads the columns, and the
 * histories of the devices it takes through the rules (their columnar bodies or the evaluator).
 * Its baseline is the loop that reads exactly that: every column of every device (the typed
 * arrays, and the latest inspection and OS report each row points to), and the history fields
 * the rules read for every device the pass takes through them, by their bodies or by the
 * evaluator ("bare, pass reads"). The bare loop over every history ("bare, histories") is what
 * the object evaluator reads, and what a pass without kept columns would. Also timed: the pass
 * with what is in force rebuilt before it (a new map of who is governed by what: the columns'
 * holder lookups start again, as after an assignment or a protocol change), the pass with every
 * summary built (`toResult`, what `evaluateFleet` returns) and a cold pass from the histories
 * (columns built, then evaluated: what `evaluateFleetChunked` does).
 *
 * Prints {sizes:[...], loadAverage} as JSON on stdout and a table on stderr.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  buildFleetColumns,
  evaluateColumns,
  type FleetColumns,
  updateFleetColumns,
} from '../src/core/compliance/columnar.ts';
import { evaluateFleet } from '../src/core/compliance/evaluate.ts';
import { RULES } from '../src/core/compliance/registry.ts';
import type { DeviceHistory } from '../src/core/compliance/types.ts';
import { evaluateFleetChunked } from '../src/services/compliance/evaluate-chunked.ts';
import { generateFleet } from './fleet-generator.ts';

function parseSizes(argv: readonly string[]): number[] {
  const i = argv.indexOf('--sizes');
  const text = i >= 0 ? argv[i + 1] : undefined;
  if (text === undefined) return [1_000_000];
  return text.split(',').map((s) => Number(s.replace(/_/g, '')));
}

/** The history fields the evaluators read, and nothing else (evaluate.bench.ts's loop). */
function readHistory(h: DeviceHistory): number {
  let sum = 0;
  for (const s of h.statuses) sum += s.at;
  for (const c of h.custody) sum += c.at;
  for (const r of h.rotations) sum += r.at;
  for (const i of h.inspections) sum += i.at;
  for (const p of h.posture) sum += p.observedAt;
  return sum;
}

/** Every history: what the object evaluator reads. */
function bareLoop(devices: readonly DeviceHistory[]): number {
  let sum = 0;
  for (const h of devices) sum += readHistory(h);
  return sum;
}

/**
 * Every column of every device (with the fields of the objects a row points to that the bodies
 * read), and the histories of `rows`: all the devices the pass takes through the rules.
 */
function bareColumns(c: FleetColumns, rows: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < c.size; i++) {
    const inspection = c.lastInspections[i];
    const report = c.osReports[i];
    const b = i * 4;
    sum +=
      (c.exact[i] as number) +
      (c.role[i] as number) +
      (c.platform[i] as number) +
      (c.holder[i] as number) +
      (c.inServiceSince[i] as number) +
      (c.latestPostureAt[i] as number) +
      (c.lastInspectionAt[i] as number) +
      (c.lastInspectionMethod[i] as number) +
      (c.lastInspectionClean[i] as number) +
      (c.sensors[b] as number) +
      (c.sensors[b + 1] as number) +
      (c.sensors[b + 2] as number) +
      (c.sensors[b + 3] as number) +
      (c.lockdown[i] as number) +
      (c.version[i] as number) +
      (c.apps[i] as number) +
      (c.appliedConfig[i] as number) +
      (c.appliedSource[i] as number) +
      (inspection == null ? 0 : inspection.at) +
      (report == null ? 0 : report.observedAt);
  }
  for (const i of rows) sum += readHistory(c.histories[i] as DeviceHistory);
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
  reversing = false,
): Record<string, { cpu: number; wall: number }> {
  const best: Record<string, { cpu: number; wall: number }> = {};
  const forward = Object.entries(measures);
  const backward = [...forward].reverse();
  for (let k = 0; k <= runs; k++) {
    // Reversed every other run when asked: no measure always runs after the same one.
    for (const [name, fn] of reversing && k % 2 === 1 ? backward : forward) {
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
  const { input } = generateFleet(n, 42, { applied: true, exposed: true });
  const objects = evaluateFleet(input);
  // The kept state: built once, then every pass reads it.
  const cols = buildFleetColumns(input);
  const columnar = evaluateColumns(cols);
  // The two passes must agree before their times mean anything.
  if (JSON.stringify(columnar.toResult()) !== JSON.stringify(objects))
    throw new Error('the columnar pass disagrees');
  // Every device the pass reads the history of: through the bodies and through the evaluator.
  const rows = [...columnar.rowRows, ...columnar.exactRows].sort((a, b) => a - b);
  // A new map of who is governed by what before each such pass (`inForceRebuilt`), as after an
  // assignment: the same answers, but the columns cannot know it and look every holder up again.
  // Copied up front (one per run and the warm-up): the copy is not the pass's work.
  const copies = Array.from({ length: 4 }, () => ({
    ...input.inForce,
    governing: new Map(input.inForce.governing),
  }));
  const rebuilt = () => {
    updateFleetColumns(cols, { ...cols.input, devices: [], inForce: copies.pop() ?? input.inForce });
    return cols;
  };
  const t = sideBySide(3, {
    bareHistories: () => bareLoop(input.devices),
    bareColumns: () => bareColumns(cols, rows),
    objects: () => evaluateFleet(input),
    columns: () => buildFleetColumns(input),
    columnar: () => evaluateColumns(cols),
    columnarDescribed: () => evaluateColumns(cols).findings,
    columnarEager: () => evaluateColumns(cols, { eager: true }).findings,
    inForceRebuilt: () => evaluateColumns(rebuilt()),
    columnarResult: () => evaluateColumns(cols).toResult(),
    cold: () => evaluateColumns(buildFleetColumns(input)),
  });
  // With and without interleaved, the order reversed every run (ADR 0042, 2026-12-08).
  const drift = sideBySide(
    5,
    {
      objectsWith: () => evaluateFleet(input),
      objectsWithout: () => evaluateFleet(input, withoutDrift),
      columnarWith: () => evaluateColumns(cols),
      columnarWithout: () => evaluateColumns(cols, { rules: withoutDrift }),
    },
    true,
  );
  // The serving process's pass, in slices, with a timer measuring how late the event loop turns.
  collect();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const c0 = performance.now();
  await evaluateFleetChunked(input);
  const chunkedWallMs = performance.now() - c0;
  delay.disable();
  const cpu = (m: Record<string, { cpu: number }>, name: string) => m[name]?.cpu ?? Number.NaN;
  const pct = (a: number, b: number) => Math.round(((a - b) / b) * 1000) / 10;
  results.push({
    n,
    bareMs: round(cpu(t, 'bareHistories')),
    bareColumnsMs: round(cpu(t, 'bareColumns')),
    objectsMs: round(cpu(t, 'objects')),
    columnarMs: round(cpu(t, 'columnar')),
    columnsBuildMs: round(cpu(t, 'columns')),
    columnarDescribedMs: round(cpu(t, 'columnarDescribed')),
    columnarEagerMs: round(cpu(t, 'columnarEager')),
    columnarResultMs: round(cpu(t, 'columnarResult')),
    inForceRebuiltMs: round(cpu(t, 'inForceRebuilt')),
    coldMs: round(cpu(t, 'cold')),
    ratio: round(cpu(t, 'columnar') / cpu(t, 'bareColumns')),
    historiesRatio: round(cpu(t, 'columnar') / cpu(t, 'bareHistories')),
    resultRatio: round(cpu(t, 'columnarResult') / cpu(t, 'bareColumns')),
    objectsRatio: round(cpu(t, 'objects') / cpu(t, 'bareHistories')),
    columnarWallMs: round(t.columnar?.wall ?? Number.NaN),
    bareWallMs: round(t.bareColumns?.wall ?? Number.NaN),
    findings: objects.findings.length,
    driftFindings: objects.findings.filter((f) => f.rule === 'config.drift').length,
    exploitedFindings: objects.findings.filter((f) => f.rule === 'os.exploited').length,
    failedFindings: objects.findings.filter((f) => f.rule === 'inspection.failed').length,
    exactDevices: columnar.exactDevices,
    rowDevices: columnar.rowRows.length,
    objectsWithDriftMs: round(cpu(drift, 'objectsWith')),
    objectsWithoutDriftMs: round(cpu(drift, 'objectsWithout')),
    objectsDriftPct: pct(cpu(drift, 'objectsWith'), cpu(drift, 'objectsWithout')),
    columnarWithDriftMs: round(cpu(drift, 'columnarWith')),
    columnarWithoutDriftMs: round(cpu(drift, 'columnarWithout')),
    columnarDriftPct: pct(cpu(drift, 'columnarWith'), cpu(drift, 'columnarWithout')),
    chunkedWallMs: round(chunkedWallMs),
    delayP99Ms: round(delay.percentile(99) / 1e6),
    delayMaxMs: round(delay.max / 1e6),
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
