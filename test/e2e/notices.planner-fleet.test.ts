/**
 * The notice planner never loads the fleet (the serving thread would hold every history): its
 * findings come from the evaluation cache, reminders from the schedule's pages, waiver warnings
 * from the non-device facts. What it plans over a random small fleet is what the whole-fleet
 * computation (one load, one evaluation, `schedule` over every device) gives. Nor does it read
 * every finding state or enqueue a notice a statement (both took most of a round at 100,000
 * devices): the database diffs the states, and notices go many at a time.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { evaluateFleet } from '../../src/core/compliance/evaluate.ts';
import { schedule } from '../../src/core/lifecycle/plan.ts';
import { DAY, toIso } from '../../src/core/time.ts';
import { evaluationInput, inForceFrom } from '../../src/services/compliance/compliance.service.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { Repositories, UnitOfWork } from '../../src/services/kernel/ports.ts';
import { findingKey } from '../../src/services/notices/notice-planner.service.ts';
import { openTestDatabase } from '../support/database.ts';
import { iso, PLANNER_PROTOCOL as PROTOCOL, T0 } from '../support/planner-protocol.ts';

let db: Database;
let loads = 0;
/** Calls the planner made one at a time: every finding state read, one notice enqueued. */
let singles = 0;
let planning = false;
/**
 * The database's unit of work, whose `fleet.load` is counted and refused, and whose
 * `findingStates.list` and `outbox.enqueue` are counted while the planner runs.
 */
function withoutLoad(uow: UnitOfWork): UnitOfWork {
  const spy = (r: Repositories): Repositories => ({
    ...r,
    fleet: {
      ...r.fleet,
      load: () => {
        loads++;
        return Promise.reject(new Error('fleet.load called'));
      },
    },
    findingStates: {
      ...r.findingStates,
      list: () => {
        if (planning) singles++;
        return r.findingStates.list();
      },
    },
    outbox: {
      ...r.outbox,
      enqueue: (n) => {
        if (planning) singles++;
        return r.outbox.enqueue(n);
      },
    },
  });
  return { ...uow, run: (fn) => uow.run((r) => fn(spy(r))), read: (fn) => uow.read((r) => fn(spy(r))) };
}

beforeEach(async () => {
  loads = 0;
  singles = 0;
  db = await openTestDatabase();
});
afterEach(async () => {
  await db.close();
});

it('plans without loading the fleet what the whole-fleet computation gives', async () => {
  // Issue days of 14 devices (one run: each opens a database), by two people; a waiver on one.
  const [offsets] = fc.sample(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 14, maxLength: 14 }), {
    numRuns: 1,
  });
  let now = T0 - DAY;
  const clock = { now: () => now };
  const services: Services = createServices({
    uow: withoutLoad(db.uow),
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    planner: { remindBeforeMs: 7 * DAY, escalateAfterMs: 2 * DAY, waiverWarnMs: 7 * DAY },
    schedulePage: 3, // several pages
  });
  await services.protocols.put({ text: PROTOCOL, effectiveAt: iso(T0 - DAY) }, 'test');
  for (const p of ['per_p', 'per_q']) {
    await services.inventory.createPerson({ id: p, name: p, kind: 'principal' }, 'test');
    await services.inventory.assignProtocol(p, { protocol: 'plan-test', at: iso(T0 - DAY) }, 'test');
  }
  const sorted = [...(offsets ?? [])].sort((a, b) => a - b);
  for (const [i, d] of sorted.entries()) {
    now = T0 + d * DAY;
    await services.inventory.registerDevice(
      {
        id: `dev_${String(i).padStart(2, '0')}`,
        serial: `SN-${i}`,
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'calls',
        holderId: i % 2 === 0 ? 'per_p' : 'per_q',
        status: 'active',
        issuedAt: iso(now),
      },
      'test',
    );
  }
  now = T0 + 44 * DAY;
  const waiver = await services.waivers.requestWaiver(
    {
      rule: 'rotation.overdue',
      deviceId: 'dev_00',
      reason: 'awaiting stock',
      risk: 'accepted for three days',
      expiresAt: iso(now + 3 * DAY),
    },
    'token:requester',
  );
  await services.waivers.approveWaiver(waiver.id, {
    actor: 'token:officer',
    role: 'officer',
    personId: 'officer-person',
  });
  now = T0 + 45 * DAY;
  planning = true;
  const result = await services.noticePlanner.plan();
  planning = false;
  expect(result.ran).toBe(true);
  expect(loads).toBe(0);
  expect(singles).toBe(0);

  // The old computation, over the fleet loaded at once.
  const data = await db.uow.run((tx) => tx.fleet.load(now));
  const expectedStates = new Map<string, string>();
  for (const f of evaluateFleet(evaluationInput(data, now)).findings)
    if (f.status !== 'resolved' && !expectedStates.has(findingKey(f)))
      expectedStates.set(findingKey(f), f.status === 'waived' ? 'waived' : 'open');
  const { people, protocols } = inForceFrom(data, now);
  const expectedReminders = schedule({ devices: data.devices, people, protocols }, now)
    .filter((i) => !i.overdue && now < i.dueAt && now >= i.dueAt - 7 * DAY)
    .map((i) => `remind:${i.kind}:${i.deviceId}:${toIso(i.dueAt).slice(0, 10)}`)
    .sort();

  const states = await db.uow.run((tx) => tx.findingStates.list());
  expect(new Map(states.map((s) => [s.key, s.status]))).toEqual(expectedStates);
  const notices = await services.notices.list({ limit: 1000 });
  const keys = (kind: string) =>
    notices
      .filter((n) => n.kind === kind)
      .map((n) => n.key)
      .sort();
  expect(keys('swap.due-soon')).toEqual(expectedReminders);
  expect(keys('waiver.expiring')).toEqual([`waiver-expiry:${waiver.id}:${iso(T0 + 47 * DAY)}`]);
  expect(keys('rotation.overdue').length).toBe(
    [...expectedStates].filter(([k, s]) => s === 'open' && k.endsWith('rotation.overdue')).length,
  );
});
