/**
 * The serving thread's event loop while the fleet "now" is evaluated in full, with the
 * evaluation worker (src/adapters/evaluation, docs/adr/0039-evaluation-worker.md) and in
 * process, side by side on one PostgreSQL schema (each mode its own connection pool, as its own
 * process would have): the first summary (load and full pass), then the summary after an OS
 * release (every iOS device re-evaluated), each with the event loop's delay (p99, max) sampled
 * every millisecond meanwhile; then what a summary costs with nothing changed (the worker's
 * round trip) and right after a posture report (read-your-writes).
 * Run: node bench/evaluation-worker.bench.ts [--devices 100000] [--rounds 50]
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test);
 * works in a new schema, dropped at the end.
 */
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { EvaluationWorker } from '../src/adapters/evaluation/offload.ts';
import { systemClock, systemRandom, ulidIds } from '../src/adapters/system.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices } from '../src/services/index.ts';
import { seedFleet } from './seed-fleet.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('devices', 100_000);
const rounds = arg('rounds', 50);
const principals = Math.max(1, Math.round(n / 100));
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_evalworker_${Date.now()}`;
const log = (s: string) => console.error(s);
const round = (x: number) => Math.round(x * 10) / 10;
const quiet = { info: () => {}, warn: log.bind(null, 'warn'), error: log.bind(null, 'error') };

/** The event loop's delay while `fn` runs: how long any request arriving meanwhile waited at worst. */
async function withLoopDelay<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; p99Ms: number; maxMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  h.disable();
  return { value, ms: round(ms), p99Ms: round(h.percentile(99) / 1e6), maxMs: round(h.max / 1e6) };
}

function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
  return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

const setup = await openDatabase({ url, schema });
await setup.migrate();
const seeder = new pg.Client({ connectionString: url });
await seeder.connect();
await seeder.query(`set search_path to "${schema}"`);

try {
  const seedServices = createServices({
    uow: setup.uow,
    clock: systemClock,
    ids: ulidIds(),
    random: systemRandom,
  });
  await seedServices.protocols.syncBaselines(readBaselines(), Date.now() - 400 * 86_400_000, 'bench');
  await seedFleet(seeder, { devices: n, principals });
  log(`seeded ${n} devices, ${principals} principals`);

  const modes: Record<string, unknown>[] = [];
  let version = 100;
  for (const mode of ['in-process', 'worker'] as const) {
    const db = await openDatabase({ url, schema });
    const worker = mode === 'worker' ? new EvaluationWorker({ url, schema }) : null;
    const services = createServices({
      uow: db.uow,
      announcements: db.announcements,
      clock: systemClock,
      ids: ulidIds(),
      random: systemRandom,
      ...(worker === null ? {} : { offloaded: worker }),
    });
    try {
      // From start (the worker's thread and connection included) to the first summary.
      const cold = await withLoopDelay(async () => {
        worker?.start(quiet);
        return services.compliance.evaluate({});
      });
      log(
        `${mode}: first summary ${cold.ms} ms (${cold.value.devices.length} devices), loop p99 ${cold.p99Ms} ms, max ${cold.maxMs} ms`,
      );
      // An OS release: every iOS device (all of them here) re-evaluated.
      const release = await withLoopDelay(async () => {
        await services.releases.record(
          { platform: 'ios', version: `27.0.${version++}`, releasedAt: new Date().toISOString() },
          'bench',
        );
        return services.compliance.evaluate({});
      });
      log(
        `${mode}: summary after an OS release ${release.ms} ms, loop p99 ${release.p99Ms} ms, max ${release.maxMs} ms`,
      );
      const unchanged: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        await services.compliance.evaluate({});
        unchanged.push(performance.now() - t0);
      }
      const afterReport: number[] = [];
      const reports = await withLoopDelay(async () => {
        for (let i = 0; i < rounds; i++) {
          await services.posture.record(
            {
              deviceId: `d${(i * 7919) % n}`,
              observedAt: new Date().toISOString(),
              source: 'bench',
              osVersion: '17.0',
            },
            'bench',
          );
          const t0 = performance.now();
          await services.compliance.evaluate({});
          afterReport.push(performance.now() - t0);
        }
      });
      const row = {
        mode,
        firstSummary: { ms: cold.ms, loopP99Ms: cold.p99Ms, loopMaxMs: cold.maxMs },
        afterRelease: { ms: release.ms, loopP99Ms: release.p99Ms, loopMaxMs: release.maxMs },
        unchanged: quantiles(unchanged),
        afterReport: { ...quantiles(afterReport), loopP99Ms: reports.p99Ms, loopMaxMs: reports.maxMs },
        ...(worker === null ? {} : { workerMessages: worker.messages }),
      };
      log(
        `${mode}: unchanged p50 ${row.unchanged.p50Ms} ms p99 ${row.unchanged.p99Ms} ms; after a report p50 ${row.afterReport.p50Ms} ms p99 ${row.afterReport.p99Ms} ms`,
      );
      modes.push(row);
    } finally {
      await worker?.stop();
      await db.close();
    }
  }
  console.log(
    JSON.stringify({
      devices: n,
      principals,
      rounds,
      cores: cpus().length,
      loadAverage: round(loadavg()[0] ?? 0),
      modes,
    }),
  );
} finally {
  await seeder.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
  await seeder.end();
  await setup.close();
}
