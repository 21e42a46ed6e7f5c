/**
 * Notice delivery on the job queue against a real SMTP server and a real webhook receiver on
 * loopback: delivery with verified Standard Webhooks signatures, retries with backoff, giving up
 * after N attempts, a lapsed claim re-claimed (no notice lost), timeouts, and the per-channel
 * record. pg-boss times jobs by the database's clock, so waits (notBefore, backoff, the lease) are
 * short real delays, polled with generous timeouts; the injected clock only stamps the records.
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { drainNotices, type NoticeQueueSettings } from '../../src/adapters/jobs/notices.ts';
import { type JobQueue, startJobQueue } from '../../src/adapters/jobs/queue.ts';
import { emailChannel } from '../../src/adapters/notify/email.ts';
import { webhookChannel } from '../../src/adapters/notify/webhook.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { NoticeOptions } from '../../src/services/notices/notice.service.ts';
import type { NoticeInput } from '../../src/services/notices/ports.ts';
import { openTestDatabase } from '../support/database.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts';

const T0 = Date.UTC(2026, 10, 1, 9);
/** The queue's settings: retries after 1 s, then 2 s; a lease of 5 s (above the channels' timeouts). */
const QUEUE: NoticeQueueSettings = { leaseMs: 5000, maxAttempts: 3, backoffMs: 1000 };

let smtp: SmtpSink;
let hooks: WebhookReceiver;
let db: Database;
let services: Services;
let now = T0;
let closeMail: () => void;
let queue: JobQueue;
let settings: NoticeQueueSettings = QUEUE;
const quiet = { info: () => {}, error: () => {} };

function build(over: Partial<NoticeOptions> = {}, queueOver: Partial<NoticeQueueSettings> = {}): Services {
  settings = { ...QUEUE, ...queueOver };
  const clock = { now: () => now };
  const email = emailChannel({ url: smtp.url, from: 'Vigil <vigil@office.example>', timeoutMs: 2000 });
  closeMail = email.close;
  const notices: NoticeOptions = {
    channels: [
      email,
      webhookChannel({ url: hooks.url, secret: TEST_WEBHOOK_SECRET, timeoutMs: 1000, name: 'webhook:1' }),
    ],
    ...over,
  };
  return createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom, notices });
}

function notice(key: string, over: Partial<NoticeInput> = {}): NoticeInput {
  return {
    key,
    kind: 'swap.due-soon',
    audience: { role: 'officer' },
    subject: `Subject ${key}`,
    text: `Body of ${key}`,
    data: { deviceId: 'dev_1' },
    notBefore: now,
    createdAt: now,
    ...over,
  };
}

const enqueue = (n: NoticeInput) => db.uow.run((tx) => tx.outbox.enqueue(n));
const byKey = async (key: string) => {
  const n = await db.uow.run((tx) => tx.outbox.getByKey(key));
  if (n === null) throw new Error(`no notice ${key}`);
  return n;
};
/** One `vigil notify run --once`: every job due now. */
const deliverDue = () => drainNotices(queue.boss, services.notices, settings);
/** Delivers what comes due until `done` holds (retries and expiries take real seconds). */
async function deliverUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await deliverDue();
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const events = async (type: string) => db.uow.run((tx) => tx.audit.list({ limit: 1000, type }));

beforeAll(async () => {
  smtp = await startSmtpSink();
  hooks = await startWebhookReceiver();
});

afterAll(async () => {
  await smtp.close();
  await hooks.close();
});

beforeEach(async () => {
  now = T0;
  db = await openTestDatabase();
  services = build();
  // Expired jobs (a worker died holding one) are looked for every second.
  queue = await startJobQueue(db.jobs, quiet, { superviseSeconds: 1 });
  // As a worker started before the notices are enqueued: the queue's settings (the lease, the
  // retries) are those of the worker, and a job takes them when it is sent.
  await deliverDue();
  smtp.messages.length = 0;
  hooks.received.length = 0;
  hooks.failNext(0);
  hooks.hang(false);
  smtp.failNext(0);
  await services.notices.addRecipient({ role: 'officer', email: 'officer@office.example' }, 'test');
});

afterEach(async () => {
  closeMail();
  await queue.stop();
  await db.close();
});

describe('notice delivery', { timeout: 90_000 }, () => {
  it('e-mails the role’s recipients and posts a signed webhook whose id is the notice key', async () => {
    expect(await enqueue(notice('k1'))).toBe(true);
    expect(await enqueue(notice('k1'))).toBe(false); // one logical notice per key
    const r = await deliverDue();
    expect(r).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });

    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.to).toEqual(['officer@office.example']);
    expect(smtp.messages[0]?.subject).toBe('Subject k1');
    expect(smtp.messages[0]?.raw).toContain('Body of k1');

    expect(hooks.rejected).toBe(0);
    expect(hooks.received).toHaveLength(1);
    const hook = hooks.received[0];
    expect(hook?.id).toBe('k1');
    expect(hook?.payload.type).toBe('swap.due-soon');
    expect(hook?.payload.data).toMatchObject({
      key: 'k1',
      subject: 'Subject k1',
      details: { deviceId: 'dev_1' },
    });

    const stored = await byKey('k1');
    expect(stored).toMatchObject({ state: 'sent', attempts: 1, sentAt: T0, lastError: null });
    expect(stored.outcome).toEqual({ email: 'sent', 'webhook:1': 'sent' });
    const sent = await events('notice.sent');
    expect(sent.map((e) => e.payload.key)).toEqual(['k1']);
    // Nothing left to do.
    expect((await deliverDue()).claimed).toBe(0);
  });

  it('a notice enqueued in a transaction that rolls back leaves no job behind', async () => {
    await expect(
      db.uow.run(async (tx) => {
        await tx.outbox.enqueue(notice('rolled-back'));
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await db.uow.run((tx) => tx.outbox.getByKey('rolled-back'))).toBeNull();
    expect(await deliverDue()).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
    expect(hooks.received).toHaveLength(0);
  });

  it('delivers nothing before notBefore', async () => {
    const at = Date.now() + 3000; // the queue's (database) clock
    await enqueue(notice('later', { notBefore: at }));
    expect((await deliverDue()).claimed).toBe(0);
    await deliverUntil('the notice to come due', async () => (await byKey('later')).state === 'sent');
    expect(Date.now()).toBeGreaterThanOrEqual(at);
    expect(hooks.acceptedCounts().get('later')).toBe(1);
  });

  it('sends to webhooks and records it when the person has no e-mail address', async () => {
    await services.inventory.createPerson({ id: 'per_x', name: 'No Mail', kind: 'staff' }, 'test');
    await enqueue(notice('nomail', { audience: { personId: 'per_x' } }));
    await deliverDue();
    expect(smtp.messages).toHaveLength(0);
    expect(hooks.received.map((h) => h.id)).toEqual(['nomail']);
    const stored = await byKey('nomail');
    expect(stored.state).toBe('sent');
    expect(stored.outcome).toEqual({ email: 'no-recipient', 'webhook:1': 'sent' });
  });

  it('retries with backoff after the receiver fails, without re-sending the e-mail', async () => {
    await enqueue(notice('flaky'));
    hooks.failNext(2, 503);

    expect(await deliverDue()).toMatchObject({ claimed: 1, retrying: 1 });
    const n = await byKey('flaky');
    expect(n.state).toBe('pending');
    expect(n.lastError).toMatch(/webhook:1: answered HTTP 503/);
    expect(n.outcome).toMatchObject({ email: 'sent' });
    // Not retried at once: the retry waits for its backoff.
    expect((await deliverDue()).claimed).toBe(0);

    await deliverUntil('the third attempt', async () => (await byKey('flaky')).state === 'sent');
    expect(await byKey('flaky')).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(smtp.messages).toHaveLength(1); // e-mail went out once, on the first attempt
    expect(hooks.received.map((h) => h.status)).toEqual([503, 503, 204]);
    expect(hooks.acceptedCounts().get('flaky')).toBe(1);
  });

  it('retries after the SMTP server refuses the message', async () => {
    await enqueue(notice('smtp-down'));
    smtp.failNext(1);
    await deliverDue();
    const n = await byKey('smtp-down');
    expect(n.state).toBe('pending');
    expect(n.lastError).toMatch(/451/);
    expect(n.outcome['webhook:1']).toBe('sent');
    await deliverUntil('the retry', async () => (await byKey('smtp-down')).state === 'sent');
    expect(smtp.messages).toHaveLength(1);
    expect(hooks.received).toHaveLength(1); // the webhook was not sent again
  });

  it('gives up after N attempts with the last error, dead-letters the job, and an admin can retry it', async () => {
    await enqueue(notice('dead'));
    hooks.failNext(100, 500);
    await deliverUntil('the notice to be given up', async () => (await byKey('dead')).state === 'failed');
    const n = await byKey('dead');
    expect(n).toMatchObject({ state: 'failed', attempts: 3 });
    expect(n.lastError).toMatch(/HTTP 500/);
    expect(hooks.received).toHaveLength(3);
    const failed = await events('notice.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.payload).toMatchObject({ key: 'dead', attempts: 3 });
    expect(await queue.boss.findJobs('notice-failed')).toHaveLength(1);
    expect((await deliverDue()).claimed).toBe(0); // failed stays failed

    hooks.failNext(0);
    const again = await services.notices.retry(n.id, 'token:admin');
    expect(again).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await events('notice.requeued')).map((e) => e.actor)).toEqual(['token:admin']);
    await deliverUntil('the retried notice', async () => (await byKey('dead')).state === 'sent');
    await expect(services.notices.retry(n.id, 'x')).rejects.toMatchObject({ code: 'NOTICE_NOT_RETRYABLE' });
    await expect(services.notices.retry(999_999, 'x')).rejects.toMatchObject({ code: 'NOTICE_NOT_FOUND' });
  });

  it('a receiver that does not answer in time is a failure', async () => {
    await enqueue(notice('slow'));
    hooks.hang(true);
    await deliverDue();
    const n = await byKey('slow');
    expect(n.state).toBe('pending');
    expect(n.lastError).toMatch(/webhook:1: request failed/);
    hooks.hang(false);
  });

  it('loses no notice when a worker dies after claiming: its job expires and another worker delivers it', async () => {
    await enqueue(notice('orphan'));
    // A worker fetches the job and claims the row, then "dies" (never settles either).
    const [job] = await queue.boss.fetch<{ id: number }>('notice');
    expect(job).toBeDefined();
    const claimed = await db.uow.run((tx) => tx.outbox.claim(job?.data.id ?? 0));
    expect(claimed?.attempts).toBe(1);
    // While its job is held, nobody else takes it.
    expect((await deliverDue()).claimed).toBe(0);
    await deliverUntil(
      'the job to expire and be delivered',
      async () => (await byKey('orphan')).state === 'sent',
    );
    expect(await byKey('orphan')).toMatchObject({ attempts: 2 });
    expect(hooks.acceptedCounts().get('orphan')).toBe(1);
    // The dead worker's late settle is fenced out.
    const late = await db.uow.run((tx) =>
      tx.outbox.settle(claimed?.id ?? 0, 1, { state: 'failed', at: now, error: 'late', outcome: {} }),
    );
    expect(late).toBe(false);
    expect((await byKey('orphan')).state).toBe('sent');
  });

  it('concurrent workers never take the same notice', async () => {
    for (let i = 0; i < 30; i++) await enqueue(notice(`c${i}`));
    const rounds = await Promise.all(Array.from({ length: 4 }, () => deliverDue()));
    expect(rounds.reduce((sum, r) => sum + r.sent, 0)).toBe(30);
    expect(hooks.received).toHaveLength(30);
    expect(new Set(hooks.received.map((h) => h.id)).size).toBe(30);
  });

  it('a cancelled notice is not delivered', async () => {
    await enqueue(notice('esc'));
    expect(await db.uow.run((tx) => tx.outbox.cancel('esc'))).toBe(true);
    expect((await deliverDue()).claimed).toBe(0);
    expect((await byKey('esc')).state).toBe('cancelled');
    expect(hooks.received).toHaveLength(0);
  });

  it('fails after N attempts when no channel has anywhere to send it', async () => {
    services = build(
      { channels: [emailChannel({ url: smtp.url, from: 'v@x.example', timeoutMs: 1000 })] },
      { maxAttempts: 1 },
    );
    await deliverDue(); // applies the settings
    await enqueue(notice('nowhere', { audience: { role: 'auditor' } }));
    await deliverDue();
    const n = await byKey('nowhere');
    expect(n.state).toBe('failed');
    expect(n.outcome).toEqual({ email: 'no-recipient' });
  });

  it('a pending notice whose job was lost (a restore) gets a new one when a worker starts', async () => {
    await enqueue(notice('restored'));
    await queue.boss.deleteAllJobs('notice'); // as a restored database has no jobs
    expect((await queue.boss.findJobs('notice')).length).toBe(0);
    expect((await deliverDue()).sent).toBe(1);
    expect(hooks.acceptedCounts().get('restored')).toBe(1);
  });
});

describe('recipients', () => {
  it('are added once, listed, removed, and audited', async () => {
    await services.notices.addRecipient({ role: 'officer', email: 'officer@office.example' }, 'test');
    await services.notices.addRecipient({ role: 'officer', email: 'second@office.example' }, 'test');
    expect((await services.notices.listRecipients('officer')).map((r) => r.email)).toEqual([
      'officer@office.example',
      'second@office.example',
    ]);
    await services.notices.removeRecipient({ role: 'officer', email: 'second@office.example' }, 'test');
    await expect(
      services.notices.removeRecipient({ role: 'officer', email: 'second@office.example' }, 'test'),
    ).rejects.toMatchObject({ code: 'RECIPIENT_NOT_FOUND' });
    expect((await events('notice.recipient-added')).length).toBe(2);
    expect((await events('notice.recipient-removed')).length).toBe(1);
  });
});
