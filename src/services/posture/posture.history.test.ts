/**
 * A posture batch is one statement committing on its own on PostgreSQL (UnitOfWork.runAlone),
 * with no later step in its transaction to send history fill jobs. A back-dated report that
 * makes stored history days stale must still delete them and queue their fill jobs with it
 * (written again in a transaction); a report of today deletes nothing and queues nothing.
 * On the embedded database and on PostgreSQL when DATABASE_URL is set.
 */
import pg from 'pg';
import type { Db } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { HISTORY_QUEUE } from '../../adapters/jobs/history.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';

const url = process.env.DATABASE_URL ?? '';
const NOW = Date.parse('2026-11-20T10:30:00Z');
const DATES = ['2026-11-01', '2026-11-02', '2026-11-03'];

let db: Database;
let services: Services;
let jobs: () => Promise<string[]>;
let closeJobs: () => Promise<void> = async () => {};

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  await services.inventory.createPerson({ id: 'p', name: 'P', kind: 'principal' }, 'test');
  for (const id of ['d1', 'd2']) {
    await services.inventory.registerDevice(
      { id, serial: id, platform: 'ios', model: 'iPhone', ownership: 'issued', role: 'calls', holderId: 'p' },
      'test',
    );
  }
  const text = `select singleton_key as key from ${db.jobs.schema}.job
    where name = '${HISTORY_QUEUE}' order by singleton_key`;
  if (url === '') {
    const conn = db.jobs.db as Db;
    jobs = async () => ((await conn.executeSql(text)).rows as { key: string }[]).map((r) => r.key);
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    jobs = async () => (await client.query<{ key: string }>(text)).rows.map((r) => r.key);
    closeJobs = () => client.end();
  }
}, 120_000);

afterAll(async () => {
  await closeJobs();
  await db?.close();
});

const stored = () =>
  db.uow.read(async (r) => (await r.dashboard.historyDays(DATES, 'now')).map((d) => d.day));
const report = (deviceId: string, observedAt: string) => ({
  deviceId,
  observedAt,
  source: 'mdm',
  osVersion: '18.6',
});

describe(`posture batches and history fills (${url === '' ? 'PGlite' : 'PostgreSQL'})`, () => {
  it('a report of today deletes no stored day and queues no job', async () => {
    expect(await services.dashboard.fill(DATES.map((date) => ({ date, basis: 'now' })))).toEqual([
      true,
      true,
      true,
    ]);
    await Promise.all([
      services.posture.record(report('d1', '2026-11-20T10:00:00Z'), 'ingest'),
      services.posture.record(report('d2', '2026-11-20T10:01:00Z'), 'ingest'),
    ]);
    expect(await stored()).toEqual(DATES);
    expect(await jobs()).toEqual([]);
    expect((await services.posture.list('d1', 5)).map((r) => r.observedAt)).toEqual([
      Date.parse('2026-11-20T10:00:00Z'),
    ]);
  });

  it('a back-dated report in a batch deletes the stale days and queues their fill jobs with it', async () => {
    const [late, today] = await Promise.all([
      services.posture.record(report('d1', '2026-11-02T09:00:00Z'), 'ingest'),
      services.posture.record(report('d2', '2026-11-20T10:02:00Z'), 'ingest'),
    ]);
    expect(await stored()).toEqual(['2026-11-01']);
    expect(await jobs()).toEqual(['now:2026-11-02', 'now:2026-11-03']);
    // Both reports of the batch committed once, each with its audit event.
    expect((await services.posture.list('d1', 5)).map((r) => r.id)).toContain(late.id);
    expect((await services.posture.list('d2', 5)).map((r) => r.id)).toContain(today.id);
    const events = await db.uow.read((r) => r.audit.list({ limit: 1000, type: 'posture.reported' }));
    expect(events.filter((e) => e.payload.id === late.id || e.payload.id === today.id)).toHaveLength(2);
  });

  it('a back-dated report of an unknown device fails alone, and deletes nothing', async () => {
    expect(await services.dashboard.fill([{ date: '2026-11-02', basis: 'now' }])).toEqual([true]);
    const results = await Promise.allSettled([
      services.posture.record(report('ghost', '2026-11-01T09:00:00Z'), 'ingest'),
      services.posture.record(report('d2', '2026-11-20T10:03:00Z'), 'ingest'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await stored()).toEqual(['2026-11-01', '2026-11-02']);
  });
});
