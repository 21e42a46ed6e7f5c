/**
 * The history's background fill on PostgreSQL with a large fleet (200,000 devices unless told):
 * the 29 past days of the default window, as true then, computed by `DashboardService.fill` (a
 * history fill job's handler) in this process, as a `vigil serve` of role `all` runs it beside
 * serving. Measures the fill's time, the process's peak heap and resident memory while it runs
 * (sampled every 50 ms; VmHWM for the peak RSS), and the event loop's delay meanwhile (what every
 * request served by the same process would wait).
 *
 * Run: node bench/history-fill.bench.ts [--devices 200000] [--thread-first] [--variants a,b,...]
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); works in
 * a new schema, dropped at the end.
 *
 * The fill runs twice, the stored days deleted before each: in this thread (`inProcess`) and in
 * its worker thread (`thread`, adapters/jobs/history-thread.ts, as `vigil serve` runs it on
 * PostgreSQL); `--thread-first` swaps the order. `--variants` names the runs, in order, among
 * `inProcess`, `thread` and `threadSameNice` (the worker thread at the serving thread's priority,
 * as before it gave way on the CPU); a name given again is run again (`thread 3`).
 *
 * Prints {devices, days, runs: {inProcess|thread: {fillSeconds, fillCpuSeconds, peakHeapMiB (this
 * thread's), peakRssMiB, loop: {p99Ms, maxMs} (this thread's), runQueueWaitMs(PerS) (this thread's
 * time ready but without a core), idleBefore (the loop's delay over 3 s just before),
 * loadAverage}}, peakRssMiB (VmHWM),
 * rssBeforeMiB, loopIdle (the loop's delay over 5 s idle, before), cores} as JSON.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { HistoryFillThread } from '../src/adapters/jobs/history-thread.ts';
import { systemClock, systemRandom, ulidIds } from '../src/adapters/system.ts';
import { dayOf } from '../src/core/dashboard/history.ts';
import { DAY } from '../src/core/time.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices } from '../src/services/index.ts';
import { seedFleet } from './seed-fleet.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} expects a whole number`);
  return v;
};
const n = arg('devices', 200_000);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_history_${Date.now()}`;
const log = (s: string) => console.error(s);
const round = (x: number) => Math.round(x * 10) / 10;
const MiB = 1024 * 1024;
// This thread's time spent ready to run but waiting for a core (Linux schedstat, ns): what the
// scheduler, not this thread's own work, added to its loop's delay.
const runQueueWaitMs = () => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
};
const vmHwmMiB = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m === null ? 0 : Number(m[1]) / 1024;
};

const db = await openDatabase({ url, schema });
const seeder = new pg.Client({ connectionString: url });
await seeder.connect();
try {
  await db.migrate();
  const services = createServices({ uow: db.uow, clock: systemClock, ids: ulidIds(), random: systemRandom });
  await services.protocols.syncBaselines(readBaselines(), Date.now() - 400 * 86_400_000, 'bench');
  await seeder.query(`set search_path to "${schema}"`);
  const seedStart = performance.now();
  await seedFleet(seeder, { devices: n });
  log(`seeded ${n} devices in ${round((performance.now() - seedStart) / 1000)} s`);

  const now = Date.now();
  const days = Array.from({ length: 29 }, (_, i) => ({
    date: dayOf(now - (i + 1) * DAY).date,
    basis: 'now' as const,
  }));
  // The machine's own noise: the loop's delay over 5 s with nothing to do (other processes'
  // load shows here too, and in the fill's figure).
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 5000));
  idle.disable();
  const rssBefore = vmHwmMiB();
  // Side by side in one run (the machine's load moves between runs): the fill in this thread,
  // as a process without the worker thread runs it, and in its worker thread (history-thread.ts),
  // as `vigil serve` runs it on PostgreSQL. The stored days are deleted before each.
  const thread = new HistoryFillThread({ url, schema, fixedNow: null });
  // The thread at the serving thread's priority (as before it ran in the background), beside.
  const sameNice = new HistoryFillThread({ url, schema, fixedNow: null, nice: 0 });
  const all: { name: string; fill: (d: typeof days) => Promise<boolean[]> }[] = [
    { name: 'inProcess', fill: (d) => services.dashboard.fill(d) },
    { name: 'thread', fill: thread.fill },
    { name: 'threadSameNice', fill: sameNice.fill },
  ];
  const only = process.argv.indexOf('--variants');
  const variants = (only > 0 ? (process.argv[only + 1] ?? '').split(',') : ['inProcess', 'thread']).map(
    (v) => {
      const found = all.find((a) => a.name === v);
      if (found === undefined) throw new Error(`--variants: no variant ${v}`);
      return found;
    },
  );
  const runs: Record<string, unknown> = {};
  for (const [i, v] of (process.argv.includes('--thread-first') ? variants.reverse() : variants).entries()) {
    await seeder.query('delete from dashboard_history_days');
    // The machine's load moves from run to run: each run's own idle delay (3 s) just before it.
    const idleBefore = monitorEventLoopDelay({ resolution: 10 });
    idleBefore.enable();
    await new Promise((r) => setTimeout(r, 3000));
    idleBefore.disable();
    let peakHeap = 0;
    let peakRss = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    };
    const sampler = setInterval(sample, 50);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu0 = process.cpuUsage();
    const wait0 = runQueueWaitMs();
    const t0 = performance.now();
    const computed = await v.fill(days);
    const fillSeconds = round((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    const waitedMs = runQueueWaitMs() - wait0;
    loop.disable();
    clearInterval(sampler);
    sample();
    if (computed.some((c) => !c)) throw new Error('a day was not computed');
    const [first] = await db.uow.read((tx) => tx.dashboard.historyDays([days[0]?.date ?? ''], 'now'));
    log(
      `${v.name}: filled ${days.length} days in ${fillSeconds} s; newest: ${JSON.stringify(first?.counts)}`,
    );
    // A variant run again (--variants a,b,a,b: alternated under a moving load) keeps its position.
    runs[v.name in runs ? `${v.name} ${i}` : v.name] = {
      fillSeconds,
      // The process's, every thread's.
      fillCpuSeconds: round((cpu.user + cpu.system) / 1e6),
      // This thread's heap (the worker's is its own); the process's resident memory.
      peakHeapMiB: Math.round(peakHeap / MiB),
      peakRssMiB: Math.round(peakRss / MiB),
      loop: { p99Ms: round(loop.percentile(99) / 1e6), maxMs: round(loop.max / 1e6) },
      // This thread's wait for a core during the fill, in all and per second of the fill.
      runQueueWaitMs: Math.round(waitedMs),
      runQueueWaitMsPerS: round(waitedMs / fillSeconds),
      idleBefore: { p99Ms: round(idleBefore.percentile(99) / 1e6), maxMs: round(idleBefore.max / 1e6) },
      loadAverage: round(loadavg()[0] ?? 0),
    };
  }
  await thread.stop();
  await sameNice.stop();
  console.log(
    JSON.stringify({
      devices: n,
      days: days.length,
      runs,
      peakRssMiB: Math.round(vmHwmMiB()),
      rssBeforeMiB: Math.round(rssBefore),
      loopIdle: { p99Ms: round(idle.percentile(99) / 1e6), maxMs: round(idle.max / 1e6) },
      cores: cpus().length,
    }),
  );
} finally {
  await seeder.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
  await seeder.end();
  await db.close();
}
