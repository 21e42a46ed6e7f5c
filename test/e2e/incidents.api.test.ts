/**
 * Incidents, zones and acknowledgements through the HTTP API over a real database: an
 * incident quarantines its device until it closes; an ingest token posts detections and a
 * personal phone in a banning facility becomes a finding; staff acknowledge only for
 * themselves, and the policy.unacknowledged finding goes away when they do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-zones, title: E2E zones, version: "3" }
roles:
  general: { rotation: { every: P30D } }
facilities:
  main-building: { title: Main building, personalDevices: banned, acknowledgement: required }
incidents:
  playbook:
    - { id: isolate, title: Isolate the device, owner: technician }
    - { id: forensic-copy, title: Take a forensic copy, owner: technician }
    - { id: brief-officer, title: Brief the security officer, owner: officer }
`;

let t: TestApp;
let officer: string;
let secondOfficer: string;
let technician: string;
let ingest: string;
let staff: string;

beforeAll(async () => {
  t = await buildTestApp();
  const since = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const put = await t.call('PUT', '/api/v1/protocols', { body: { text: PROTOCOL, effectiveAt: since } });
  expect(put.statusCode, put.body).toBe(201);
  const people = [
    { id: 'pm', name: 'Pat Principal', kind: 'principal', protocol: 'e2e-zones' },
    { id: 'aide', name: 'Alex Aide', kind: 'staff', principalId: 'pm' },
    { id: 'clerk', name: 'Casey Clerk', kind: 'staff', principalId: 'pm' },
  ];
  for (const body of people) expect((await t.call('POST', '/api/v1/people', { body })).statusCode).toBe(201);
  const devices = [
    { id: 'pm-phone', serial: 'SN-PM-1', imei: '356789104512347', holderId: 'pm', ownership: 'issued' },
    {
      id: 'aide-personal',
      serial: 'SN-AIDE-P',
      imei: '490154203237518',
      holderId: 'aide',
      ownership: 'personal',
    },
  ];
  for (const d of devices) {
    const res = await t.call('POST', '/api/v1/devices', {
      body: { ...d, platform: 'ios', model: 'iPhone 16', role: 'general' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  officer = await t.token('officer');
  secondOfficer = await t.token('officer');
  technician = await t.token('technician');
  ingest = await t.token('ingest');
  staff = await t.token('staff', 'aide');
});
afterAll(() => t?.close());

describe('incidents', () => {
  let id: string;

  it('declaring an incident quarantines the device and starts the protocol’s playbook', async () => {
    const res = await t.call('POST', '/api/v1/incidents', {
      token: technician,
      body: { deviceIds: ['pm-phone'], compromise: 'suspected', summary: 'Odd battery drain and a profile' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const incident = res.json();
    id = incident.id;
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'high',
      personIds: ['pm'],
      devices: [{ deviceId: 'pm-phone', priorStatus: 'active' }],
    });
    expect(incident.steps.map((s: { id: string }) => s.id)).toEqual([
      'isolate',
      'forensic-copy',
      'brief-officer',
    ]);
    const device = (await t.call('GET', '/api/v1/devices/pm-phone')).json();
    expect(device.device.status).toBe('quarantined');
    // A quarantined device is not evaluated against its protocol.
    const findings = (await t.call('GET', '/api/v1/compliance/findings?deviceId=pm-phone')).json();
    expect(JSON.stringify(findings)).not.toContain('rotation.overdue');
    // Only closing the incident releases the device.
    const release = await t.call('POST', '/api/v1/devices/pm-phone/status', { body: { status: 'active' } });
    expect(release.json().error?.code, release.body).toBe('DEVICE_QUARANTINED');
    // A second incident on the same device is refused while the first is open.
    const again = await t.call('POST', '/api/v1/incidents', {
      token: officer,
      body: { deviceIds: ['pm-phone'], compromise: 'confirmed', summary: 'again' },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('INCIDENT_INVALID');
  });

  it('works the playbook; refuses going back, skipping without a reason and closing early', async () => {
    const step = (stepId: string, body: unknown, token = technician) =>
      t.call('POST', `/api/v1/incidents/${id}/steps/${stepId}`, { token, body });
    expect((await step('isolate', { status: 'in-progress' })).json().status).toBe('containing');
    expect((await step('isolate', { status: 'done' })).statusCode).toBe(200);
    const back = await step('isolate', { status: 'in-progress' });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('INCIDENT_STEP_INVALID');
    expect((await step('forensic-copy', { status: 'skipped' })).json().error.code).toBe(
      'INCIDENT_STEP_INVALID',
    );
    expect((await step('nope', { status: 'done' })).json().error.code).toBe('INCIDENT_STEP_NOT_FOUND');
    const early = await t.call('POST', `/api/v1/incidents/${id}/close`, {
      token: officer,
      body: { resolution: 'cleared' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('INCIDENT_NOT_CONTAINED');
    expect(
      (await step('forensic-copy', { status: 'skipped', reason: 'MDM review found the profile benign' }))
        .statusCode,
    ).toBe(200);
    expect((await step('brief-officer', { status: 'done' }, officer)).json().status).toBe('contained');
  });

  it('only officers close, never one who worked a step; closing as cleared returns the device to active, and the timeline shows every step', async () => {
    const byTech = await t.call('POST', `/api/v1/incidents/${id}/close`, {
      token: technician,
      body: { resolution: 'cleared' },
    });
    expect(byTech.statusCode).toBe(403);
    // The officer who briefed (a step) does not sign the incident off; another officer does.
    const byBriefed = await t.call('POST', `/api/v1/incidents/${id}/close`, {
      token: officer,
      body: { resolution: 'cleared' },
    });
    expect([byBriefed.statusCode, byBriefed.json().error.code]).toEqual([403, 'INCIDENT_SAME_PERSON']);
    const res = await t.call('POST', `/api/v1/incidents/${id}/close`, {
      token: secondOfficer,
      body: { resolution: 'cleared', note: 'False alarm' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', resolution: 'cleared', closingNote: 'False alarm' });
    expect((await t.call('GET', '/api/v1/devices/pm-phone')).json().device.status).toBe('active');
    const shown = (await t.call('GET', `/api/v1/incidents/${id}`)).json();
    expect(shown.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'step',
      'state',
      'step',
      'step',
      'step',
      'state',
      'closed',
    ]);
    const list = (await t.call('GET', '/api/v1/incidents?status=closed')).json();
    expect(list.map((i: { id: string }) => i.id)).toContain(id);
    const again = await t.call('POST', `/api/v1/incidents/${id}/close`, {
      token: officer,
      body: { resolution: 'wiped' },
    });
    expect(again.json().error.code).toBe('INCIDENT_CLOSED');
    expect((await t.call('GET', '/api/v1/incidents/inc_none')).json().error.code).toBe('INCIDENT_NOT_FOUND');
    const audit = (await t.call('GET', '/api/v1/audit/events?limit=1000')).json();
    const types = JSON.stringify(audit);
    for (const type of ['incident.opened', 'incident.step-updated', 'incident.closed'])
      expect(types).toContain(type);
  });
});

describe('detections', () => {
  it('the ingest role posts detections; a personal phone in the main building is a violation linked to its holder', async () => {
    const res = await t.call('POST', '/api/v1/detections', {
      token: ingest,
      body: { facility: 'main-building', identifier: 'imei:490154203237518', source: 'gate-1' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ deviceId: 'aide-personal', personId: 'aide', violation: true });
    const issued = await t.call('POST', '/api/v1/detections', {
      token: ingest,
      body: { facility: 'main-building', identifier: 'serial:SN-PM-1' },
    });
    expect(issued.json()).toMatchObject({ deviceId: 'pm-phone', violation: false });
    const unknown = await t.call('POST', '/api/v1/detections', {
      token: ingest,
      body: { facility: 'main-building', identifier: `mac-sha256:${'C'.repeat(64)}` },
    });
    expect(unknown.json()).toMatchObject({
      deviceId: null,
      violation: true,
      identifier: `mac-sha256:${'c'.repeat(64)}`,
    });
    const badFacility = await t.call('POST', '/api/v1/detections', {
      token: ingest,
      body: { facility: 'annex', identifier: 'imei:490154203237518' },
    });
    expect(badFacility.json().error.code).toBe('DETECTION_INVALID');
    const badId = await t.call('POST', '/api/v1/detections', {
      token: ingest,
      body: { facility: 'main-building', identifier: 'phone-of-bob' },
    });
    expect(badId.json().error.code).toBe('DETECTION_INVALID');
    expect((await t.call('POST', '/api/v1/detections', { token: staff, body: {} })).statusCode).toBe(403);

    const list = (await t.call('GET', '/api/v1/detections?facility=main-building')).json();
    expect(list).toHaveLength(3);
    const findings = (await t.call('GET', '/api/v1/compliance/findings?rule=zone.personal-device')).json();
    const rows = JSON.stringify(findings.findings);
    expect(rows).toContain('aide-personal');
    expect(rows).toContain(`mac-sha256:${'c'.repeat(64)}`);
    expect(rows).not.toContain('"deviceId":"pm-phone"');
  });
});

describe('acknowledgements', () => {
  it('lists the facility with its policy version', async () => {
    const zones = (await t.call('GET', '/api/v1/zones', { token: staff })).json();
    expect(zones).toEqual([
      {
        facility: 'main-building',
        title: 'Main building',
        protocol: 'e2e-zones',
        personalDevices: 'banned',
        acknowledgement: 'required',
        policyVersion: 'e2e-zones@3',
      },
    ]);
  });

  it('staff acknowledge for themselves only; officers on someone’s behalf; the finding resolves', async () => {
    const unacked = async () =>
      JSON.stringify(
        (await t.call('GET', '/api/v1/compliance/findings?rule=policy.unacknowledged')).json().findings,
      );
    expect(await unacked()).toContain('"personId":"aide"');
    const other = await t.call('POST', '/api/v1/acknowledgements', {
      token: staff,
      body: { personId: 'clerk', facility: 'main-building' },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('AUTH_FORBIDDEN');
    const old = await t.call('POST', '/api/v1/acknowledgements', {
      token: staff,
      body: { facility: 'main-building', policyVersion: 'e2e-zones@2' },
    });
    expect(old.json().error.code).toBe('ACKNOWLEDGEMENT_INVALID');
    const own = await t.call('POST', '/api/v1/acknowledgements', {
      token: staff,
      body: { facility: 'main-building' },
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ personId: 'aide', policyVersion: 'e2e-zones@3' });
    const twice = await t.call('POST', '/api/v1/acknowledgements', {
      token: staff,
      body: { facility: 'main-building' },
    });
    expect(twice.statusCode).toBe(200);
    const onBehalf = await t.call('POST', '/api/v1/acknowledgements', {
      token: officer,
      body: { personId: 'pm', facility: 'main-building' },
    });
    expect(onBehalf.statusCode).toBe(201);
    const noOne = await t.call('POST', '/api/v1/acknowledgements', {
      token: officer,
      body: { facility: 'main-building' },
    });
    expect(noOne.json().error.code).toBe('VALIDATION_FAILED');
    const after = await unacked();
    expect(after).not.toContain('"personId":"aide"');
    expect(after).toContain('"personId":"clerk"');
    const mine = (await t.call('GET', '/api/v1/acknowledgements', { token: staff })).json();
    expect(mine.map((a: { personId: string }) => a.personId)).toEqual(['aide']);
    const all = (await t.call('GET', '/api/v1/acknowledgements', { token: officer })).json();
    expect(all).toHaveLength(2);
  });
});
