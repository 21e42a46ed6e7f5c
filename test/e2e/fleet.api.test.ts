/**
 * End-to-end flows through the HTTP API over a real database: store a protocol, register
 * people and devices, post posture, read findings; custody, status, checks, swaps, tokens,
 * import and the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t?.close());

const STRICT = `apiVersion: vigil/v1
kind: Protocol
metadata:
  name: e2e-strict
  title: E2E strict
  version: "1"
  sources:
    - { id: e2e-guide, title: An example guide }
roles:
  calls:
    sensors: { camera: disabled, microphone: disabled, cite: [e2e-guide] }
`;

const RELAXED = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-relaxed, title: E2E relaxed, version: "1", extends: e2e-strict }
roles:
  calls:
    sensors: null
`;

const now = () => new Date().toISOString();

describe('a camera left on', () => {
  it('stores protocols, people, devices and posture, and finds the camera', async () => {
    const put = await t.call('PUT', '/api/v1/protocols', { body: { text: STRICT } });
    expect(put.statusCode, put.body).toBe(201);
    expect(put.json()).toMatchObject({
      name: 'e2e-strict',
      version: '1',
      recordedBy: expect.stringMatching(/^token:/),
    });
    expect((await t.call('PUT', '/api/v1/protocols', { body: { text: RELAXED } })).statusCode).toBe(201);

    const person = await t.call('POST', '/api/v1/people', {
      body: { id: 'per_ada', name: 'Ada Principal', kind: 'principal', protocol: 'e2e-strict' },
    });
    expect(person.statusCode, person.body).toBe(201);
    expect(person.json()).toMatchObject({ id: 'per_ada', protocol: 'e2e-strict' });

    const technician = await t.token('technician');
    const device = await t.call('POST', '/api/v1/devices', {
      token: technician,
      body: {
        id: 'dev_calls',
        serial: 'SN-CALLS-1',
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'calls',
        holderId: 'per_ada',
      },
    });
    expect(device.statusCode, device.body).toBe(201);
    expect(device.json()).toMatchObject({ id: 'dev_calls', status: 'active', holderId: 'per_ada' });

    const ingest = await t.token('ingest');
    const posture = await t.call('POST', '/api/v1/posture', {
      token: ingest,
      body: {
        deviceId: 'dev_calls',
        observedAt: now(),
        source: 'mdm-test',
        osVersion: '18.6.2',
        sensors: {
          camera: { state: 'enabled', provenance: 'enforced' },
          microphone: { state: 'disabled', provenance: 'enforced' },
        },
      },
    });
    expect(posture.statusCode, posture.body).toBe(201);
    expect(posture.json()).toEqual({ id: expect.stringMatching(/^pos_/) });
    // The route writes this body itself (no schema serializer): JSON, exactly the id.
    expect(posture.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(posture.body).toBe(JSON.stringify({ id: posture.json().id }));

    const auditor = await t.token('auditor');
    const findings = await t.call('GET', '/api/v1/compliance/findings?deviceId=dev_calls', {
      token: auditor,
    });
    expect(findings.statusCode, findings.body).toBe(200);
    const body = findings.json();
    const rules = body.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('sensor.camera');
    expect(rules).not.toContain('sensor.microphone');
    expect(body.findings.find((f: { rule: string }) => f.rule === 'sensor.camera')).toMatchObject({
      deviceId: 'dev_calls',
      personId: 'per_ada',
      protocol: 'e2e-strict',
      status: 'open',
      outcome: 'fail',
    });
    expect(body.devices).toEqual([
      expect.objectContaining({ deviceId: 'dev_calls', verdict: 'non-compliant' }),
    ]);
    expect(Date.parse(body.asOf)).not.toBeNaN();

    const whatIf = await t.call('GET', '/api/v1/compliance/findings?deviceId=dev_calls&protocol=e2e-relaxed');
    expect(whatIf.statusCode, whatIf.body).toBe(200);
    expect(whatIf.json().findings.map((f: { rule: string }) => f.rule)).not.toContain('sensor.camera');

    const past = await t.call('GET', '/api/v1/compliance/findings?asOf=2020-01-01T00:00:00Z');
    expect(past.statusCode, past.body).toBe(200);
    expect(past.json().findings).toEqual([]);

    const summary = await t.call('GET', '/api/v1/compliance/summary');
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toMatchObject({
      devices: { total: 1, byVerdict: { 'non-compliant': 1, compliant: 0 } },
      findings: { byRule: { 'sensor.camera': 1 }, bySeverity: { high: 1 } },
      people: [{ personId: 'per_ada', devices: 1, openFindings: expect.any(Number) }],
    });

    const staff = await t.token('staff', 'per_ada');
    const me = await t.call('GET', '/api/v1/me', { token: staff });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({
      token: { role: 'staff', personId: 'per_ada' },
      person: { id: 'per_ada' },
      devices: [{ id: 'dev_calls' }],
      findings: expect.arrayContaining([expect.objectContaining({ rule: 'sensor.camera' })]),
    });
    expect((await t.call('GET', '/api/v1/me', { token: ingest })).json()).toMatchObject({
      token: { role: 'ingest' },
      person: null,
      devices: [],
    });

    const detail = await t.call('GET', '/api/v1/devices/dev_calls');
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      device: { id: 'dev_calls' },
      statuses: [{ status: 'active' }],
      custody: [{ holderId: 'per_ada' }],
      posture: [{ source: 'mdm-test', sensors: { camera: { state: 'enabled' } } }],
      inspections: [],
      rotations: [],
    });
    const reports = await t.call('GET', '/api/v1/devices/dev_calls/posture?limit=1');
    expect(reports.json()).toHaveLength(1);
  });

  it('fixes it: a new report with the camera disabled clears the finding', async () => {
    const res = await t.call('POST', '/api/v1/posture', {
      body: {
        deviceId: 'dev_calls',
        observedAt: now(),
        source: 'mdm-test',
        sensors: {
          camera: { state: 'disabled', provenance: 'enforced' },
          microphone: { state: 'disabled', provenance: 'enforced' },
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const open = (await t.call('GET', '/api/v1/compliance/findings?deviceId=dev_calls&rule=sensor.camera'))
      .json()
      .findings.filter((f: { status: string }) => f.status === 'open');
    expect(open).toEqual([]);
  });
});

describe('inventory', () => {
  it('lists, filters and reads people and devices', async () => {
    const people = await t.call('GET', '/api/v1/people');
    expect(people.statusCode).toBe(200);
    expect(people.json().map((p: { id: string }) => p.id)).toContain('per_ada');
    expect((await t.call('GET', '/api/v1/people/per_ada')).json()).toMatchObject({ name: 'Ada Principal' });
    const devices = await t.call('GET', '/api/v1/devices?holderId=per_ada&role=calls&limit=5');
    expect(devices.json().map((d: { id: string }) => d.id)).toEqual(['dev_calls']);
    expect((await t.call('GET', '/api/v1/devices?role=social')).json()).toEqual([]);
  });

  it('moves custody, changes status, records a check and a swap', async () => {
    const spare = await t.call('POST', '/api/v1/devices', {
      body: {
        id: 'dev_spare',
        serial: 'SN-SPARE-1',
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'calls',
        location: 'safe',
        status: 'staged',
      },
    });
    expect(spare.statusCode, spare.body).toBe(201);
    expect(spare.json()).toMatchObject({ status: 'staged', holderId: null, location: 'safe' });

    const custody = await t.call('POST', '/api/v1/devices/dev_spare/custody', {
      body: { holderId: 'per_ada' },
    });
    expect(custody.statusCode, custody.body).toBe(200);
    expect(custody.json()).toMatchObject({ holderId: 'per_ada' });

    const officer = await t.token('officer');
    const status = await t.call('POST', '/api/v1/devices/dev_calls/status', {
      token: officer,
      body: { status: 'quarantined', reason: 'suspicious texts' },
    });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ status: 'quarantined' });

    const check = await t.call('POST', '/api/v1/inspections', {
      body: {
        deviceId: 'dev_calls',
        at: now(),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Tess Tech',
      },
    });
    expect(check.statusCode, check.body).toBe(201);
    expect(check.json()).toMatchObject({ id: expect.stringMatching(/^ins_/), result: 'clean' });

    const swap = await t.call('POST', '/api/v1/rotations', {
      body: { oldDeviceId: 'dev_calls', newDeviceId: 'dev_spare', at: now(), performedBy: 'Tess Tech' },
    });
    expect(swap.statusCode, swap.body).toBe(201);
    expect(swap.json()).toMatchObject({ oldDeviceId: 'dev_calls', newDeviceId: 'dev_spare' });

    const detail = (await t.call('GET', '/api/v1/devices/dev_calls')).json();
    expect(detail.statuses.map((s: { status: string }) => s.status)).toEqual(['active', 'quarantined']);
    expect(detail.inspections).toHaveLength(1);
    expect(detail.rotations).toHaveLength(1);
  });

  it('assigns a protocol', async () => {
    const res = await t.call('PUT', '/api/v1/people/per_ada/protocol', { body: { protocol: 'e2e-relaxed' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ protocol: 'e2e-relaxed' });
    const missing = await t.call('PUT', '/api/v1/people/per_ada/protocol', { body: { protocol: 'nope' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('PROTOCOL_NOT_FOUND');
  });

  it('answers the stable codes for conflicts and unknown ids', async () => {
    const dup = await t.call('POST', '/api/v1/people', {
      body: { id: 'per_ada', name: 'Again', kind: 'principal' },
    });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'PERSON_EXISTS']);
    const dupDevice = await t.call('POST', '/api/v1/devices', {
      body: { serial: 'SN-CALLS-1', platform: 'ios', model: 'x', ownership: 'issued', role: 'calls' },
    });
    expect([dupDevice.statusCode, dupDevice.json().error.code]).toEqual([409, 'DEVICE_EXISTS']);
    const person = await t.call('GET', '/api/v1/people/per_nobody');
    expect([person.statusCode, person.json().error.code]).toEqual([404, 'PERSON_NOT_FOUND']);
    const device = await t.call('GET', '/api/v1/devices/dev_nobody');
    expect([device.statusCode, device.json().error.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    const posture = await t.call('POST', '/api/v1/posture', {
      body: { deviceId: 'dev_nobody', observedAt: now(), source: 'x' },
    });
    expect([posture.statusCode, posture.json().error.code]).toEqual([422, 'POSTURE_INVALID']);
    const holder = await t.call('POST', '/api/v1/devices', {
      body: {
        serial: 'SN-NEW',
        platform: 'ios',
        model: 'x',
        ownership: 'issued',
        role: 'calls',
        holderId: 'per_nobody',
      },
    });
    expect([holder.statusCode, holder.json().error.code]).toEqual([422, 'DEVICE_INVALID']);
  });

  it('records and lists OS releases', async () => {
    const res = await t.call('POST', '/api/v1/os-releases', {
      body: { platform: 'ios', version: '18.6.2', build: '22G100', releasedAt: '2025-08-20T00:00:00Z' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await t.call('GET', '/api/v1/os-releases')).json()).toEqual([
      { platform: 'ios', version: '18.6.2', build: '22G100', releasedAt: '2025-08-20T00:00:00.000Z' },
    ]);
  });
});

describe('protocols', () => {
  it('lists, shows, compares and validates', async () => {
    const list = (await t.call('GET', '/api/v1/protocols')).json();
    expect(list.map((p: { name: string }) => p.name)).toEqual(['e2e-relaxed', 'e2e-strict']);
    const show = await t.call('GET', '/api/v1/protocols/e2e-relaxed');
    expect(show.statusCode, show.body).toBe(200);
    expect(show.json()).toMatchObject({ version: { name: 'e2e-relaxed', version: '1' }, text: RELAXED });
    expect(show.json().history).toHaveLength(1);
    expect((await t.call('GET', '/api/v1/protocols/nope')).json().error.code).toBe('PROTOCOL_NOT_FOUND');

    const cmp = await t.call('GET', '/api/v1/protocols/compare?a=e2e-strict&b=e2e-relaxed');
    expect(cmp.statusCode, cmp.body).toBe(200);
    expect(cmp.json().differences.map((d: { path: string }) => d.path)).toContain(
      'roles.calls.sensors.camera',
    );

    const good = await t.call('POST', '/api/v1/protocols/validate', { body: { text: STRICT } });
    expect(good.json()).toEqual({ valid: true, problems: [] });
    const bad = await t.call('POST', '/api/v1/protocols/validate', {
      body: { text: STRICT.replace('camera: disabled', 'camera: off'), file: 'mine.yaml' },
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().valid).toBe(false);
    expect(bad.json().problems[0]).toMatchObject({ file: 'mine.yaml', path: 'roles.calls.sensors.camera' });

    const invalid = await t.call('PUT', '/api/v1/protocols', { body: { text: 'kind: Protocol' } });
    expect([invalid.statusCode, invalid.json().error.code]).toEqual([422, 'PROTOCOL_INVALID']);
    expect(invalid.json().error.details.length).toBeGreaterThan(0);
  });
});

describe('tokens', () => {
  it('creates (secret shown once), lists without secrets, and revokes', async () => {
    const created = await t.call('POST', '/api/v1/tokens', { body: { name: 'mdm-bridge', role: 'ingest' } });
    expect(created.statusCode, created.body).toBe(201);
    const { token, record } = created.json();
    expect(token).toMatch(/^vgl_/);
    expect(record).toMatchObject({ name: 'mdm-bridge', role: 'ingest', revokedAt: null });

    const list = await t.call('GET', '/api/v1/tokens');
    expect(list.body).not.toContain(token.slice(-43)); // the secret: always the last 43 characters
    expect(list.body).not.toContain('secretHash');
    expect(list.json().map((r: { id: string }) => r.id)).toContain(record.id);

    expect((await t.call('GET', '/api/v1/me', { token })).statusCode).toBe(200);
    expect((await t.call('DELETE', `/api/v1/tokens/${record.id}`)).statusCode).toBe(204);
    const after = await t.call('GET', '/api/v1/me', { token });
    expect([after.statusCode, after.json().error.code]).toEqual([401, 'AUTH_INVALID_TOKEN']);
    const again = await t.call('DELETE', `/api/v1/tokens/${record.id}`);
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'TOKEN_NOT_FOUND']);

    // A token is the asker's own (admin here): a staff token is a staff user's to mint.
    const staff = await t.call('POST', '/api/v1/tokens', { body: { name: 'no-person', role: 'staff' } });
    expect([staff.statusCode, staff.json().error.code]).toEqual([403, 'TOKEN_FOR_OTHER']);
  });
});

describe('import', () => {
  const yaml = `apiVersion: vigil/v1
kind: Fleet
people:
  - { id: per_imp, name: Imp Principal, kind: principal, protocol: e2e-strict }
devices:
  - { id: dev_imp, serial: SN-IMP-1, platform: android, model: Pixel 9, ownership: issued, role: social, holderId: per_imp }
`;

  it('imports a YAML fleet document', async () => {
    const res = await t.call('POST', '/api/v1/import', {
      payload: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      people: 1,
      devices: 1,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await t.call('GET', '/api/v1/devices/dev_imp')).json().device).toMatchObject({
      holderId: 'per_imp',
    });
  });

  it('refuses a document with problems whole, listing each', async () => {
    const doc = {
      apiVersion: 'vigil/v1',
      kind: 'Fleet',
      people: [{ id: 'per_new', name: 'New', kind: 'staff', principalId: 'per_nobody' }],
      devices: [
        { id: 'dev_imp', serial: 'SN-X', platform: 'ios', model: 'x', ownership: 'issued', role: 'calls' },
      ],
    };
    const res = await t.call('POST', '/api/v1/import', { body: doc });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'IMPORT_INVALID']);
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'people.0.principalId',
      'devices.0.id',
    ]);
    expect((await t.call('GET', '/api/v1/people/per_new')).statusCode).toBe(404);
  });
});

describe('audit log and health', () => {
  it('every change above is in the audit log, with its actor', async () => {
    const res = await t.call('GET', '/api/v1/audit/events?limit=1000');
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json() as { seq: number; type: string; actor: string }[];
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'protocol.version-added',
      'person.created',
      'device.registered',
      'posture.reported',
      'token.revoked',
    ]) {
      expect(types).toContain(type);
    }
    expect(events.find((e) => e.type === 'posture.reported')?.actor).toMatch(/^token:/);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const page = (
      await t.call('GET', `/api/v1/audit/events?afterSeq=${seqs[1]}&limit=2&type=person.created`)
    ).json();
    expect(
      page.every((e: { seq: number; type: string }) => e.seq > (seqs[1] ?? 0) && e.type === 'person.created'),
    ).toBe(true);
  });

  it('answers liveness and readiness without a token', async () => {
    expect((await t.call('GET', '/healthz', { token: null })).json()).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/readyz', { token: null })).json()).toEqual({ status: 'ready' });
  });
});
