/**
 * Integrations end to end: patch-currency feeds (real SOFA and KEV files) driving
 * os.outdated and os.exploited, the MDM connectors on real Apple MDM plists and webhook JSON
 * and on payloads in the Intune, Jamf, AMAPI, Fleet and CSV shapes, re-delivery, malformed
 * input, attestation, and scheduled pulls against a local HTTP server speaking the APIs.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildBinary } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint, PullOptions } from '../../src/adapters/mdm/connector.ts';
import { intune } from '../../src/adapters/mdm/intune/connector.ts';
import { jamf } from '../../src/adapters/mdm/jamf/connector.ts';
import { pull, type Schedule, scheduleIntegrations, updateIntel } from '../../src/adapters/mdm/pull.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (path: string) => readFileSync(join(FIXTURES, path));

let t: TestApp;
let ingest: string;
beforeAll(async () => {
  t = await buildTestApp();
  ingest = await t.token('ingest');
  const protocol = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-intel, title: E2E intel, version: "1", sources: [{ id: g, title: A guide }] }
roles:
  calls:
    sensors: { camera: disabled, microphone: disabled, cite: [g] }
    os: { maxBehindLatest: P7D, cite: [g] }
`;
  expect((await t.call('PUT', '/api/v1/protocols', { body: { text: protocol } })).statusCode).toBe(201);
  const person = await t.call('POST', '/api/v1/people', {
    body: { id: 'per_int', name: 'Ida Integrations', kind: 'principal', protocol: 'e2e-intel' },
  });
  expect(person.statusCode, person.body).toBe(201);
  const devices: [string, string, 'ios' | 'android', string | null][] = [
    ['dev_mac', 'C02MT66KFLHH', 'ios', null], // the serial of the NanoMDM fixtures
    ['dev_ipad', 'F5JM992LF193', 'ios', null],
    ['dev_intune', 'SN-INTUNE-1', 'ios', '356938035643809'],
    ['dev_jamf', 'SN-JAMF-1', 'ios', null],
    ['dev_pixel', 'SN-PIXEL-1', 'android', null],
    ['dev_fleet', 'SN-FLEET-1', 'ios', null],
    ['dev_csv', 'SN-CSV-1', 'ios', null],
  ];
  for (const [id, serial, platform, imei] of devices) {
    const res = await t.call('POST', '/api/v1/devices', {
      body: {
        id,
        serial,
        imei,
        platform,
        model: platform === 'ios' ? 'iPhone 16' : 'Pixel 9',
        ownership: 'issued',
        role: 'calls',
        holderId: 'per_int',
        issuedAt: '2026-01-01T00:00:00Z',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t?.close());

const post = (source: string, payload: string | Buffer, type = 'application/json', query = '') =>
  t.call('POST', `/api/v1/connectors/${source}${query}`, {
    token: ingest,
    payload,
    headers: { 'content-type': type },
  });

const latestPosture = async (deviceId: string) => {
  const res = await t.call('GET', `/api/v1/devices/${deviceId}/posture`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, unknown>[];
};

const findings = async (deviceId: string, rule: string, asOf?: string) => {
  const q = new URLSearchParams({ deviceId, rule, ...(asOf === undefined ? {} : { asOf }) });
  const res = await t.call('GET', `/api/v1/compliance/findings?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { findings: Record<string, unknown>[] }).findings;
};

describe('patch-currency feeds', () => {
  it('imports the SOFA feed and the KEV catalog, each with an audit event', async () => {
    const sofa = await t.call('POST', '/api/v1/intel/sofa', {
      payload: fixture('intel/sofa_ios_data_feed.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(sofa.statusCode, sofa.body).toBe(201);
    expect(sofa.json()).toMatchObject({ kind: 'sofa', origin: 'upload', releases: 70, kev: 0 });
    const kev = await t.call('POST', '/api/v1/intel/kev', {
      payload: fixture('intel/known_exploited_vulnerabilities.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(kev.statusCode, kev.body).toBe(201);
    expect(kev.json()).toMatchObject({ kind: 'kev', version: '2025.08.25', kev: 1404 });
    const summary = (await t.call('GET', '/api/v1/intel')).json();
    expect(summary).toMatchObject({ releases: { ios: 70 }, newest: { ios: '26.6.1' }, kev: 1404 });
    expect(summary.exploitedFixes).toBeGreaterThan(30);
    const audit = await t.call('GET', '/api/v1/audit/events?type=intel.imported');
    expect(audit.statusCode, audit.body).toBe(200);
    expect(JSON.stringify(audit.json())).toContain('intel.imported');
  });

  it('refuses a malformed feed with 422 naming the field, and writes nothing', async () => {
    const res = await t.call('POST', '/api/v1/intel/kev', {
      payload: JSON.stringify({ catalogVersion: 'x', vulnerabilities: [{ cveID: 'nope' }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INTEL_FEED_INVALID' });
    expect(res.json().error.details[0].path).toBe('vulnerabilities.0.cveID');
    expect((await t.call('GET', '/api/v1/intel')).json().kev).toBe(1404);
    const other = await t.call('POST', '/api/v1/intel/sofa', {
      payload: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(other.statusCode).toBe(422);
  });
});

describe('Apple MDM', () => {
  it('takes a NanoMDM webhook check-in: links the UDID to the serial, records OS and build', async () => {
    const res = await post('apple-mdm', fixture('mdm/apple/webhook-Authenticate.2.json'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 1, recorded: 1, linked: 1, unmatched: 0 });
    const [report] = await latestPosture('dev_mac');
    expect(report).toMatchObject({ source: 'apple-mdm', osVersion: '10.12.6', osBuild: '16G2136' });
  });

  it('recognises a re-delivered webhook event (same event id, no timestamp)', async () => {
    const again = await post('apple-mdm', fixture('mdm/apple/webhook-Authenticate.2.json'));
    expect(again.json()).toMatchObject({ recorded: 0, duplicates: 1 });
  });

  it('matches a command result carrying only the UDID through the link', async () => {
    const res = await post('apple-mdm', fixture('mdm/apple/webhook-DeviceInformation.1.json'));
    expect(res.json()).toMatchObject({ recorded: 1, unmatched: 0 });
    const plist = await post(
      'apple-mdm',
      fixture('mdm/apple/DeviceInformation.1.plist'),
      'application/xml',
      '?observedAt=2026-11-01T10:00:00Z',
    );
    expect(plist.json()).toMatchObject({ recorded: 1 });
  });

  it('reads XML check-ins (TokenUpdate links nothing without a serial) and binary plists', async () => {
    expect(
      (await post('apple-mdm', fixture('mdm/apple/Authenticate.1.plist'), 'application/xml')).json(),
    ).toMatchObject({
      recorded: 1,
      linked: 1,
    });
    expect(
      (await post('apple-mdm', fixture('mdm/apple/TokenUpdate.1.plist'), 'application/xml')).json(),
    ).toMatchObject({
      recorded: 0,
      unmatched: 0,
    });
    const binary = Buffer.from(
      buildBinary({
        MessageType: 'Authenticate',
        UDID: '00008110-0001',
        SerialNumber: 'C02MT66KFLHH',
        OSVersion: '18.6',
        BuildVersion: '22G86',
      }),
    );
    const res = await post(
      'apple-mdm',
      binary,
      'application/octet-stream',
      '?observedAt=2026-11-20T08:00:00Z',
    );
    expect(res.json()).toMatchObject({ recorded: 1, linked: 1 });
    const reports = await latestPosture('dev_mac');
    expect(reports.find((r) => r.observedAt === '2026-11-20T08:00:00.000Z')).toMatchObject({
      osVersion: '18.6',
      osBuild: '22G86',
    });
  });

  it('maps InstalledApplicationList to apps and a Restrictions profile to an enforced camera', async () => {
    const apps = Buffer.from(
      buildBinary({
        UDID: '00008110-0001',
        Status: 'Acknowledged',
        CommandUUID: 'c1',
        InstalledApplicationList: [
          { Identifier: 'com.apple.mobilephone', Name: 'Phone' },
          { Identifier: 'com.example.x' },
        ],
      }),
    );
    expect(
      (await post('apple-mdm', apps, 'application/octet-stream', '?observedAt=2026-11-20T09:00:00Z')).json(),
    ).toMatchObject({ recorded: 1 });
    const profile = Buffer.from(
      buildBinary({
        PayloadType: 'Configuration',
        PayloadContent: [{ PayloadType: 'com.apple.applicationaccess', allowCamera: false }],
      }),
    );
    const res = await post(
      'apple-mdm',
      profile,
      'application/octet-stream',
      '?serial=C02MT66KFLHH&observedAt=2026-11-20T10:00:00Z',
    );
    expect(res.json()).toMatchObject({ recorded: 1 });
    const reports = await latestPosture('dev_mac');
    expect(reports.find((r) => r.observedAt === '2026-11-20T09:00:00.000Z')?.apps).toEqual([
      'com.apple.mobilephone',
      'com.example.x',
    ]);
    expect(reports.find((r) => r.observedAt === '2026-11-20T10:00:00.000Z')?.sensors).toEqual({
      camera: { state: 'disabled', provenance: 'enforced' },
    });
  });

  it('refuses malformed payloads with 422 naming the field, never 500', async () => {
    const bad = JSON.parse(fixture('mdm/apple/webhook-Authenticate.2.json').toString()) as {
      checkin_event: { raw_payload: string };
    };
    bad.checkin_event.raw_payload = '%%%';
    const res = await post('apple-mdm', JSON.stringify(bad));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'CONNECTOR_PAYLOAD_INVALID',
      details: [{ path: 'checkin_event.raw_payload' }],
    });
    const badVersion = Buffer.from(
      buildBinary({
        MessageType: 'Authenticate',
        UDID: 'u',
        SerialNumber: 'C02MT66KFLHH',
        OSVersion: 'eighteen',
      }),
    );
    const v = await post('apple-mdm', badVersion, 'application/octet-stream');
    expect(v.statusCode).toBe(422);
    expect(v.json().error.details[0].path).toBe('OSVersion');
    for (const payload of [
      '',
      'garbage',
      '<plist><dict><key>a</key></plist>',
      'bplist00xx',
      '{"checkin_event": 3}',
      '[1]',
    ]) {
      const r = await post('apple-mdm', payload, 'application/octet-stream');
      expect(r.statusCode, `${payload}: ${r.body}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
    }
    expect((await post('nope', '{}')).statusCode).toBe(400);
  });
});

describe('Intune, Jamf, Android Management, Fleet, CSV', () => {
  const intunePage = JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices',
    value: [
      {
        id: 'f1c9-intune-1',
        deviceName: 'Ida iPhone',
        operatingSystem: 'iOS',
        osVersion: '18.6',
        serialNumber: 'SN-INTUNE-1',
        imei: '356938035643809',
        lastSyncDateTime: '2026-11-20T07:15:30.1234567Z',
        isSupervised: true,
        complianceState: 'compliant',
        someFutureField: { nested: true },
      },
      { id: 'f1c9-intune-2', serialNumber: 'NOT-OURS', operatingSystem: 'iOS', osVersion: '26.1' },
    ],
  });

  it('records Intune managedDevices, counts unknown devices, and skips a re-delivery', async () => {
    const res = await post('intune', intunePage);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 2, recorded: 1, unmatched: 1, duplicates: 0 });
    expect((await post('intune', intunePage)).json()).toMatchObject({ recorded: 0, duplicates: 1 });
    const [report] = await latestPosture('dev_intune');
    expect(report).toMatchObject({
      source: 'intune',
      osVersion: '18.6',
      supervised: true,
      observedAt: '2026-11-20T07:15:30.123Z',
    });
  });

  it('names the malformed field of an Intune page', async () => {
    const res = await post(
      'intune',
      JSON.stringify({ value: [{ serialNumber: 'SN-INTUNE-1', osVersion: 18 }] }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({
      path: 'value.0.osVersion',
      message: 'expected a string',
    });
    const date = await post(
      'intune',
      JSON.stringify({ serialNumber: 'SN-INTUNE-1', lastSyncDateTime: 'yesterday' }),
    );
    expect(date.json().error.details[0].path).toBe('lastSyncDateTime');
  });

  it('records Jamf Pro inventory (v2 detail sections)', async () => {
    const page = {
      totalCount: 1,
      results: [
        {
          mobileDeviceId: '17',
          deviceType: 'iOS',
          general: {
            udid: 'jamf-udid',
            osVersion: '26.6.1',
            osBuild: '23G83',
            supervised: true,
            lastInventoryUpdateDate: '2026-11-19T12:00:00Z',
          },
          hardware: { serialNumber: 'SN-JAMF-1', model: 'iPhone 16' },
          applications: [{ identifier: 'com.apple.mobilephone', name: 'Phone' }],
        },
      ],
    };
    const res = await post('jamf', JSON.stringify(page));
    expect(res.json()).toMatchObject({ recorded: 1 });
    const [report] = await latestPosture('dev_jamf');
    expect(report).toMatchObject({ osVersion: '26.6.1', osBuild: '23G83', apps: ['com.apple.mobilephone'] });
  });

  it('records AMAPI devices with their policy, and Pub/Sub notifications', async () => {
    const policy = {
      name: 'enterprises/e1/policies/calls',
      cameraAccess: 'CAMERA_ACCESS_DISABLED',
      microphoneAccess: 'MICROPHONE_ACCESS_DISABLED',
      locationMode: 'LOCATION_DISABLED',
    };
    const device = {
      name: 'enterprises/e1/devices/d1',
      appliedPolicyName: 'enterprises/e1/policies/calls',
      hardwareInfo: { serialNumber: 'SN-PIXEL-1', brand: 'google' },
      softwareInfo: {
        androidVersion: '16',
        securityPatchLevel: '2026-10-05',
        androidBuildNumber: 'BP2A.250605.031',
      },
      lastStatusReportTime: '2026-11-20T06:00:00.123456789Z',
      applicationReports: [{ packageName: 'com.google.android.dialer' }],
      nonComplianceDetails: [{ settingName: 'microphoneAccess', nonComplianceReason: 'MANAGEMENT_MODE' }],
    };
    const res = await post('android-management', JSON.stringify({ policies: [policy], devices: [device] }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ recorded: 1, linked: 1 });
    const [report] = await latestPosture('dev_pixel');
    expect(report).toMatchObject({
      patchLevel: '2026-10-05',
      osVersion: '16',
      sensors: {
        camera: { state: 'disabled', provenance: 'enforced' },
        microphone: { state: 'unknown', provenance: 'reported' }, // not applied on this device
        location: { state: 'disabled', provenance: 'enforced' },
      },
    });
    const later = {
      name: 'enterprises/e1/devices/d1',
      softwareInfo: { securityPatchLevel: '2026-11-01' },
      lastStatusReportTime: '2026-11-21T06:00:00Z',
    };
    const push = {
      message: {
        data: Buffer.from(JSON.stringify(later)).toString('base64'),
        messageId: '1',
        publishTime: '2026-11-21T06:00:01Z',
        attributes: { notificationType: 'STATUS_REPORT' },
      },
      subscription: 'projects/p/subscriptions/s',
    };
    expect((await post('android-management', JSON.stringify(push))).json()).toMatchObject({ recorded: 1 });
    expect((await latestPosture('dev_pixel'))[0]).toMatchObject({ patchLevel: '2026-11-01' });
    const bad = await post('android-management', JSON.stringify({ message: { data: '!!!' } }));
    expect(bad.json().error.details[0].path).toBe('message.data');
    const badPolicy = await post(
      'android-management',
      JSON.stringify({ policies: [{ ...policy, cameraAccess: 'SOMETIMES' }], devices: [] }),
    );
    expect(badPolicy.json().error.details[0].path).toBe('policies.0.cameraAccess');
  });

  it('records Fleet hosts and CSV rows', async () => {
    const fleet = {
      host: {
        hardware_serial: 'SN-FLEET-1',
        uuid: 'fleet-uuid',
        platform: 'ios',
        os_version: 'iOS 18.7.10',
        detail_updated_at: '2026-11-19T00:00:00Z',
        software: [{ name: 'Phone', bundle_identifier: 'com.apple.mobilephone' }],
      },
    };
    expect((await post('fleet', JSON.stringify(fleet))).json()).toMatchObject({ recorded: 1 });
    expect((await latestPosture('dev_fleet'))[0]).toMatchObject({
      osVersion: '18.7.10',
      apps: ['com.apple.mobilephone'],
    });
    const csv =
      'serial,observed_at,os_version,camera,microphone,apps,lockdown_mode,provenance,extra\nSN-CSV-1,2026-11-19T00:00:00Z,18.6,disabled,unknown,"com.apple.mobilephone;com.apple.MobileSMS",true,enforced,x\nNOT-OURS,,26.1,,,,,,\n';
    expect((await post('csv', csv, 'text/csv')).json()).toMatchObject({
      received: 2,
      recorded: 1,
      unmatched: 1,
    });
    expect((await latestPosture('dev_csv'))[0]).toMatchObject({
      osVersion: '18.6',
      lockdownMode: true,
      apps: ['com.apple.MobileSMS', 'com.apple.mobilephone'],
      sensors: { camera: { state: 'disabled', provenance: 'enforced' } },
    });
    const bad = await post('csv', 'serial,camera\nSN-CSV-1,sometimes\n', 'text/csv');
    expect(bad.json().error.details[0].path).toBe('row 2: camera');
  });
});

describe('evaluation with intel and connectors', () => {
  it('os.exploited lists the KEV CVEs an iOS 18.6 device lacks; os.outdated measures it against 18.x', async () => {
    // dev_intune reported iOS 18.6 (Intune, 2026-11-20).
    const [exploited] = await findings('dev_intune', 'os.exploited');
    expect(exploited).toMatchObject({ severity: 'critical', outcome: 'fail' });
    expect(exploited?.message).toMatch(
      /^iOS 18\.6 lacks the fix for \d+ known-exploited vulnerabilities \(CVE-/,
    );
    const evidence = exploited?.evidence as { exposures: { cveId: string; kevDueDate: number | null }[] };
    expect(evidence.exposures.find((e) => e.cveId === 'CVE-2025-43300')).toMatchObject({
      kevDueDate: Date.UTC(2025, 8, 11),
    });
    const [outdated] = await findings('dev_intune', 'os.outdated');
    expect(outdated?.evidence).toMatchObject({ newestVersion: '18.7.10', lineMaintained: true });
    // dev_fleet is on 18.7.10: current on its line, not measured against 26.x.
    expect(await findings('dev_fleet', 'os.outdated')).toEqual([]);
  });

  it('says an iOS microphone needs an attestation, and accepts one by a named person', async () => {
    const [mic] = await findings('dev_jamf', 'sensor.microphone');
    expect(mic?.message).toBe(
      'Microphone not verified: iOS MDM can neither enforce nor report it, so it needs an attestation',
    );
    const officer = await t.token('officer');
    const res = await t.call('POST', '/api/v1/devices/dev_jamf/attestations', {
      token: officer,
      body: {
        sensor: 'microphone',
        state: 'disabled',
        attestedBy: 'J. Smith (security officer)',
        statement: 'Checked in person.',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      source: 'attestation',
      sensors: { microphone: { state: 'disabled', provenance: 'attested' } },
    });
    expect(await findings('dev_jamf', 'sensor.microphone')).toEqual([]);
    const audit = JSON.stringify((await t.call('GET', '/api/v1/audit/events?type=posture.attested')).json());
    expect(audit).toContain('J. Smith (security officer)');
    const unknown = await t.call('POST', '/api/v1/devices/dev_nope/attestations', {
      body: { sensor: 'microphone', state: 'disabled', attestedBy: 'J. Smith' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(
      (
        await t.call('POST', '/api/v1/devices/dev_jamf/attestations', {
          token: ingest,
          body: { sensor: 'microphone', state: 'disabled', attestedBy: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });
});

/** A local server speaking a source's API: routes by path, counts requests. */
function serve(
  handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void,
): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => handler(req, res, new URL(req.url ?? '/', 'http://x')));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

/** Each pull goes through the generic `pull`, as `vigil mdm pull` and the server run it. */
const pullWith =
  (connector: typeof intune | typeof jamf) =>
  (services: TestApp['services'], e: Endpoint, actor: string, opts: PullOptions = {}, pageSize?: number) =>
    pull(services, connector, e, actor, pageSize === undefined ? opts : { ...opts, pageSize });
const pullIntune = pullWith(intune);
const pullJamf = pullWith(jamf);

describe('scheduled pulls against a local server', () => {
  it('follows Intune @odata.nextLink and honours 429 Retry-After', async () => {
    let calls = 0;
    const waits: number[] = [];
    const { server, base } = await serve((req, res, url) => {
      calls++;
      expect(req.headers.authorization).toBe('Bearer graph-token');
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': '2' }).end('{"error":{"code":"TooManyRequests"}}');
        return;
      }
      const page = url.searchParams.get('$skiptoken');
      const body =
        page === null
          ? {
              value: [
                {
                  id: 'i-1',
                  serialNumber: 'SN-INTUNE-1',
                  osVersion: '18.7.10',
                  lastSyncDateTime: '2026-11-21T01:00:00Z',
                },
              ],
              '@odata.nextLink': `${base}/deviceManagement/managedDevices?$skiptoken=2`,
            }
          : { value: [{ id: 'i-9', serialNumber: 'NOT-OURS', osVersion: '26.1' }] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    try {
      const opts = { sleep: async (ms: number) => void waits.push(ms) };
      const result = await pullIntune(
        t.services,
        { url: `${base}/deviceManagement/managedDevices`, token: 'graph-token' },
        'test',
        opts,
      );
      expect(result).toEqual({ source: 'intune', pages: 2, recorded: 1, duplicates: 0, unmatched: 1 });
      expect(waits).toEqual([2000]);
      expect(calls).toBe(3);
      // Pulling again records nothing new.
      expect(
        (
          await pullIntune(
            t.services,
            { url: `${base}/deviceManagement/managedDevices`, token: 'graph-token' },
            'test',
            opts,
          )
        ).duplicates,
      ).toBe(1);
    } finally {
      server.close();
    }
  });

  it('pages Jamf with page and page-size, and gives up on a persistent 429', async () => {
    const seen: string[] = [];
    const all = ['SN-JAMF-1', 'X-2', 'X-3'].map((serial, i) => ({
      mobileDeviceId: String(i),
      hardware: { serialNumber: serial },
      general: { osVersion: '26.6.1', lastInventoryUpdateDate: '2026-11-21T02:00:00Z' },
    }));
    const { server, base } = await serve((_req, res, url) => {
      seen.push(url.search);
      if (url.pathname === '/limited') {
        res.writeHead(429, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }).end();
        return;
      }
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('page-size'));
      res
        .writeHead(200)
        .end(JSON.stringify({ totalCount: all.length, results: all.slice(page * size, page * size + size) }));
    });
    try {
      const result = await pullJamf(
        t.services,
        { url: `${base}/api/v2/mobile-devices/detail`, token: null },
        'test',
        {},
        2,
      );
      expect(result).toMatchObject({ pages: 2, recorded: 1, unmatched: 2 });
      expect(seen).toEqual(['?page=0&page-size=2', '?page=1&page-size=2']);
      await expect(
        pullJamf(t.services, { url: `${base}/limited`, token: null }, 'test', {
          maxRetries: 2,
          sleep: async () => {},
        }),
      ).rejects.toMatchObject({ code: 'INTEL_FETCH_FAILED' });
    } finally {
      server.close();
    }
  });

  it('runs the feed update and the pulls on a schedule in the serving process, logging failures', async () => {
    const hits: string[] = [];
    const { server, base } = await serve((_req, res, url) => {
      hits.push(url.pathname);
      if (url.pathname === '/android.json') {
        res.writeHead(200).end(
          JSON.stringify({
            patchLevels: [{ level: '2026-11-01', cves: ['CVE-2026-1111'], exploited: ['CVE-2026-1111'] }],
          }),
        );
      } else res.writeHead(500).end();
    });
    const logged: string[] = [];
    // Each scheduled run once, now, as a worker's job queue first runs it.
    const once: Schedule = (name, _ms, run) =>
      run().then(
        () => void logged.push(`${name} done`),
        () => void logged.push(`${name} failed`),
      );
    try {
      await scheduleIntegrations(
        t.services,
        {
          feeds: { sofa: null, kev: null, android: `${base}/android.json` },
          intelIntervalMs: 3_600_000,
          pulls: { intune: { url: `${base}/graph`, token: 't' } },
          pushes: {},
          pullIntervalMs: 3_600_000,
          allowInsecureHttp: false,
        },
        once,
      );
      expect(hits.sort()).toEqual(['/android.json', '/graph']);
      expect(logged.sort()).toEqual(['intel-update done', 'mdm-pull failed']);
      expect((await t.call('GET', '/api/v1/intel')).json().newest.android).toBe('2026-11-01');
    } finally {
      server.close();
    }
  });

  it('updates the configured feeds from URLs, with an audit event naming the URL', async () => {
    const { server, base } = await serve((_req, res, url) => {
      if (url.pathname === '/kev.json')
        res.writeHead(200).end(fixture('intel/known_exploited_vulnerabilities.json'));
      else res.writeHead(404).end();
    });
    try {
      const results = await updateIntel(
        t.services,
        { sofa: null, kev: `${base}/kev.json`, android: null },
        'test',
      );
      expect(results).toMatchObject([{ kind: 'kev', origin: `${base}/kev.json`, kev: 1404 }]);
      await expect(
        updateIntel(t.services, { sofa: `${base}/missing.json`, kev: null, android: null }, 'test'),
      ).rejects.toMatchObject({ code: 'INTEL_FETCH_FAILED' });
      await expect(
        updateIntel(t.services, { sofa: null, kev: null, android: null }, 'test'),
      ).rejects.toMatchObject({ code: 'INTEL_SOURCE_UNCONFIGURED' });
    } finally {
      server.close();
    }
  });
});
