/**
 * Notice delivery against a real SMTP server and a real webhook receiver on loopback: delivery
 * with verified Standard Webhooks signatures, retries with backoff, giving up after N attempts,
 * a lapsed claim re-claimed (no notice lost), timeouts, and the per-channel record.
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { emailChannel } from '../../src/adapters/notify/email.ts';
import { webhookChannel } from '../../src/adapters/notify/webhook.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { backoffDelay, type NoticeOptions } from '../../src/services/notices/notice.service.ts';
import type { NoticeInput } from '../../src/services/notices/ports.ts';
import { openTestDatabase } from '../support/database.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts';

const T0 = Date.UTC(2026, 10, 1, 9);
const BACKOFF = 60_000;
const LEASE = 120_000;

let smtp: SmtpSink;
let hooks: WebhookReceiver;
let db: Database;
let services: Services;
let now = T0;
let closeMail: () => void;

function build(over: Partial<NoticeOptions> = {}): Services {
  const clock = { now: () => now };
  const email = emailChannel({ url: smtp.url, from: 'Vigil <vigil@office.example>', timeoutMs: 2000 });
  closeMail = email.close;
  const notices: NoticeOptions = {
    channels: [
      email,
      webhookChannel({ url: hooks.url, secret: TEST_WEBHOOK_SECRET, timeoutMs: 1000, name: 'webhook:1' }),
    ],
    leaseMs: LEASE,
    maxAttempts: 3,
    backoffMs: BACKOFF,
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
  smtp.messages.length = 0;
  hooks.received.length = 0;
  hooks.failNext(0);
  hooks.hang(false);
  smtp.failNext(0);
  await services.notices.addRecipient({ role: 'officer', email: 'officer@office.example' }, 'test');
});

afterEach(async () => {
  closeMail();
  await db.close();
});

describe('notice delivery', () => {
  it('e-mails the role’s recipients and posts a signed webhook whose id is the notice key', async () => {
    expect(await enqueue(notice('k1'))).toBe(true);
    expect(await enqueue(notice('k1'))).toBe(false); // one logical notice per key
    const r = await services.notices.deliverDue();
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
    expect((await services.notices.deliverDue()).claimed).toBe(0);
  });

  it('delivers nothing before notBefore', async () => {
    await enqueue(notice('later', { notBefore: T0 + 3_600_000 }));
    expect((await services.notices.deliverDue()).claimed).toBe(0);
    now = T0 + 3_600_000;
    expect((await services.notices.deliverDue()).sent).toBe(1);
  });

  it('sends to webhooks and records it when the person has no e-mail address', async () => {
    await services.inventory.createPerson({ id: 'per_x', name: 'No Mail', kind: 'staff' }, 'test');
    await enqueue(notice('nomail', { audience: { personId: 'per_x' } }));
    await services.notices.deliverDue();
    expect(smtp.messages).toHaveLength(0);
    expect(hooks.received.map((h) => h.id)).toEqual(['nomail']);
    const stored = await byKey('nomail');
    expect(stored.state).toBe('sent');
    expect(stored.outcome).toEqual({ email: 'no-recipient', 'webhook:1': 'sent' });
  });

  it('retries with exponential backoff after the receiver fails, without re-sending the e-mail', async () => {
    await enqueue(notice('flaky'));
    hooks.failNext(2, 503);

    await services.notices.deliverDue();
    let n = await byKey('flaky');
    expect(n.state).toBe('pending');
    expect(n.lastError).toMatch(/webhook:1: answered HTTP 503/);
    expect(n.outcome).toMatchObject({ email: 'sent' });
    // First retry: between half and all of the base delay.
    expect(n.nextAttemptAt - T0).toBeGreaterThanOrEqual(BACKOFF / 2);
    expect(n.nextAttemptAt - T0).toBeLessThanOrEqual(BACKOFF);
    // Not due before then.
    now = n.nextAttemptAt - 1;
    expect((await services.notices.deliverDue()).claimed).toBe(0);

    now = n.nextAttemptAt;
    const second = now;
    await services.notices.deliverDue();
    n = await byKey('flaky');
    expect(n.state).toBe('pending');
    // Second retry: doubled.
    expect(n.nextAttemptAt - second).toBeGreaterThanOrEqual(BACKOFF);
    expect(n.nextAttemptAt - second).toBeLessThanOrEqual(2 * BACKOFF);

    now = n.nextAttemptAt;
    await services.notices.deliverDue();
    n = await byKey('flaky');
    expect(n).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(smtp.messages).toHaveLength(1); // e-mail went out once, on the first attempt
    expect(hooks.received.map((h) => h.status)).toEqual([503, 503, 204]);
    expect(hooks.acceptedCounts().get('flaky')).toBe(1);
  });

  it('retries after the SMTP server refuses the message', async () => {
    await enqueue(notice('smtp-down'));
    smtp.failNext(1);
    await services.notices.deliverDue();
    let n = await byKey('smtp-down');
    expect(n.state).toBe('pending');
    expect(n.lastError).toMatch(/451/);
    expect(n.outcome['webhook:1']).toBe('sent');
    now = n.nextAttemptAt;
    await services.notices.deliverDue();
    n = await byKey('smtp-down');
    expect(n.state).toBe('sent');
    expect(smtp.messages).toHaveLength(1);
    expect(hooks.received).toHaveLength(1); // the webhook was not sent again
  });

  it('gives up after N attempts with the last error, and an admin can retry it', async () => {
    await enqueue(notice('dead'));
    hooks.failNext(100, 500);
    for (let i = 0; i < 3; i++) {
      await services.notices.deliverDue();
      now = (await byKey('dead')).nextAttemptAt;
    }
    const n = await byKey('dead');
    expect(n).toMatchObject({ state: 'failed', attempts: 3 });
    expect(n.lastError).toMatch(/HTTP 500/);
    const failed = await events('notice.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.payload).toMatchObject({ key: 'dead', attempts: 3 });
    now += 10 * BACKOFF;
    expect((await services.notices.deliverDue()).claimed).toBe(0); // failed stays failed

    hooks.failNext(0);
    const again = await services.notices.retry(n.id, 'token:admin');
    expect(again).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await events('notice.requeued')).map((e) => e.actor)).toEqual(['token:admin']);
    await services.notices.deliverDue();
    expect((await byKey('dead')).state).toBe('sent');
    await expect(services.notices.retry(n.id, 'x')).rejects.toMatchObject({ code: 'NOTICE_NOT_RETRYABLE' });
    await expect(services.notices.retry(999_999, 'x')).rejects.toMatchObject({ code: 'NOTICE_NOT_FOUND' });
  });

  it('a receiver that does not answer in time is a failure', async () => {
    await enqueue(notice('slow'));
    hooks.hang(true);
    await services.notices.deliverDue();
    const n = await byKey('slow');
    expect(n.state).toBe('pending');
    expect(n.lastError).toMatch(/webhook:1: request failed/);
    hooks.hang(false);
  });

  it('loses no notice when a worker dies after claiming: the lease lapses and another claims it', async () => {
    await enqueue(notice('orphan'));
    // A worker claims, then "dies" (never settles).
    const [claimed] = await db.uow.run((tx) => tx.outbox.claim(now, now + LEASE, 10));
    expect(claimed?.attempts).toBe(1);
    // While the lease holds, nobody else takes it.
    now = T0 + LEASE - 1;
    expect((await services.notices.deliverDue()).claimed).toBe(0);
    now = T0 + LEASE;
    expect((await services.notices.deliverDue()).sent).toBe(1);
    expect(hooks.acceptedCounts().get('orphan')).toBe(1);
    // The dead worker's late settle is fenced out.
    const late = await db.uow.run((tx) =>
      tx.outbox.settle(claimed?.id ?? 0, 1, { state: 'failed', at: now, error: 'late', outcome: {} }),
    );
    expect(late).toBe(false);
    expect((await byKey('orphan')).state).toBe('sent');
  });

  it('concurrent claimers never take the same notice', async () => {
    for (let i = 0; i < 30; i++) await enqueue(notice(`c${i}`));
    const claims = await Promise.all(
      Array.from({ length: 6 }, () => db.uow.run((tx) => tx.outbox.claim(now, now + LEASE, 7))),
    );
    const ids = claims.flat().map((n) => n.key);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
  });

  it('a cancelled notice is not delivered', async () => {
    await enqueue(notice('esc', { notBefore: T0 + 1000 }));
    expect(await db.uow.run((tx) => tx.outbox.cancel('esc'))).toBe(true);
    now = T0 + 2000;
    expect((await services.notices.deliverDue()).claimed).toBe(0);
    expect((await byKey('esc')).state).toBe('cancelled');
  });

  it('fails after N attempts when no channel has anywhere to send it', async () => {
    services = build({
      channels: [emailChannel({ url: smtp.url, from: 'v@x.example', timeoutMs: 1000 })],
      maxAttempts: 1,
    });
    await enqueue(notice('nowhere', { audience: { role: 'auditor' } }));
    await services.notices.deliverDue();
    const n = await byKey('nowhere');
    expect(n.state).toBe('failed');
    expect(n.outcome).toEqual({ email: 'no-recipient' });
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

describe('backoff', () => {
  it('doubles per attempt, stays within [d/2, d], and is capped', () => {
    const random = { bytes: (n: number) => new Uint8Array(n).fill(255) };
    const zero = { bytes: (n: number) => new Uint8Array(n) };
    expect(backoffDelay(1, 1000, 1e9, zero)).toBe(500);
    expect(backoffDelay(3, 1000, 1e9, zero)).toBe(2000);
    expect(backoffDelay(3, 1000, 1e9, random)).toBeLessThanOrEqual(4000);
    expect(backoffDelay(3, 1000, 1e9, random)).toBeGreaterThan(3999);
    expect(backoffDelay(50, 1000, 60_000, random)).toBeLessThanOrEqual(60_000);
  });
});
