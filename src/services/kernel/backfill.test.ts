/**
 * Back-filling over a real database: every command that records an event takes the instant it
 * happened. Accepted, it is stored as given (effective) beside the clock's now (recorded), and
 * its audit event carries both; refused when in the future (INSTANT_IN_FUTURE), before the
 * device or person it names existed (INSTANT_BEFORE_SUBJECT), or, for a transition, before the
 * transition it follows (TRANSITION_OUT_OF_ORDER).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { argon2Passwords } from '../../adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';

const NOW = Date.UTC(2026, 10, 1, 9);
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();
const LATER = new Date(NOW + DAY).toISOString();
/** Everyone and everything here began 200 days ago. */
const START = 200;
const BEFORE_START = ago(START + 1);

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: backfill, title: Back-fill test, version: "1" }
roles:
  calls: { rotation: { every: P90D } }
waivers: { maxDuration: P30D, approverRole: officer }
facilities:
  hq: { title: Headquarters, personalDevices: banned, acknowledgement: required }
`;

let db: Database;
let services: Services;

const device = (id: string, over: Record<string, unknown> = {}) =>
  services.inventory.registerDevice(
    {
      id,
      serial: id,
      imei: null,
      platform: 'ios',
      model: 'iPhone',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
      issuedAt: ago(START),
      ...over,
    },
    'test',
  );

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock),
    random: systemRandom,
    auth: { passwords: argon2Passwords },
  });
  await services.protocols.put({ text: PROTOCOL, effectiveAt: ago(300) }, 'test');
  await services.inventory.createPerson({ id: 'pm', name: 'PM', kind: 'principal' }, 'test');
  // Entered today, under the protocol since 200 days ago: their start is the assignment.
  await services.inventory.assignProtocol('pm', { protocol: 'backfill', at: ago(START) }, 'test');
  for (const id of ['d-waiver', 'd-incident', 'd-swap', 'd-inventory']) await device(id);
  await device('d-zone', { imei: '490154203237518', ownership: 'personal', role: 'social' });
  await device('d-new', { holderId: null, location: 'Store', status: 'staged', issuedAt: ago(START) });
});
afterAll(() => db?.close());

/** The payload of the latest audit event of a type. */
async function lastEvent(type: string): Promise<Record<string, unknown>> {
  const events = await services.audit.list({ type, limit: 1000 });
  return (events.at(-1)?.payload ?? {}) as Record<string, unknown>;
}

describe('waivers', () => {
  const request = (at?: string, over: Record<string, unknown> = {}) =>
    services.waivers.requestWaiver(
      {
        rule: 'rotation.overdue',
        deviceId: 'd-waiver',
        reason: 'paper record',
        risk: 'low',
        expiresAt: ago(80),
        ...(at === undefined ? {} : { at }),
        ...over,
      },
      'cli:requester',
    );
  const officer = { actor: 'cli:officer', role: 'officer', personId: 'officer-person' };

  it('requests, approves and revokes in the past: effective instants as given, recorded now', async () => {
    const w = await request(ago(100));
    expect(w).toMatchObject({ requestedAt: NOW - 100 * DAY, recordedAt: NOW, startsAt: NOW - 100 * DAY });
    expect(await lastEvent('waiver.requested')).toMatchObject({
      at: ago(100),
      recordedAt: new Date(NOW).toISOString(),
    });
    const approved = await services.waivers.approveWaiver(w.id, officer, { at: ago(99) });
    expect(approved).toMatchObject({ approvedAt: NOW - 99 * DAY, approvalRecordedAt: NOW });
    expect(await lastEvent('waiver.approved')).toMatchObject({ at: ago(99) });
    const revoked = await services.waivers.revokeWaiver(
      w.id,
      { reason: 'ended', at: ago(90) },
      'cli:officer',
    );
    expect(revoked).toMatchObject({ state: 'revoked', endedAt: NOW - 90 * DAY, endRecordedAt: NOW });
    // Stored: read back as given.
    const { waiver, transitions } = await services.waivers.getWaiver(w.id);
    expect(waiver).toMatchObject({ approvedAt: NOW - 99 * DAY, endedAt: NOW - 90 * DAY, recordedAt: NOW });
    expect(transitions.map((t) => t.at)).toEqual([NOW - 100 * DAY, NOW - 99 * DAY, NOW - 90 * DAY]);
  });

  it('refuses a future request, a request before the device existed, an approval before the request', async () => {
    expect(await codeOf(request(LATER, { expiresAt: new Date(NOW + 10 * DAY).toISOString() }))).toBe(
      'INSTANT_IN_FUTURE',
    );
    expect(await codeOf(request(BEFORE_START, { expiresAt: ago(START - 5) }))).toBe('INSTANT_BEFORE_SUBJECT');
    const w = await request(ago(100));
    expect(await codeOf(services.waivers.approveWaiver(w.id, officer, { at: ago(101) }))).toBe(
      'TRANSITION_OUT_OF_ORDER',
    );
    expect(await codeOf(services.waivers.approveWaiver(w.id, officer, { at: LATER }))).toBe(
      'INSTANT_IN_FUTURE',
    );
    expect(
      await codeOf(services.waivers.rejectWaiver(w.id, { reason: 'no', at: ago(101) }, 'cli:officer')),
    ).toBe('TRANSITION_OUT_OF_ORDER');
    expect((await services.waivers.getWaiver(w.id)).waiver.state).toBe('requested');
  });
});

describe('refusals', () => {
  const refuse = (at: string) =>
    services.refusals.recordRefusal(
      { personId: 'pm', deviceId: 'd-waiver', action: 'swap', reason: 'travelling', at },
      'test',
    );

  it('records a past refusal as given, recorded now', async () => {
    expect(await refuse(ago(50))).toMatchObject({ at: NOW - 50 * DAY, recordedAt: NOW });
    expect(await lastEvent('refusal.recorded')).toMatchObject({
      at: ago(50),
      recordedAt: new Date(NOW).toISOString(),
    });
  });

  it('refuses one in the future or before the person existed', async () => {
    expect(await codeOf(refuse(LATER))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(refuse(BEFORE_START))).toBe('INSTANT_BEFORE_SUBJECT');
  });
});

describe('incidents', () => {
  it('opens, steps and closes in the past; quarantine and release take effect then', async () => {
    const opened = await services.incidents.open(
      { id: 'inc-past', deviceIds: ['d-incident'], compromise: 'confirmed', summary: 'paper', at: ago(150) },
      'test',
    );
    expect(opened).toMatchObject({ openedAt: NOW - 150 * DAY, recordedAt: NOW, personIds: ['pm'] });
    expect(await lastEvent('incident.opened')).toMatchObject({
      at: ago(150),
      recordedAt: new Date(NOW).toISOString(),
    });
    let i = opened;
    for (const [n, step] of opened.steps.entries())
      i = await services.incidents.updateStep(
        'inc-past',
        step.id,
        { status: 'done', at: ago(149 - n) },
        'test',
      );
    expect(i.steps[0]).toMatchObject({ at: NOW - 149 * DAY, recordedAt: NOW });
    expect(i.timeline.every((e) => e.recordedAt === NOW)).toBe(true);
    expect(
      await codeOf(services.incidents.close('inc-past', { resolution: 'cleared', at: ago(146) }, 'test')),
    ).toBe('TRANSITION_OUT_OF_ORDER');
    const closed = await services.incidents.close(
      'inc-past',
      { resolution: 'cleared', at: ago(140) },
      'test',
    );
    expect(closed).toMatchObject({ closedAt: NOW - 140 * DAY, closeRecordedAt: NOW });
    const statuses = (await services.inventory.getDevice('d-incident')).statuses;
    expect(statuses.filter((s) => s.at >= NOW - 150 * DAY).map((s) => [s.status, s.at])).toEqual([
      ['quarantined', NOW - 150 * DAY],
      ['active', NOW - 140 * DAY],
    ]);
    const stored = await services.incidents.get('inc-past');
    expect(stored).toMatchObject({ openedAt: NOW - 150 * DAY, recordedAt: NOW, closedAt: NOW - 140 * DAY });
  });

  it('refuses a future declaration, one before its device existed, and a step before the declaration', async () => {
    const open = (at: string, id: string) =>
      services.incidents.open(
        { id, deviceIds: ['d-incident'], compromise: 'suspected', summary: 'x', at },
        'test',
      );
    expect(await codeOf(open(LATER, 'inc-future'))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(open(BEFORE_START, 'inc-early'))).toBe('INSTANT_BEFORE_SUBJECT');
    const i = await open(ago(10), 'inc-order');
    const step = i.steps[0]?.id ?? '';
    expect(
      await codeOf(services.incidents.updateStep(i.id, step, { status: 'done', at: ago(11) }, 'test')),
    ).toBe('TRANSITION_OUT_OF_ORDER');
    expect(
      await codeOf(services.incidents.updateStep(i.id, step, { status: 'done', at: LATER }, 'test')),
    ).toBe('INSTANT_IN_FUTURE');
  });
});

describe('acknowledgements and detections', () => {
  const officer = { actor: 'test', role: 'officer' as const, personId: null };

  it('records a past acknowledgement as given, recorded now; refuses the future and before the person', async () => {
    expect(
      await codeOf(services.zones.acknowledge({ personId: 'pm', facility: 'hq', at: LATER }, officer)),
    ).toBe('INSTANT_IN_FUTURE');
    expect(
      await codeOf(services.zones.acknowledge({ personId: 'pm', facility: 'hq', at: BEFORE_START }, officer)),
    ).toBe('INSTANT_BEFORE_SUBJECT');
    const r = await services.zones.acknowledge({ personId: 'pm', facility: 'hq', at: ago(120) }, officer);
    expect(r.acknowledgement.at).toBe(NOW - 120 * DAY);
    expect(await lastEvent('acknowledgement.recorded')).toMatchObject({
      at: ago(120),
      recordedAt: new Date(NOW).toISOString(),
    });
    const listed = await services.zones.listAcknowledgements({ personId: 'pm' }, officer);
    expect(listed.map((a) => a.at)).toEqual([NOW - 120 * DAY]);
  });

  it('records a past sighting of a known device; refuses the future and before the device existed', async () => {
    const detect = (at: string) =>
      services.zones.recordDetection({ facility: 'hq', identifier: 'imei:490154203237518', at }, 'test');
    const d = await detect(ago(30));
    expect(d).toMatchObject({ at: NOW - 30 * DAY, receivedAt: NOW, deviceId: 'd-zone' });
    expect(await lastEvent('detection.recorded')).toMatchObject({
      at: ago(30),
      recordedAt: new Date(NOW).toISOString(),
    });
    expect(await codeOf(detect(LATER))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(detect(BEFORE_START))).toBe('INSTANT_BEFORE_SUBJECT');
  });
});

describe('swaps', () => {
  it('plans and stages in the past; refuses a step before the previous one, the future, and before the device', async () => {
    expect(await codeOf(services.swaps.planSwap({ deviceId: 'd-swap', at: LATER }, 'test'))).toBe(
      'INSTANT_IN_FUTURE',
    );
    expect(await codeOf(services.swaps.planSwap({ deviceId: 'd-swap', at: BEFORE_START }, 'test'))).toBe(
      'INSTANT_BEFORE_SUBJECT',
    );
    const planned = await services.swaps.planSwap({ deviceId: 'd-swap', at: ago(60) }, 'test');
    expect(planned.plannedAt).toBe(NOW - 60 * DAY);
    expect(await lastEvent('swap.planned')).toMatchObject({
      at: ago(60),
      recordedAt: new Date(NOW).toISOString(),
    });
    expect(
      await codeOf(
        services.swaps.stageSwap(
          planned.id,
          { newDeviceId: 'd-new', location: 'Store', at: ago(61) },
          'test',
        ),
      ),
    ).toBe('TRANSITION_OUT_OF_ORDER');
    const staged = await services.swaps.stageSwap(
      planned.id,
      { newDeviceId: 'd-new', location: 'Store', at: ago(59) },
      'test',
    );
    expect(staged.updatedAt).toBe(NOW - 59 * DAY);
    const handedOver = await services.swaps.handOver(planned.id, 'test', { at: ago(58) });
    expect(handedOver.state).toBe('handed-over');
    const { transitions } = await services.swaps.getSwap(planned.id);
    expect(transitions.map((t) => t.at)).toEqual([NOW - 60 * DAY, NOW - 59 * DAY, NOW - 58 * DAY]);
    // What the handover caused took effect then too: the rotation and the new custody.
    const custody = (await services.inventory.getDevice('d-new')).custody;
    expect(custody.at(-1)).toMatchObject({ holderId: 'pm', at: NOW - 58 * DAY });
  });
});

describe('inventory: custody, status, checks', () => {
  it('accepts the past, refuses the future and before the device existed', async () => {
    const custody = (at: string) =>
      services.inventory.changeCustody('d-inventory', { holderId: null, location: 'Safe', at }, 'test');
    await custody(ago(20));
    expect(await lastEvent('device.custody-changed')).toMatchObject({
      at: ago(20),
      recordedAt: new Date(NOW).toISOString(),
    });
    expect(await codeOf(custody(LATER))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(custody(BEFORE_START))).toBe('INSTANT_BEFORE_SUBJECT');
    const status = (at: string) =>
      services.inventory.changeStatus('d-inventory', { status: 'retired', at }, 'test');
    expect(await codeOf(status(LATER))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(status(BEFORE_START))).toBe('INSTANT_BEFORE_SUBJECT');
    const check = (at: string) =>
      services.inventory.recordInspection(
        { deviceId: 'd-inventory', at, method: 'mdm-review', result: 'clean', performedBy: 'tech' },
        'test',
      );
    expect((await check(ago(15))).at).toBe(NOW - 15 * DAY);
    expect(await codeOf(check(LATER))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(check(BEFORE_START))).toBe('INSTANT_BEFORE_SUBJECT');
  });
});
