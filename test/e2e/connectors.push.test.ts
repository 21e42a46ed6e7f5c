/**
 * `POST /connectors/:source/push` against local servers speaking each API: Microsoft Graph
 * (Intune objects found by displayName over pages, created, PATCHed, left alone; a 429 retried),
 * the Android Management API (`policies.patch`), and a KMFDDM-style DDM server with NanoMDM's
 * enqueue API (declarations, sets, enrollments, then `DeclarativeManagement`). A second push
 * changes nothing; what went where is recorded and readable as "last pushed"; only an admin
 * may push.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDelivery } from '../../src/adapters/mdm/index.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-push, title: E2E push, version: "1", sources: [{ id: g, title: A guide }] }
roles:
  calls:
    sensors: { camera: disabled, bluetooth: disabled, cite: [g] }
`;
const UDID = '00008110-000A1B2C3D4E5F60';

type Obj = Record<string, unknown>;

/** What the fakes hold and saw. */
const graph = new Map<string, Obj[]>([
  ['deviceCompliancePolicies', [{ id: 'other-1', displayName: 'Someone else', version: 4 }]],
  ['deviceConfigurations', []],
]);
const amapi = new Map<string, Obj>();
const declarations = new Map<string, Obj>();
const sets = new Set<string>();
const enrollmentSets = new Set<string>();
const enqueued: { ids: string; body: string }[] = [];
let graphPosts = 0;
let throttled = 0;
let serverTokens = 0;

const json = (res: ServerResponse, body: unknown, status = 200): undefined =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

function handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): undefined {
  const path = url.pathname;
  const auth = req.headers.authorization ?? '';
  const basic = (user: string, key: string) =>
    auth === `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
  // -- Microsoft Graph: one object per page, so finding by displayName pages.
  let m = /^\/graph\/v1\.0\/deviceManagement\/(\w+)(?:\/([^/]+))?$/.exec(path);
  if (m !== null) {
    if (auth !== 'Bearer graph-token') return void res.writeHead(401).end();
    const list = graph.get(m[1] ?? '') ?? [];
    const id = m[2];
    if (id === undefined && req.method === 'GET') {
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const next =
        skip + 1 < list.length ? `http://${req.headers.host}${path}?$skiptoken=${skip + 1}` : undefined;
      return json(res, {
        value: list.slice(skip, skip + 1),
        ...(next === undefined ? {} : { '@odata.nextLink': next }),
      });
    }
    if (id === undefined && req.method === 'POST') {
      if (throttled++ === 0) return void res.writeHead(429, { 'retry-after': '0' }).end();
      graphPosts++;
      const created = { ...(JSON.parse(body) as Obj), id: `g-${graphPosts}`, version: 1 };
      list.push(created);
      return json(res, created, 201);
    }
    const item = list.find((o) => o.id === id);
    if (item === undefined) return json(res, { error: { code: 'ResourceNotFound' } }, 404);
    if (req.method === 'GET') return json(res, item);
    if (req.method === 'PATCH') {
      const patch = JSON.parse(body) as Obj;
      expect(patch.scheduledActionsForRule).toBeUndefined();
      Object.assign(item, patch, { version: Number(item.version) + 1 });
      return void res.writeHead(204).end();
    }
  }
  // -- Android Management API: policies.get and policies.patch (which creates).
  m = /^\/amapi\/v1\/(enterprises\/LC01\/policies\/[^/]+)$/.exec(path);
  if (m !== null) {
    if (auth !== 'Bearer amapi-token') return void res.writeHead(401).end();
    const name = m[1] ?? '';
    if (req.method === 'GET') {
      const p = amapi.get(name);
      return p === undefined ? json(res, { error: { code: 404 } }, 404) : json(res, p);
    }
    if (req.method === 'PATCH') {
      const version = String(Number(amapi.get(name)?.version ?? '0') + 1);
      const p = { ...(JSON.parse(body) as Obj), name, version };
      amapi.set(name, p);
      return json(res, p);
    }
  }
  // -- KMFDDM: declarations (tokens of its own), sets, enrollments.
  if (path.startsWith('/ddm/')) {
    if (!basic('kmfddm', 'ddm-key')) return void res.writeHead(401).end();
    expect(url.searchParams.get('nonotify')).toBe(req.method === 'GET' ? null : 'true');
    m = /^\/ddm\/v1\/declarations\/([^/]+)$/.exec(path);
    if (m !== null && req.method === 'GET') {
      const d = declarations.get(decodeURIComponent(m[1] ?? ''));
      return d === undefined ? json(res, { error: 'not found' }, 404) : json(res, d);
    }
    if (path === '/ddm/v1/declarations' && req.method === 'PUT') {
      const d = JSON.parse(body) as Obj;
      declarations.set(String(d.Identifier), { ...d, ServerToken: `kmf-${++serverTokens}` });
      return void res.writeHead(304).end();
    }
    m = /^\/ddm\/v1\/set-declarations\/([^/]+)$/.exec(path);
    if (m !== null && req.method === 'PUT') {
      const key = `${m[1]} ${url.searchParams.get('declaration')}`;
      const known = sets.has(key);
      sets.add(key);
      return void res.writeHead(known ? 304 : 204).end();
    }
    m = /^\/ddm\/v1\/enrollment-sets\/([^/]+)$/.exec(path);
    if (m !== null && req.method === 'PUT') {
      const key = `${m[1]} ${url.searchParams.get('set')}`;
      const known = enrollmentSets.has(key);
      enrollmentSets.add(key);
      return void res.writeHead(known ? 304 : 204).end();
    }
  }
  // -- NanoMDM: the enqueue API.
  m = /^\/nanomdm\/v1\/enqueue\/(.+)$/.exec(path);
  if (m !== null && req.method === 'PUT') {
    if (!basic('nanomdm', 'nano-key')) return void res.writeHead(401).end();
    enqueued.push({ ids: decodeURIComponent(m[1] ?? ''), body });
    return json(res, { status: {}, request_type: 'DeclarativeManagement' });
  }
  res.writeHead(404).end();
}

let t: TestApp;
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      try {
        handle(req, res, new URL(req.url ?? '/', 'http://x'), Buffer.concat(parts).toString('utf8'));
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await buildTestApp({
    pushes: {
      allowInsecureHttp: false,
      settings: {
        intune: { url: `${base}/graph/v1.0/deviceManagement/managedDevices`, token: 'graph-token' },
        'android-management': { url: `${base}/amapi/v1/enterprises/LC01/devices`, token: 'amapi-token' },
        'apple-mdm': {
          url: `${base}/ddm`,
          key: 'ddm-key',
          enqueueUrl: `${base}/nanomdm/v1/enqueue`,
          enqueueKey: 'nano-key',
        },
      },
    },
  });
  expect((await t.call('PUT', '/api/v1/protocols', { body: { text: PROTOCOL } })).statusCode).toBe(201);
  const person = await t.call('POST', '/api/v1/people', {
    body: { id: 'per_push', name: 'Pat Push', kind: 'principal', protocol: 'e2e-push' },
  });
  expect(person.statusCode, person.body).toBe(201);
  const device = await t.call('POST', '/api/v1/devices', {
    body: {
      id: 'dev_push_1',
      serial: 'SN-PUSH-1',
      platform: 'ios',
      model: 'iPhone 16',
      ownership: 'issued',
      role: 'calls',
      holderId: 'per_push',
      issuedAt: '2026-01-01T00:00:00Z',
    },
  });
  expect(device.statusCode, device.body).toBe(201);
  // The MDM's device list links the UDID (the enrollment id) to the device.
  const list = {
    devices: [
      { udid: UDID, serial_number: 'SN-PUSH-1', os_version: '18.6', last_seen: '2026-11-21T05:30:00Z' },
    ],
  };
  await ingestDelivery(t.services, 'apple-mdm', Buffer.from(JSON.stringify(list)), {}, 'test');
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});

interface Pushed {
  source: string;
  target: string;
  version: string;
  notified: number;
  artifacts: {
    role: string;
    file: string;
    sha256: string;
    remoteId: string;
    remoteToken: string | null;
    action: string;
  }[];
}

const push = async (source: string, token?: string) => {
  const res = await t.call('POST', `/api/v1/connectors/${source}/push`, {
    body: { protocol: 'e2e-push' },
    ...(token === undefined ? {} : { token }),
  });
  return { status: res.statusCode, body: res.json() as Pushed, raw: res.body };
};

describe('pushing a protocol to Intune (Graph)', () => {
  it('creates both objects (after a 429), then leaves them alone, then PATCHes one that drifted', async () => {
    const first = await push('intune');
    expect(first.status, first.raw).toBe(200);
    expect(first.body.target).toBe('intune');
    expect(first.body.artifacts.map((a) => a.action)).toEqual(['created', 'created']);
    expect(throttled).toBeGreaterThan(1);
    const compliance = graph.get('deviceCompliancePolicies') ?? [];
    expect(compliance).toHaveLength(2);
    expect(compliance[1]?.scheduledActionsForRule).toBeDefined();
    const again = await push('intune');
    expect(again.status, again.raw).toBe(200);
    expect(again.body.artifacts.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
    expect(graphPosts).toBe(2);
    // Someone changes the restrictions by hand in Intune: the next push puts them back.
    const restrictions = graph.get('deviceConfigurations')?.[0] as Obj;
    restrictions.cameraBlocked = false;
    const third = await push('intune');
    expect(third.body.artifacts.map((a) => a.action)).toEqual(['unchanged', 'updated']);
    expect(restrictions.cameraBlocked).toBe(true);
    expect(third.body.artifacts[1]?.remoteToken).toBe('2');
  });

  it('is for admins only', async () => {
    for (const role of ['officer', 'technician', 'auditor', 'ingest'] as const) {
      expect((await push('intune', await t.token(role))).status, role).toBe(403);
    }
  });
});

describe('pushing a protocol to the Android Management API', () => {
  it('patches the policy into being, records its version, and changes nothing the second time', async () => {
    const first = await push('android-management');
    expect(first.status, first.raw).toBe(200);
    expect(first.body.artifacts).toMatchObject([
      {
        role: 'calls',
        remoteId: 'enterprises/LC01/policies/vigil-e2e-push-calls',
        remoteToken: '1',
        action: 'created',
      },
    ]);
    expect(amapi.get('enterprises/LC01/policies/vigil-e2e-push-calls')?.cameraAccess).toBe(
      'CAMERA_ACCESS_DISABLED',
    );
    const again = await push('android-management');
    expect(again.body.artifacts[0]).toMatchObject({ remoteToken: '1', action: 'unchanged' });
  });
});

describe('pushing a protocol to a DDM server (KMFDDM-style) and NanoMDM', () => {
  it('stores declarations and the set, assigns the enrollment, then enqueues DeclarativeManagement once', async () => {
    const first = await push('apple-mdm');
    expect(first.status, first.raw).toBe(200);
    expect(first.body.target).toBe('apple-ddm');
    expect(first.body.notified).toBe(1);
    expect(first.body.artifacts.length).toBeGreaterThan(1);
    for (const a of first.body.artifacts) {
      expect(a.action).toBe('created');
      // The server's own token, which devices echo, is what is recorded.
      expect(a.remoteToken).toBe(declarations.get(a.remoteId)?.ServerToken);
      expect(sets.has(`vigil.e2e-push.calls ${a.remoteId}`)).toBe(true);
    }
    expect(enrollmentSets.has(`${UDID} vigil.e2e-push.calls`)).toBe(true);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]?.ids).toBe(UDID);
    expect(enqueued[0]?.body).toContain('<string>DeclarativeManagement</string>');
    const again = await push('apple-mdm');
    expect(again.body.notified).toBe(0);
    expect(again.body.artifacts.every((a) => a.action === 'unchanged')).toBe(true);
    expect(enqueued).toHaveLength(1);
  });
});

describe('what was pushed', () => {
  it('is readable as the last push per connector, protocol and role, and in the audit log', async () => {
    const last = await t.services.pushes.lastPushed({ protocol: 'e2e-push', role: 'calls' });
    const sources = new Set(last.map((r) => r.source));
    expect(sources).toEqual(new Set(['intune', 'android-management', 'apple-mdm']));
    const intune = last.filter((r) => r.source === 'intune');
    expect(intune.map((r) => r.action)).toEqual(['unchanged', 'updated']);
    expect(new Set(intune.map((r) => r.pushId)).size).toBe(1);
    const events = await t.call('GET', '/api/v1/audit/events?type=protocol.pushed');
    expect(events.statusCode, events.body).toBe(200);
    expect(events.body).toContain('protocol.pushed');
  });

  it('refuses a connector that takes no push', async () => {
    const res = await t.call('POST', '/api/v1/connectors/fleet/push', { body: { protocol: 'e2e-push' } });
    expect(res.statusCode).toBe(400);
  });
});
