/**
 * The job queue on the embedded database, and on PostgreSQL when DATABASE_URL is set: two
 * workers offering the same scheduled work run it once per window; a run that keeps failing is
 * retried with backoff, then dead-lettered.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fromPglite } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupService } from '../../services/backup/backup.service.ts';
import { openDatabase } from '../db/client.ts';
import { systemClock } from '../system.ts';
import { type JobQueue, type JobStore, startJobQueue } from './queue.ts';

const url = process.env.DATABASE_URL ?? '';
const quiet = { info: () => {}, error: () => {} };

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe(`the job queue (${url === '' ? 'PGlite' : 'PostgreSQL'})`, () => {
  const schema = `jobs_test_${process.pid}_${Date.now()}`;
  let store: JobStore;
  let count: (queue: string) => Promise<number>;
  let close: () => Promise<void>;
  const queues: JobQueue[] = [];

  beforeAll(async () => {
    if (url === '') {
      const db = await PGlite.create();
      store = { db: fromPglite(db), schema };
      count = async (q) =>
        Number(
          (await db.query<{ n: number }>(`select count(*)::int n from ${schema}.job where name = $1`, [q]))
            .rows[0]?.n,
        );
      close = () => db.close();
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      store = { connectionString: url, max: 2, schema };
      count = async (q) =>
        Number(
          (await client.query(`select count(*)::int n from ${schema}.job where name = $1`, [q])).rows[0]?.n,
        );
      close = async () => {
        for (const s of [
          schema,
          `${schema}_src`,
          `${schema}_src_jobs`,
          `${schema}_dst`,
          `${schema}_dst_jobs`,
        ]) {
          await client.query(`drop schema if exists ${s} cascade`);
        }
        await client.end();
      };
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(queues.map((q) => q.stop()));
    await close();
  }, 60_000);

  it('runs scheduled work once per window, whichever of two workers offers it', async () => {
    // One after the other: on PGlite both share its one connection, and their start-up
    // transactions must not interleave (a process has one queue).
    const a = await startJobQueue(store, quiet);
    queues.push(a);
    const b = await startJobQueue(store, quiet);
    queues.push(b);
    let runs = 0;
    const run = async () => {
      runs++;
    };
    await a.every('pull', 3_600_000, run);
    await b.every('pull', 3_600_000, run);
    await until('the first run', () => runs > 0);
    // Both polled meanwhile; a second job for this window would have run by now.
    await new Promise((r) => setTimeout(r, 4000));
    expect(runs).toBe(1);
    expect(await count('pull')).toBe(1);
  }, 120_000);

  it('retries a failing run with backoff, then dead-letters it', async () => {
    const q = await startJobQueue(store, quiet, { retry: { retries: 2, retryDelaySeconds: 1 } });
    queues.push(q);
    let runs = 0;
    await q.every('feed', 3_600_000, async () => {
      runs++;
      throw new Error('the feed is down');
    });
    await until('the dead letter', async () => (await count('feed-failed')) === 1, 90_000);
    expect(runs).toBe(3); // the first run and two retries
  }, 120_000);

  it('is left out of a backup, and a database holding it restores', async () => {
    const open = (name: string) => openDatabase(url === '' ? {} : { url, schema: `${schema}_${name}` });
    const backups = (db: Awaited<ReturnType<typeof open>>) =>
      new BackupService({ store: db.backup, clock: systemClock, version: 'test' });
    const source = await open('src');
    const target = await open('dst');
    try {
      await source.migrate();
      const q = await startJobQueue(source.jobs, quiet);
      await q.every('pull', 3_600_000, async () => {});
      await q.stop();
      const tables = await source.backup.snapshot(async (s) => s.tables.map((t) => t.name));
      expect(tables).not.toContain('job');
      expect(tables).not.toContain('queue');
      const chunks: string[] = [];
      const made = await backups(source).backup(async (c) => {
        chunks.push(c);
      });
      // A worker started on the target first: its queue schema is there, the application's is empty.
      await (await startJobQueue(target.jobs, quiet)).stop();
      const lines = chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '');
      const restored = await backups(target).restore(
        (async function* () {
          yield* lines;
        })(),
      );
      expect(restored.rows).toEqual(made.rows);
    } finally {
      await source.close();
      await target.close();
    }
  }, 120_000);
});
