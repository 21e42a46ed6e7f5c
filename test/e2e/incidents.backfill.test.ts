/**
 * Back-filling through the HTTP API over a real database: a breach discovered last spring is
 * declared, worked and closed as of then (`at` in the body), an acknowledgement and a waiver
 * approval are dated in the past, and their audit events carry both instants. A future instant,
 * one before the device or person existed, one before the previous transition, and one that is
 * not an instant at all each answer with their stable code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const future = () => new Date(Date.now() + DAY).toISOString();

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-backfill, title: E2E back-fill, version: "1" }
roles:
  general: { rotation: { every: P90D } }
waivers: { maxDuration: P30D, approverRole: officer }
facilities:
  main-building: { title: Main building, personalDevices: banned, acknowledgement: required }
`;

let t: TestApp;
let officer: string;
let technician: string;

beforeAll(async () => {
  t = await buildTestApp();
  const put = await t.call('PUT', '/api/v1/protocols', { body: { text: PROTOCOL, effectiveAt: ago(400) } });
  expect(put.statusCode, put.body).toBe(201);
  const person = await t.call('POST', '/api/v1/people', {
    body: { id: 'pm', name: 'Pat Principal', kind: 'principal' },
  });
  expect(person.statusCode, person.body).toBe(201);
  // Entered today from paper records: under the protocol, and issued the phone, 300 days ago.
  const assign = await t.call('PUT', '/api/v1/people/pm/protocol', {
    body: { protocol: 'e2e-backfill', at: ago(300) },
  });
  expect(assign.statusCode, assign.body).toBe(200);
  const device = await t.call('POST', '/api/v1/devices', {
    body: {
      id: 'pm-phone',
      serial: 'SN-PM-1',
      holderId: 'pm',
      ownership: 'issued',
      platform: 'ios',
      model: 'iPhone 16',
      role: 'general',
      issuedAt: ago(300),
    },
  });
  expect(device.statusCode, device.body).toBe(201);
  officer = await t.token('officer');
  technician = await t.token('technician');
});
afterAll(() => t?.close());

const codeOf = (res: { statusCode: number; json: () => { error?: { code?: string } } }) => [
  res.statusCode,
  res.json().error?.code,
];

describe('an incident back-filled from paper records', () => {
  const open = (at: string) =>
    t.call('POST', '/api/v1/incidents', {
      token: technician,
      body: { deviceIds: ['pm-phone'], personIds: ['pm'], compromise: 'confirmed', summary: 'Spyware', at },
    });

  it('refuses a future declaration, one before the phone existed, and one that is not an instant', async () => {
    expect(codeOf(await open(future()))).toEqual([422, 'INSTANT_IN_FUTURE']);
    expect(codeOf(await open(ago(301)))).toEqual([422, 'INSTANT_BEFORE_SUBJECT']);
    expect(codeOf(await open('last spring'))).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('is declared, worked and closed as of then; the audit events carry both instants', async () => {
    const at = ago(200);
    const res = await open(at);
    expect(res.statusCode, res.body).toBe(201);
    const incident = res.json();
    expect(incident.openedAt).toBe(at);
    expect(Date.parse(incident.recordedAt) - Date.parse(incident.openedAt)).toBeGreaterThan(199 * DAY);

    const step = (stepId: string, at: string) =>
      t.call('POST', `/api/v1/incidents/${incident.id}/steps/${stepId}`, {
        token: technician,
        body: { status: 'done', at },
      });
    const first = incident.steps[0].id as string;
    expect(codeOf(await step(first, ago(201)))).toEqual([422, 'TRANSITION_OUT_OF_ORDER']);
    for (const s of incident.steps as { id: string }[]) {
      const r = await step(s.id, ago(199));
      expect(r.statusCode, r.body).toBe(200);
    }
    const closeAt = ago(190);
    const close = await t.call('POST', `/api/v1/incidents/${incident.id}/close`, {
      token: officer,
      body: { resolution: 'cleared', at: closeAt },
    });
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json().closedAt).toBe(closeAt);
    expect(Date.parse(close.json().closeRecordedAt)).toBeGreaterThan(Date.now() - DAY);

    const audit = await t.call('GET', '/api/v1/audit/events?type=incident.opened&limit=1000');
    const event = (audit.json() as { payload: { id: string; at: string; recordedAt: string } }[]).find(
      (e) => e.payload.id === incident.id,
    );
    expect(event?.payload.at).toBe(incident.openedAt);
    expect(event?.payload.recordedAt).toBe(incident.recordedAt);
    // The quarantine and its release took effect then, not today.
    const statuses = (await t.call('GET', '/api/v1/devices/pm-phone')).json().statuses as {
      status: string;
      at: string;
    }[];
    expect(statuses.filter((s) => s.status === 'quarantined').map((s) => s.at)).toEqual([incident.openedAt]);
  });
});

describe('an acknowledgement and a waiver back-filled', () => {
  it('records the acknowledgement as of then, and refuses one before the person existed', async () => {
    const ack = (at: string) =>
      t.call('POST', '/api/v1/acknowledgements', {
        token: officer,
        body: { personId: 'pm', facility: 'main-building', at },
      });
    expect(codeOf(await ack(ago(301)))).toEqual([422, 'INSTANT_BEFORE_SUBJECT']);
    const res = await ack(ago(150));
    expect(res.statusCode, res.body).toBe(201);
    expect(Date.parse(res.json().at)).toBeLessThan(Date.now() - 149 * DAY);
  });

  it('approves a waiver as of then; an approval before the request is out of order', async () => {
    const req = await t.call('POST', '/api/v1/waivers', {
      token: technician,
      body: {
        rule: 'rotation.overdue',
        deviceId: 'pm-phone',
        reason: 'Travelling',
        risk: 'Low',
        expiresAt: ago(80),
        at: ago(100),
      },
    });
    expect(req.statusCode, req.body).toBe(201);
    const w = req.json();
    const approve = (at: string) =>
      t.call('POST', `/api/v1/waivers/${w.id}/approve`, { token: officer, body: { at } });
    expect(codeOf(await approve(ago(101)))).toEqual([422, 'TRANSITION_OUT_OF_ORDER']);
    expect(codeOf(await approve(future()))).toEqual([422, 'INSTANT_IN_FUTURE']);
    const approvedAt = ago(99);
    const ok = await approve(approvedAt);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'approved', approvedAt });
    expect(Date.parse(ok.json().approvalRecordedAt)).toBeGreaterThan(Date.now() - DAY);
  });

  it('still approves without a body (now)', async () => {
    const req = await t.call('POST', '/api/v1/waivers', {
      token: technician,
      body: {
        rule: 'rotation.overdue',
        deviceId: 'pm-phone',
        reason: 'Travelling',
        risk: 'Low',
        expiresAt: new Date(Date.now() + 5 * DAY).toISOString(),
      },
    });
    expect(req.statusCode, req.body).toBe(201);
    const ok = await t.call('POST', `/api/v1/waivers/${req.json().id}/approve`, { token: officer });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
