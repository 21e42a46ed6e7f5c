/**
 * The notice planner over the real services and database, with a clock the test moves:
 * finding transitions become audit events, reminders/overdue notices/escalations/waiver
 * warnings are enqueued once per key however often planning runs, an escalation waits for
 * its delay and is cancelled when the finding resolves (or is waived) first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { drainNotices } from '../../src/adapters/jobs/notices.ts';
import { type JobQueue, startJobQueue } from '../../src/adapters/jobs/queue.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { DAY } from '../../src/core/time.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { NoticeChannel, NoticeDelivery } from '../../src/services/notices/ports.ts';
import { openTestDatabase } from '../support/database.ts';
import { iso, PLANNER_PROTOCOL as PROTOCOL, T0 } from '../support/planner-protocol.ts';

let db: Database;
let services: Services;
let now = T0;
const delivered: NoticeDelivery[] = [];
let queue: JobQueue | null = null;
/** Delivers what the job queue holds due by the database's clock (`vigil notify run --once`). */
async function deliverDue(): Promise<void> {
  queue ??= await startJobQueue(db.jobs, { info: () => {}, error: () => {} });
  await drainNotices(queue.boss, services.notices, { leaseMs: 60_000, maxAttempts: 3, backoffMs: 1000 });
}

/** Records what would be sent (delivery itself is tested against real servers elsewhere). */
const memoryChannel: NoticeChannel = {
  name: 'memory',
  async deliver(d) {
    delivered.push(d);
    return 'sent';
  },
};

const events = async (type: string) => db.uow.run((tx) => tx.audit.list({ limit: 1000, type }));
const notices = async () => services.notices.list({ limit: 1000 });
const noticeByKind = async (kind: string) => (await notices()).filter((n) => n.kind === kind);

async function device(id: string) {
  await services.inventory.registerDevice(
    {
      id,
      serial: `SN-${id}`,
      platform: 'ios',
      model: 'iPhone 16',
      ownership: 'issued',
      role: 'calls',
      holderId: 'per_p',
      status: 'active',
      issuedAt: iso(T0),
    },
    'test',
  );
}

beforeEach(async () => {
  now = T0 - DAY;
  delivered.length = 0;
  db = await openTestDatabase();
  const clock = { now: () => now };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    notices: { channels: [memoryChannel] },
    planner: { remindBeforeMs: 7 * DAY, escalateAfterMs: 2 * DAY, waiverWarnMs: 7 * DAY },
  });
  await services.protocols.put({ text: PROTOCOL, effectiveAt: iso(T0 - DAY) }, 'test');
  await services.inventory.createPerson({ id: 'per_p', name: 'Pat Principal', kind: 'principal' }, 'test');
  await services.inventory.assignProtocol('per_p', { protocol: 'plan-test', at: iso(T0 - DAY) }, 'test');
  now = T0;
  await device('dev_a');
});

afterEach(async () => {
  await queue?.stop();
  queue = null;
  await db.close();
});

describe('notice planner', () => {
  it('reminds once before a swap is due, however often it plans', async () => {
    now = T0 + 20 * DAY; // due at +30 d: not yet within P7D
    expect(await services.noticePlanner.plan()).toMatchObject({ ran: true, enqueued: 0 });
    now = T0 + 24 * DAY;
    expect((await services.noticePlanner.plan()).enqueued).toBe(1);
    expect((await services.noticePlanner.plan()).enqueued).toBe(0);
    now = T0 + 25 * DAY;
    expect((await services.noticePlanner.plan()).enqueued).toBe(0);
    const reminders = await noticeByKind('swap.due-soon');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      key: `remind:swap:dev_a:${iso(T0 + 30 * DAY).slice(0, 10)}`,
      audience: { role: 'technician' },
    });
    expect(reminders[0]?.data).toMatchObject({
      deviceId: 'dev_a',
      dueAt: iso(T0 + 30 * DAY),
      link: '/me#swap-dev_a',
    });
  });

  it('records the finding opening once, notifies, escalates after the delay when still open', async () => {
    now = T0 + 34 * DAY; // grace ended at +33 d
    const first = await services.noticePlanner.plan();
    expect(first.transitions).toBeGreaterThanOrEqual(1);
    const opened = (await events('finding.opened')).filter((e) => e.payload.rule === 'rotation.overdue');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ subject: 'finding:device:dev_a|rotation.overdue', actor: 'system' });

    // Planning again (as every process does on its interval) changes nothing.
    const again = await services.noticePlanner.plan();
    expect(again).toMatchObject({ transitions: 0, enqueued: 0 });
    expect(
      (await events('finding.opened')).filter((e) => e.payload.rule === 'rotation.overdue'),
    ).toHaveLength(1);

    const overdue = await noticeByKind('rotation.overdue');
    expect(overdue).toHaveLength(1);
    const [escalation] = await noticeByKind('escalation');
    expect(escalation).toMatchObject({ audience: { role: 'officer' }, state: 'pending' });
    // Due `escalateAfter` after the finding began (+33 d), not before.
    expect(escalation?.notBefore).toBe(T0 + 35 * DAY);

    // Each notice has its job on the queue. The queue holds a job back by the database's clock
    // (notices.delivery.test.ts), which this test's clock, long past, cannot move: both are due.
    queue ??= await startJobQueue(db.jobs, { info: () => {}, error: () => {} });
    const jobs = await queue.boss.findJobs<{ id: number }>('notice');
    expect(jobs.map((j) => j.data.id).sort()).toEqual([overdue[0]?.id, escalation?.id].sort());
    await deliverDue();
    expect(delivered.map((d) => d.notice.kind).sort()).toEqual(['escalation', 'rotation.overdue']);
  });

  it('cancels the escalation when the finding resolves first, and records the resolution', async () => {
    now = T0 + 34 * DAY;
    await services.noticePlanner.plan();
    now = T0 + 34 * DAY + 3_600_000;
    await services.inventory.changeStatus('dev_a', { status: 'retired', reason: 'swapped' }, 'test');
    const r = await services.noticePlanner.plan();
    expect(r.cancelled).toBe(1);
    expect((await events('finding.resolved')).map((e) => e.payload.rule)).toContain('rotation.overdue');
    const [escalation] = await noticeByKind('escalation');
    expect(escalation?.state).toBe('cancelled');
    expect((await events('notice.cancelled')).map((e) => e.payload.reason)).toEqual(['finding resolved']);
    now = T0 + 40 * DAY;
    await deliverDue();
    expect(delivered.map((d) => d.notice.kind)).toContain('rotation.overdue');
    expect(delivered.map((d) => d.notice.kind)).not.toContain('escalation');
    // Planning again does not resolve it twice.
    expect((await services.noticePlanner.plan()).transitions).toBe(0);
  });

  it('waived: records the transition, cancels the escalation; warns before the waiver expires; reopens after', async () => {
    now = T0 + 34 * DAY;
    await services.noticePlanner.plan();
    const waiver = await services.waivers.requestWaiver(
      {
        rule: 'rotation.overdue',
        deviceId: 'dev_a',
        reason: 'travelling',
        risk: 'accepted for ten days',
        expiresAt: iso(T0 + 45 * DAY),
      },
      'token:requester',
    );
    await services.waivers.approveWaiver(waiver.id, {
      actor: 'token:officer',
      role: 'officer',
      personId: 'officer-person',
    });
    now = T0 + 35 * DAY - 1;
    const r = await services.noticePlanner.plan();
    expect(r.cancelled).toBe(1);
    expect((await events('finding.waived')).map((e) => e.payload.waiverId)).toEqual([waiver.id]);
    // Within P7D of expiry: one warning to the officers.
    now = T0 + 39 * DAY;
    await services.noticePlanner.plan();
    await services.noticePlanner.plan();
    const warnings = await noticeByKind('waiver.expiring');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ audience: { role: 'officer' } });
    // After expiry the finding is open again.
    now = T0 + 46 * DAY;
    await services.noticePlanner.plan();
    const reopened = (await events('finding.reopened')).filter((e) => e.payload.rule === 'rotation.overdue');
    expect(reopened.map((e) => e.payload.previous)).toEqual(['waived']);
    // Reopened: announced and escalated again, `escalateAfter` from the reopening.
    const escalations = await noticeByKind('escalation');
    expect(escalations.map((n) => n.state).sort()).toEqual(['cancelled', 'pending']);
    expect(escalations.find((n) => n.state === 'pending')?.notBefore).toBe(T0 + 48 * DAY);
    expect(await noticeByKind('rotation.overdue')).toHaveLength(2);
  });

  it('several planners at once plan once', async () => {
    now = T0 + 34 * DAY;
    const results = await Promise.all([1, 2, 3].map(() => services.noticePlanner.plan()));
    expect(results.reduce((s, r) => s + r.enqueued, 0)).toBe(2); // the overdue notice and the escalation
    expect(
      (await events('finding.opened')).filter((e) => e.payload.rule === 'rotation.overdue'),
    ).toHaveLength(1);
  });
});
