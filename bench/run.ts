/**
 * `npm run bench`: runs every benchmark in its own process and writes docs/performance.md
 * with the figures and the machine they ran on. Each benchmark also runs alone:
 *   taskset -c 0 node --max-old-space-size=8192 --single-threaded-gc bench/evaluate.bench.ts
 *   node bench/ingest.bench.ts      (needs PostgreSQL)
 *   node bench/startup.bench.ts
 *   node bench/mdm-import.bench.ts  (needs PostgreSQL)
 *   node bench/scan.bench.ts        (forensic scan: 1M-entry backup, 100k indicators)
 *   node bench/scan-isolation.bench.ts (/healthz while a 1M-entry backup and a zip bomb are scanned)
 *   node bench/recheck.bench.ts     (1,000 stored scan results re-checked against 100,000 new indicators)
 *   node bench/audit-log.bench.ts   (needs PostgreSQL)
 *   node bench/dashboard.bench.ts   (needs PostgreSQL; the overview's API calls at 100k devices)
 *   node bench/enforcement.bench.ts (compile every baseline for every MDM target)
 *   node bench/receipt.bench.ts     (needs PostgreSQL; compliance receipts, one principal and a 10k office)
 *   node bench/notice-planner.bench.ts (needs PostgreSQL; the notice planner's round at 100k devices)
 *   node bench/self-service.bench.ts (My phones after sign-in: the demo office, 100k devices on PostgreSQL)
 *   node bench/serve-start.bench.ts  (needs PostgreSQL; `vigil serve` to its first summary of 1M devices, a posture report's cost)
 *   node --expose-gc bench/serving-memory.bench.ts (the serving thread's heap by structure at 300k, the summary's JSON carried)
 *   node bench/history-fill.bench.ts (needs PostgreSQL; the history fill at 200k devices, in its worker thread and in process: peak heap, RSS, event-loop delay)
 *   taskset -c 0 node --max-old-space-size=8192 --single-threaded-gc bench/incremental.bench.ts --sizes 100000,1000000
 *   taskset -c 0 node --max-old-space-size=8192 --single-threaded-gc bench/columnar.bench.ts
 * `node bench/run.ts NAME...` runs only those (evaluate, columnar, incremental, ...) and merges their
 * sections into docs/performance.md, keeping the others and their "Re-run alone" lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, type as osType, release, totalmem } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function run(args: string[], pinToOneCore = false): unknown {
  const taskset = pinToOneCore && spawnSync('taskset', ['--version']).status === 0;
  const cmd = taskset ? 'taskset' : process.execPath;
  const full = taskset ? ['-c', '0', process.execPath, ...args] : args;
  console.error(`\n$ ${[cmd, ...full].join(' ')}`);
  const r = spawnSync(cmd, full, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`benchmark failed: ${args.join(' ')}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last);
}

interface EvalOut {
  sizes: { n: number; evaluateMs: number; bareLoopMs: number; ratio: number; findings: number }[];
}
interface IngestRun {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  total: number;
  cpuUsPerRequest: number;
  cpuUsByThread: Record<string, number>;
  commitsPerRequest: number;
  postgresCpuUsPerRequest: number;
  generatorCpuUsPerRequest: number;
  generatorCores: number;
}
interface IngestOut {
  devices: number;
  connections: number;
  seconds: number;
  generator: string;
  vigil: IngestRun;
  bareFastify: IngestRun;
  bareInsert: IngestRun;
  ratio: number;
  shareOfInsert: number;
  loadAverage: { start: number; end: number };
}
interface MdmOut {
  devices: number;
  exportMiB: number;
  importSeconds: number;
  devicesPerSecond: number;
  reimportSeconds: number;
  peakRssMiB: number;
  kevImportSeconds: number;
  evaluateSeconds: number;
  findings: number;
  exploitedFindings: number;
}
interface StartOut {
  medianSeconds: number;
  maxRssMiB: number;
  runs: { seconds: number; rssMiB: number }[];
}

interface ScanRun {
  name: string;
  indicators: number;
  loadIndicatorsMs: number;
  scanMs: number;
  cpuMs: number;
  writeMs: number;
  resultsMiB: number;
  peakRssMiB: number;
  alerts: number;
  modules: { module: string; status: string; rows: number; ms: number; rowsPerSecond: number | null }[];
}
interface ScanOut {
  entries: number;
  peakRssMiB: number;
  runs: ScanRun[];
}

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
// One core means all of it: the garbage collector runs on the evaluating thread too, instead of
// helper threads that would either borrow the second core or fight over the pinned one.
const evaluate = want('evaluate')
  ? (run(['--max-old-space-size=8192', '--single-threaded-gc', 'bench/evaluate.bench.ts'], true) as EvalOut)
  : null;
const ingest = want('ingest') ? (run(['bench/ingest.bench.ts']) as IngestOut) : null;
const startup = want('startup') ? (run(['bench/startup.bench.ts']) as StartOut) : null;
// -- integrations
const mdm = want('mdm-import') ? (run(['bench/mdm-import.bench.ts']) as MdmOut) : null;
const scan = want('scan') ? (run(['bench/scan.bench.ts']) as ScanOut) : null;
interface RecheckOut {
  results: number;
  indicators: number;
  manifestEntries: number;
  recordsPerResult: number;
  loadIndicatorsMs: number;
  recheckMs: number;
  cpuMs: number;
  perResultMs: number;
  newAlerts: number;
  peakRssMiB: number;
  loadAverage: string;
}
const recheck = want('recheck') ? (run(['bench/recheck.bench.ts']) as RecheckOut) : null;
interface HistoryFillRun {
  fillSeconds: number;
  fillCpuSeconds: number;
  peakHeapMiB: number;
  peakRssMiB: number;
  loop: { p99Ms: number; maxMs: number };
  loadAverage: number;
}
interface HistoryFillOut {
  devices: number;
  days: number;
  runs: { inProcess: HistoryFillRun; thread: HistoryFillRun };
  rssBeforeMiB: number;
  loopIdle: { p99Ms: number; maxMs: number };
}
const historyFill = want('history-fill')
  ? (run(['bench/history-fill.bench.ts', '--thread-first']) as HistoryFillOut)
  : null;
interface Latency {
  requests: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}
interface ScanIsolationOut {
  entries: number;
  bombZipBytes: number;
  bombInflatedBytes: number;
  limits: { memoryMb: number; timeoutMs: number; zip: { maxMemberBytes: number; maxArchiveBytes: number } };
  idle: Latency;
  inProcess: Latency & { scanMs: number; results: string[] };
  isolated: Latency & {
    scanMs: number;
    jobs: { path: string; state: string; errorCode: string | null; verdict: string | null }[];
  };
  loadAverage: string;
}
const scanIsolation = want('scan-isolation')
  ? (run(['bench/scan-isolation.bench.ts']) as ScanIsolationOut)
  : null;
// -- enforcement compiler
interface EnforcementOut {
  baselines: number;
  runs: number;
  rows: { target: string; artifacts: number; medianMs: number; p99Ms: number; maxMs: number }[];
  loadAverage: string;
}
const enforcement = want('enforcement') ? (run(['bench/enforcement.bench.ts']) as EnforcementOut) : null;
// -- incremental evaluation
interface IncrementalOut {
  sizes: {
    n: number;
    fullMs: number;
    buildMs: number;
    applyP50Us: number;
    applyP99Us: number;
    resultP50Us: number;
    resultP99Us: number;
    mirrorP50Us: number;
    mirrorP99Us: number;
    dayMs: number;
    dayDevices: number;
  }[];
  loadAverage: string;
}
const incremental = want('incremental')
  ? (run(
      [
        '--max-old-space-size=8192',
        '--single-threaded-gc',
        'bench/incremental.bench.ts',
        '--sizes',
        '100000,1000000',
        '--results',
        '50',
      ],
      true,
    ) as IncrementalOut)
  : null;
// -- columnar pass
interface ColumnarOut {
  sizes: {
    n: number;
    bareMs: number;
    bareColumnsMs: number;
    objectsMs: number;
    columnarMs: number;
    columnsBuildMs: number;
    columnarResultMs: number;
    /** The pass with every finding described (absent in runs before findings were described when read). */
    columnarDescribedMs?: number;
    /** The pass describing each finding as found (`eager`), every finding read (absent before it). */
    columnarEagerMs?: number;
    /** The pass with what is in force rebuilt before it (absent in runs before it was measured). */
    inForceRebuiltMs?: number;
    coldMs: number;
    columnarWallMs: number;
    bareWallMs: number;
    ratio: number;
    historiesRatio: number;
    resultRatio: number;
    objectsRatio: number;
    findings: number;
    driftFindings: number;
    /** Findings of os.exploited and inspection.failed (absent before the fleet had them). */
    exploitedFindings?: number;
    failedFindings?: number;
    exactDevices: number;
    /** Devices whose findings came from the rules' columnar bodies (absent in runs before them). */
    rowDevices?: number;
    objectsWithDriftMs: number;
    objectsWithoutDriftMs: number;
    objectsDriftPct: number;
    columnarWithDriftMs: number;
    columnarWithoutDriftMs: number;
    columnarDriftPct: number;
    chunkedWallMs: number;
    delayP99Ms: number;
    delayMaxMs: number;
  }[];
  loadAverage: string;
}
const columnar = want('columnar')
  ? (run(
      ['--max-old-space-size=8192', '--single-threaded-gc', 'bench/columnar.bench.ts'],
      true,
    ) as ColumnarOut)
  : null;
// -- audit log
interface AuditOut {
  appends: {
    writers: number;
    batch: number;
    events: number;
    appendsPerSecond: number;
    integratedPerSecond: number;
    integrationLagMs: number;
  };
  verification: { checkpointUs: number; bundleEntries: number; bundleSeconds: number };
  proofs: {
    leaves: number;
    buildSeconds: number;
    storageMiB: number;
    inclusion: { p50Ms: number; p99Ms: number };
    consistency: { p50Ms: number; p99Ms: number };
  }[];
}
const auditLog = want('audit-log') ? (run(['bench/audit-log.bench.ts']) as AuditOut) : null;
// -- compliance receipts
interface ReceiptOut {
  loadAverage: number;
  principal: {
    facts: number;
    entries: number;
    findings: number;
    bytes: number;
    writeMs: number;
    verifyMs: number;
  };
  office: {
    devices: number;
    facts: number;
    entries: number;
    findings: number;
    mib: number;
    importSeconds: number;
    writeMs: number;
    verifyMs: number;
  };
}
const receipts = want('receipt') ? (run(['bench/receipt.bench.ts']) as ReceiptOut) : null;
// -- notice planner
interface PlannerOut {
  devices: number;
  findingStates: number;
  notices: number;
  rounds: { round: string; seconds: number; transitions: number; enqueued: number }[];
  loadavg: number[];
}
const planner = want('notice-planner') ? (run(['bench/notice-planner.bench.ts']) as PlannerOut) : null;
// -- dashboard api
interface DashboardOut {
  devices: number;
  principals: number;
  auditEvents: number;
  requests: number;
  loadAverage: number;
  seedSeconds: number;
  historyFillSeconds: number;
  afterWriteMs: number;
  afterWrites: {
    write: string;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    gc: { collections: number; totalMs: number; maxMs: number; majorMaxMs: number };
  }[];
  renderMs: number | null;
  renderAfterSignInMs: number | null;
  loopDelay: Record<
    'fill' | 'warm' | 'reevaluation' | 'writes' | 'idleBeforeWrites',
    { p99Ms: number; maxMs: number }
  >;
  results: { endpoint: string; coldMs: number; p50Ms: number; p99Ms: number; maxMs: number; bytes: number }[];
}
const dashboard = want('dashboard')
  ? (run(['--max-old-space-size=6144', 'bench/dashboard.bench.ts']) as DashboardOut)
  : null;

// -- self-service
interface SelfServiceOut {
  rounds: number;
  offices: {
    name: string;
    devices: number;
    apiColdMs: number;
    apiP50Ms: number;
    renderFirstMs: number | null;
    renderWarmMs: number | null;
    tasks: number;
    loadAverage: number;
  }[];
}
const selfService = want('self-service')
  ? (run(['--max-old-space-size=6144', 'bench/self-service.bench.ts']) as SelfServiceOut)
  : null;

// -- national scale: `vigil serve` with a million devices
interface ServeStartOut {
  devices: number;
  role: string;
  principals: number;
  auditEvents: number;
  reports: number;
  loadAverage: number;
  seedSeconds: number;
  listenSeconds: number;
  firstSummarySeconds: number;
  peakRssAtSummaryMiB: number;
  peakRssMiB: number;
  fullPassMs: number[];
  afterReport: Record<'post' | 'summary', { count: number; p50Ms: number; p99Ms: number }>;
  evaluator: {
    apply: { count: number; p50Ms: number; p99Ms: number };
    result: { count: number; p50Ms: number; p99Ms: number };
    fullPassesDuringReports: number;
  };
}
const serveStart = want('serve-start') ? (run(['bench/serve-start.bench.ts']) as ServeStartOut) : null;

const goalLine = (goal: string, met: boolean) => `Goal: ${goal}: **${met ? 'met' : 'not met'}** in this run.`;

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Performance',
  '',
  '<!-- Written by `npm run bench` (bench/run.ts). -->',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}.`,
  '',
];
if (evaluate) {
  lines.push(
    '## Compliance evaluation, in process, one core',
    '',
    'Every device with full posture (four sensors, apps, OS version, Lockdown Mode, several reports,',
    'inspections, custody, statuses) against a protocol with every section on every role',
    '(`bench/evaluate.bench.ts`, data from `bench/fleet-generator.ts`; generation not timed; best of 3',
    'after a warm-up; pinned to one core with taskset, garbage collection on the same thread). The bare',
    'loop reads the same fields and does nothing else.',
    '',
    '| devices | evaluate | bare loop | ratio | findings | per device |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...evaluate.sizes.map(
      (s) =>
        `| ${s.n.toLocaleString('en')} | ${s.evaluateMs.toFixed(0)} ms | ${s.bareLoopMs.toFixed(0)} ms | ${s.ratio.toFixed(1)}x | ${s.findings.toLocaleString('en')} | ${((s.evaluateMs * 1000) / s.n).toFixed(2)} µs |`,
    ),
    '',
    goalLine(
      '1,000,000 devices in at most 2 s',
      (evaluate.sizes.find((s) => s.n === 1_000_000)?.evaluateMs ?? Number.POSITIVE_INFINITY) <= 2000,
    ),
    '',
    'Growth is linear: the cost per device does not rise with the fleet (the small fleets carry the',
    'fixed costs of building the OS catalogue and of code still warming up). The evaluator makes one',
    'pass over each history and allocates little beyond the findings; at a million devices the time',
    'goes to reading histories scattered through a 3 GB heap (see the bare loop, which only reads them),',
    'the per-device rule checks, and the garbage collector (a million device summaries and the',
    'findings survive into the old generation).',
    'On this shared virtual machine repeated runs differ by up to 20%.',
    '',
  );
}
if (ingest) {
  const v = ingest.vigil;
  const b = ingest.bareFastify;
  const i = ingest.bareInsert;
  lines.push(
    '## Posture ingest over HTTP into PostgreSQL',
    '',
    `\`vigil serve\` on PostgreSQL with ${ingest.devices.toLocaleString('en')} devices; ${ingest.generator} on the same machine,`,
    `${ingest.connections} connections for ${ingest.seconds} s after a 3 s warm-up (each server first left to settle: its worker threads' start, first pass and history fill), each request a full posture report for a random`,
    'device with an `ingest` token. Reports arriving together are written in one statement, its own transaction',
    '(the reports and their audit events: docs/adr/0043); no request is answered before its report has committed.',
    '',
    '| target | requests/s | p50 | p99 | errors + non-2xx | server CPU / request | PostgreSQL CPU / request | load generator CPU / request | commits / request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...(
      [
        ['Vigil `POST /api/v1/posture`', v],
        ['bare Fastify route inserting the same row, same batching', i],
        ['bare Fastify route doing nothing', b],
      ] as const
    ).map(
      ([name, r]) =>
        `| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.non2xx} | ${r.cpuUsPerRequest.toFixed(0)} µs | ${r.postgresCpuUsPerRequest.toFixed(0)} µs | ${r.generatorCpuUsPerRequest.toFixed(0)} µs | ${r.commitsPerRequest.toFixed(2)} |`,
    ),
    '',
    'Server CPU counts every thread of the server process (Vigil’s evaluation worker and garbage collector',
    'included) over the measured run; PostgreSQL CPU counts the backends connected to the bench’s database',
    '(its own, created for the run; the shared WAL writer and checkpointer are left out); the load generator',
    'runs in the bench’s process (autocannon) or its own (wrk, `--wrk`); commits are the transactions',
    'PostgreSQL committed in the bench’s database meanwhile (a statement outside a block counts one;',
    'Vigil’s include its background loops’ reads).',
    `Vigil’s CPU per request by thread: ${Object.entries(v.cpuUsByThread)
      .map(([name, us]) => `${name} ${us} µs`)
      .join(
        ', ',
      )} (MainThread serves; WorkerThread counts the worker threads: the evaluation worker and the history fill; V8Worker the garbage collector’s helpers).`,
    '`BENCH_CPU_PROF=DIR` writes a CPU profile of each thread of each server; `BENCH_VIGIL_ROOT` runs another checkout.',
    '',
    `Vigil reaches ${(ingest.shareOfInsert * 100).toFixed(0)}% of the bare insert's rate; ratio bare no-op / Vigil: ${ingest.ratio.toFixed(1)}x.`,
    goalLine('at least half the bare insert’s rate', ingest.shareOfInsert >= 0.5),
    goalLine('at least 5,000 reports/s with p99 under 50 ms', v.requestsPerSecond >= 5000 && v.p99Ms < 50),
    ...(([vigilUs, bareUs]) => [
      `CPU a report of server, PostgreSQL backends and load generator together: Vigil ${vigilUs.toFixed(0)} µs, bare insert ${bareUs.toFixed(0)} µs; on two cores and nothing else running that bounds the rates at ${(2e6 / vigilUs).toFixed(0)} and ${(2e6 / bareUs).toFixed(0)} a second (5,000 a second needs 400 µs a report or less).`,
    ])(
      [v, i].map((r) => r.cpuUsPerRequest + r.postgresCpuUsPerRequest + r.generatorCpuUsPerRequest) as [
        number,
        number,
      ],
    ),
    `The server and the load generator share the machine’s two cores with PostgreSQL (load average ${ingest.loadAverage.start.toFixed(1)} when the loads started, ${ingest.loadAverage.end.toFixed(1)} when they ended).`,
    '',
    'Is 5,000 reports a second reachable on this machine? Only if a report costs the server, its PostgreSQL backends and',
    'the load generator together at most 400 µs of CPU (two cores, nothing else running). Measured side by side under',
    'load on 2026-12-08 (load average 14-21; wrk): Vigil about 520 µs (server 177, PostgreSQL 331, wrk 13), the bare insert about 215 µs',
    '(120, 80, 11). So the bare insert could pass 5,000 a second on an idle machine with a load generator that takes',
    'little (wrk: 11-17 µs a request; autocannon, in the bench’s process, 45-71 µs, half a core at the no-op route’s rate),',
    'and Vigil cannot at today’s costs: most of its remaining cost is PostgreSQL’s (the audit rows, their queue and',
    'triggers written with each batch, and the background loops’ statements), not the serving thread’s. A load generator',
    'in another process changes both rates: in the same session the no-op route did 7,800-18,900 a second under',
    'autocannon and 31,800-38,000 under wrk, the bare insert 780-1,550 and 1,600-1,680 (loaded machine; the rates move',
    'with the load, the CPU per request less). `--wrk` runs the bench with wrk (docs/adr/0048).',
    '',
  );
}
if (startup) {
  lines.push(
    '## `npm start` to ready on an empty embedded database',
    '',
    'From process start to the "Vigil is running" line: migrations on a new PGlite database, the demo',
    'office, baselines, admin token, listening (`bench/startup.bench.ts`, median of',
    `${startup.runs.length} runs).`,
    '',
    `- ${startup.medianSeconds.toFixed(2)} s; resident memory then: ${startup.maxRssMiB.toFixed(0)} MiB.`,
    '',
  );
}
if (scan) lines.push(...scanSection(scan));
if (recheck)
  lines.push(
    '## Stored scans re-checked against a new feed',
    '',
    `${recheck.results.toLocaleString('en')} saved result folders (the synthetic backup with ${recheck.manifestEntries.toLocaleString('en')} extra manifest entries, about`,
    `${recheck.recordsPerResult.toLocaleString('en')} records each, scanned without indicators) re-matched one after another against a feed of`,
    `${recheck.indicators.toLocaleString('en')} indicators, as the server's pass does when new indicators arrive (\`bench/recheck.bench.ts\`;`,
    'building the folders is not timed).',
    '',
    '| loading the feed | re-checking all | CPU | per result | new alerts | peak memory |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${recheck.loadIndicatorsMs} ms | ${(recheck.recheckMs / 1000).toFixed(1)} s | ${(recheck.cpuMs / 1000).toFixed(1)} s | ${recheck.perResultMs} ms | ${recheck.newAlerts.toLocaleString('en')} | ${recheck.peakRssMiB} MiB |`,
    '',
    goalLine(
      `${recheck.results.toLocaleString('en')} results against ${recheck.indicators.toLocaleString('en')} indicators under 30 s`,
      recheck.recheckMs < 30_000,
    ),
    `Load average at the end: ${recheck.loadAverage}.`,
    '',
  );
if (scanIsolation) lines.push(...scanIsolationSection(scanIsolation));
if (mdm) {
  lines.push(
    '## MDM export import and re-evaluation after a KEV update (PostgreSQL, in process)',
    '',
    `A ${mdm.devices.toLocaleString('en')}-device Intune export (Graph managedDevice JSON, ${mdm.exportMiB} MiB) imported as one`,
    'delivery (`vigil mdm import intune FILE`): devices matched by serial, one posture report and one audit',
    'event each, in one transaction (`bench/mdm-import.bench.ts`). Then the published KEV catalog imported',
    'and the whole fleet re-evaluated against strict-30day with the SOFA feed loaded.',
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| import | ${mdm.importSeconds.toFixed(1)} s (${mdm.devicesPerSecond.toFixed(0)} devices/s) |`,
    `| same file again (every observation a re-delivery) | ${mdm.reimportSeconds.toFixed(1)} s |`,
    `| peak resident memory during import | ${mdm.peakRssMiB.toFixed(0)} MiB |`,
    `| KEV catalog import | ${mdm.kevImportSeconds.toFixed(2)} s |`,
    `| fleet re-evaluation after it | ${mdm.evaluateSeconds.toFixed(1)} s (${mdm.findings.toLocaleString('en')} findings, ${mdm.exploitedFindings.toLocaleString('en')} os.exploited) |`,
    '',
  );
}
if (auditLog) {
  const a = auditLog.appends;
  lines.push(
    '## Verifiable audit log on PostgreSQL (in process)',
    '',
    `Durable appends: ${a.writers} concurrent transactions of ${a.batch} events each (as concurrent commands`,
    'are batched), with the integrator adding them to the Merkle tree at the same time; an event counts',
    'once its transaction committed, and the run ends when every event is in the tree',
    '(`bench/audit-log.bench.ts`).',
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| appends committed | ${a.appendsPerSecond.toFixed(0)} events/s |`,
    `| appended and integrated | ${a.integratedPerSecond.toFixed(0)} events/s (last event in the tree ${a.integrationLagMs.toFixed(0)} ms after the last commit) |`,
    `| checkpoint verification (open the signed note, parse) | ${auditLog.verification.checkpointUs.toFixed(0)} µs |`,
    `| whole bundle verification, ${auditLog.verification.bundleEntries.toLocaleString('en')} entries | ${auditLog.verification.bundleSeconds.toFixed(1)} s |`,
    ...auditLog.proofs.map(
      (p) =>
        `| inclusion / consistency proof at ${p.leaves.toLocaleString('en')} leaves, p50 (p99) | ${p.inclusion.p50Ms.toFixed(2)} (${p.inclusion.p99Ms.toFixed(1)}) / ${p.consistency.p50Ms.toFixed(2)} (${p.consistency.p99Ms.toFixed(1)}) ms |`,
    ),
    '',
    'Proofs go through the service and repository as the API does: one indexed query for the node ids',
    'of the proof plan. The node tables are bulk-built inside PostgreSQL for the proof runs (sha256() over',
    'generate_series, level by level).',
    goalLine('at least 10,000 events/s', a.appendsPerSecond >= 10_000),
    goalLine(
      'proofs under 1 ms',
      auditLog.proofs.every((p) => p.inclusion.p50Ms < 1 && p.consistency.p50Ms < 1),
    ),
    '',
  );
}
if (dashboard) lines.push(...dashboardSection(dashboard)); // -- dashboard api
if (selfService) lines.push(...selfServiceSection(selfService)); // -- self-service
if (receipts) lines.push(...receiptSection(receipts)); // -- compliance receipts
if (planner) lines.push(...plannerSection(planner)); // -- notice planner
if (enforcement) lines.push(...enforcementSection(enforcement)); // -- enforcement compiler
if (incremental) lines.push(...incrementalSection(incremental)); // -- incremental evaluation
if (columnar) lines.push(...columnarSection(columnar)); // -- columnar pass
if (serveStart) lines.push(...serveStartSection(serveStart)); // -- national scale
if (historyFill) lines.push(...historyFillSection(historyFill)); // -- history fill off the serving thread
writeFileSync(join(root, 'docs', 'performance.md'), only.length === 0 ? lines.join('\n') : merged(lines));
console.error('\nwrote docs/performance.md');

function columnarSection(o: ColumnarOut): string[] {
  const ms = (x: number) => `${Math.round(x)} ms`;
  const million = o.sizes.find((s) => s.n === 1_000_000);
  return [
    '## Columnar full pass, in process, one core',
    '',
    'The whole fleet through the columns (ADR 0035, `bench/columnar.bench.ts`). The columns are the kept',
    "state: every device's snapshot taken into typed columns once at load (`buildFleetColumns`, timed on",
    'its own: it reads every history), then kept row by row as facts arrive (`updateFleetColumns`). A full',
    'pass (after a protocol change, a new OS release, at start once loaded) is `evaluateColumns` over them:',
    "a tight loop over the columns that names the rules that may find something, the rules' columnar bodies",
    "(ADR 0042) on the devices it names, or the evaluator's own rules when one named has none (their",
    'histories read again), findings sorted (decided: outcome, severity, since; their messages and',
    'evidence built when they are read, the column "described"; in brackets described as found, as the',
    "pass in steps does), compliant devices' summaries",
    'left in the columns. Its baseline is the bare loop that reads what it reads ("bare, pass reads"):',
    'every column of every device (with the latest inspection and OS report a row points to), plus the',
    'history fields of every device it takes through the rules, by their columnar bodies or by the',
    'evaluator; beside it the bare loop over every history (what the object evaluator reads), the pass',
    'with what is in force rebuilt before it (a new map of who is governed by what, as after an',
    "assignment: the columns' per-holder protocols, kept across passes, are looked up again), the pass",
    'with every summary built (`toResult`, what `evaluateFleet` returns), a cold pass from the histories',
    '(columns built, then evaluated), and the object evaluator. Same fleet as the first section plus the applied configuration',
    'on every report (2% of devices on another version), so `config.drift` has work, known-exploited',
    'fixes (the devices behind are exposed: `os.exploited`) and a failed check on one device in 500',
    '(`inspection.failed`). Best of 3 each after a warm-up (config.drift with and without: best of 5,',
    "the order reversed every run), the measures alternating in one process, pinned to one core. Times are the thread's CPU",
    'time (the garbage collector included): the machine is shared, and wall time there measures the queue',
    `for the core (load average ${o.loadAverage} on 2 cores at the end of the run; wall time of the best`,
    `columnar pass ${o.sizes.map((s) => `${Math.round(s.columnarWallMs)} ms, bare loop over what it reads ${Math.round(s.bareWallMs)} ms`).join('; ')}).`,
    '',
    '| devices | full pass over kept columns | described (as found) | in force rebuilt | with summaries | bare, pass reads | ratio (pass / with summaries) | bare, histories | pass / bare histories | columns built at load | cold pass | object evaluator (/ bare histories) | devices through the rules (+ through columnar bodies) | findings |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...o.sizes.map(
      (s) =>
        `| ${s.n.toLocaleString('en')} | ${ms(s.columnarMs)} | ${s.columnarDescribedMs === undefined ? '-' : ms(s.columnarDescribedMs)}${s.columnarEagerMs === undefined ? '' : ` (${ms(s.columnarEagerMs)})`} | ${s.inForceRebuiltMs === undefined ? '-' : ms(s.inForceRebuiltMs)} | ${ms(s.columnarResultMs)} | ${ms(s.bareColumnsMs)} | ${s.ratio}x / ${s.resultRatio}x | ${ms(s.bareMs)} | ${s.historiesRatio}x | ${ms(s.columnsBuildMs)} | ${ms(s.coldMs)} | ${ms(s.objectsMs)} (${s.objectsRatio}x) | ${s.exactDevices.toLocaleString('en')} (+ ${(s.rowDevices ?? 0).toLocaleString('en')}) | ${s.findings.toLocaleString('en')} |`,
    ),
    '',
    'The cost of `config.drift` (same fleet, the rule list with and without it; columnar over the kept columns):',
    '',
    '| devices | object evaluator with / without | extra | columnar with / without | extra | drift findings |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...o.sizes.map(
      (s) =>
        `| ${s.n.toLocaleString('en')} | ${ms(s.objectsWithDriftMs)} / ${ms(s.objectsWithoutDriftMs)} | ${s.objectsDriftPct}% | ${ms(s.columnarWithDriftMs)} / ${ms(s.columnarWithoutDriftMs)} | ${s.columnarDriftPct}% | ${s.driftFindings.toLocaleString('en')} |`,
    ),
    '',
    'The pass a serving process runs (`evaluateFleetChunked`: columns built, then evaluated, in slices with',
    "a turn of the event loop between them), with the event loop's delay sampled meanwhile (wall time, so",
    'the load of the shared machine shows in it):',
    '',
    '| devices | wall time | event-loop delay p99 | max |',
    '| ---: | ---: | ---: | ---: |',
    ...o.sizes.map(
      (s) =>
        `| ${s.n.toLocaleString('en')} | ${ms(s.chunkedWallMs)} | ${s.delayP99Ms} ms | ${s.delayMaxMs} ms |`,
    ),
    '',
    goalLine(
      '1,000,000 devices in under 1 s (full pass over the kept columns)',
      million !== undefined && million.columnarMs < 1000,
    ),
    goalLine(
      'under 3x the bare loop that reads the same fields (every column, and the histories of every device through the rules or their bodies)',
      million !== undefined && million.ratio < 3,
    ),
    goalLine(
      '`config.drift` adds under 10% at 1,000,000 devices (columnar pass)',
      million !== undefined && million.columnarDriftPct < 10,
    ),
    goalLine(
      'event-loop delay p99 under 20 ms during a full pass in slices',
      o.sizes.every((s) => s.delayP99Ms < 20),
    ),
    '',
  ];
}

function incrementalSection(o: IncrementalOut): string[] {
  const us = (x: number) => (x < 1000 ? `${x} µs` : `${(x / 1000).toFixed(1)} ms`);
  return [
    '## Incremental evaluation, in process, one core',
    '',
    'The fleet state kept change by change (ADR 0029, `bench/incremental.bench.ts`, data from',
    '`bench/fleet-generator.ts`): a full evaluation and the first build of the state from the same input,',
    'side by side; then 1,000 posture reports applied one at a time (a new report on a random device, the',
    'clock moved a millisecond), timing the evaluator (`apply`) and the sorted result handed out after it',
    '(after the first 50 reports: it copies every summary, which at a million devices takes long);',
    'then the clock moved a day (the devices whose deadline passed are re-evaluated). Pinned to one core;',
    `load average ${o.loadAverage} on 2 shared cores during the run, so the absolute figures are inflated.`,
    '',
    '| devices | full evaluation | first build | one report: apply p50 / p99 | result after it p50 / p99 | mirrored and counted p50 / p99 | +1 day (devices re-evaluated) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...o.sizes.map(
      (s) =>
        `| ${s.n.toLocaleString('en')} | ${s.fullMs} ms | ${s.buildMs} ms | ${us(s.applyP50Us)} / ${us(s.applyP99Us)} | ${us(s.resultP50Us)} / ${us(s.resultP99Us)} | ${us(s.mirrorP50Us)} / ${us(s.mirrorP99Us)} | ${s.dayMs} ms (${s.dayDevices.toLocaleString('en')}) |`,
    ),
    '',
    'The build costs more than a full evaluation (each device also computes the instant its answer',
    'next changes, and the state indexes devices by holder); it is paid once per process. A report',
    'then costs its own device: its rules, the instant it next changes, and its findings moved in the',
    'sorted list (kept in blocks: an edit moves one block, ADR 0046). The result copies the sorted',
    'findings and the summaries (a result never changes under its reader), which grows with the fleet;',
    'the evaluation worker\'s mirror ("mirrored and counted": the change log taken into the serving',
    "thread's copy of the result, then the summary's counts carried to it) shares the blocks a report",
    'did not touch instead, and makes arrays only for a reader that asks for them.',
    goalLine(
      'one posture report under 1 ms of evaluator time (p50)',
      o.sizes.every((s) => s.applyP50Us < 1000),
    ),
    '',
  ];
}

function enforcementSection(e: EnforcementOut): string[] {
  const ms = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(1));
  return [
    '## Compiling protocols for MDMs',
    '',
    `Every shipped baseline (${e.baselines}), every role it states, compiled for every target with SHA-256 of each`,
    `artifact, in process, ${e.runs} runs each after a warm-up (\`bench/enforcement.bench.ts\`; load average`,
    `${e.loadAverage} on 2 cores during the run). Time per artifact:`,
    '',
    '| target | artifacts | median | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...e.rows.map(
      (r) =>
        `| ${r.target} | ${r.artifacts} | ${ms(r.medianMs)} ms | ${ms(r.p99Ms)} ms | ${ms(r.maxMs)} ms |`,
    ),
    '',
    'The median is microseconds; single runs over 50 ms, if any, are pauses of a shared, loaded machine',
    'and garbage collection.',
    goalLine(
      'under 50 ms per artifact (p99)',
      e.rows.every((r) => r.p99Ms < 50),
    ),
    '',
  ];
}

function scanIsolationSection(s: ScanIsolationOut): string[] {
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const row = (name: string, l: Latency, extra: string) =>
    `| ${name} | ${l.requests} | ${l.p50Ms} ms | ${l.p99Ms} ms | ${l.maxMs} ms | ${l.failures} | ${extra} |`;
  return [
    '## The API while scans run (scan isolation)',
    '',
    `\`/healthz\` measured over HTTP by a separate prober process (one request every 10 ms) while a synthetic`,
    `iOS backup with ${s.entries.toLocaleString('en')} manifest entries and a crafted zip bomb (an AndroidQF zip of`,
    `${mib(s.bombZipBytes)} whose packages.json inflates to ${mib(s.bombInflatedBytes)}) are scanned side by side`,
    '(`bench/scan-isolation.bench.ts`; building them is not timed). On the event loop: `scanEvidence` in the',
    'serving process, as before scans were isolated (with the streaming zip reader: the whole-buffer one',
    'inflated the bomb in memory). Isolated: two scan jobs, two job loops at once, each scan in its own',
    `child process (heap ${s.limits.memoryMb} MiB, member cap ${mib(s.limits.zip.maxMemberBytes)}, archive cap ${mib(s.limits.zip.maxArchiveBytes)}).`,
    'PGlite, the server, its scans and the prober share the machine.',
    '',
    '| phase | requests | p50 | p99 | max | failed | scans |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    row('idle', s.idle, ''),
    row(
      'on the event loop',
      s.inProcess,
      `${(s.inProcess.scanMs / 1000).toFixed(1)} s: ${s.inProcess.results.join(', ')}`,
    ),
    row(
      'isolated (scan jobs)',
      s.isolated,
      `${(s.isolated.scanMs / 1000).toFixed(1)} s: ${s.isolated.jobs.map((j) => `${j.path} ${j.state}${j.errorCode === null ? '' : ` ${j.errorCode}`}`).join(', ')}`,
    ),
    '',
    `Load average when the scans began: ${s.loadAverage} (other processes share the machine).`,
    goalLine('`/healthz` p99 under 50 ms while scans run', s.isolated.p99Ms < 50),
    '',
  ];
}

function scanSection(scan: ScanOut): string[] {
  const plain = scan.runs.find((r) => r.name === 'plain');
  const busiest = (r: ScanRun) => r.modules.filter((m) => m.module === 'manifest' || m.ms >= 100);
  return [
    '## Forensic scan of an iOS backup',
    '',
    `A synthetic backup with ${scan.entries.toLocaleString('en')} manifest entries plus one record per check module, against`,
    `${(plain?.indicators ?? 0).toLocaleString('en')} STIX indicators (\`bench/scan.bench.ts\`; building the backups is not timed). The`,
    'encrypted variant uses the real key derivation (10,000,000 PBKDF2-SHA256 rounds, then 10,000 SHA-1),',
    'decrypts Manifest.db in memory and then only the files the checks read. Each backup is scanned in',
    'a process of its own, as Vigil scans, which then writes the result folder (every record, as',
    '`vigil scan recheck` reads them). Wall and CPU time include loading the indicator files, not the',
    'writing; CPU counts every thread; peak memory is the whole process, writing included.',
    '',
    '| backup | wall | CPU | loading indicators | alerts | writing results | peak memory |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...scan.runs.map(
      (r) =>
        `| ${r.name} | ${(r.scanMs / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${(r.loadIndicatorsMs / 1000).toFixed(1)} s | ${r.alerts} | ${(r.writeMs / 1000).toFixed(1)} s (${r.resultsMiB} MiB) | ${r.peakRssMiB} MiB |`,
    ),
    '',
    'Modules that took 100 ms or more (rows per second):',
    '',
    ...scan.runs.flatMap((r) =>
      busiest(r).map(
        (m) =>
          `- ${r.name} ${m.module}: ${m.rows.toLocaleString('en')} rows in ${m.ms} ms (${(m.rowsPerSecond ?? 0).toLocaleString('en')} rows/s)`,
      ),
    ),
    '',
    `Peak resident memory of a scanning process: ${scan.peakRssMiB} MiB.`,
    goalLine(
      'the 1,000,000-entry scan under 10 s and 1 GB with every module on, plain and encrypted',
      scan.entries >= 1_000_000 &&
        scan.runs.length >= 2 &&
        scan.runs.every((r) => r.scanMs < 10_000) &&
        scan.peakRssMiB < 1024,
    ),
    '',
  ];
}

function plannerSection(o: PlannerOut): string[] {
  const steady = o.rounds.filter((r) => r.round !== 'first');
  return [
    '## Notice planner round on PostgreSQL',
    '',
    `One planning round at ${o.devices.toLocaleString('en')} devices with the evaluation cache warm, as a serving`,
    `process's is (\`bench/notice-planner.bench.ts\`; ${o.findingStates.toLocaleString('en')} finding states,`,
    `${o.notices.toLocaleString('en')} notices; load average ${o.loadavg[0]?.toFixed(1)} on 2 cores at the end).`,
    '',
    '| round | time | transitions | notices enqueued |',
    '| --- | ---: | ---: | ---: |',
    ...o.rounds.map(
      (r) =>
        `| ${r.round} | ${r.seconds.toFixed(1)} s | ${r.transitions.toLocaleString('en')} | ${r.enqueued.toLocaleString('en')} |`,
    ),
    '',
    goalLine(
      'a round with nothing new under 5 s',
      steady.every((r) => r.seconds < 5),
    ),
    '',
  ];
}

// -- dashboard api
function receiptSection(r: ReceiptOut): string[] {
  const p = r.principal;
  const o = r.office;
  return [
    '## Compliance receipts on PostgreSQL (in process)',
    '',
    'Writing a receipt (load the facts, evaluate, record the digest event, sign a checkpoint, one pass over',
    'the log for the inclusion proofs) and verifying it offline (signature, every proof, digest, every fact',
    'against its entry, re-evaluation), with the data imported through the fleet import so every fact has',
    `its own audit event (\`bench/receipt.bench.ts\`; load average ${r.loadAverage.toFixed(1)} on 2 cores during the run).`,
    '',
    '| receipt | facts | audit entries | findings | size | write | verify |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| one principal, a year of history (4 phones, a report a day, a check a month; best of 5) | ${p.facts.toLocaleString('en')} | ${p.entries.toLocaleString('en')} | ${p.findings} | ${(p.bytes / 2 ** 20).toFixed(1)} MiB | ${p.writeMs.toFixed(0)} ms | ${p.verifyMs.toFixed(0)} ms |`,
    `| ${o.devices.toLocaleString('en')}-device office, the whole fleet (imported in ${o.importSeconds.toFixed(0)} s) | ${o.facts.toLocaleString('en')} | ${o.entries.toLocaleString('en')} | ${o.findings.toLocaleString('en')} | ${o.mib.toFixed(1)} MiB | ${o.writeMs.toFixed(0)} ms | ${o.verifyMs.toFixed(0)} ms |`,
    '',
    'Each audit entry carries its own audit path (about 17 hashes at this size), which is most of a large',
    "receipt's size; posture reports are most of its facts.",
    goalLine('one principal written and verified in under 200 ms each', p.writeMs < 200 && p.verifyMs < 200),
    '',
  ];
}

function dashboardSection(d: DashboardOut): string[] {
  const warm = d.results.filter((r) => !r.endpoint.includes('protocol='));
  return [
    '## Dashboard overview API on PostgreSQL',
    '',
    `\`vigil serve\`'s app on PostgreSQL with ${d.devices.toLocaleString('en')} devices (${d.principals.toLocaleString('en')} principals, every role, one`,
    `check and one posture report each) and ${d.auditEvents.toLocaleString('en')} audit events, seeded with SQL; one client on the same`,
    `machine making the overview's requests one after another, ${d.requests} rounds (\`bench/dashboard.bench.ts\`).`,
    'The first request of each is the cold one: nothing cached, as right after a start (`vigil serve`',
    'warms the cache and the history in the background at start, so users usually find them ready).',
    '',
    '| endpoint | cold | p50 | p99 | max | response |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...d.results.map(
      (r) =>
        `| \`${r.endpoint}\` | ${r.coldMs.toFixed(0)} ms | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | ${(r.bytes / 1024).toFixed(1)} KiB |`,
    ),
    '',
    `- History: the 29 past days of the default window evaluated in the background and stored, ${d.historyFillSeconds} s after the first request.`,
    `- \`/compliance/summary\` right after a new person is created (it must show the change): ${d.afterWriteMs.toFixed(0)} ms.`,
    '',
    '| `/compliance/summary` right after | p50 | p99 | max | serving thread GC meanwhile: pauses, longest (major) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...d.afterWrites.map(
      (w) =>
        `| a ${w.write} | ${w.p50Ms} ms | ${w.p99Ms} ms | ${w.maxMs} ms | ${w.gc.collections}, ${w.gc.maxMs} ms (${w.gc.majorMaxMs} ms) |`,
    ),
    '',
    d.renderMs === null || d.renderAfterSignInMs === null
      ? '- The overview in Chromium: not measured (no web/dist, no /usr/bin/chromium, or it failed).'
      : `- The overview's first render in Chromium (headless, empty browser cache), from navigation to the heading, the worst findings, the by-role table and the history chart: ${d.renderAfterSignInMs.toFixed(0)} ms right after signing in, ${d.renderMs.toFixed(0)} ms on a second visit.`,
    `- The serving process's event loop held (p99 / max): ${d.loopDelay.fill.p99Ms} / ${d.loopDelay.fill.maxMs} ms while the history filled, ${d.loopDelay.warm.p99Ms} / ${d.loopDelay.warm.maxMs} ms during the warm requests, ${d.loopDelay.reevaluation.p99Ms} / ${d.loopDelay.reevaluation.maxMs} ms after the new person, ${d.loopDelay.writes.p99Ms} / ${d.loopDelay.writes.maxMs} ms during the writes and summaries above (${d.loopDelay.idleBeforeWrites.p99Ms} / ${d.loopDelay.idleBeforeWrites.maxMs} ms idle just before them, a timer every 10 ms).`,
    '',
    goalLine(
      'every overview call under 200 ms at p99 (warm)',
      warm.every((r) => r.p99Ms < 200),
    ),
    goalLine(
      'the first view rendered within 2 s',
      d.renderAfterSignInMs !== null && d.renderAfterSignInMs < 2000,
    ),
    goalLine(
      'the summary right after a posture report, a waiver approval and a protocol assignment under 50 ms at p99',
      d.afterWrites.length === 3 && d.afterWrites.every((w) => w.p99Ms < 50),
    ),
    '',
    `Load average when the warm requests began: ${d.loadAverage} on ${cpus().length} cores (other processes share the machine).`,
    "The median of every call is a cache or table read: the summary, the findings page and today's",
    'history point come from the fleet state kept change by change (ADR 0029: a write re-evaluates',
    'what its audit event names, and the database announces every commit, ADR 0037), past days from',
    '`dashboard_history_days`, the checkpoint and the session from one indexed read. A full build',
    '(at start) runs in the serving process in budgeted steps that yield to the event loop, so',
    'requests during it wait for one step, not the whole pass. After a write, the summary is counted',
    'from the previous one, corrected by the device summaries and findings that changed',
    '(`core/dashboard/tally.ts`). This bench evaluates in the serving process; `vigil serve` on',
    'PostgreSQL evaluates in a worker thread (ADR 0039, `bench/evaluation-worker.bench.ts`).',
    '',
  ];
}

// -- history fill off the serving thread
function historyFillSection(o: HistoryFillOut): string[] {
  const { inProcess: a, thread: b } = o.runs;
  const row = (name: string, r: HistoryFillRun) =>
    `| ${name} | ${r.loop.p99Ms} / ${r.loop.maxMs} ms | ${r.fillSeconds} s (${r.fillCpuSeconds} s CPU) | ${r.peakHeapMiB} MiB | ${r.peakRssMiB} MiB | ${r.loadAverage} |`;
  return [
    '## History fill beside serving (PostgreSQL)',
    '',
    `The 29 past days of the default window over ${o.devices.toLocaleString('en')} devices, computed by a history fill`,
    "job's handler while this process's event loop is watched (what every request it serves would wait),",
    'twice in one run, the stored days deleted before each: in the worker thread `vigil serve` uses on',
    'PostgreSQL (adapters/jobs/history-thread.ts, ADR 0045), then in process (as on PGlite)',
    "(`bench/history-fill.bench.ts`). Heap: the serving thread's; resident memory: the process's (the",
    'in-process run comes second, on top of what the first left).',
    '',
    '| fill | serving loop delay p99 / max | fill time | serving heap peak | RSS peak | load |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('in its worker thread', b),
    row('in process', a),
    '',
    `Idle, before both: loop delay p99 / max ${o.loopIdle.p99Ms} / ${o.loopIdle.maxMs} ms; resident memory ${o.rssBeforeMiB} MiB.`,
    goalLine('event-loop delay p99 under 20 ms during the fill', b.loop.p99Ms < 20),
    '',
  ];
}

/**
 * A partial run (`npm run bench -- evaluate`) replaces only its own sections of the existing
 * docs/performance.md and keeps the others, naming what was re-run and when.
 */
function merged(fresh: string[]): string {
  const split = (text: string) => {
    const [preamble = '', ...rest] = text.split(/^(?=## )/m);
    return { preamble, sections: rest.map((b) => [b.split('\n', 1)[0] ?? '', b] as const) };
  };
  const file = join(root, 'docs', 'performance.md');
  if (!existsSync(file)) return fresh.join('\n');
  const before = split(readFileSync(file, 'utf8'));
  const now = split(fresh.join('\n'));
  const replaced = new Map(now.sections);
  const out = before.sections.map(([h, b]) => replaced.get(h) ?? b);
  for (const [h, b] of now.sections) if (!before.sections.some(([o]) => o === h)) out.push(b);
  const machine = now.preamble.trim().split('\n').at(-1) ?? '';
  // One "Re-run alone" line per benchmark: this run's replace theirs, the others' stay.
  const rerun = /^Re-run alone \((.*)\): /;
  const paragraphs = before.preamble.trimEnd().split(/\n\n/);
  const kept = paragraphs.filter((p) => {
    const names = rerun.exec(p)?.[1]?.split(', ');
    return names === undefined || !names.every((name) => only.includes(name));
  });
  const notes = only.map((name) => `Re-run alone (${name}): ${machine.replace(/^Measured /, '')}`);
  const preamble = `${[...kept, ...notes].join('\n\n')}\n\n`;
  return (
    preamble +
    out.map((b, k) => (k === out.length - 1 || b.endsWith('\n\n') ? b : `${b.trimEnd()}\n\n`)).join('')
  );
}

// -- self-service
function selfServiceSection(o: SelfServiceOut): string[] {
  const ms = (x: number | null) => (x === null ? 'not measured' : `${x.toFixed(0)} ms`);
  const first = (name: string) => o.offices.find((x) => x.name.startsWith(name));
  const demo = first('demo');
  const large = o.offices.find((x) => !x.name.startsWith('demo'));
  return [
    '## My phones (self-service) right after signing in',
    '',
    'A governed person\'s own page (`/me`) from pressing "Sign in" in Chromium (headless, 390×844, empty',
    "browser cache) to the page's list of things to do, and the API calls behind it (POST /session with its",
    `argon2id check, GET /session, GET /me/page; p50 of ${o.rounds} sign-ins), \`bench/self-service.bench.ts\`.`,
    'Cold is the first sign-in after the process started, nothing cached (the fleet evaluated once);',
    '`vigil start` evaluates the fleet in the background at start, so the first visit finds it ready.',
    '',
    '| office | devices | API cold | API p50 | Chromium, first visit | Chromium, later | load average |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...o.offices.map(
      (x) =>
        `| ${x.name} | ${x.devices.toLocaleString('en')} | ${ms(x.apiColdMs)} | ${ms(x.apiP50Ms)} | ${ms(x.renderFirstMs)} | ${ms(x.renderWarmMs)} | ${x.loadAverage} on ${cpus().length} cores |`,
    ),
    '',
    goalLine(
      'the demo office under 1 s after sign-in',
      demo !== undefined && (demo.renderFirstMs ?? demo.apiP50Ms) < 1000,
    ),
    large === undefined
      ? 'The large office was not measured (PostgreSQL did not answer).'
      : goalLine(
          `under 2 s with ${large.devices.toLocaleString('en')} devices`,
          (large.renderFirstMs ?? large.apiP50Ms) < 2000,
        ),
    '',
  ];
}

// -- national scale
function serveStartSection(o: ServeStartOut): string[] {
  const gb = (mib: number) => ((mib * 2 ** 20) / 1e9).toFixed(2);
  return [
    '## `vigil serve` on PostgreSQL with a million devices: start to the first exact summary',
    '',
    `${o.devices.toLocaleString('en')} devices (${o.principals.toLocaleString('en')} principals, every role, one check and one posture report each,`,
    `${o.auditEvents.toLocaleString('en')} audit events) seeded with SQL in a schema of their own, then the real \`vigil serve\``,
    `(role \`${o.role}\`${o.role === 'all' ? ", which also fills the history's past days at start" : ''}) spawned on it and \`GET /compliance/summary\` asked until it counts every device`,
    '(`bench/serve-start.bench.ts`). Then posture reports posted one at a time, each followed by the summary;',
    "the evaluator's own time is measured inside the server by `bench/evaluator-probe.ts` (loaded with",
    "`--import`, benchmark only), memory is the process's peak resident set (VmHWM).",
    '',
    '| | |',
    '| --- | ---: |',
    `| serving (listening) after spawn | ${o.listenSeconds} s |`,
    `| first summary of every device after spawn | ${o.firstSummarySeconds} s |`,
    `| full pass at start, evaluator only | ${o.fullPassMs.map((ms) => `${ms} ms`).join(', ') || 'not seen'} |`,
    `| peak resident memory at the first summary | ${o.peakRssAtSummaryMiB} MiB (${gb(o.peakRssAtSummaryMiB)} GB) |`,
    `| peak resident memory after the reports | ${o.peakRssMiB} MiB (${gb(o.peakRssMiB)} GB) |`,
    '',
    `| one posture report (${o.reports}, one at a time) | p50 | p99 |`,
    '| --- | ---: | ---: |',
    `| POST /posture | ${o.afterReport.post.p50Ms} ms | ${o.afterReport.post.p99Ms} ms |`,
    `| GET /compliance/summary right after | ${o.afterReport.summary.p50Ms} ms | ${o.afterReport.summary.p99Ms} ms |`,
    `| evaluator: the update (${o.evaluator.apply.count} seen) | ${o.evaluator.apply.p50Ms} ms | ${o.evaluator.apply.p99Ms} ms |`,
    `| evaluator: the result handed out after it | ${o.evaluator.result.p50Ms} ms | ${o.evaluator.result.p99Ms} ms |`,
    '',
    `Full passes during the reports (a report should cause none): ${o.evaluator.fullPassesDuringReports}.`,
    '',
    goalLine('the first exact summary under 30 s after start', o.firstSummarySeconds < 30),
    goalLine('resident memory under 3 GB per process', o.peakRssMiB * 2 ** 20 < 3e9),
    goalLine(
      "one posture report under 1 ms of evaluator time (the update's p99)",
      o.evaluator.apply.count > 0 && o.evaluator.apply.p99Ms < 1,
    ),
    '',
    `Load average at the end: ${o.loadAverage} on ${cpus().length} cores; seeding took ${o.seedSeconds} s (not counted).`,
    '',
  ];
}
