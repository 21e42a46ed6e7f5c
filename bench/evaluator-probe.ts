/**
 * Loaded into the `vigil serve` that bench/serve-start.bench.ts starts (`node --import`, so in
 * every thread): times the evaluator's own work, the fleet state's full pass (its steps summed)
 * and each incremental update (`apply`, `advance`) and the result or change log handed out after it, and
 * writes one line per pass to stderr (`vigil-bench evaluator <what> <ms>`). The product logs no
 * such thing; only the benchmark loads this.
 */
import { FleetState } from '../src/core/compliance/incremental.ts';

const out = (what: string, ms: number) =>
  process.stderr.write(`vigil-bench evaluator ${what} ${ms.toFixed(3)}\n`);
const proto = FleetState.prototype;

// Each thread's heap every second (the bench keeps the largest per thread): where the bytes are.
// With VIGIL_BENCH_MEMLOG=FILE, also a timeline of every thread's heap spaces and buffers there.
const wt = await import('node:worker_threads');
const thread = wt.threadId;
const data = wt.workerData as Record<string, unknown> | undefined;
const role = thread === 0 ? 'serving' : data !== undefined && 'partSize' in data ? 'evaluation' : 'history';
const memlog = process.env.VIGIL_BENCH_MEMLOG;
const { appendFileSync } = await import('node:fs');
const v8 = await import('node:v8');
setInterval(() => {
  const m = process.memoryUsage();
  process.stderr.write(
    `vigil-bench memory ${thread} ${Math.round(m.heapUsed / 2 ** 20)} ${Math.round(m.heapTotal / 2 ** 20)} ${Math.round(m.rss / 2 ** 20)}\n`,
  );
  if (memlog === undefined) return;
  const mb = (b: number) => Math.round(b / 2 ** 20);
  const spaces: Record<string, [number, number]> = {};
  for (const s of v8.getHeapSpaceStatistics())
    spaces[s.space_name.replace('_space', '')] = [mb(s.space_used_size), mb(s.space_size)];
  appendFileSync(
    memlog,
    `${JSON.stringify({ t: Date.now(), role, used: mb(m.heapUsed), total: mb(m.heapTotal), external: mb(m.external), buffers: mb(m.arrayBuffers), rss: mb(m.rss), spaces })}\n`,
  );
}, 1_000).unref();
const passes = new WeakMap<FleetState, number>();

// BENCH_CPU_PROF=DIR: a CPU profile of each thread from its start, written into DIR after
// BENCH_CPU_PROF_SECONDS (60 unless told): the bench stops the server with a signal, at which
// neither `--cpu-prof` nor a worker thread gets to write one.
const profDir = process.env.BENCH_CPU_PROF;
if (profDir !== undefined) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  setTimeout(
    async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${profDir}/thread-${thread}.cpuprofile`, JSON.stringify(profile));
    },
    Number(process.env.BENCH_CPU_PROF_SECONDS ?? 60) * 1000,
  ).unref();
}

const step = proto.step;
proto.step = function timedStep(this: FleetState, budget: number): boolean {
  const t0 = performance.now();
  const more = step.call(this, budget);
  const total = (passes.get(this) ?? 0) + performance.now() - t0;
  // A state built from pages returns false at the end of each page: the pass ends once built.
  if (more || !this.built) passes.set(this, total);
  else {
    passes.delete(this);
    out('full', total);
    // When it was built (epoch ms): the bench tells the load and pass from the hand-over after.
    process.stderr.write(`vigil-bench built ${Date.now()}\n`);
  }
  return more;
};

for (const name of ['apply', 'advance', 'result', 'changes'] as const) {
  const method = proto[name] as (this: FleetState, ...args: unknown[]) => unknown;
  Object.defineProperty(proto, name, {
    configurable: true,
    writable: true,
    value: function timed(this: FleetState, ...args: unknown[]) {
      const t0 = performance.now();
      const r = method.apply(this, args);
      out(name, performance.now() - t0);
      return r;
    },
  });
}
