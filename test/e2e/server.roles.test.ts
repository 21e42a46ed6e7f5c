/**
 * Process roles on one PostgreSQL database: two `vigil serve --role api` processes and one
 * `vigil serve --role worker`. The API processes serve HTTP and do no background work; the
 * worker delivers every notice exactly once, runs every scan job once, fetches the scheduled
 * feed once (on the job queue), fills each of the history's past days once (asked for through
 * both API processes), and signs checkpoints that strictly grow; both API processes answer the
 * same summary after a write. The embedded database belongs to one process
 * (docs/adr/0006), which runs role `all`: there, one process runs the scheduled feed on the
 * job queue.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, stop } from '../../bench/proc.ts';
import { type Database, openDatabase } from '../../src/adapters/db/client.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../support/evidence-ios.ts';
import { cliToken, type VigilEnv, vigilEnv } from '../support/vigil-env.ts';
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts';

const url = process.env.DATABASE_URL ?? '';
const onPostgres = url !== '';
const KEV = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'intel', 'known_exploited_vulnerabilities.json'),
);

/** A feed server on loopback that counts its requests. */
async function feedServer(): Promise<{ url: string; hits: () => number; close: () => void }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(KEV);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/kev.json`, hits: () => hits, close: () => server.close() };
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(onPostgres)('vigil serve --role api|worker on one PostgreSQL database', () => {
  let hooks: WebhookReceiver;
  let feed: Awaited<ReturnType<typeof feedServer>>;
  let vigil: VigilEnv;
  let db: Database;
  const started: Started[] = [];

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    feed = await feedServer();
    vigil = vigilEnv({
      name: 'roles',
      env: (cwd) => ({
        VIGIL_KEV_URL: feed.url,
        LOG_LEVEL: 'warn',
        PORT: '0',
        VIGIL_WEBHOOK_URL: hooks.url,
        VIGIL_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        VIGIL_NOTIFY_INTERVAL: 'PT1S',
        VIGIL_EVIDENCE_DIR: join(cwd, 'evidence'),
        VIGIL_SCAN_INTERVAL: 'PT1S',
        VIGIL_CHECKPOINT_INTERVAL: '0.5',
      }),
    });
    const files = await standardIosFiles();
    for (const n of [1, 2, 3]) {
      await buildIosBackup(join(vigil.cwd, 'evidence', `calls-${n}`, 'backup'), {
        files,
        info: standardIosInfo(),
      });
    }
    db = await openDatabase({ url, schema: vigil.env.DATABASE_SCHEMA ?? '', poolSize: 2 });
    await db.migrate();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(started.map((s) => stop(s.child)));
    await db?.close();
    await hooks?.close();
    feed?.close();
    await vigil?.cleanup();
  });

  it('API processes serve, the worker does the background work once', async () => {
    const token = await cliToken(vigil.run, 'admin', 'roles');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const N = 40;
    await db.uow.run(async (tx) => {
      const now = Date.now();
      for (let i = 0; i < N; i++) {
        await tx.outbox.enqueue({
          key: `roles-${i}`,
          kind: 'test.notice',
          audience: { role: 'officer' },
          subject: `Notice ${i}`,
          text: `Body ${i}`,
          data: {},
          notBefore: now - 1000,
          createdAt: now,
        });
      }
    });

    const apis = await Promise.all([vigil.serve('api'), vigil.serve('api')]);
    started.push(...apis);
    const [a, b] = apis as [Started, Started];
    const api = (s: Started, method: string, path: string, body?: unknown) =>
      fetch(`${s.url}/api/v1${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    // Scan jobs requested through both API processes, and the devices they scan.
    const person = await api(a, 'POST', '/people', { id: 'pm', name: 'PM', kind: 'principal' });
    expect(person.status).toBe(201);
    const jobs: string[] = [];
    for (const n of [1, 2, 3]) {
      const s = n % 2 === 0 ? b : a;
      const dev = await api(s, 'POST', '/devices', {
        id: `calls-${n}`,
        serial: `ROLES${n}`,
        platform: 'ios',
        model: 'iPhone',
        ownership: 'issued',
        role: 'calls',
        holderId: 'pm',
      });
      expect(dev.status).toBe(201);
      const res = await api(s, 'POST', '/scans', { deviceId: `calls-${n}`, path: `calls-${n}/backup` });
      expect(res.status).toBe(202);
      jobs.push(((await res.json()) as { jobId: string }).jobId);
    }

    // API processes do no background work: with no worker, nothing is delivered, scanned or signed.
    await new Promise((r) => setTimeout(r, 3000));
    expect(hooks.received).toHaveLength(0);
    expect(feed.hits()).toBe(0);
    const queued = (await (await api(a, 'GET', `/scans/${jobs[0]}`)).json()) as { state: string };
    expect(queued.state).toBe('queued');
    expect(await db.uow.read((r) => r.auditLog.checkpoints())).toHaveLength(0);
    // The history's past days are asked for through both, and wait for a worker. As known then:
    // the worker's feed import, back-dated, deletes the days as true then, to be filled again.
    type History = { pending: number; days: { source: string }[] };
    const history = async (s: Started) =>
      (await (await api(s, 'GET', '/compliance/history?known=then')).json()) as History;
    expect((await Promise.all([a, b].map(history))).map((h) => h.pending)).toEqual([29, 29]);

    const worker = await vigil.serve('worker');
    started.push(worker);
    await until(
      'every notice delivered',
      () => [...hooks.acceptedCounts().keys()].filter((k) => k.startsWith('roles-')).length >= N,
      60_000,
    );
    type Job = { state: string; attempts: number; inspectionId: string | null };
    const job = async (id: string) => (await (await api(b, 'GET', `/scans/${id}`)).json()) as Job;
    await until(
      'every scan job done',
      async () => (await Promise.all(jobs.map(job))).every((j) => j.state === 'done' || j.state === 'failed'),
      120_000,
    );
    for (const id of jobs) expect(await job(id)).toMatchObject({ state: 'done', attempts: 1 });
    // One inspection per scanned device: each job ran once.
    for (const n of [1, 2, 3]) {
      const shown = (await (await api(a, 'GET', `/devices/calls-${n}`)).json()) as {
        inspections: unknown[];
      };
      expect(shown.inspections).toHaveLength(1);
    }

    // The write of a new device through one API process; both answer the same summary at once.
    const dev = await api(a, 'POST', '/devices', {
      id: 'calls-4',
      serial: 'ROLES4',
      platform: 'ios',
      model: 'iPhone',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
    });
    expect(dev.status).toBe(201);
    // Each evaluates "now" at its own instant; everything but that instant is equal.
    const summaries = await Promise.all(
      [a, b].map(async (s) => {
        const { asOf: _, ...rest } = (await (await api(s, 'GET', '/compliance/summary')).json()) as {
          asOf: string;
          devices: { total: number };
        };
        return rest;
      }),
    );
    expect(summaries[0]).toEqual(summaries[1]);
    expect(summaries[0]?.devices.total).toBe(4);

    // The worker filled the history's days, each once: both API processes read them stored.
    await until(
      'the history filled',
      async () => (await Promise.all([a, b].map(history))).every((h) => h.pending === 0),
      60_000,
    );
    const jobsSchema = `${vigil.env.DATABASE_SCHEMA}_jobs`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const fills = await client
      .query<{ key: string; computed: number }>(
        `select singleton_key as key, count(*) filter (where (output->>'computed')::boolean)::int as computed
         from "${jobsSchema}".job where name = 'history-fill' group by singleton_key`,
      )
      .finally(() => client.end());
    const then = fills.rows.filter((f) => f.key.startsWith('then:'));
    expect(then).toHaveLength(29);
    expect(then.every((f) => f.computed === 1)).toBe(true);

    // Let a duplicate arrive before counting, and the log sign a few checkpoints.
    await new Promise((r) => setTimeout(r, 2500));
    // Ours, and those the worker's planner added (the scans' findings): each delivered once.
    const counts = hooks.acceptedCounts();
    expect([...counts.keys()].filter((k) => k.startsWith('roles-'))).toHaveLength(N);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(hooks.rejected).toBe(0);
    expect(feed.hits()).toBe(1); // the scheduled feed, once for its window
    const sizes = (await db.uow.read((r) => r.auditLog.checkpoints())).map((c) => c.size);
    expect(sizes.length).toBeGreaterThan(0);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1] ?? 0);
  }, 300_000);
});

describe.skipIf(onPostgres)('vigil serve on the embedded database (role all)', () => {
  it('runs the scheduled feed on the job queue, once', async () => {
    const feed = await feedServer();
    const vigil = vigilEnv({
      name: 'rolesall',
      env: () => ({ LOG_LEVEL: 'warn', PORT: '0', VIGIL_KEV_URL: feed.url }),
    });
    let server: Started | null = null;
    try {
      server = await vigil.serve();
      await until('the feed fetched', () => feed.hits() > 0, 60_000);
      await stop(server.child);
      server = null;
      expect(feed.hits()).toBe(1);
      const status = await vigil.run('--json', 'intel', 'status');
      expect((JSON.parse(status.stdout) as { kev: number }).kev).toBeGreaterThan(0);
    } finally {
      if (server !== null) await stop(server.child);
      feed.close();
      await vigil.cleanup();
    }
  }, 180_000);
});

describe.skipIf(onPostgres)('vigil serve --role api|worker', () => {
  it.skip('needs PostgreSQL (set DATABASE_URL): the embedded database belongs to one process, which runs role all', () => {});
});
