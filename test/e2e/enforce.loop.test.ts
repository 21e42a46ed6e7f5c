/**
 * The enforcement loop end to end through the CLI, on the demo office: the protocol in force is
 * compiled and pushed to three local MDMs (Intune over Graph, the Android Management API, a
 * KMFDDM-style DDM server with NanoMDM), the devices' status comes back (the Intune and AMAPI
 * pulls, a DDM status report as the MDM's webhook delivers it), and `config.drift` appears when
 * an MDM reports an older token and clears when it reports the one pushed. The DDM server keeps
 * ServerTokens of its own: the device is judged on the token the push recorded.
 */
import { writeFileSync } from 'node:fs';
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

    await run(...statusReport('status-new.plist', 1, (a) => a.remoteToken));
    expect(await drift(DDM_DEVICE.id)).toBeUndefined();
  });
});

describe('the Android Management API', () => {
  it('flags the phone on an older policy, and clears it once it applied the pushed one', async () => {
    const pushed = JSON.parse(
      await run('--json', 'mdm', 'push', 'android-management', '--protocol', PROTOCOL),
    ) as { artifacts: { role: string; remoteId: string }[] };
    const policy = pushed.artifacts.find((a) => a.role === ANDROID_DEVICE.role)?.remoteId ?? '';
    expect(policy).toMatch(/^enterprises\/LC01\/policies\/vigil-relaxed-social-news-[0-9a-f]{16}$/);
    const device = (applied: string, hours: number) => ({
      name: 'enterprises/LC01/devices/d1',
      state: 'ACTIVE',
      // Still assigned the older policy: the push does not move devices.
      policyName: applied,
      appliedPolicyName: applied,
      appliedPolicyVersion: '1',
      policyCompliant: applied === policy,
      hardwareInfo: { serialNumber: ANDROID_DEVICE.serial, brand: 'google', model: 'Pixel 9' },
      softwareInfo: { androidVersion: '16', securityPatchLevel: '2026-11-05' },
      lastStatusReportTime: ago(hours),
    });
    fakes.state.amapiDevices = [
      device('enterprises/LC01/policies/vigil-relaxed-social-news-0000000000000000', 2),
    ];
    await run('mdm', 'pull', 'android-management');
    expect(await drift(ANDROID_DEVICE.id)).toMatchObject({
      outcome: 'fail',
      evidence: {
        target: 'amapi',
        verdict: 'other',
        expected: [{ id: 'policy', token: policy.split('/').pop() }],
      },
    });

    fakes.state.amapiDevices = [device(policy, 1)];
    await run('mdm', 'pull', 'android-management');
    expect(await drift(ANDROID_DEVICE.id)).toBeUndefined();
  });
});

describe('Intune (Graph)', () => {
  it('flags the iPhone whose policy states name an older version, and clears it on the pushed ones', async () => {
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
    const managed = (version: string, hours: number) => ({
      id: 'intune-1',
      serialNumber: INTUNE_DEVICE.serial,
      operatingSystem: 'iOS',
      osVersion: '27.1',
      lastSyncDateTime: ago(hours),
      complianceState: 'compliant',
      deviceCompliancePolicyStates: [
        { displayName: compliance.replace(pushed.version, version), state: 'compliant' },
      ],
      deviceConfigurationStates: [
        { displayName: restrictions.replace(pushed.version, version), state: 'compliant' },
      ],
    });
    fakes.state.graph.set('managedDevices', [managed('2025.1', 2)]);
    await run('mdm', 'pull', 'intune');
    expect(await drift(INTUNE_DEVICE.id)).toMatchObject({
      outcome: 'fail',
      evidence: { target: 'intune', verdict: 'other' },
    });

    fakes.state.graph.set('managedDevices', [managed(pushed.version, 1)]);
    await run('mdm', 'pull', 'intune');
    expect(await drift(INTUNE_DEVICE.id)).toBeUndefined();
  });
});
