/**
 * One definition of what is in force at T, through the HTTP API over a real database: a what-if
 * protocol gives exactly the findings of assigning it; people count from `since`; an imported
 * holder holds their device from its start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const daysAgo = (n: number) => iso(Date.now() - n * DAY);

const HOME = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: ife-home, title: Home office, version: "1" }
roles:
  calls:
    sensors: { camera: disabled }
`;

const OFFICE = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: ife-office, title: Main office, version: "1" }
roles:
  calls:
    sensors: { camera: disabled, microphone: disabled }
facilities:
  ife-hq: { title: Headquarters, personalDevices: banned, acknowledgement: required }
`;

async function ok(method: 'POST' | 'PUT', url: string, body: unknown, token?: string) {
  const res = await t.call(method, url, { body, ...(token === undefined ? {} : { token }) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

const findingsAt = async (query: string) => {
  const res = await t.call('GET', `/api/v1/compliance/findings?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('a what-if protocol and the same protocol assigned', () => {
  it('give the same findings as of the same instant (devices without a holder, facilities and people included)', async () => {
    for (const text of [HOME, OFFICE])
      await ok('PUT', '/api/v1/protocols', { text, effectiveAt: daysAgo(60) });
    await ok('POST', '/api/v1/people', {
      id: 'ife-pm',
      name: 'Pat Principal',
      kind: 'principal',
      protocol: 'ife-home',
    });
    await ok('POST', '/api/v1/people', {
      id: 'ife-aide',
      name: 'Ari Aide',
      kind: 'staff',
      principalId: 'ife-pm',
    });
    const technician = await t.token('technician');
    const device = (id: string, fields: Record<string, unknown>) =>
      ok(
        'POST',
        '/api/v1/devices',
        { id, serial: `SN-${id}`, platform: 'ios', model: 'iPhone 16', role: 'calls', ...fields },
        technician,
      );
    await device('ife-pm-calls', { ownership: 'issued', holderId: 'ife-pm' });
    await device('ife-aide-own', { ownership: 'personal', holderId: 'ife-aide' });
    // In service and in the safe: no holder, so no protocol governs it, what-if or not.
    await device('ife-spare', { ownership: 'issued', holderId: null, location: 'safe-1' });
    const ingest = await t.token('ingest');
    await ok(
      'POST',
      '/api/v1/detections',
      { facility: 'ife-hq', identifier: 'serial:SN-ife-aide-own' },
      ingest,
    );

    const at = iso(Date.now());
    const whatIf = await findingsAt(`asOf=${at}&protocol=ife-office`);
    await ok('PUT', '/api/v1/people/ife-pm/protocol', { protocol: 'ife-office', at });
    const assigned = await findingsAt(`asOf=${at}`);

    expect(assigned.findings).toEqual(whatIf.findings);
    expect(assigned.devices).toEqual(whatIf.devices);
    const rules = new Set(assigned.findings.map((f: { rule: string }) => f.rule));
    for (const rule of ['zone.personal-device', 'policy.unacknowledged', 'protocol.unassigned'])
      expect(rules, rule).toContain(rule);
  });

  it('refuses a what-if protocol with no version in force at the instant', async () => {
    const res = await t.call('GET', `/api/v1/compliance/findings?asOf=${daysAgo(90)}&protocol=ife-office`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PROTOCOL_NOT_FOUND');
  });
});

describe('people count from since', () => {
  it('a person entered today with an earlier since is evaluated on the days in between', async () => {
    await ok('POST', '/api/v1/people', {
      id: 'ife-vet',
      name: 'Val Veteran',
      kind: 'principal',
      protocol: 'ife-office',
      since: daysAgo(40),
    });
    const person = (await t.call('GET', '/api/v1/people/ife-vet')).json();
    expect(Date.parse(person.since)).toBeLessThan(Date.parse(person.createdAt));
    const past = await findingsAt(`asOf=${daysAgo(30)}&personId=ife-vet`);
    expect(past.findings).toEqual([
      expect.objectContaining({ rule: 'policy.unacknowledged', protocol: 'ife-office' }),
    ]);
    const before = await findingsAt(`asOf=${daysAgo(50)}&personId=ife-vet`);
    expect(before.findings).toEqual([]);
  });

  it('refuses a since in the future', async () => {
    const res = await t.call('POST', '/api/v1/people', {
      body: { id: 'ife-future', name: 'Fay Future', kind: 'principal', since: iso(Date.now() + DAY) },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INSTANT_IN_FUTURE');
  });
});

describe('an imported fleet', () => {
  it('counts people from the earliest fact naming them, and holders hold from the device start', async () => {
    const start = daysAgo(45);
    const doc = {
      apiVersion: 'vigil/v1',
      kind: 'Fleet',
      people: [
        { id: 'imp-pm', name: 'Imp Principal', kind: 'principal', protocol: 'ife-office' },
        { id: 'imp-aide', name: 'Imp Aide', kind: 'staff', principalId: 'imp-pm' },
      ],
      devices: [
        {
          id: 'imp-calls',
          serial: 'SN-IMP-CALLS',
          platform: 'ios',
          model: 'iPhone 16',
          ownership: 'issued',
          role: 'calls',
          issuedAt: start,
          statuses: [{ status: 'active', at: start }],
          custody: [{ holderId: 'imp-pm', at: start }],
        },
        {
          id: 'imp-own',
          serial: 'SN-IMP-OWN',
          platform: 'android',
          model: 'Pixel 9',
          ownership: 'personal',
          role: 'general',
          holderId: 'imp-aide',
          statuses: [{ status: 'active', at: daysAgo(35) }],
        },
      ],
    };
    const res = await t.call('POST', '/api/v1/import', { body: doc });
    expect(res.statusCode, res.body).toBe(201);
    const people = (await t.call('GET', '/api/v1/people')).json() as { id: string; since: string }[];
    const since = (id: string) => Date.parse(people.find((p) => p.id === id)?.since ?? '');
    expect(since('imp-pm')).toBe(Date.parse(start));
    expect(since('imp-aide')).toBeLessThan(Date.now() - 34 * DAY);

    const past = await findingsAt(`asOf=${daysAgo(30)}`);
    const own = past.devices.find((d: { deviceId: string }) => d.deviceId === 'imp-own');
    expect(own).toMatchObject({ personId: 'imp-aide', verdict: 'not-evaluated' });
    const acks = past.findings.filter(
      (f: { rule: string; personId: string }) =>
        f.rule === 'policy.unacknowledged' && f.personId.startsWith('imp-'),
    );
    expect(acks.map((f: { personId: string }) => f.personId).sort()).toEqual(['imp-aide', 'imp-pm']);
  });

  it('refuses a person whose since comes after a fact naming them', async () => {
    const res = await t.call('POST', '/api/v1/import', {
      body: {
        apiVersion: 'vigil/v1',
        kind: 'Fleet',
        people: [{ id: 'imp-late', name: 'Imp Late', kind: 'principal', since: daysAgo(5) }],
        devices: [
          {
            id: 'imp-late-calls',
            serial: 'SN-IMP-LATE',
            platform: 'ios',
            model: 'iPhone 16',
            ownership: 'issued',
            role: 'calls',
            issuedAt: daysAgo(20),
            custody: [{ holderId: 'imp-late', at: daysAgo(20) }],
          },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'IMPORT_INVALID',
      details: [expect.objectContaining({ path: 'people.0.since' })],
    });
  });
});
