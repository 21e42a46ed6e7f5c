/**
 * Local stand-ins for the MDMs Vigil pushes to and pulls from, on one HTTP server:
 * - Microsoft Graph (`/graph/v1.0/deviceManagement/{collection}`, and the same collections under
 *   `/graph/beta/`): every collection listed one object per page (`@odata.nextLink`), objects
 *   created (the first POST answered 429), read, PATCHed and deleted, and assigned
 *   (`{id}/assignments`, `{id}/assign`); v1.0 refuses to create or PATCH the Android device
 *   owner types, which only beta has; `managedDevices` is what the Intune pull reads;
 * - the Android Management API (`/amapi/v1/enterprises/LC01/...`): `policies.get`,
 *   `policies.patch` (which creates, and counts versions), `policies.delete` (refused while a
 *   device is assigned the policy), the policy list, `devices.list` (at most two per page,
 *   `pageToken`) and `devices.patch` of `policyName` (the first answered 429);
 * - a KMFDDM-style DDM server (`/ddm/v1/...`), which gives each declaration a `ServerToken` of
 *   its own (`kmf-N`), with sets (associated and dissociated), enrollment sets, a declaration's
 *   sets, and deletion of a declaration in no set; NanoMDM's enqueue API
 *   (`/nanomdm/v1/enqueue/{ids}`); and MicroMDM's device list (`/micromdm/v1/devices`).
 * Credentials: `Bearer graph-token`, `Bearer amapi-token`, basic `kmfddm:ddm-key`,
 * `nanomdm:nano-key`, `micromdm:micro-key`. State is plain data the test reads and edits.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Obj = Record<string, unknown>;

export interface FakeMdmState {
  /** Graph collections by name (`deviceCompliancePolicies`, `deviceConfigurations`, `managedDevices`). */
  readonly graph: Map<string, Obj[]>;
  /** Graph assignments by object id (`{id}/assignments`, replaced whole by `{id}/assign`). */
  readonly graphAssignments: Map<string, Obj[]>;
  graphAssigns: number;
  /** AMAPI policies by name (`enterprises/LC01/policies/ID`), and the enterprise's devices. */
  readonly amapi: Map<string, Obj>;
  amapiDevices: Obj[];
  /** `devices.patch` requests answered (after the first, throttled one). */
  amapiDevicePatches: number;
  amapiThrottled: number;
  /** Requests for a page of `devices.list`. */
  amapiDevicePages: number;
  readonly declarations: Map<string, Obj>;
  readonly sets: Set<string>;
  readonly enrollmentSets: Set<string>;
  readonly enqueued: { ids: string; body: string }[];
  /** MicroMDM's `/v1/devices` answer. */
  microDevices: Obj[];
  graphPosts: number;
  /** Graph objects deleted, by id. */
  readonly graphDeleted: string[];
  throttled: number;
  serverTokens: number;
}

export interface FakeMdms {
  readonly state: FakeMdmState;
  /** `http://127.0.0.1:PORT` */
  readonly base: string;
  close(): Promise<void>;
}

const json = (res: ServerResponse, body: unknown, status = 200): undefined =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** A request the fakes refuse as the real API would not: answered 400 with the reason. */
class Refused extends Error {}

function handle(
  s: FakeMdmState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): undefined {
  const path = url.pathname;
  const auth = req.headers.authorization ?? '';
  const basic = (user: string, key: string) =>
    auth === `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
  // -- Microsoft Graph: an object's assignments, read and replaced whole.
  let m = /^\/graph\/(?:v1\.0|beta)\/deviceManagement\/(\w+)\/([^/]+)\/(assignments|assign)$/.exec(path);
  if (m !== null) {
    if (auth !== 'Bearer graph-token') return void res.writeHead(401).end();
    const id = m[2] ?? '';
    if (!(s.graph.get(m[1] ?? '') ?? []).some((o) => o.id === id))
      return json(res, { error: { code: 'ResourceNotFound' } }, 404);
    if (m[3] === 'assignments' && req.method === 'GET')
      return json(res, { value: s.graphAssignments.get(id) ?? [] });
    if (m[3] === 'assign' && req.method === 'POST') {
      const sent = (JSON.parse(body) as { assignments?: Obj[] }).assignments;
      if (!Array.isArray(sent)) throw new Refused('assign without assignments');
      s.graphAssigns++;
      const value = sent.map((a, i) => ({ id: `${id}_${i}`, target: a.target }));
      s.graphAssignments.set(id, value);
      return json(res, { value });
    }
  }
  // -- Microsoft Graph: one object per page, so finding by displayName pages.
  m = /^\/graph\/(v1\.0|beta)\/deviceManagement\/(\w+)(?:\/([^/]+))?$/.exec(path);
  if (m !== null) {
    if (auth !== 'Bearer graph-token') return void res.writeHead(401).end();
    const [, api, collection, id] = m;
    if (
      api === 'v1.0' &&
      (req.method === 'POST' || req.method === 'PATCH') &&
      /^#microsoft\.graph\.androidDeviceOwner/.test(String((JSON.parse(body) as Obj)['@odata.type']))
    )
      throw new Refused('the Android device owner types are in Graph beta only');
    const list = s.graph.get(collection ?? '') ?? [];
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
      if (s.throttled++ === 0) return void res.writeHead(429, { 'retry-after': '0' }).end();
      s.graphPosts++;
      const created = { ...(JSON.parse(body) as Obj), id: `g-${s.graphPosts}`, version: 1 };
      list.push(created);
      return json(res, created, 201);
    }
    const item = list.find((o) => o.id === id);
    if (item === undefined) return json(res, { error: { code: 'ResourceNotFound' } }, 404);
    if (req.method === 'GET') return json(res, item);
    if (req.method === 'DELETE') {
      list.splice(list.indexOf(item), 1);
      s.graphDeleted.push(String(id));
      return void res.writeHead(204).end();
    }
    if (req.method === 'PATCH') {
      const patch = JSON.parse(body) as Obj;
      // Graph refuses the scheduled actions in a PATCH of a compliance policy.
      if (patch.scheduledActionsForRule !== undefined)
        throw new Refused('scheduledActionsForRule in a PATCH');
      Object.assign(item, patch, { version: Number(item.version) + 1 });
      return void res.writeHead(204).end();
    }
  }
  // -- Android Management API: policies.get and policies.patch (which creates), and the lists.
  if (path.startsWith('/amapi/') && auth !== 'Bearer amapi-token') return void res.writeHead(401).end();
  if (path === '/amapi/v1/enterprises/LC01/policies' && req.method === 'GET')
    return json(res, { policies: [...s.amapi.values()] });
  if (path === '/amapi/v1/enterprises/LC01/devices' && req.method === 'GET') {
    s.amapiDevicePages++;
    const size = Math.min(2, Number(url.searchParams.get('pageSize') ?? '2'));
    const from = Number(url.searchParams.get('pageToken') ?? '0');
    const next = from + size < s.amapiDevices.length ? { nextPageToken: String(from + size) } : {};
    return json(res, { devices: s.amapiDevices.slice(from, from + size), ...next });
  }
  m = /^\/amapi\/v1\/enterprises\/LC01\/devices\/([^/]+)$/.exec(path);
  if (m !== null && req.method === 'PATCH') {
    if (url.searchParams.get('updateMask') !== 'policyName')
      throw new Refused('a device patch without updateMask');
    if (s.amapiThrottled++ === 0) return void res.writeHead(429, { 'retry-after': '0' }).end();
    const device = s.amapiDevices.find((d) => d.name === `enterprises/LC01/devices/${m?.[1]}`);
    if (device === undefined) return json(res, { error: { code: 404 } }, 404);
    const policyName = String((JSON.parse(body) as Obj).policyName);
    if (!s.amapi.has(policyName)) throw new Refused(`no policy ${policyName}`);
    s.amapiDevicePatches++;
    device.policyName = policyName;
    return json(res, device);
  }
  m = /^\/amapi\/v1\/(enterprises\/LC01\/policies\/[^/]+)$/.exec(path);
  if (m !== null) {
    const name = m[1] ?? '';
    if (req.method === 'GET') {
      const p = s.amapi.get(name);
      return p === undefined ? json(res, { error: { code: 404 } }, 404) : json(res, p);
    }
    if (req.method === 'PATCH') {
      const version = String(Number(s.amapi.get(name)?.version ?? '0') + 1);
      const p = { ...(JSON.parse(body) as Obj), name, version };
      s.amapi.set(name, p);
      return json(res, p);
    }
    if (req.method === 'DELETE') {
      if (!s.amapi.has(name)) return json(res, { error: { code: 404 } }, 404);
      if (s.amapiDevices.some((d) => d.policyName === name)) throw new Refused(`${name} is in use`);
      s.amapi.delete(name);
      return json(res, {});
    }
  }
  // -- KMFDDM: declarations (tokens of its own), sets, enrollments.
  if (path.startsWith('/ddm/')) {
    if (!basic('kmfddm', 'ddm-key')) return void res.writeHead(401).end();
    m = /^\/ddm\/v1\/declarations\/([^/]+)$/.exec(path);
    // Deleting a declaration notifies nobody (it must be in no set), so takes no nonotify.
    const quiet = req.method === 'GET' || (m !== null && req.method === 'DELETE');
    if (url.searchParams.get('nonotify') !== (quiet ? null : 'true'))
      throw new Refused('a change without nonotify=true');
    if (m !== null && req.method === 'GET') {
      const d = s.declarations.get(decodeURIComponent(m[1] ?? ''));
      return d === undefined ? json(res, { error: 'not found' }, 404) : json(res, d);
    }
    if (m !== null && req.method === 'DELETE') {
      const id = decodeURIComponent(m[1] ?? '');
      if ([...s.sets].some((k) => k.endsWith(` ${id}`))) throw new Refused(`${id} is in a set`);
      return void res.writeHead(s.declarations.delete(id) ? 204 : 304).end();
    }
    m = /^\/ddm\/v1\/declaration-sets\/([^/]+)$/.exec(path);
    if (m !== null && req.method === 'GET') {
      const id = decodeURIComponent(m[1] ?? '');
      return json(
        res,
        [...s.sets].filter((k) => k.endsWith(` ${id}`)).map((k) => k.slice(0, -id.length - 1)),
      );
    }
    if (path === '/ddm/v1/declarations' && req.method === 'PUT') {
      const d = JSON.parse(body) as Obj;
      s.declarations.set(String(d.Identifier), { ...d, ServerToken: `kmf-${++s.serverTokens}` });
      return void res.writeHead(304).end();
    }
    m = /^\/ddm\/v1\/set-declarations\/([^/]+)$/.exec(path);
    if (m !== null && (req.method === 'PUT' || req.method === 'DELETE')) {
      const key = `${decodeURIComponent(m[1] ?? '')} ${url.searchParams.get('declaration')}`;
      const known = s.sets.has(key);
      if (req.method === 'PUT') s.sets.add(key);
      else s.sets.delete(key);
      return void res.writeHead(known === (req.method === 'PUT') ? 304 : 204).end();
    }
    m = /^\/ddm\/v1\/enrollment-sets\/([^/]+)$/.exec(path);
    if (m !== null && req.method === 'PUT') {
      const key = `${m[1]} ${url.searchParams.get('set')}`;
      const known = s.enrollmentSets.has(key);
      s.enrollmentSets.add(key);
      return void res.writeHead(known ? 304 : 204).end();
    }
  }
  // -- NanoMDM: the enqueue API.
  m = /^\/nanomdm\/v1\/enqueue\/(.+)$/.exec(path);
  if (m !== null && req.method === 'PUT') {
    if (!basic('nanomdm', 'nano-key')) return void res.writeHead(401).end();
    s.enqueued.push({ ids: decodeURIComponent(m[1] ?? ''), body });
    return json(res, { status: {}, request_type: 'DeclarativeManagement' });
  }
  // -- MicroMDM: the device list.
  if (path === '/micromdm/v1/devices' && req.method === 'GET') {
    if (!basic('micromdm', 'micro-key')) return void res.writeHead(401).end();
    return json(res, { devices: s.microDevices });
  }
  res.writeHead(404).end();
}

/** Starts the fakes on a free loopback port, empty but for the Graph collections given. */
export async function startFakeMdms(graph: Record<string, Obj[]> = {}): Promise<FakeMdms> {
  const state: FakeMdmState = {
    graph: new Map([
      ['deviceCompliancePolicies', []],
      ['deviceConfigurations', []],
      ['managedDevices', []],
      ...Object.entries(graph),
    ]),
    graphAssignments: new Map(),
    graphAssigns: 0,
    amapi: new Map(),
    amapiDevices: [],
    amapiDevicePatches: 0,
    amapiThrottled: 0,
    amapiDevicePages: 0,
    declarations: new Map(),
    sets: new Set(),
    enrollmentSets: new Set(),
    enqueued: [],
    microDevices: [],
    graphPosts: 0,
    graphDeleted: [],
    throttled: 0,
    serverTokens: 0,
  };
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      try {
        handle(state, req, res, new URL(req.url ?? '/', 'http://x'), Buffer.concat(parts).toString('utf8'));
      } catch (err) {
        res.writeHead(err instanceof Refused ? 400 : 500).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
