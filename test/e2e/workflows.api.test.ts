/**
 * Workflows end to end over HTTP: a whole swap (plan, stage, hand over, collect, examine with
 * evidence, wipe), a declined swap and its refusal, waivers (self-approval, wrong role and too
 * long refused; a waived finding shows as waived, then reopens with waiver.expired once the
 * waiver lapses), the schedule, and as-of evaluation that later events do not change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/core/time.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const T0 = Date.UTC(2026, 0, 15, 9);
let now = T0;
const clock = { now: () => now };
const iso = (ms: number) => new Date(ms).toISOString();
let technician: string;
let officer: string;
let officer2: string;

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: wf-proto, title: Workflows, version: "1" }
roles:
  calls:
    rotation: { every: P30D, grace: P3D, leadTime: P5D }
    inspection: { every: P30D, grace: P3D }
    sensors: { camera: disabled }
  social:
    inspection: { every: P30D }
waivers: { maxDuration: P30D, approverRole: officer }
`;

beforeAll(async () => {
  t = await buildTestApp({ clock });
  technician = await t.token('technician');
  officer = await t.token('officer');
  officer2 = await t.token('officer');
  const ok = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
    const r = await t.call(method, url, { body });
    expect(r.statusCode, r.body).toBeLessThan(300);
  };
  await ok('PUT', '/api/v1/protocols', { text: PROTOCOL, effectiveAt: iso(T0 - 100 * DAY) });
  await ok('POST', '/api/v1/people', {
    id: 'per_pm',
    name: 'Pat Premier',
    kind: 'principal',
    protocol: 'wf-proto',
  });
  await ok('POST', '/api/v1/people', {
    id: 'per_tech',
    name: 'Tess Tech',
    kind: 'staff',
    principalId: 'per_pm',
  });
  const dev = (id: string, role: string, extra: Record<string, unknown>) => ({
    id,
    serial: `SN-${id}`,
    platform: 'ios',
    model: 'iPhone 16',
    ownership: 'issued',
    role,
    ...extra,
  });
  await ok(
    'POST',
    '/api/v1/devices',
    dev('dev_old', 'calls', { holderId: 'per_pm', issuedAt: iso(T0 - 28 * DAY) }),
  );
  await ok(
    'POST',
    '/api/v1/devices',
    dev('dev_new', 'calls', { status: 'staged', location: 'Store B12', issuedAt: null }),
  );
  await ok(
    'POST',
    '/api/v1/devices',
    dev('dev_social', 'social', { holderId: 'per_pm', issuedAt: iso(T0 - 10 * DAY) }),
  );
  await ok(
    'POST',
    '/api/v1/devices',
    dev('dev_cam', 'calls', { holderId: 'per_pm', issuedAt: iso(T0 - 5 * DAY) }),
  );
  await ok('POST', '/api/v1/posture', {
    deviceId: 'dev_cam',
    observedAt: iso(T0 - DAY),
    source: 'mdm',
    sensors: { camera: { state: 'enabled', provenance: 'enforced' } },
  });
});
afterAll(() => t?.close());

describe('the schedule', () => {
  it('lists the swap due with its stage-by date (due minus the lead time) and the check', async () => {
    const r = await t.call('GET', '/api/v1/schedule', { token: technician });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { kind: string; deviceId: string }[];
    expect(items).toContainEqual({
      kind: 'swap',
      deviceId: 'dev_old',
      personId: 'per_pm',
      protocol: 'wf-proto',
      dueAt: iso(T0 + 2 * DAY),
      graceUntil: iso(T0 + 5 * DAY),
      stageBy: iso(T0 - 3 * DAY),
      overdue: false,
    });
    expect(items.some((i) => i.kind === 'check' && i.deviceId === 'dev_social')).toBe(true);
    const later = await t.call('GET', `/api/v1/schedule?asOf=${iso(T0 + 6 * DAY)}`);
    expect(
      later
        .json()
        .items.find((i: { kind: string; deviceId: string }) => i.kind === 'swap' && i.deviceId === 'dev_old')
        .overdue,
    ).toBe(true);
  });
});

describe('a whole swap', () => {
  it('plans, stages, hands over, collects, examines and wipes, with custody at every step', async () => {
    const step = async (path: string, body?: unknown, token = technician) => {
      const r = await t.call('POST', `/api/v1/swaps${path}`, {
        token,
        ...(body === undefined ? {} : { body }),
      });
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json();
    };
    const planned = await step('', { deviceId: 'dev_old' });
    expect(planned).toMatchObject({
      state: 'planned',
      personId: 'per_pm',
      dueAt: iso(T0 + 2 * DAY),
      stageBy: iso(T0 - 3 * DAY),
    });
    const id = planned.id as string;

    const again = await t.call('POST', '/api/v1/swaps', { token: technician, body: { deviceId: 'dev_old' } });
    expect(again.json().error.code).toBe('SWAP_EXISTS');
    const early = await t.call('POST', `/api/v1/swaps/${id}/collect`, {
      token: technician,
      body: { holderId: 'per_tech' },
    });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'SWAP_TRANSITION_INVALID']);
    const notStaged = await t.call('POST', `/api/v1/swaps/${id}/stage`, {
      token: technician,
      body: { newDeviceId: 'dev_social' },
    });
    expect([notStaged.statusCode, notStaged.json().error.code]).toEqual([422, 'SWAP_INVALID']);

    expect(await step(`/${id}/stage`, { newDeviceId: 'dev_new' })).toMatchObject({
      state: 'staged',
      custody: { new: { holderId: null, location: 'Store B12' } },
    });
    now += 1000;
    const handed = await step(`/${id}/handover`);
    expect(handed).toMatchObject({ state: 'handed-over', custody: { new: { holderId: 'per_pm' } } });
    now += 1000;
    await step(`/${id}/collect`, { holderId: 'per_tech' });
    const sha = 'c'.repeat(64);
    const examined = await step(`/${id}/examine`, {
      method: 'forensic-scan',
      result: 'clean',
      evidence: [{ name: 'mvt-report.json', sha256: sha, size: 2048 }],
    });
    expect(examined.inspectionId).toMatch(/^ins_/);
    expect(await step(`/${id}/wipe`)).toMatchObject({ state: 'wiped' });
    const wiped = await t.call('POST', `/api/v1/swaps/${id}/cancel`, {
      token: technician,
      body: { reason: 'x' },
    });
    expect(wiped.json().error.code).toBe('SWAP_TRANSITION_INVALID');

    const detail = await t.call('GET', `/api/v1/swaps/${id}`, { token: await t.token('auditor') });
    expect(detail.json().transitions.map((x: { to: string }) => x.to)).toEqual([
      'planned',
      'staged',
      'handed-over',
      'collected',
      'examined',
      'wiped',
    ]);
    const oldDevice = (await t.call('GET', '/api/v1/devices/dev_old')).json();
    expect(oldDevice.device).toMatchObject({ status: 'wiped', holderId: 'per_tech' });
    expect(oldDevice.inspections[0].evidence).toEqual([{ name: 'mvt-report.json', sha256: sha, size: 2048 }]);
    expect(oldDevice.rotations).toHaveLength(1);
    const newDevice = (await t.call('GET', '/api/v1/devices/dev_new')).json();
    expect(newDevice.device).toMatchObject({ status: 'active', holderId: 'per_pm' });
    const events = (await t.call('GET', '/api/v1/audit/events?limit=500')).json() as { type: string }[];
    const types = (Array.isArray(events) ? events : (events as { events: { type: string }[] }).events).map(
      (e) => e.type,
    );
    expect(types.filter((x) => x === 'swap.transitioned')).toHaveLength(5);
    expect(types).toContain('rotation.recorded');
  });
});

describe('a declined swap', () => {
  it('records a refusal and reports refusal.unwaived', async () => {
    const plan = await t.call('POST', '/api/v1/swaps', {
      token: technician,
      body: { deviceId: 'dev_social' },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const declined = await t.call('POST', `/api/v1/swaps/${plan.json().id}/decline`, {
      token: officer,
      body: { reason: 'inconvenient' },
    });
    expect(declined.json()).toMatchObject({ state: 'declined', reason: 'inconvenient' });
    const refusals = (await t.call('GET', '/api/v1/refusals?personId=per_pm')).json();
    expect(refusals[0]).toMatchObject({
      personId: 'per_pm',
      deviceId: 'dev_social',
      action: 'swap',
      reason: 'inconvenient',
    });
    now += 1000;
    const findings = (await t.call('GET', '/api/v1/compliance/findings?deviceId=dev_social')).json().findings;
    expect(findings.find((f: { rule: string }) => f.rule === 'refusal.unwaived')).toMatchObject({
      status: 'open',
      evidence: { personId: 'per_pm', reason: 'inconvenient' },
    });
  });

  it('refuses refusals naming unknown people or rules', async () => {
    const r = await t.call('POST', '/api/v1/refusals', {
      token: technician,
      body: { personId: 'per_ghost', action: 'check', reason: 'no' },
    });
    expect([r.statusCode, r.json().error.code]).toEqual([422, 'REFUSAL_INVALID']);
    const noRule = await t.call('POST', '/api/v1/refusals', {
      token: technician,
      body: { personId: 'per_pm', action: 'interview', reason: 'no' },
    });
    expect(noRule.json().error.code).toBe('REFUSAL_INVALID');
  });
});

describe('waivers', () => {
  const request = (token: string, days: number) =>
    t.call('POST', '/api/v1/waivers', {
      token,
      body: {
        rule: 'sensor.camera',
        personId: 'per_pm',
        reason: 'Video calls with family',
        risk: 'The camera could be turned on by spyware',
        startsAt: iso(now),
        expiresAt: iso(now + days * DAY),
      },
    });

  it('refuses a waiver longer than the protocol allows', async () => {
    const r = await request(technician, 31);
    expect([r.statusCode, r.json().error.code]).toEqual([422, 'WAIVER_TOO_LONG']);
  });

  it('refuses self-approval and an approver without the named role', async () => {
    const w = await request(officer, 10);
    expect(w.statusCode, w.body).toBe(201);
    const self = await t.call('POST', `/api/v1/waivers/${w.json().id}/approve`, { token: officer });
    expect([self.statusCode, self.json().error.code]).toEqual([403, 'WAIVER_SELF_APPROVAL']);
    // An admin administers users and tokens; approving is an officer's (waivers.two-person.test.ts).
    const admin = await t.call('POST', `/api/v1/waivers/${w.json().id}/approve`);
    expect([admin.statusCode, admin.json().error.code]).toEqual([403, 'AUTH_FORBIDDEN']);
    const tech = await t.call('POST', `/api/v1/waivers/${w.json().id}/approve`, { token: technician });
    expect(tech.json().error.code).toBe('AUTH_FORBIDDEN');
    const rejected = await t.call('POST', `/api/v1/waivers/${w.json().id}/reject`, {
      token: officer2,
      body: { reason: 'no' },
    });
    expect(rejected.json()).toMatchObject({ state: 'rejected', endReason: 'no' });
  });

  it('shows a waived finding as waived, then reopens it with waiver.expired when the waiver lapses', async () => {
    const cameraFinding = async () => {
      const r = await t.call('GET', '/api/v1/compliance/findings?deviceId=dev_cam');
      const all = r.json().findings as { rule: string; status: string; waiver: string | null }[];
      return {
        camera: all.find((f) => f.rule === 'sensor.camera'),
        expired: all.find((f) => f.rule === 'waiver.expired'),
      };
    };
    expect((await cameraFinding()).camera).toMatchObject({ status: 'open' });
    const w = await request(technician, 20);
    const id = w.json().id as string;
    expect((await cameraFinding()).camera).toMatchObject({ status: 'open' }); // not approved yet
    now += 1000;
    const approved = await t.call('POST', `/api/v1/waivers/${id}/approve`, { token: officer });
    expect(approved.json()).toMatchObject({
      state: 'approved',
      approvedBy: expect.stringMatching(/^token:/),
    });
    now += 1000;
    expect(await cameraFinding()).toEqual({
      camera: expect.objectContaining({ status: 'waived', waiver: id }),
      expired: undefined,
    });
    const detail = (await t.call('GET', `/api/v1/waivers/${id}`)).json();
    expect(detail.transitions.map((x: { to: string }) => x.to)).toEqual(['requested', 'approved']);

    now += 21 * DAY;
    const lapsed = await cameraFinding();
    expect(lapsed.camera).toMatchObject({ status: 'open', waiver: null });
    expect(lapsed.expired).toMatchObject({
      status: 'open',
      evidence: { waiverId: id, rule: 'sensor.camera' },
    });
  });
});

describe('history is exact', () => {
  it('evaluating as of T as known at T gives the same answer before and after later events are recorded', async () => {
    const at = iso(now);
    now += DAY;
    // As of T and as known at T: a later record back-dated before T is true then but was not known.
    const asOf = async () =>
      (await t.call('GET', `/api/v1/compliance/findings?asOf=${at}&knownAt=${at}`)).json();
    const before = await asOf();
    // Later events: a new waiver approved, a refusal, a posture report, a swap planned.
    const w = await t.call('POST', '/api/v1/waivers', {
      token: technician,
      body: {
        rule: 'refusal.unwaived',
        deviceId: 'dev_social',
        reason: 'Travel',
        risk: 'Older device',
        startsAt: iso(now - 5 * DAY),
        expiresAt: iso(now + 5 * DAY),
      },
    });
    expect(w.statusCode, w.body).toBe(201);
    expect(
      (await t.call('POST', `/api/v1/waivers/${w.json().id}/approve`, { token: officer })).statusCode,
    ).toBe(200);
    const refusal = await t.call('POST', '/api/v1/refusals', {
      token: technician,
      body: {
        personId: 'per_pm',
        deviceId: 'dev_cam',
        action: 'check',
        reason: 'busy',
        at: iso(now - 3 * DAY),
      },
    });
    expect(refusal.statusCode, refusal.body).toBe(201);
    await t.call('POST', '/api/v1/posture', {
      body: {
        deviceId: 'dev_cam',
        observedAt: iso(now),
        source: 'mdm',
        sensors: { camera: { state: 'disabled', provenance: 'enforced' } },
      },
    });
    expect(await asOf()).toEqual(before);
    // ...while now they do count.
    const current = (await t.call('GET', '/api/v1/compliance/findings')).json();
    expect(current).not.toEqual({ ...before, asOf: current.asOf });
  });
});
