/**
 * `POST /connectors/:source/push` against local servers speaking each API: Microsoft Graph
 * (Intune objects, iOS on v1.0 and Android device owner on beta, found by displayName over pages,
 * created, PATCHed, left alone; a 429 retried),
 * the Android Management API (`policies.patch`), and a KMFDDM-style DDM server with NanoMDM's
 * enqueue API (declarations, sets, enrollments, then `DeclarativeManagement`). The AMAPI push
 * moves the role's Android phones onto the role's policy (`devices.patch`, pages of
 * `devices.list`, a 429 retried). A second push changes nothing; what went where is recorded
 * and readable as "last pushed"; only an admin may push. A new version's push removes the
 * objects Vigil created for the old one, and only those, once no device depends on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDelivery } from '../../src/adapters/mdm/index.ts';
import { amapiPolicyId } from '../../src/core/enforcement/applied.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { type FakeMdmState, type FakeMdms, startFakeMdms } from '../support/fake-mdms.ts';

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-push, title: E2E push, version: "1", sources: [{ id: g, title: A guide }] }
roles:
  calls:
    sensors: { camera: disabled, bluetooth: disabled, cite: [g] }
    controls: { passcode: { minLength: 6, maxFailedAttempts: 10, autoLock: PT5M }, cite: [g] }
`;
/** The next version: no passcode (its DDM declaration goes), the camera allowed (a new policy). */
const PROTOCOL_2 = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-push, title: E2E push, version: "2", sources: [{ id: g, title: A guide }] }
roles:
  calls:
    sensors: { camera: allowed, bluetooth: disabled, cite: [g] }
`;
const POLICIES = 'enterprises/LC01/policies';
/** The enterprise's phones: the one Vigil knows (calls, held to the protocol) and two it does not. */
const amapiDevice = (id: string, serial: string, policyName: string) => ({
  name: `enterprises/LC01/devices/${id}`,
  state: 'ACTIVE',
  policyName,
  hardwareInfo: { serialNumber: serial, brand: 'google', model: 'Pixel 9' },
  softwareInfo: { androidVersion: '16', securityPatchLevel: '2026-11-05' },
  lastStatusReportTime: '2026-11-21T05:30:00Z',
});
const UDID = '00008110-000A1B2C3D4E5F60';
/** The Entra ID group of the calls phones, and one an administrator assigned by hand. */
const GROUP = '6f1c2a0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER_GROUP = '0a0b0c0d-1e1f-4a4b-8c8d-9e9f0a0b0c0d';

type Obj = Record<string, unknown>;

let t: TestApp;
let fakes: FakeMdms;
let s: FakeMdmState;

beforeAll(async () => {
  fakes = await startFakeMdms({
    deviceCompliancePolicies: [{ id: 'other-1', displayName: 'Someone else', version: 4 }],
  });
  s = fakes.state;
  const base = fakes.base;
  t = await buildTestApp({
    pushes: {
      allowInsecureHttp: false,
      settings: {
        intune: {
          url: `${base}/graph/v1.0/deviceManagement/managedDevices`,
          token: 'graph-token',
          groups: { calls: GROUP },
        },
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
  const android = await t.call('POST', '/api/v1/devices', {
    body: {
      id: 'dev_push_2',
      serial: 'SN-PUSH-2',
      platform: 'android',
      model: 'Pixel 9',
      ownership: 'issued',
      role: 'calls',
      holderId: 'per_push',
      issuedAt: '2026-01-01T00:00:00Z',
    },
  });
  expect(android.statusCode, android.body).toBe(201);
  s.amapiDevices = [
    amapiDevice('d0', 'SN-OTHER-0', `${POLICIES}/kiosk`),
    amapiDevice('d1', 'SN-OTHER-1', `${POLICIES}/kiosk`),
    amapiDevice('d2', 'SN-PUSH-2', `${POLICIES}/default`),
  ];
  // The AMAPI device list links the device name to the Android phone (the pull does the same).
  const page = JSON.stringify({ devices: s.amapiDevices });
  await ingestDelivery(t.services, 'android-management', Buffer.from(page), {}, 'test');
}, 60_000);

afterAll(async () => {
  await t?.close();
  await fakes?.close();
});

interface Pushed {
  source: string;
  target: string;
  version: string;
  notified: number;
  artifacts: {
    pushId: string;
    pushedAt: string;
    actor: string;
    role: string;
    file: string;
    sha256: string;
    remoteId: string;
    remoteToken: string | null;
    action: string;
  }[];
  assignments: { role: string; remoteId: string; groupId: string; action: string; from?: string }[];
  retired: { role: string; version: string; remoteId: string; action: string; reason: string }[];
  withdrawn: boolean;
  moved: {
    pushId: string;
    movedAt: string;
    actor: string;
    role: string;
    device: string;
    from: string | null;
    to: string;
  }[];
}

const groupsOf = (id: string) =>
  (s.graphAssignments.get(id) ?? []).map((a) => (a.target as { groupId: string }).groupId);

const push = async (source: string, token?: string, body: Obj = { protocol: 'e2e-push' }) => {
  const res = await t.call('POST', `/api/v1/connectors/${source}/push`, {
    body,
    ...(token === undefined ? {} : { token }),
  });
  return { status: res.statusCode, body: res.json() as Pushed, raw: res.body };
};

describe('pushing a protocol to Intune (Graph)', () => {
  it('creates the iOS and Android objects (after a 429), then leaves them alone, then PATCHes those that drifted', async () => {
    const first = await push('intune');
    expect(first.status, first.raw).toBe(200);
    expect(first.body.target).toBe('intune');
    expect(first.body.artifacts.map((a) => [a.file, a.action])).toEqual([
      ['e2e-push-calls.intune-ios-compliance.json', 'created'],
      ['e2e-push-calls.intune-ios-restrictions.json', 'created'],
      ['e2e-push-calls.intune-android-compliance.json', 'created'],
      ['e2e-push-calls.intune-android-restrictions.json', 'created'],
    ]);
    expect(s.throttled).toBeGreaterThan(1);
    const compliance = s.graph.get('deviceCompliancePolicies') ?? [];
    expect(compliance.map((o) => o['@odata.type'])).toEqual([
      undefined,
      '#microsoft.graph.iosCompliancePolicy',
      '#microsoft.graph.androidDeviceOwnerCompliancePolicy',
    ]);
    // Both compliance policies carry the block action Graph requires at creation.
    for (const policy of compliance.slice(1))
      expect(policy.scheduledActionsForRule).toMatchObject([
        { scheduledActionConfigurations: [{ actionType: 'block' }] },
      ]);
    const [iosRestrictions, androidRestrictions] = (s.graph.get('deviceConfigurations') ?? []) as Obj[];
    expect(androidRestrictions).toMatchObject({
      '@odata.type': '#microsoft.graph.androidDeviceOwnerGeneralDeviceConfiguration',
      // The name ends in the digest of the content: another compilation is another object.
      displayName: expect.stringMatching(/^Vigil e2e-push 1 calls \(android restrictions\) [0-9a-f]{16}$/),
      cameraBlocked: true,
      bluetoothBlockConfiguration: true,
    });
    // Each object is assigned to the role's group.
    expect(first.body.assignments.map((a) => [a.remoteId, a.groupId, a.action])).toEqual(
      first.body.artifacts.map((a) => [a.remoteId, GROUP, 'assigned']),
    );
    for (const a of first.body.artifacts) expect(groupsOf(a.remoteId)).toEqual([GROUP]);
    const again = await push('intune');
    expect(again.status, again.raw).toBe(200);
    expect(again.body.artifacts.map((a) => a.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(again.body.assignments.map((a) => a.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(s.graphPosts).toBe(4);
    expect(s.graphAssigns).toBe(4);
    // Someone replaces the compliance policy's assignments by hand: the next push adds the
    // role's group back and keeps theirs.
    const policyId = first.body.artifacts[0]?.remoteId ?? '';
    s.graphAssignments.set(policyId, [
      { id: 'x', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: OTHER_GROUP } },
    ]);
    // Someone changes both restrictions by hand in Intune: the next push puts them back (the
    // Android one through beta: the fake refuses its type on v1.0).
    (iosRestrictions as Obj).cameraBlocked = false;
    (androidRestrictions as Obj).cameraBlocked = false;
    const third = await push('intune');
    expect(third.status, third.raw).toBe(200);
    expect(third.body.artifacts.map((a) => a.action)).toEqual([
      'unchanged',
      'updated',
      'unchanged',
      'updated',
    ]);
    expect(iosRestrictions?.cameraBlocked).toBe(true);
    expect(androidRestrictions?.cameraBlocked).toBe(true);
    expect(third.body.artifacts[1]?.remoteToken).toBe('2');
    expect(third.body.artifacts[3]?.remoteToken).toBe('2');
    expect(third.body.assignments.map((a) => a.action)).toEqual([
      'assigned',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(groupsOf(policyId)).toEqual([OTHER_GROUP, GROUP]);
  });

  it('is for admins only', async () => {
    for (const role of ['officer', 'technician', 'auditor', 'ingest'] as const) {
      expect((await push('intune', await t.token(role))).status, role).toBe(403);
    }
  });
});

describe('pushing a protocol to the Android Management API', () => {
  it('patches the policy into being under the name drift expects, records its version, and changes nothing the second time', async () => {
    const first = await push('android-management');
    expect(first.status, first.raw).toBe(200);
    // The name ends in the policy's digest: the one devices must report (config.drift).
    const name = `enterprises/LC01/policies/${amapiPolicyId('e2e-push', 'calls', first.body.artifacts[0]?.sha256 ?? '')}`;
    expect(name).toMatch(/\/vigil-e2e-push-calls-[0-9a-f]{16}$/);
    expect(first.body.artifacts).toMatchObject([
      { role: 'calls', remoteId: name, remoteToken: '1', action: 'created' },
    ]);
    expect(s.amapi.get(name)?.cameraAccess).toBe('CAMERA_ACCESS_DISABLED');
    // The calls phone Vigil knows is moved onto it (after a 429, its page the second of two);
    // the enterprise's other phones keep theirs.
    // Each move is a receipt row of the push, like its artifacts.
    const receipt = first.body.artifacts[0];
    expect(first.body.moved).toEqual([
      {
        pushId: receipt?.pushId,
        movedAt: receipt?.pushedAt,
        actor: receipt?.actor,
        role: 'calls',
        device: 'enterprises/LC01/devices/d2',
        from: `${POLICIES}/default`,
        to: name,
      },
    ]);
    expect(s.amapiThrottled).toBe(2);
    expect(s.amapiDevicePages).toBe(2);
    expect(s.amapiDevices.map((d) => d.policyName)).toEqual([`${POLICIES}/kiosk`, `${POLICIES}/kiosk`, name]);
    const again = await push('android-management');
    expect(again.body.artifacts[0]).toMatchObject({ remoteToken: '1', action: 'unchanged' });
    expect(again.body.moved).toEqual([]);
    expect(s.amapiDevicePatches).toBe(1);
    // Someone moves the phone by hand: the next push puts it back.
    (s.amapiDevices[2] as Obj).policyName = `${POLICIES}/kiosk`;
    const third = await push('android-management');
    expect(third.body.moved.map((m) => [m.from, m.to])).toEqual([[`${POLICIES}/kiosk`, name]]);
    expect(s.amapiDevicePatches).toBe(2);
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
      expect(a.remoteToken).toBe(s.declarations.get(a.remoteId)?.ServerToken);
      expect(s.sets.has(`vigil.e2e-push.calls ${a.remoteId}`)).toBe(true);
    }
    expect(s.enrollmentSets.has(`${UDID} vigil.e2e-push.calls`)).toBe(true);
    expect(s.enqueued).toHaveLength(1);
    expect(s.enqueued[0]?.ids).toBe(UDID);
    expect(s.enqueued[0]?.body).toContain('<string>DeclarativeManagement</string>');
    const again = await push('apple-mdm');
    expect(again.body.notified).toBe(0);
    expect(again.body.artifacts.every((a) => a.action === 'unchanged')).toBe(true);
    expect(s.enqueued).toHaveLength(1);
  });
});

describe('what was pushed', () => {
  it('is readable as the last push per connector, protocol and role, and in the audit log', async () => {
    const last = await t.services.pushes.lastPushed({ protocol: 'e2e-push', role: 'calls' });
    const sources = new Set(last.map((r) => r.source));
    expect(sources).toEqual(new Set(['intune', 'android-management', 'apple-mdm']));
    const intune = last.filter((r) => r.source === 'intune');
    expect(intune.map((r) => r.action).sort()).toEqual(['unchanged', 'unchanged', 'updated', 'updated']);
    expect(new Set(intune.map((r) => r.pushId)).size).toBe(1);
    const events = await t.call('GET', '/api/v1/audit/events?type=protocol.pushed');
    expect(events.statusCode, events.body).toBe(200);
    expect(events.body).toContain('protocol.pushed');
  });

  it('shows each artifact with who pushed it and when, in the API answer', async () => {
    const again = await push('android-management');
    expect(again.body.artifacts[0]).toMatchObject({
      actor: expect.any(String),
      pushedAt: expect.any(String),
    });
  });

  it('refuses a connector that takes no push', async () => {
    const res = await t.call('POST', '/api/v1/connectors/fleet/push', { body: { protocol: 'e2e-push' } });
    expect(res.statusCode).toBe(400);
  });
});

describe('a new version', () => {
  let v1: Record<string, string[]>;

  beforeAll(async () => {
    const last = await t.services.pushes.lastPushed({ protocol: 'e2e-push' });
    v1 = Object.fromEntries(
      ['intune', 'android-management', 'apple-mdm'].map((src) => [
        src,
        last.filter((r) => r.source === src).map((r) => r.remoteId),
      ]),
    );
    const stored = await t.call('PUT', '/api/v1/protocols', { body: { text: PROTOCOL_2 } });
    expect(stored.statusCode, stored.body).toBe(201);
  });

  it('moves the assignments of the Intune objects Vigil created for the old one to the new ones, deletes the old, and nothing else', async () => {
    const r = await push('intune');
    expect(r.status, r.raw).toBe(200);
    expect(r.body.version).toBe('2');
    expect(r.body.artifacts.every((a) => a.action === 'created')).toBe(true);
    expect(r.body.retired.map((x) => [x.remoteId, x.version, x.action]).sort()).toEqual(
      (v1.intune ?? []).map((id) => [id, '1', 'removed']).sort(),
    );
    // The group someone assigned the old iOS compliance policy to by hand now has the new one.
    const heir = r.body.artifacts[0]?.remoteId ?? '';
    expect(r.body.artifacts[0]?.file).toBe('e2e-push-calls.intune-ios-compliance.json');
    expect(groupsOf(heir)).toEqual([GROUP, OTHER_GROUP]);
    const moved = r.body.assignments.filter((a) => a.groupId === OTHER_GROUP);
    expect(moved).toEqual([
      { role: 'calls', remoteId: heir, groupId: OTHER_GROUP, action: 'assigned', from: expect.any(String) },
    ]);
    expect(v1.intune).toContain(moved[0]?.from);
    expect(s.graphDeleted.sort()).toEqual([...(v1.intune ?? [])].sort());
    // The object someone else made is still there.
    expect((s.graph.get('deviceCompliancePolicies') ?? []).map((o) => o.id)).toContain('other-1');
    const again = await push('intune');
    expect(again.body.retired).toEqual([]);
    expect(s.graphDeleted).toHaveLength(v1.intune?.length ?? 0);
  });

  it('moves the phone onto the new AMAPI policy, and deletes the old one once no phone is assigned it', async () => {
    const old = v1['android-management']?.[0] ?? '';
    // A phone Vigil does not manage was put on the old policy by hand.
    (s.amapiDevices[0] as Obj).policyName = old;
    const r = await push('android-management');
    expect(r.status, r.raw).toBe(200);
    const name = r.body.artifacts[0]?.remoteId ?? '';
    expect(name).not.toBe(old);
    expect(r.body.moved).toMatchObject([
      { role: 'calls', device: 'enterprises/LC01/devices/d2', from: old, to: name },
    ]);
    expect(r.body.retired).toMatchObject([
      { remoteId: old, action: 'kept', reason: 'still assigned to 1 device(s)' },
    ]);
    expect(s.amapi.has(old)).toBe(true);
    (s.amapiDevices[0] as Obj).policyName = `${POLICIES}/kiosk`;
    const next = await push('android-management');
    expect(next.body.moved).toEqual([]);
    expect(next.body.retired).toMatchObject([{ remoteId: old, version: '1', action: 'removed' }]);
    expect(s.amapi.has(old)).toBe(false);
    expect([...s.amapi.keys()]).toEqual([name]);
    expect((await push('android-management')).body.retired).toEqual([]);
  });

  it('takes the declaration the new version lacks out of the set, deletes it, and tells the enrollment', async () => {
    const before = s.enqueued.length;
    const r = await push('apple-mdm');
    expect(r.status, r.raw).toBe(200);
    const gone = (v1['apple-mdm'] ?? []).filter((id) => !r.body.artifacts.some((a) => a.remoteId === id));
    expect(gone).toEqual(['vigil.e2e-push.calls.passcode']);
    expect(r.body.retired).toMatchObject([{ remoteId: gone[0], action: 'removed' }]);
    expect(s.declarations.has(gone[0] ?? '')).toBe(false);
    expect([...s.sets].some((k) => k.endsWith(` ${gone[0]}`))).toBe(false);
    expect(s.enqueued).toHaveLength(before + 1);
    const again = await push('apple-mdm');
    expect(again.body.retired).toEqual([]);
    expect(again.body.notified).toBe(0);
  });

  it('records each removal as a receipt, and "last pushed" is what the MDMs hold now', async () => {
    const last = await t.services.pushes.lastPushed({ protocol: 'e2e-push' });
    expect(last.every((r) => r.version === '2' && r.action !== 'removed')).toBe(true);
    const owned = await t.services.pushes.owned('intune', 'e2e-push');
    expect(owned.length).toBeGreaterThan(0);
    expect(owned.every((o) => o.version === '2')).toBe(true);
    const events = await t.call('GET', '/api/v1/audit/events?type=protocol.pushed');
    expect(events.body).toContain('"retired"');
  });
});

/** Another protocol, for the person to follow once e2e-push is withdrawn. */
const OTHER = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: e2e-other, title: E2E other, version: "1", sources: [{ id: g, title: A guide }] }
roles:
  calls:
    sensors: { microphone: disabled, cite: [g] }
`;

describe('withdrawing a protocol', () => {
  const withdraw = (source: string) => push(source, undefined, { protocol: 'e2e-push', withdraw: true });

  it('is refused while the protocol governs anyone, naming them', async () => {
    const r = await withdraw('intune');
    expect(r.status, r.raw).toBe(409);
    const error = (JSON.parse(r.raw) as { error: { code: string; message: string; hint: string } }).error;
    expect(error.code).toBe('PROTOCOL_IN_USE');
    expect(error.message).toContain('per_push');
    expect(error.hint).toContain('vigil mdm push SOURCE --protocol OTHER');
    expect(await t.services.pushes.owned('intune', 'e2e-push')).not.toEqual([]);
  });

  it('once no one follows it, takes every object Vigil created for it out of each MDM, each a receipt', async () => {
    expect((await t.call('PUT', '/api/v1/protocols', { body: { text: OTHER } })).statusCode).toBe(201);
    const assigned = await t.call('PUT', '/api/v1/people/per_push/protocol', {
      body: { protocol: 'e2e-other' },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    // The phone moves onto the other protocol's policy first: AMAPI deletes no policy in use.
    const other = await push('android-management', undefined, { protocol: 'e2e-other' });
    expect(other.body.moved).toMatchObject([{ device: 'enterprises/LC01/devices/d2' }]);
    for (const source of ['intune', 'android-management', 'apple-mdm']) {
      const owned = await t.services.pushes.owned(source, 'e2e-push');
      expect(owned.length, source).toBeGreaterThan(0);
      const r = await withdraw(source);
      expect(r.status, r.raw).toBe(200);
      expect(r.body).toMatchObject({ withdrawn: true, version: '2', artifacts: [], moved: [] });
      expect(r.body.retired.map((x) => [x.remoteId, x.action]).sort(), source).toEqual(
        owned.map((o) => [o.remoteId, 'removed']).sort(),
      );
      expect(await t.services.pushes.owned(source, 'e2e-push'), source).toEqual([]);
      expect((await withdraw(source)).body.retired, source).toEqual([]);
    }
    const names = [
      ...(s.graph.get('deviceCompliancePolicies') ?? []),
      ...(s.graph.get('deviceConfigurations') ?? []),
    ].map((o) => String(o.displayName));
    expect(names.some((n) => n.startsWith('Vigil e2e-push '))).toBe(false);
    expect(names).toContain('Someone else');
    expect([...s.amapi.keys()].some((k) => k.includes('/vigil-e2e-push-'))).toBe(false);
    expect([...s.amapi.keys()].some((k) => k.includes('/vigil-e2e-other-'))).toBe(true);
    expect([...s.declarations.keys()].some((k) => k.startsWith('vigil.e2e-push.'))).toBe(false);
    // The MDMs hold nothing of it now, and the receipts say so.
    expect(await t.services.pushes.lastPushed({ protocol: 'e2e-push' })).toEqual([]);
    expect((await t.services.pushes.lastPushed({ protocol: 'e2e-other' })).length).toBeGreaterThan(0);
    const events = await t.call('GET', '/api/v1/audit/events?type=protocol.pushed');
    expect(events.body).toContain('"withdrawn":true');
  });
});
