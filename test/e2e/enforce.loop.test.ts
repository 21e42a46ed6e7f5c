/**
 * The enforcement loop end to end through the CLI, on the demo office: the protocol in force is
 * compiled and pushed to three local MDMs (Intune over Graph, the Android Management API, a
 * KMFDDM-style DDM server with NanoMDM), the devices' status comes back (the Intune and AMAPI
 * pulls, a DDM status report as the MDM's webhook delivers it), and `config.drift` appears when
 * an MDM reports an older token and clears when it reports the one pushed. The DDM server keeps
 * ServerTokens of its own: the device is judged on the token the push recorded. The AMAPI push
 * moves the Android phone onto its role's policy. A new version of the protocol, pushed, moves
 * the phone again and removes from each MDM the objects Vigil created for the old one (Intune's
 * once their assignments moved to the new ones). A protocol still in force is not withdrawn.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type PlistValue } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMdms, startFakeMdms } from '../support/fake-mdms.ts';
import { type VigilEnv, vigilEnv } from '../support/vigil-env.ts';

const PROTOCOL = 'relaxed-social';
/** The demo's devices, one per MDM: an iPhone on DDM, an iPhone on Intune, an Android phone. */
const DDM_DEVICE = { id: 'premier-calls', serial: 'DMQX57RT2F9M', role: 'calls' };
const INTUNE_DEVICE = { id: 'premier-social', serial: 'F2LXK0QJHG7F', role: 'social' };
const ANDROID_DEVICE = { id: 'aide-news', serial: '3A281FDH200J7K', role: 'news' };
const UDID = '00008130-001A2B3C4D5E6F70';
/** Entra ID groups for every role, so the pushed Intune objects are assigned (and old ones may go). */
const GROUPS = ['calls', 'social', 'news', 'general']
  .map((role, i) => `${role}=6f1c2a0e-3b4d-4e5f-8a9b-0c1d2e3f4a5${i}`)
  .join(',');

let fakes: FakeMdms;
let cli: VigilEnv;

interface Finding {
  rule: string;
  deviceId: string;
  outcome: string;
  evidence: { verdict: string; target: string; expected: { id: string; token: string }[] };
}

const run = async (...argv: string[]) => {
  const r = await cli.run(...argv);
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

/** The open config.drift finding of a device, as `vigil evaluate --device` states it (or none). */
async function drift(deviceId: string): Promise<Finding | undefined> {
  const r = await cli.run('--json', 'evaluate', '--device', deviceId);
  const out = JSON.parse(r.stdout) as { findings: Finding[] };
  return out.findings.find((f) => f.rule === 'config.drift');
}

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

beforeAll(async () => {
  fakes = await startFakeMdms();
  const base = fakes.base;
  cli = vigilEnv({
    name: 'enforce',
    env: () => ({
      LOG_LEVEL: 'silent',
      VIGIL_INTUNE_URL: `${base}/graph/v1.0/deviceManagement/managedDevices`,
      VIGIL_INTUNE_TOKEN: 'graph-token',
      VIGIL_INTUNE_GROUPS: GROUPS,
      VIGIL_ANDROID_MANAGEMENT_URL: `${base}/amapi/v1/enterprises/LC01/devices`,
      VIGIL_ANDROID_MANAGEMENT_TOKEN: 'amapi-token',
      VIGIL_APPLE_MDM_URL: `${base}/micromdm/v1/devices`,
      VIGIL_APPLE_MDM_API_KEY: 'micro-key',
      VIGIL_DDM_URL: `${base}/ddm`,
      VIGIL_DDM_API_KEY: 'ddm-key',
      VIGIL_NANOMDM_ENQUEUE_URL: `${base}/nanomdm/v1/enqueue`,
      VIGIL_NANOMDM_API_KEY: 'nano-key',
    }),
  });
  await run('demo');
}, 120_000);

afterAll(async () => {
  await cli?.cleanup();
  await fakes?.close();
});

describe('Apple DDM through a KMFDDM-style server', () => {
  it('flags the iPhone whose status report echoes an older ServerToken, and clears it on the pushed ones', async () => {
    // MicroMDM's device list links the enrollment (UDID) to the demo's iPhone.
    fakes.state.microDevices = [
      { serial_number: DDM_DEVICE.serial, udid: UDID, last_seen: ago(3), enrollment_status: true },
    ];
    await run('mdm', 'pull', 'apple-mdm');
    const pushed = JSON.parse(await run('--json', 'mdm', 'push', 'apple-mdm', '--protocol', PROTOCOL)) as {
      notified: number;
      artifacts: { role: string; remoteId: string; remoteToken: string }[];
    };
    expect(pushed.notified).toBe(1);
    expect(fakes.state.enqueued.map((e) => e.ids)).toEqual([UDID]);
    const ours = pushed.artifacts.filter((a) => a.role === DDM_DEVICE.role);
    // The server's tokens, not the compiled ones, are what the push recorded.
    expect(ours.every((a) => /^kmf-\d+$/.test(a.remoteToken))).toBe(true);

    const configurations = ours.filter((a) => /\.(legacy|passcode|status)$/.test(a.remoteId));
    expect(configurations.length).toBeGreaterThan(1);
    const statusReport = (file: string, hours: number, token: (a: (typeof ours)[number]) => string) => {
      const report = {
        StatusItems: {
          management: {
            declarations: {
              configurations: configurations.map((a) => ({
                identifier: a.remoteId,
                active: true,
                valid: 'valid',
                'server-token': token(a),
              })),
            },
          },
        },
        Errors: [],
      };
      const path = join(cli.cwd, file);
      writeFileSync(
        path,
        build({
          MessageType: 'DeclarativeManagement',
          Endpoint: 'status',
          UDID,
          Data: Buffer.from(JSON.stringify(report)),
        } as unknown as PlistValue),
      );
      return ['mdm', 'import', 'apple-mdm', path, '--observed-at', ago(hours)];
    };
    // One declaration still at the token the server gave an earlier version.
    const first = configurations[0]?.remoteId;
    await run(
      ...statusReport('status-old.plist', 2, (a) => (a.remoteId === first ? 'kmf-0' : a.remoteToken)),
    );
    const found = await drift(DDM_DEVICE.id);
    expect(found).toMatchObject({ outcome: 'fail', evidence: { target: 'apple-ddm', verdict: 'other' } });
    const text = await cli.run('evaluate', '--device', DDM_DEVICE.id);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`apple-ddm runs another configuration than protocol ${PROTOCOL}`);
    expect(found?.evidence.expected.find((e) => e.id === first)?.token).toBe(configurations[0]?.remoteToken);

    // A receipt for the holder carries the push records the finding relied on and verifies
    // offline; a push record changed in it does not.
    const receiptRun = await cli.run('evaluate', '--person', 'premier', '--receipt', 'drift-receipt.json');
    expect(receiptRun.stderr).toMatch(/Receipt written to drift-receipt\.json/);
    const receiptFile = join(cli.cwd, 'drift-receipt.json');
    const receipt = JSON.parse(readFileSync(receiptFile, 'utf8')) as {
      findings: { rule: string; deviceId: string | null }[];
      facts: { kind: string; value: { remoteId: string; remoteToken: string }; entries: number[] }[];
    };
    expect(receipt.findings).toContainEqual(
      expect.objectContaining({ rule: 'config.drift', deviceId: DDM_DEVICE.id }),
    );
    const pushFacts = receipt.facts.filter((f) => f.kind === 'push');
    expect(pushFacts.map((f) => f.value.remoteToken)).toEqual(
      expect.arrayContaining(configurations.map((a) => a.remoteToken)),
    );
    expect(pushFacts.every((f) => f.entries.length === 1)).toBe(true);
    const key = (await run('audit', 'key')).trim();
    const verified = await cli.run('receipt', 'verify', receiptFile, '--key', key);
    expect(verified.code, `${verified.stdout}${verified.stderr}`).toBe(0);
    (pushFacts[0] as { value: { remoteToken: string } }).value.remoteToken = 'kmf-forged';
    writeFileSync(join(cli.cwd, 'drift-tampered.json'), JSON.stringify(receipt));
    const tampered = await cli.run('receipt', 'verify', join(cli.cwd, 'drift-tampered.json'), '--key', key);
    expect(tampered.code).toBe(1);
    expect(`${tampered.stdout}${tampered.stderr}`).toContain('RECEIPT_DIGEST_MISMATCH');

    await run(...statusReport('status-new.plist', 1, (a) => a.remoteToken));
    expect(await drift(DDM_DEVICE.id)).toBeUndefined();
  });
});

/** The Android phone as AMAPI lists it: assigned `policyName`, running `applied`. */
const androidDevice = (policyName: string, applied: string, hours: number) => ({
  name: 'enterprises/LC01/devices/d1',
  state: 'ACTIVE',
  policyName,
  appliedPolicyName: applied,
  appliedPolicyVersion: '1',
  policyCompliant: policyName === applied,
  hardwareInfo: { serialNumber: ANDROID_DEVICE.serial, brand: 'google', model: 'Pixel 9' },
  softwareInfo: { androidVersion: '16', securityPatchLevel: '2026-11-05' },
  lastStatusReportTime: ago(hours),
});

/** Reports the phone as having applied what it is assigned now, and pulls. */
async function androidApplies(hours: number): Promise<void> {
  const assigned = String(fakes.state.amapiDevices[0]?.policyName);
  fakes.state.amapiDevices = [androidDevice(assigned, assigned, hours)];
  await run('mdm', 'pull', 'android-management');
}

describe('the Android Management API', () => {
  it('moves the phone off an older policy onto the pushed one, flags it until it applied it, then clears', async () => {
    const older = 'enterprises/LC01/policies/vigil-relaxed-social-news-0000000000000000';
    fakes.state.amapi.set(older, { name: older, version: '1' });
    fakes.state.amapiDevices = [androidDevice(older, older, 3)];
    // The pull links the AMAPI device to the demo's phone (which the push moves); the phone
    // runs an older policy than the protocol compiles to.
    await run('mdm', 'pull', 'android-management');
    expect(await drift(ANDROID_DEVICE.id)).toMatchObject({
      outcome: 'fail',
      evidence: { target: 'amapi', verdict: 'other' },
    });
    const pushed = JSON.parse(
      await run('--json', 'mdm', 'push', 'android-management', '--protocol', PROTOCOL),
    ) as {
      artifacts: { role: string; remoteId: string }[];
      moved: { device: string; from: string; to: string }[];
    };
    const policy = pushed.artifacts.find((a) => a.role === ANDROID_DEVICE.role)?.remoteId ?? '';
    expect(policy).toMatch(/^enterprises\/LC01\/policies\/vigil-relaxed-social-news-[0-9a-f]{16}$/);
    expect(pushed.moved).toMatchObject([
      { role: 'news', device: 'enterprises/LC01/devices/d1', from: older, to: policy },
    ]);
    expect(fakes.state.amapiDevices[0]?.policyName).toBe(policy);
    // Assigned the new policy, still running the older one: pending, so not yet verified.
    fakes.state.amapiDevices = [androidDevice(policy, older, 2)];
    await run('mdm', 'pull', 'android-management');
    expect(await drift(ANDROID_DEVICE.id)).toMatchObject({
      outcome: 'unverified',
      evidence: {
        target: 'amapi',
        verdict: 'unknown',
        expected: [{ id: 'policy', token: policy.split('/').pop() }],
      },
    });

    await androidApplies(1);
    expect(await drift(ANDROID_DEVICE.id)).toBeUndefined();
    // Vigil did not create the older policy: no push removes it.
    expect(fakes.state.amapi.has(older)).toBe(true);
  });
});

describe('Intune (Graph)', () => {
  it('flags the iPhone whose policy states name an older version or another compilation of it, and clears it on the pushed ones', async () => {
    const pushed = JSON.parse(await run('--json', 'mdm', 'push', 'intune', '--protocol', PROTOCOL)) as {
      version: string;
    };
    const named = (collection: string) =>
      (fakes.state.graph.get(collection) ?? [])
        .map((o) => String(o.displayName))
        .find((n) => n.includes(` ${INTUNE_DEVICE.role} (`) && !n.includes('(android ')) ?? '';
    const compliance = named('deviceCompliancePolicies');
    const restrictions = named('deviceConfigurations');
    expect(compliance).toContain(pushed.version);
    // The names end in the digest of the objects' content.
    expect(restrictions).toMatch(/ [0-9a-f]{16}$/);
    const managed = (name: (pushedName: string) => string, hours: number) => ({
      id: 'intune-1',
      serialNumber: INTUNE_DEVICE.serial,
      operatingSystem: 'iOS',
      osVersion: '27.1',
      lastSyncDateTime: ago(hours),
      complianceState: 'compliant',
      deviceCompliancePolicyStates: [{ displayName: name(compliance), state: 'compliant' }],
      deviceConfigurationStates: [{ displayName: name(restrictions), state: 'compliant' }],
    });
    fakes.state.graph.set('managedDevices', [managed((n) => n.replace(pushed.version, '2025.1'), 3)]);
    await run('mdm', 'pull', 'intune');
    expect(await drift(INTUNE_DEVICE.id)).toMatchObject({
      outcome: 'fail',
      evidence: { target: 'intune', verdict: 'other' },
    });
    // The version in force, but another compilation of it (other content, so another digest).
    fakes.state.graph.set('managedDevices', [managed((n) => n.replace(/[0-9a-f]{16}$/, '0'.repeat(16)), 2)]);
    await run('mdm', 'pull', 'intune');
    expect(await drift(INTUNE_DEVICE.id)).toMatchObject({
      outcome: 'fail',
      evidence: { target: 'intune', verdict: 'other' },
    });

    fakes.state.graph.set('managedDevices', [managed((n) => n, 1)]);
    await run('mdm', 'pull', 'intune');
    expect(await drift(INTUNE_DEVICE.id)).toBeUndefined();
  });
});

describe('a new version of the protocol, pushed', () => {
  const v1: Record<string, { remoteId: string; role: string }[]> = {};

  beforeAll(async () => {
    for (const source of ['android-management', 'intune', 'apple-mdm']) {
      const r = JSON.parse(await run('--json', 'mdm', 'push', source, '--protocol', PROTOCOL)) as {
        artifacts: { remoteId: string; role: string }[];
      };
      v1[source] = r.artifacts;
    }
    // The news phone may use its camera; the calls phone's passcode settings are dropped.
    const text = readFileSync(join(import.meta.dirname, '../../baselines/relaxed-social.yaml'), 'utf8')
      .replace('version: "2026.1"', 'version: "2026.2"')
      .concat(
        '  news:\n    sensors: { camera: allowed, cite: [politico-2018] }\n  calls:\n    controls: null\n',
      );
    const file = join(cli.cwd, 'relaxed-social-2.yaml');
    writeFileSync(file, text);
    await run('protocol', 'add', file);
  }, 120_000);

  it('moves the Android phone onto the new policy and deletes the old policies Vigil created', async () => {
    const r = JSON.parse(
      await run('--json', 'mdm', 'push', 'android-management', '--protocol', PROTOCOL),
    ) as {
      version: string;
      artifacts: { role: string; remoteId: string }[];
      moved: { from: string; to: string }[];
      retired: { role: string; remoteId: string; action: string }[];
    };
    expect(r.version).toBe('2026.2');
    const before = v1['android-management']?.find((a) => a.role === 'news')?.remoteId;
    const now = r.artifacts.find((a) => a.role === 'news')?.remoteId ?? '';
    expect(now).not.toBe(before);
    expect(r.moved).toMatchObject([{ from: before, to: now }]);
    expect(fakes.state.amapiDevices[0]?.policyName).toBe(now);
    const current = new Set(r.artifacts.map((a) => a.remoteId));
    const superseded = (v1['android-management'] ?? []).filter((a) => !current.has(a.remoteId));
    expect(superseded.map((a) => a.role).sort()).toEqual(['calls', 'news']);
    expect(r.retired.map((x) => [x.remoteId, x.action])).toEqual(
      expect.arrayContaining(superseded.map((a) => [a.remoteId, 'removed'])),
    );
    expect(r.retired).toHaveLength(2);
    for (const a of superseded) expect(fakes.state.amapi.has(a.remoteId)).toBe(false);
    // Once it applied the new policy, the phone runs the version in force.
    await androidApplies(0.5);
    expect(await drift(ANDROID_DEVICE.id)).toBeUndefined();
  });

  it('moves the assignments of the old version’s Intune objects to the new ones, and deletes the old', async () => {
    const text = await run('mdm', 'push', 'intune', '--protocol', PROTOCOL);
    expect(text).toMatch(/^relaxed-social 2026\.2 pushed to intune \(intune\) at \S+ by cli/);
    const old = (v1.intune ?? []).map((a) => a.remoteId);
    expect(old.length).toBeGreaterThan(0);
    for (const id of old)
      expect(text).toMatch(
        new RegExp(
          `^  removed +\\w+ +${id}  \\(version 2026\\.1: deleted; its 1 assignment\\(s\\) moved to g-\\d+\\)$`,
          'm',
        ),
      );
    expect(fakes.state.graphDeleted.sort()).toEqual([...old].sort());
    const names = (fakes.state.graph.get('deviceCompliancePolicies') ?? []).map((o) => String(o.displayName));
    expect(names.every((n) => n.includes('2026.2'))).toBe(true);
  });

  it('takes the dropped passcode declaration out of the DDM server and tells the iPhone', async () => {
    const before = fakes.state.enqueued.length;
    const r = JSON.parse(await run('--json', 'mdm', 'push', 'apple-mdm', '--protocol', PROTOCOL)) as {
      retired: { remoteId: string; action: string }[];
    };
    expect(r.retired).toEqual([
      expect.objectContaining({ remoteId: 'vigil.relaxed-social.calls.passcode', action: 'removed' }),
    ]);
    expect(fakes.state.declarations.has('vigil.relaxed-social.calls.passcode')).toBe(false);
    expect(fakes.state.enqueued.slice(before).map((e) => e.ids)).toEqual([UDID]);
  });
});

describe('withdrawing a protocol from an MDM', () => {
  it('is refused while the protocol governs anyone, with the next step', async () => {
    const r = await cli.run('mdm', 'push', 'intune', '--protocol', PROTOCOL, '--withdraw');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('PROTOCOL_IN_USE');
    expect(r.stderr).toContain('vigil mdm push SOURCE --protocol OTHER');
    expect(fakes.state.graph.get('deviceCompliancePolicies')?.length).toBeGreaterThan(0);
  });

  it('takes out every object Vigil created there for a protocol no one follows, and says so', async () => {
    // The demo holds no one to nsa-mobile: pushed (by mistake, or for a trial), then withdrawn.
    const pushed = JSON.parse(await run('--json', 'mdm', 'push', 'intune', '--protocol', 'nsa-mobile')) as {
      artifacts: { remoteId: string; action: string }[];
    };
    expect(pushed.artifacts.length).toBeGreaterThan(0);
    const text = await run('mdm', 'push', 'intune', '--protocol', 'nsa-mobile', '--withdraw');
    expect(text).toMatch(/^nsa-mobile withdrawn from intune \(intune\):$/m);
    for (const a of pushed.artifacts)
      expect(text).toMatch(new RegExp(`^  removed +\\w+ +${a.remoteId}  \\(version \\S+: deleted\\)$`, 'm'));
    const names = [
      ...(fakes.state.graph.get('deviceCompliancePolicies') ?? []),
      ...(fakes.state.graph.get('deviceConfigurations') ?? []),
    ].map((o) => String(o.displayName));
    expect(names.some((n) => n.startsWith('Vigil nsa-mobile '))).toBe(false);
    expect(names.some((n) => n.startsWith(`Vigil ${PROTOCOL} `))).toBe(true);
    expect(await run('mdm', 'push', 'intune', '--protocol', 'nsa-mobile', '--withdraw')).toContain(
      'nothing: Vigil holds no object there for it.',
    );
  });
});
