/**
 * Scheduled pulls of the Android Management API, Fleet and Apple MDM (MicroMDM) against local
 * HTTP servers speaking each API's shape: pagination, bearer / basic authentication, 429 and
 * 503 with Retry-After, re-pulls recording nothing new, and a malformed page writing nothing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { androidManagement } from '../../src/adapters/mdm/android/connector.ts';
import { appleMdm } from '../../src/adapters/mdm/apple/connector.ts';
import type { Endpoint, PullOptions } from '../../src/adapters/mdm/connector.ts';
import { fleet } from '../../src/adapters/mdm/fleet/connector.ts';
import { pull, pullAll, type Schedule, scheduleIntegrations } from '../../src/adapters/mdm/pull.ts';
import { loadConfig } from '../../src/config.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  const protocol = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-pulls, title: E2E pulls, version: "1", sources: [{ id: g, title: A guide }] }
roles:
  calls:
    sensors: { camera: disabled, microphone: disabled, cite: [g] }
`;
  expect((await t.call('PUT', '/api/v1/protocols', { body: { text: protocol } })).statusCode).toBe(201);
  const person = await t.call('POST', '/api/v1/people', {
    body: { id: 'per_pull', name: 'Pia Pulls', kind: 'principal', protocol: 'e2e-pulls' },
  });
  expect(person.statusCode, person.body).toBe(201);
  const devices: [string, string, 'ios' | 'android'][] = [
    ['dev_amapi_1', 'SN-AMAPI-1', 'android'],
    ['dev_amapi_2', 'SN-AMAPI-2', 'android'],
    ['dev_fleet_1', 'SN-FLEET-P1', 'ios'],
    ['dev_fleet_2', 'SN-FLEET-P2', 'android'],
    ['dev_micro_1', 'SN-MICRO-1', 'ios'],
  ];
  for (const [id, serial, platform] of devices) {
    const res = await t.call('POST', '/api/v1/devices', {
      body: {
        id,
        serial,
        platform,
        model: platform === 'ios' ? 'iPhone 16' : 'Pixel 9',
        ownership: 'issued',
        role: 'calls',
        holderId: 'per_pull',
        issuedAt: '2026-01-01T00:00:00Z',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t?.close());

/** A local server: the handler gets the request, its URL and its body. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => void,
): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () =>
      handler(req, res, new URL(req.url ?? '/', 'http://x'), Buffer.concat(parts).toString('utf8')),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const json = (res: ServerResponse, body: unknown, status = 200): void =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const latestPosture = async (deviceId: string) => {
  const res = await t.call('GET', `/api/v1/devices/${deviceId}/posture`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, unknown>[];
};

/** Each pull goes through the generic `pull`, as `vigil mdm pull` and the server run it. */
const pullWith =
  (connector: typeof androidManagement | typeof fleet | typeof appleMdm) =>
  (services: TestApp['services'], e: Endpoint, actor: string, opts: PullOptions = {}, pageSize?: number) =>
    pull(services, connector, e, actor, pageSize === undefined ? opts : { ...opts, pageSize });
const pullAndroidManagement = pullWith(androidManagement);
const pullFleet = pullWith(fleet);
const pullAppleMdm = pullWith(appleMdm);

describe('Android Management API pull', () => {
  const policies = [
    {
      name: 'enterprises/LC01/policies/calls',
      cameraAccess: 'CAMERA_ACCESS_DISABLED',
      microphoneAccess: 'MICROPHONE_ACCESS_DISABLED',
      locationMode: 'LOCATION_DISABLED',
    },
    // Referenced by no device: its unknown value must not block any page.
    { name: 'enterprises/LC01/policies/odd', cameraAccess: 'CAMERA_ACCESS_SOMETIMES' },
    { name: 'enterprises/LC01/policies/open', cameraAccess: 'CAMERA_ACCESS_USER_CHOICE' },
  ];
  const device = (n: number, serial: string, policy: string, patch = '2026-10-05') => ({
    name: `enterprises/LC01/devices/d${n}`,
    state: 'ACTIVE',
    appliedPolicyName: `enterprises/LC01/policies/${policy}`,
    appliedPolicyVersion: '3',
    policyCompliant: true,
    hardwareInfo: { serialNumber: serial, brand: 'google', model: 'Pixel 9' },
    softwareInfo: { androidVersion: '16', securityPatchLevel: patch, androidBuildNumber: 'BP2A.250605.031' },
    lastStatusReportTime: '2026-11-21T06:00:00.123456789Z',
    applicationReports: [{ packageName: 'com.google.android.dialer' }],
  });
  const devices = [
    device(1, 'SN-AMAPI-1', 'calls'),
    device(2, 'SN-AMAPI-2', 'open'),
    device(3, 'NOT-OURS', 'calls'),
  ];

  it('lists policies and devices by pageToken with the bearer token, honouring 429 and 503', async () => {
    const seen: string[] = [];
    const waits: number[] = [];
    const limited = new Set<string>();
    const { server, base } = await serve((req, res, url) => {
      seen.push(`${url.pathname}${url.search}`);
      if (req.headers.authorization !== 'Bearer ya29.token') return json(res, { error: { code: 401 } }, 401);
      const size = Number(url.searchParams.get('pageSize'));
      const at = Number(url.searchParams.get('pageToken') ?? '0');
      // The second page of each list is refused once: 429 with seconds, 503 with an HTTP date.
      if (at > 0 && !limited.has(url.pathname)) {
        limited.add(url.pathname);
        const retry = url.pathname.endsWith('/devices') ? '3' : new Date(Date.now() + 2000).toUTCString();
        return void res
          .writeHead(url.pathname.endsWith('/devices') ? 429 : 503, { 'retry-after': retry })
          .end();
      }
      const list = url.pathname.endsWith('/policies') ? policies : devices;
      const key = url.pathname.endsWith('/policies') ? 'policies' : 'devices';
      const next = at + size < list.length ? { nextPageToken: String(at + size) } : {};
      json(res, { [key]: list.slice(at, at + size), ...next });
    });
    try {
      const endpoint = { url: `${base}/v1/enterprises/LC01/devices`, token: 'ya29.token' };
      const opts = { sleep: async (ms: number) => void waits.push(ms) };
      const result = await pullAndroidManagement(t.services, endpoint, 'test', opts, 2);
      expect(result).toEqual({
        source: 'android-management',
        pages: 2,
        recorded: 2,
        duplicates: 0,
        unmatched: 1,
      });
      expect(seen).toEqual([
        '/v1/enterprises/LC01/policies?pageSize=2',
        '/v1/enterprises/LC01/policies?pageSize=2&pageToken=2',
        '/v1/enterprises/LC01/policies?pageSize=2&pageToken=2',
        '/v1/enterprises/LC01/devices?pageSize=2',
        '/v1/enterprises/LC01/devices?pageSize=2&pageToken=2',
        '/v1/enterprises/LC01/devices?pageSize=2&pageToken=2',
      ]);
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeGreaterThan(0); // the HTTP date, about 2 s ahead
      expect(waits[0]).toBeLessThanOrEqual(2000);
      expect(waits[1]).toBe(3000);
      const [one] = await latestPosture('dev_amapi_1');
      expect(one).toMatchObject({
        source: 'android-management',
        osVersion: '16',
        patchLevel: '2026-10-05',
        observedAt: '2026-11-21T06:00:00.123Z',
        apps: ['com.google.android.dialer'],
        sensors: {
          camera: { state: 'disabled', provenance: 'enforced' },
          microphone: { state: 'disabled', provenance: 'enforced' },
          location: { state: 'disabled', provenance: 'enforced' },
        },
        applied: {
          target: 'amapi',
          compliance: 'compliant',
          items: [{ id: 'policy', token: 'calls', state: 'applied', version: '3' }],
        },
      });
      const [two] = await latestPosture('dev_amapi_2');
      expect(two?.sensors).toEqual({ camera: { state: 'enabled', provenance: 'reported' } });

      // A re-pull (the same pages re-delivered) records nothing new.
      const again = await pullAndroidManagement(t.services, endpoint, 'test', opts, 2);
      expect(again).toMatchObject({ pages: 2, recorded: 0, duplicates: 2, unmatched: 1 });
      expect(await latestPosture('dev_amapi_1')).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('refuses a page with a malformed field, naming it, and records nothing of that page', async () => {
    const bad = [device(1, 'SN-AMAPI-1', 'calls', '2026-13-45')];
    bad[0] = { ...bad[0], lastStatusReportTime: '2026-11-22T06:00:00Z' } as (typeof bad)[0];
    const { server, base } = await serve((_req, res, url) => {
      if (url.pathname.endsWith('/policies')) return json(res, {}); // no policies: `{}`
      json(res, { devices: bad });
    });
    try {
      await expect(
        pullAndroidManagement(
          t.services,
          { url: `${base}/v1/enterprises/LC01/devices`, token: null },
          'test',
        ),
      ).rejects.toMatchObject({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        details: [{ path: 'devices.0.softwareInfo.securityPatchLevel' }],
      });
      expect(await latestPosture('dev_amapi_1')).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('gives up on a persistent 429 with INTEL_FETCH_FAILED, and reads an empty enterprise', async () => {
    const { server, base } = await serve((_req, res, url) => {
      if (url.pathname.startsWith('/busy')) return void res.writeHead(429, { 'retry-after': '1' }).end();
      json(res, {});
    });
    try {
      await expect(
        pullAndroidManagement(t.services, { url: `${base}/busy/devices`, token: null }, 'test', {
          maxRetries: 1,
          sleep: async () => {},
        }),
      ).rejects.toMatchObject({ code: 'INTEL_FETCH_FAILED' });
      expect(
        await pullAndroidManagement(
          t.services,
          { url: `${base}/v1/enterprises/E/devices`, token: null },
          'test',
        ),
      ).toMatchObject({ pages: 1, recorded: 0 });
    } finally {
      server.close();
    }
  });
});

describe('Fleet pull', () => {
  const host = (id: number, serial: string, platform: string, os: string) => ({
    id,
    uuid: `fleet-uuid-${id}`,
    hardware_serial: serial,
    platform,
    os_version: os,
    detail_updated_at: '2026-11-21T03:00:00Z',
  });
  const hosts = [
    host(1, 'SN-FLEET-P1', 'ios', 'iOS 18.7.10'),
    host(2, 'C02-MAC', 'darwin', 'macOS 15.6.1'), // not a phone: skipped, not refused
    host(3, 'SN-FLEET-P2', 'android', 'Android 16'),
    host(4, 'NOT-OURS', 'ipados', 'iPadOS 26.1'),
    host(5, 'WIN-1', 'windows', 'Windows 11 Pro 24H2'),
  ];

  it('pages with page and per_page until has_next_results is false, skipping other platforms', async () => {
    const seen: string[] = [];
    const waits: number[] = [];
    let refused = false;
    const { server, base } = await serve((req, res, url) => {
      seen.push(url.search);
      expect(req.headers.authorization).toBe('Bearer fleet-api-token');
      const page = Number(url.searchParams.get('page'));
      const per = Number(url.searchParams.get('per_page'));
      if (page === 1 && !refused) {
        refused = true;
        return json(res, { message: 'Too many requests' }, 429);
      }
      const slice = hosts.slice(page * per, page * per + per);
      json(res, {
        hosts: slice,
        meta: { has_next_results: (page + 1) * per < hosts.length, has_previous_results: page > 0 },
      });
    });
    try {
      const endpoint = { url: `${base}/api/v1/fleet/hosts?team_id=3`, token: 'fleet-api-token' };
      const opts = { sleep: async (ms: number) => void waits.push(ms) };
      const result = await pullFleet(t.services, endpoint, 'test', opts, 2);
      expect(result).toEqual({
        source: 'fleet',
        pages: 3,
        recorded: 2,
        duplicates: 0,
        unmatched: 1,
        skipped: 2,
      });
      expect(seen).toEqual([
        '?team_id=3&page=0&per_page=2',
        '?team_id=3&page=1&per_page=2',
        '?team_id=3&page=1&per_page=2',
        '?team_id=3&page=2&per_page=2',
      ]);
      expect(waits).toEqual([1000]); // no Retry-After: one second
      expect((await latestPosture('dev_fleet_1'))[0]).toMatchObject({
        source: 'fleet',
        osVersion: '18.7.10',
        observedAt: '2026-11-21T03:00:00.000Z',
      });
      expect((await latestPosture('dev_fleet_2'))[0]).toMatchObject({ osVersion: '16' });
      expect(await pullFleet(t.services, endpoint, 'test', opts, 2)).toMatchObject({
        recorded: 0,
        duplicates: 2,
      });
    } finally {
      server.close();
    }
  });

  it('stops at a short page when the server sends no meta', async () => {
    const seen: string[] = [];
    const { server, base } = await serve((_req, res, url) => {
      seen.push(url.search);
      const page = Number(url.searchParams.get('page'));
      json(res, { hosts: page === 0 ? hosts.slice(0, 3) : hosts.slice(3, 4) });
    });
    try {
      const r = await pullFleet(
        t.services,
        { url: `${base}/api/v1/fleet/hosts`, token: null },
        'test',
        {},
        3,
      );
      expect(r).toMatchObject({ pages: 2, duplicates: 2, unmatched: 1, skipped: 1 });
      expect(seen).toEqual(['?page=0&per_page=3', '?page=1&per_page=3']);
    } finally {
      server.close();
    }
  });
});

describe('Apple MDM pull (MicroMDM device list)', () => {
  it('GETs /v1/devices with a JSON body and basic auth, honouring Retry-After; re-pulls are duplicates', async () => {
    let calls = 0;
    const waits: number[] = [];
    const { server, base } = await serve((req, res, url, body) => {
      calls++;
      expect(req.method).toBe('GET');
      expect(url.pathname).toBe('/v1/devices');
      expect(JSON.parse(body)).toEqual({});
      const expected = `Basic ${Buffer.from('micromdm:mdm-api-key').toString('base64')}`;
      if (req.headers.authorization !== expected) return void res.writeHead(401).end();
      if (calls === 1) return void res.writeHead(503, { 'retry-after': '5' }).end();
      json(res, {
        devices: [
          {
            udid: '00008110-000A1B2C3D4E5F60',
            serial_number: 'SN-MICRO-1',
            os_version: '18.6.2',
            build_version: '22G100',
            product_name: 'iPhone17,3',
            enrolled: true,
            push_magic: 'ignored',
            last_seen: '2026-11-21T05:30:00.123456Z',
            dep_profile_assign_time: '0001-01-01T00:00:00Z',
          },
          { udid: 'OTHER', serial_number: 'NOT-OURS', os_version: '26.1', last_seen: '2026-11-21T05:00:00Z' },
        ],
      });
    });
    try {
      const endpoint = { url: `${base}/v1/devices`, token: 'mdm-api-key' };
      const opts = { sleep: async (ms: number) => void waits.push(ms) };
      expect(await pullAppleMdm(t.services, endpoint, 'test', opts)).toEqual({
        source: 'apple-mdm',
        pages: 1,
        recorded: 1,
        duplicates: 0,
        unmatched: 1,
      });
      expect(waits).toEqual([5000]);
      expect((await latestPosture('dev_micro_1'))[0]).toMatchObject({
        source: 'apple-mdm',
        osVersion: '18.6.2',
        osBuild: '22G100',
        observedAt: '2026-11-21T05:30:00.123Z',
      });
      expect(await pullAppleMdm(t.services, endpoint, 'test', opts)).toMatchObject({
        recorded: 0,
        duplicates: 1,
      });
      // The UDID is now linked: a webhook command result naming only the UDID finds the device.
      const info = await t.services.connectors.ingest(
        'apple-mdm',
        [
          {
            serial: null,
            imei: null,
            externalId: '00008110-000A1B2C3D4E5F60',
            observedAt: Date.parse('2026-11-21T07:00:00Z'),
            posture: { supervised: true },
          },
        ],
        'test',
      );
      expect(info).toMatchObject({ recorded: 1, unmatched: 0 });
    } finally {
      server.close();
    }
  });

  it('names a malformed device field, and accepts an empty list (Go null)', async () => {
    let answer: unknown = { devices: [{ serial_number: 'SN-MICRO-1', os_version: 'eighteen' }] };
    const { server, base } = await serve((_req, res) => json(res, answer));
    try {
      const endpoint = { url: `${base}/v1/devices`, token: null };
      await expect(pullAppleMdm(t.services, endpoint, 'test')).rejects.toMatchObject({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        details: [{ path: 'devices.0.os_version' }],
      });
      answer = { devices: null };
      expect(await pullAppleMdm(t.services, endpoint, 'test')).toMatchObject({ recorded: 0, unmatched: 0 });
    } finally {
      server.close();
    }
  });
});

describe('configuration and the serving loop', () => {
  it('reads the endpoints from the environment and pulls each on the schedule', async () => {
    const hits: string[] = [];
    const { server, base } = await serve((req, res, url) => {
      hits.push(`${url.pathname} ${req.headers.authorization ?? ''}`);
      if (url.pathname.endsWith('/policies')) return json(res, { policies: [] });
      if (url.pathname.endsWith('/devices') && url.pathname.includes('enterprises')) {
        return json(res, { devices: [] });
      }
      if (url.pathname === '/api/v1/fleet/hosts')
        return json(res, { hosts: [], meta: { has_next_results: false } });
      if (url.pathname === '/v1/devices') return json(res, { devices: [] });
      res.writeHead(404).end();
    });
    try {
      const config = loadConfig(
        {
          VIGIL_ANDROID_MANAGEMENT_URL: `${base}/v1/enterprises/LC01/devices`,
          VIGIL_ANDROID_MANAGEMENT_TOKEN: 'ya29.x',
          VIGIL_FLEET_URL: `${base}/api/v1/fleet/hosts`,
          VIGIL_FLEET_TOKEN: 'fleet-x',
          VIGIL_APPLE_MDM_URL: `${base}/v1/devices`,
          VIGIL_APPLE_MDM_API_KEY: 'key-x',
        },
        '/tmp',
      );
      expect(config.integrations.pulls).toEqual({
        'android-management': { url: `${base}/v1/enterprises/LC01/devices`, token: 'ya29.x' },
        fleet: { url: `${base}/api/v1/fleet/hosts`, token: 'fleet-x' },
        'apple-mdm': { url: `${base}/v1/devices`, token: 'key-x' },
      });
      expect(() => loadConfig({ VIGIL_FLEET_URL: 'ftp://fleet' }, '/tmp')).toThrow(/VIGIL_FLEET_URL/);
      const results = await pullAll(t.services, config.integrations.pulls, 'test');
      expect(results.map((r) => r.source)).toEqual(['android-management', 'fleet', 'apple-mdm']);

      hits.length = 0;
      const logged: string[] = [];
      // Each scheduled run once, now, as a worker's job queue first runs it.
      const once: Schedule = (name, _ms, run) =>
        run().then(
          () => void logged.push(`${name} done`),
          () => void logged.push(`${name} failed`),
        );
      await scheduleIntegrations(
        t.services,
        {
          ...config.integrations,
          pulls: { fleet: config.integrations.pulls.fleet },
        },
        once,
      );
      expect(hits).toEqual(['/api/v1/fleet/hosts Bearer fleet-x']);
      expect(logged).toEqual(['mdm-pull done']);
    } finally {
      server.close();
    }
  });
});
