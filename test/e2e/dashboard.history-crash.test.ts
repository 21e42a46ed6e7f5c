/**
 * History fills across worker processes on one PostgreSQL database: a worker killed (SIGKILL)
 * after claiming a batch of days and before completing it loses nothing: its heartbeat stops,
 * pg-boss runs the jobs again, and another worker stores every day; no day is computed twice
 * by completed jobs. PostgreSQL only: the embedded database belongs to one process (the queue's
 * in-process tests in src/adapters/jobs/history.test.ts run on both).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, stop } from '../../bench/proc.ts';
import { seedFleet } from '../../bench/seed-fleet.ts';
import { type Database, openDatabase } from '../../src/adapters/db/client.ts';
import { systemClock, systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { dayOf } from '../../src/core/dashboard/history.ts';
import { DAY } from '../../src/core/time.ts';
import { readBaselines } from '../../src/runtime.ts';
import { createServices } from '../../src/services/index.ts';
import { type VigilEnv, vigilEnv } from '../support/vigil-env.ts';

const url = process.env.DATABASE_URL ?? '';
const onPostgres = url !== '';

interface JobRow {
  id: string;
  key: string;
  state: string;
  retries: number;
  computed: boolean | null;
}

async function until(what: string, check: () => Promise<boolean>, ms: number, every = 100): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(onPostgres)('history fills across worker processes (PostgreSQL)', () => {
  let vigil: VigilEnv;
  let db: Database;
  let client: pg.Client;
  const started: Started[] = [];
  // The last 60 past days: devices are issued 0-39 days ago, so the recent ones are the costly ones.
  const dates = Array.from({ length: 60 }, (_, i) => dayOf(Date.now() - (i + 1) * DAY).date);
  const jobs = async (): Promise<JobRow[]> =>
    (
      await client.query<JobRow>(
        `select id, singleton_key as key, state, retry_count as retries, (output->>'computed')::boolean as computed
         from "${vigil.env.DATABASE_SCHEMA}_jobs".job where name = 'history-fill'`,
      )
    ).rows;
  const storedDays = async () =>
    Number(
      (
        await client.query<{ n: number }>(
          `select count(*)::int as n from "${vigil.env.DATABASE_SCHEMA}".dashboard_history_days
           where basis = 'now' and day = any($1)`,
          [dates],
        )
      ).rows[0]?.n,
    );

  beforeAll(async () => {
    vigil = vigilEnv({ name: 'hcrash', env: () => ({ LOG_LEVEL: 'warn', PORT: '0' }) });
    const schema = vigil.env.DATABASE_SCHEMA ?? '';
    db = await openDatabase({ url, schema, poolSize: 2 });
    await db.migrate();
    const services = createServices({
      uow: db.uow,
      clock: systemClock,
      ids: ulidIds(),
      random: systemRandom,
    });
    await services.protocols.syncBaselines(readBaselines(), Date.now() - 400 * DAY, 'test');
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`set search_path to "${schema}"`);
    // Enough devices that a batch of days takes a while to compute.
    await seedFleet(client, { devices: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(started.map((s) => stop(s.child)));
    await client?.end();
    await db?.close();
    await vigil?.cleanup();
  });

  it('a worker killed between claiming days and completing them loses none', async () => {
    await db.uow.run((r) => r.dashboard.requestFill(dates, 'now'));
    const a = await vigil.serve('worker');
    let claimed: JobRow[] = [];
    await until(
      'the first worker to claim the days',
      async () => {
        claimed = (await jobs()).filter((j) => j.state === 'active');
        return claimed.length > 0;
      },
      60_000,
      20,
    );
    const exited = new Promise((r) => a.child.once('exit', r));
    a.child.kill('SIGKILL');
    await exited;
    // Killed before it completed any: the claimed jobs are still active, not every day stored.
    const atKill = await jobs();
    expect(atKill.filter((j) => j.state === 'completed')).toEqual([]);
    expect(atKill.filter((j) => j.state === 'active').length).toBe(claimed.length);
    expect(await storedDays()).toBeLessThan(dates.length);

    // Another worker: once the dead one's heartbeat is missed, its jobs run again there.
    started.push(await vigil.serve('worker'));
    await until('every day stored', async () => (await storedDays()) === dates.length, 120_000);
    await until(
      'every job completed',
      async () => (await jobs()).every((j) => j.state === 'completed'),
      60_000,
    );
    const done = await jobs();
    for (const c of claimed)
      expect(done.find((j) => j.id === c.id)).toMatchObject({ state: 'completed', retries: 1 });
    // Each day computed by at most one completed job (the first worker's, stored before the
    // kill, by none: the second found it stored).
    const computed = done.filter((j) => j.computed === true).map((j) => j.key);
    expect(new Set(computed).size).toBe(computed.length);
  }, 240_000);
});
