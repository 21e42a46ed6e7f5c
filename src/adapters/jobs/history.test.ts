/**
 * History fills on the job queue, on the embedded database and on PostgreSQL when DATABASE_URL
 * is set, over the demo office: a back-dated write sends the fill jobs of the days its triggers
 * deleted in its own transaction (a rollback sends none and deletes nothing); asking twice for
 * the same days queues one job per day; two workers fill each day once.
 */
import pg from 'pg';
import type { Db } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { HistoryBasis } from '../../core/dashboard/history.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../../services/index.ts';
import type { Database } from '../db/client.ts';
import { systemRandom, ulidIds } from '../system.ts';
import { HISTORY_QUEUE, workHistoryFills } from './history.ts';
import { type JobQueue, startJobQueue } from './queue.ts';

const url = process.env.DATABASE_URL ?? '';
const NOW = Date.parse('2026-11-20T10:30:00Z');
const quiet = { info: () => {}, error: () => {} };

interface JobRow {
  key: string;
  state: string;
  computed: boolean | null;
}

let db: Database;
let services: Services;
let jobs: () => Promise<JobRow[]>;
let closeJobs: () => Promise<void> = async () => {};
const queues: JobQueue[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  await services.demo.load(readBaselines(), 'test');
  const text = `select singleton_key as key, state, (output->>'computed')::boolean as computed
    from ${db.jobs.schema}.job where name = '${HISTORY_QUEUE}' order by singleton_key, created_on`;
  if (url === '') {
    const conn = db.jobs.db as Db;
    jobs = async () => (await conn.executeSql(text)).rows as JobRow[];
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    jobs = async () => (await client.query<JobRow>(text)).rows;
    closeJobs = () => client.end();
  }
}, 180_000);

afterAll(async () => {
  for (const q of queues) await q.stop();
  await closeJobs();
  await db?.close();
}, 60_000);

const stored = (dates: string[], basis: HistoryBasis) =>
  db.uow.read(async (r) => (await r.dashboard.historyDays(dates, basis)).map((d) => d.day));

async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const DATES = ['2026-11-01', '2026-11-02', '2026-11-03'];

describe(`history fills on the job queue (${url === '' ? 'PGlite' : 'PostgreSQL'})`, () => {
  it('a back-dated write sends the fill jobs of the days it deleted, in its transaction', async () => {
    // Computed by hand, without a worker: no job is sent for them.
    expect(await services.dashboard.fill(DATES.map((date) => ({ date, basis: 'now' })))).toEqual([
      true,
      true,
      true,
    ]);
    expect(await jobs()).toEqual([]);
    const check = {
      deviceId: 'premier-social',
      method: 'forensic-scan',
      result: 'clean',
      performedBy: 'technician',
    } as const;

    // Rolled back: the days stay stored, and no job was sent.
    await expect(
      db.uow.run(async (r) => {
        await r.inspections.insert({
          id: 'rolled-back',
          deviceId: 'premier-social',
          at: Date.parse('2026-11-01T10:00:00Z'),
          method: 'forensic-scan',
          result: 'clean',
          performedBy: 'technician',
          notes: null,
          recordedAt: NOW,
        });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await stored(DATES, 'now')).toEqual(DATES);
    expect(await jobs()).toEqual([]);

    // Committed: the 2nd and 3rd are deleted, and their jobs are queued with the write.
    await services.inventory.recordInspection({ ...check, at: '2026-11-02T10:00:00Z' }, 'test');
    expect(await stored(DATES, 'now')).toEqual(['2026-11-01']);
    expect(await jobs()).toEqual([
      { key: 'now:2026-11-02', state: 'created', computed: null },
      { key: 'now:2026-11-03', state: 'created', computed: null },
    ]);
    // Asked for again (a request finding them missing): still one queued job per day.
    await db.uow.run((r) => r.dashboard.requestFill(['2026-11-02', '2026-11-03'], 'now'));
    expect((await jobs()).map((j) => j.key)).toEqual(['now:2026-11-02', 'now:2026-11-03']);
  });

  it('two workers fill each requested day once', async () => {
    // One after the other: on PGlite both share its one connection (a process has one queue).
    for (let i = 0; i < 2; i++) {
      const q = await startJobQueue(db.jobs, quiet);
      queues.push(q);
      await workHistoryFills(q.boss, (days) => services.dashboard.fill(days), quiet);
    }
    const more = ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'];
    await db.uow.run((r) => r.dashboard.requestFill(more, 'then'));
    await until('every day filled', async () => (await jobs()).every((j) => j.state === 'completed'), 60_000);
    expect(await stored(DATES, 'now')).toEqual(DATES);
    expect(await stored(more, 'then')).toEqual(more);
    const done = await jobs();
    expect(done).toHaveLength(6);
    expect(done.every((j) => j.computed === true)).toBe(true);
    expect(new Set(done.map((j) => j.key)).size).toBe(6);
    // Days stored meanwhile are not computed again.
    await db.uow.run((r) => r.dashboard.requestFill(more, 'then'));
    await until(
      'the repeated jobs done',
      async () => (await jobs()).filter((j) => j.state === 'completed').length === 10,
    );
    expect((await jobs()).filter((j) => j.computed === true)).toHaveLength(6);
  }, 120_000);
});
