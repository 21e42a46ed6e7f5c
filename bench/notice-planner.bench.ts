/**
 * The notice planner's round on PostgreSQL with 100,000 devices (`--devices` to choose), seeded
 * with SQL (bench/seed-fleet.ts): the first round (every finding opened, every reminder and
 * overdue notice enqueued) and then steady rounds (nothing new: the diff and the reminders'
 * existing keys alone), each timed with the evaluation cache already warm, as a serving
 * process's is; the cache's own time is reported apart. Alternate runs against the old code to
 * compare. Run: node bench/notice-planner.bench.ts [--devices 100000] [--rounds 3]
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); works
 * in a new schema, dropped at the end.
 */
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { systemClock, systemRandom, ulidIds } from '../src/adapters/system.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices } from '../src/services/index.ts';
import { seedFleet } from './seed-fleet.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('devices', 100_000);
const rounds = arg('rounds', 3);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_planner_${Date.now()}`;
const log = (s: string) => console.error(s);

const db = await openDatabase({ url, schema });
await db.migrate();
const services = createServices({
  uow: db.uow,
  clock: systemClock,
  ids: ulidIds(),
  random: systemRandom,
});
const seeder = new pg.Client({ connectionString: url });
await seeder.connect();
await seeder.query(`set search_path to "${schema}"`);
try {
  await services.protocols.syncBaselines(readBaselines(), Date.now() - 400 * 86_400_000, 'bench');
  await seedFleet(seeder, { devices: n });
  const t0 = performance.now();
  await services.compliance.evaluate();
  log(`${n} devices seeded; evaluation cache warmed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const count = async (table: string) =>
    Number((await seeder.query(`select count(*)::int as n from ${table}`)).rows[0].n);
  const timings: { round: string; ms: number; maxBlockMs: number; result: object }[] = [];
  for (let i = 0; i <= rounds; i++) {
    // The longest the event loop was held meanwhile: what a request to a serving process that
    // plans would have waited at worst.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const start = performance.now();
    const result = await services.noticePlanner.plan();
    const ms = performance.now() - start;
    delay.disable();
    const maxBlockMs = Math.round(delay.max / 1e6);
    timings.push({ round: i === 0 ? 'first' : `steady ${i}`, ms, maxBlockMs, result });
    log(
      `round ${i === 0 ? 'first' : `steady ${i}`}: ${(ms / 1000).toFixed(2)} s, event loop held up to ${maxBlockMs} ms ${JSON.stringify(result)}`,
    );
  }
  const out = {
    devices: n,
    findingStates: await count('compliance_finding_states'),
    notices: await count('notify_outbox'),
    rounds: timings.map((t) => ({
      round: t.round,
      seconds: Math.round(t.ms / 10) / 100,
      maxBlockMs: t.maxBlockMs,
      ...t.result,
    })),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  console.log(JSON.stringify(out));
} finally {
  await seeder.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
  await seeder.end();
  await db.close();
}
