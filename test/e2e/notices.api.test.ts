/**
 * Notices through the HTTP API and the CLI: listing with filters, retrying a failed notice,
 * managing role recipients; `vigil notify` against a real webhook receiver.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/adapters/db/client.ts';
import { buildApp } from '../../src/adapters/http/app.ts';
import { drainNotices } from '../../src/adapters/jobs/notices.ts';
import { type JobQueue, startJobQueue } from '../../src/adapters/jobs/queue.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { NoticeInput } from '../../src/services/notices/ports.ts';
import { createToken } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { vigilEnv } from '../support/vigil-env.ts';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET } from '../support/webhook-receiver.ts';

const notice = (key: string, kind = 'test.notice'): NoticeInput => ({
  key,
  kind,
  audience: { role: 'officer' },
  subject: `Subject ${key}`,
  text: 'Body',
  data: { n: 1 },
  notBefore: Date.now() - 1000,
  createdAt: Date.now(),
});

describe('notices API', () => {
  let db: Database;
  let queue: JobQueue;
  let services: Services;
  let app: ReturnType<typeof buildApp>;
  let admin: string;
  let auditor: string;
  const failing = {
    name: 'webhook:1',
    deliver: async (): Promise<'sent'> => {
      throw new Error('webhook:1: answered HTTP 503');
    },
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    services = createServices({
      uow: db.uow,
      clock: systemClock,
      ids: ulidIds(),
      random: systemRandom,
      auth: { passwords: argon2Passwords },
      notices: { channels: [failing] },
    });
    app = buildApp({ services, ready: () => db.ping(), logger: false });
    await app.ready();
    admin = await createToken(services, 'admin');
    auditor = await createToken(services, 'auditor');
    queue = await startJobQueue(db.jobs, { info: () => {}, error: () => {} });
    // One attempt allowed: the queue takes this worker's settings before the notices are sent.
    const deliverDue = () =>
      drainNotices(queue.boss, services.notices, { leaseMs: 60_000, maxAttempts: 1, backoffMs: 1000 });
    await deliverDue();
    await db.uow.run(async (tx) => {
      await tx.outbox.enqueue(notice('n1', 'escalation'));
      await tx.outbox.enqueue(notice('n2'));
    });
    expect(await deliverDue()).toMatchObject({ failed: 2 }); // both fail at once
  });

  afterAll(async () => {
    await app.close();
    await queue.stop();
    await db.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token = admin, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  it('lists notices with their delivery state, filtered by state and kind', async () => {
    const all = await call('GET', '/api/v1/notices', auditor);
    expect(all.statusCode, all.body).toBe(200);
    const list = all.json() as {
      key: string;
      state: string;
      lastError: string;
      outcome: Record<string, string>;
    }[];
    expect(list.map((n) => n.key)).toEqual(['n2', 'n1']);
    expect(list[0]).toMatchObject({ state: 'failed', lastError: 'webhook:1: answered HTTP 503' });
    const esc = (await call('GET', '/api/v1/notices?state=failed&kind=escalation')).json() as {
      key: string;
    }[];
    expect(esc.map((n) => n.key)).toEqual(['n1']);
    expect((await call('GET', '/api/v1/notices?state=sent')).json()).toEqual([]);
    expect((await call('GET', '/api/v1/notices?state=bogus')).statusCode).toBe(400);
  });

  it('retries a failed notice (admin), and refuses what cannot be retried', async () => {
    const [n1] = (await call('GET', '/api/v1/notices?kind=escalation')).json() as { id: number }[];
    const res = await call('POST', `/api/v1/notices/${n1?.id}/retry`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await call('POST', `/api/v1/notices/${n1?.id}/retry`, auditor)).statusCode).toBe(403);
    const missing = await call('POST', '/api/v1/notices/424242/retry');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOTICE_NOT_FOUND']);
    expect((await call('POST', '/api/v1/notices/abc/retry')).statusCode).toBe(400);
  });

  it('manages role recipients', async () => {
    const add = await call('POST', '/api/v1/notices/recipients', admin, {
      role: 'officer',
      email: 'security@office.example',
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({
      role: 'officer',
      email: 'security@office.example',
      createdBy: expect.stringMatching(/^token:/),
    });
    const bad = await call('POST', '/api/v1/notices/recipients', admin, {
      role: 'officer',
      email: 'not-an-address',
    });
    expect(bad.statusCode).toBe(400);
    const list = (await call('GET', '/api/v1/notices/recipients')).json() as { email: string }[];
    expect(list.map((r) => r.email)).toEqual(['security@office.example']);
    const del = await call(
      'DELETE',
      '/api/v1/notices/recipients?role=officer&email=security%40office.example',
    );
    expect(del.statusCode, del.body).toBe(204);
    const again = await call(
      'DELETE',
      '/api/v1/notices/recipients?role=officer&email=security%40office.example',
    );
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'RECIPIENT_NOT_FOUND']);
  });
});

describe('vigil notify (CLI)', () => {
  const vigil = vigilEnv({ name: 'cli_notify', env: () => ({ LOG_LEVEL: 'silent' }) });
  const { run, runWith } = vigil;

  afterAll(() => vigil.cleanup());

  it('manages recipients, plans, and delivers once to a real receiver', async () => {
    expect((await run('notify', 'recipient', 'add', 'officer', 'so@office.example')).code).toBe(0);
    const list = await run('--json', 'notify', 'recipient', 'list');
    expect(JSON.parse(list.stdout)).toMatchObject([{ role: 'officer', email: 'so@office.example' }]);
    expect((await run('notify', 'recipient', 'add', 'wizard', 'x@y.example')).code).toBe(2);
    expect((await run('notify', 'recipient', 'remove', 'officer', 'none@office.example')).code).toBe(2);

    // Nothing to deliver with: a clear configuration error.
    const none = await run('notify', 'run', '--once');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/CONFIG_INVALID.*VIGIL_SMTP_URL/);

    const plan = await run('--json', 'notify', 'plan');
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ ran: true });

    // Enqueue one notice in the environment's database, then deliver it with `notify run --once`.
    const { DATABASE_URL: url, DATABASE_SCHEMA: schema } = vigil.env;
    const db = await openDatabase(
      url !== undefined && schema !== undefined
        ? { url, schema }
        : { dataDir: join(vigil.cwd, '.vigil', 'pgdata') },
    );
    try {
      await db.uow.run((tx) => tx.outbox.enqueue(notice('cli-1')));
    } finally {
      await db.close();
    }
    const hooks = await startWebhookReceiver();
    try {
      const delivered = await runWith(
        { VIGIL_WEBHOOK_URL: hooks.url, VIGIL_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
        '--json',
        'notify',
        'run',
        '--once',
      );
      expect(delivered.code, delivered.stderr).toBe(0);
      expect(JSON.parse(delivered.stdout)).toMatchObject({ claimed: 1, sent: 1 });
      expect(hooks.acceptedCounts().get('cli-1')).toBe(1);
      // The secret appears nowhere in what Vigil printed.
      expect(delivered.stdout + delivered.stderr).not.toContain(TEST_WEBHOOK_SECRET);
    } finally {
      await hooks.close();
    }
    const sent = await run('--json', 'notify', 'list', '--state', 'sent');
    expect(JSON.parse(sent.stdout).map((n: { key: string }) => n.key)).toEqual(['cli-1']);
    expect((await run('notify', 'retry', 'abc')).code).toBe(2);
  }, 120_000);

  it('refuses a webhook URL without a secret', async () => {
    const r = await runWith({ VIGIL_WEBHOOK_URL: 'http://127.0.0.1:9/hooks' }, 'notify', 'list');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/VIGIL_WEBHOOK_SECRET/);
  });
});
