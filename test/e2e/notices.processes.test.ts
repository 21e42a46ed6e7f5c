/**
 * The outbox across real processes (`vigil notify run`) sharing PostgreSQL, against a real
 * SMTP server and a real webhook receiver on loopback:
 * - a worker killed (SIGKILL) after claiming a notice and before its delivery completed loses
 *   nothing: once its job expires (the lease), another worker delivers the notice;
 * - two workers running at once over many notices never deliver one twice.
 * The kill and two-worker tests need PostgreSQL: PGlite is an in-process database that a second
 * process cannot open (the in-process expiry and claim tests in notices.delivery.test.ts run on
 * both). `vigil start` delivering the demo office's notices in the background runs on both.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, stop } from '../../bench/proc.ts';
import { type Database, openDatabase } from '../../src/adapters/db/client.ts';
import type { NoticeInput } from '../../src/services/notices/ports.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'vigil.js');
const url = process.env.DATABASE_URL ?? '';
const onPostgres = url !== '';

function notice(key: string): NoticeInput {
  const now = Date.now();
  return {
    key,
    kind: 'test.notice',
    audience: { role: 'officer' },
    subject: `Notice ${key}`,
    text: `Body ${key}`,
    data: {},
    notBefore: now - 1000,
    createdAt: now,
  };
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(onPostgres)('notice workers in separate processes (PostgreSQL)', () => {
  const schema = `notices_${process.pid}_${Date.now()}`;
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;
  let db: Database;
  let env: NodeJS.ProcessEnv;

  const worker = () => startProcess([bin, 'notify', 'run'], env, /Notice worker (running)/, 60_000);
  const state = async (key: string) => db.uow.run((tx) => tx.outbox.getByKey(key));

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hooks = await startWebhookReceiver();
    db = await openDatabase({ url, schema, poolSize: 4 });
    await db.migrate();
    await db.uow.run((tx) =>
      tx.recipients.add({
        role: 'officer',
        email: 'officer@office.example',
        createdAt: 0,
        createdBy: 'test',
      }),
    );
    env = {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: 'warn',
      VIGIL_SMTP_URL: smtp.url,
      VIGIL_WEBHOOK_URL: hooks.url,
      VIGIL_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      VIGIL_NOTIFY_INTERVAL: 'PT1S',
      VIGIL_NOTIFY_LEASE: 'PT3S',
      VIGIL_NOTIFY_BACKOFF: 'PT1S',
      VIGIL_NOTIFY_TIMEOUT: 'PT60S',
    };
  });

  afterAll(async () => {
    await db.close();
    await smtp.close();
    await hooks.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}", "${schema}_jobs" CASCADE`);
    await client.end();
  });

  it('no notice is lost when a worker is killed between claiming and completing delivery', async () => {
    hooks.hang(true); // the first worker's webhook request never gets an answer
    // The worker first: it gives the queue its 3 s lease, which the job takes when it is sent.
    const a = await worker();
    await db.uow.run((tx) => tx.outbox.enqueue(notice('kill-me')));
    let b: ChildProcess | null = null;
    try {
      await until(
        'the first worker to claim and start delivering',
        () => hooks.received.some((h) => h.id === 'kill-me'),
        30_000,
      );
      const claimed = await state('kill-me');
      expect(claimed).toMatchObject({ state: 'pending', attempts: 1 });
      const exited = new Promise((r) => a.child.once('exit', r));
      a.child.kill('SIGKILL');
      await exited;
      hooks.hang(false);

      b = (await worker()).child;
      await until(
        'another worker to deliver it',
        async () => (await state('kill-me'))?.state === 'sent',
        30_000,
      );
      const sent = await state('kill-me');
      expect(sent?.attempts).toBe(2); // re-claimed once its job expired
      expect(hooks.acceptedCounts().get('kill-me')).toBe(1);
      // At least once: the e-mail may have gone out before the kill; every copy has one Message-ID.
      const mails = smtp.messages.filter((m) => m.subject === 'Notice kill-me');
      expect(mails.length).toBeGreaterThanOrEqual(1);
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(1);
    } finally {
      await stop(a.child);
      if (b !== null) await stop(b);
    }
  }, 120_000);

  it('two workers running at once deliver every notice exactly once', async () => {
    const N = 200;
    await db.uow.run(async (tx) => {
      for (let i = 0; i < N; i++) await tx.outbox.enqueue(notice(`bulk-${i}`));
    });
    const before = hooks.received.length;
    const mailsBefore = smtp.messages.length;
    hooks.delay(100); // slow enough that both workers are at it together
    const started = performance.now();
    const [a, b] = await Promise.all([worker(), worker()]);
    try {
      await until(
        'every notice to be delivered',
        () => hooks.received.slice(before).filter((h) => h.status === 204).length >= N,
        90_000,
      );
      // Let any duplicate arrive before counting.
      await new Promise((r) => setTimeout(r, 2500));
      const hooksById = new Map<string, number>();
      for (const h of hooks.received.slice(before)) hooksById.set(h.id, (hooksById.get(h.id) ?? 0) + 1);
      expect(hooksById.size).toBe(N);
      expect([...hooksById.values()].every((c) => c === 1)).toBe(true);
      const mails = smtp.messages.slice(mailsBefore);
      expect(mails).toHaveLength(N);
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(N);
      const pending = await db.uow.run((tx) => tx.outbox.list({ state: 'pending', limit: 10 }));
      expect(pending).toEqual([]);
      // Both took part: each worker logs its rounds (`notices: {"claimed":…,"sent":…}`) on stderr.
      const sentBy = (w: { output: string[] }) =>
        w.output.reduce((sum, line) => sum + Number(/"sent": (\d+)/.exec(line)?.[1] ?? 0), 0);
      const split = [sentBy(a), sentBy(b)];
      console.info(
        `two workers delivered ${split.join(' + ')} of ${N} notices in ${Math.round(performance.now() - started)} ms (start-up included)`,
      );
      expect(split[0] ?? 0).toBeGreaterThan(0);
      expect(split[1] ?? 0).toBeGreaterThan(0);
      expect((split[0] ?? 0) + (split[1] ?? 0)).toBe(N);
    } finally {
      hooks.delay(0);
      await Promise.all([stop(a.child), stop(b.child)]);
    }
  }, 180_000);
});

describe('vigil start plans and delivers notices in the background', () => {
  it('the demo office’s overdue findings reach the webhook receiver, signed', async () => {
    const hooks = await startWebhookReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'vigil-notices-'));
    const schema = `notices_start_${process.pid}_${Date.now()}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...(onPostgres
        ? { DATABASE_URL: url, DATABASE_SCHEMA: schema }
        : { DATABASE_URL: '', VIGIL_DATA_DIR: dir }),
      PORT: '0',
      LOG_LEVEL: 'warn',
      VIGIL_WEBHOOK_URL: hooks.url,
      VIGIL_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      VIGIL_NOTIFY_INTERVAL: 'PT1S',
    };
    const server = await startProcess([bin, 'start'], env, /Vigil is running at (\S+)/, 90_000);
    try {
      await until(
        'an overdue notice',
        () => hooks.received.some((h) => /overdue$/.test(h.payload.type)),
        60_000,
      );
      expect(hooks.rejected).toBe(0);
      const kinds = new Set(hooks.received.map((h) => h.payload.type));
      expect([...kinds].some((k) => k === 'rotation.overdue' || k === 'inspection.overdue')).toBe(true);
      // Each notice arrived once.
      expect([...hooks.acceptedCounts().values()].every((c) => c === 1)).toBe(true);
    } finally {
      await stop(server.child);
      await hooks.close();
      rmSync(dir, { recursive: true, force: true });
      if (onPostgres) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}", "${schema}_jobs" CASCADE`);
        await client.end();
      }
    }
  }, 150_000);
});

describe.skipIf(onPostgres)('notice workers in separate processes', () => {
  it.skip('need PostgreSQL (set DATABASE_URL): the embedded PGlite database belongs to one process', () => {});
});
