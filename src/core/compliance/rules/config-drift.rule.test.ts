/** config.drift: the device's MDM reports it applied what the protocol version in force compiles to. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../audit/tlog/tree.ts';
import { amapiPolicyId, expectedApplied } from '../../enforcement/applied.ts';
import { compileEnforcement } from '../../enforcement/compile.ts';
import type { PushedToken } from '../../enforcement/pushed.ts';
import type { PostureReport } from '../../model.ts';
import type { AppliedConfiguration } from '../../posture/fields.ts';
import { compileProtocol } from '../../protocol/compile.ts';
import { protocolSchema } from '../../protocol/protocol.schema.ts';
import { DAY, HOUR } from '../../time.ts';
import { compliantPosture, findingsOf, history, onlyFindingOf, T0 } from '../test-helpers.ts';
import { DRIFT_GRACE, expectedTokens } from './config-drift.rule.ts';

const doc = (version: string, camera: 'disabled' | 'allowed') =>
  protocolSchema.parse({
    apiVersion: 'vigil/v1',
    kind: 'Protocol',
    metadata: { name: 'test-protocol', title: 'Test', version, extends: null },
    roles: {
      calls: {
        sensors: { camera },
        controls: { passcode: { minLength: 6 } },
        posture: { maxAge: 'P30D' },
      },
    },
  });
const SOURCE = 'test-mdm';
const v1 = compileProtocol(doc('1', 'allowed'));
const v2 = { ...compileProtocol(doc('2', 'disabled')), inForceSince: T0 - 3 * DAY };

const ddm = (
  tokens: 'v1' | 'v2',
  state: 'applied' | 'pending' | 'failed' = 'applied',
): AppliedConfiguration => ({
  target: 'apple-ddm',
  compliance: null,
  items: expectedApplied(
    tokens === 'v1' ? v1.document : v2.document,
    'calls',
    'apple-ddm',
    'ios',
    sha256Hex,
  ).map((e) => ({ ...e, state })),
});
const report = (id: string, at: number, applied: AppliedConfiguration | null): PostureReport =>
  compliantPosture({ id, deviceId: 'd1', observedAt: at, receivedAt: at, applied });
const phone = (...posture: PostureReport[]) => history('d1', { posture });
const android = (...posture: PostureReport[]) =>
  history('d1', { posture, device: { platform: 'android', model: 'Pixel 9' } });
const run = (...posture: PostureReport[]) =>
  findingsOf('config.drift', [phone(...posture)], { protocols: [v2] });

describe('config.drift', () => {
  it('passes a device whose DDM status echoes every configuration token of the version in force', () => {
    expect(run(report('r1', T0 - HOUR, ddm('v2')))).toEqual([]);
  });

  it('fires when the device still runs the previous version past the grace period, with both tokens', () => {
    const f = onlyFindingOf('config.drift', [phone(report('r1', T0 - HOUR, ddm('v1')))], { protocols: [v2] });
    expect(f).toMatchObject({ outcome: 'fail', severity: 'high', since: T0 - 3 * DAY + DRIFT_GRACE });
    const legacy = (items: readonly { id: string; token: string }[]) =>
      items.find((x) => x.id.endsWith('.legacy'))?.token;
    expect(legacy(f.evidence.expected as { id: string; token: string }[])).toBe(legacy(ddm('v2').items));
    expect(legacy(f.evidence.reported as { id: string; token: string }[])).toBe(legacy(ddm('v1').items));
    expect(f.evidence).toMatchObject({
      protocol: 'test-protocol',
      version: '2',
      target: 'apple-ddm',
      verdict: 'other',
    });
  });

  it('gives the device the grace period after the version came into force', () => {
    const fresh = { ...v2, inForceSince: T0 - 2 * HOUR };
    expect(
      findingsOf('config.drift', [phone(report('r1', T0 - HOUR, ddm('v1')))], { protocols: [fresh] }),
    ).toEqual([]);
  });

  it('is unverified when the configuration is still pending past the grace, a failure when invalid', () => {
    expect(run(report('r1', T0 - HOUR, ddm('v2', 'pending')))[0]?.outcome).toBe('unverified');
    expect(run(report('r1', T0 - HOUR, ddm('v2', 'failed')))[0]).toMatchObject({
      outcome: 'fail',
      evidence: { verdict: 'failed' },
    });
  });

  it('clears when the device reports the right tokens, and ignores devices whose MDM reports nothing', () => {
    expect(run(report('r1', T0 - 2 * DAY, ddm('v1')), report('r2', T0 - HOUR, ddm('v2')))).toEqual([]);
    expect(run(report('r1', T0 - HOUR, null))).toEqual([]);
  });

  it('compares Android policy ids and Intune display names', () => {
    const [policy] = expectedApplied(v2.document, 'calls', 'amapi', 'android', sha256Hex);
    const [old] = expectedApplied(v1.document, 'calls', 'amapi', 'android', sha256Hex);
    expect(policy?.token).toMatch(/^vigil-test-protocol-calls-[0-9a-f]{16}$/);
    expect(policy?.token).not.toBe(old?.token);
    const amapi = (token: string): AppliedConfiguration => ({
      target: 'amapi',
      compliance: 'compliant',
      items: [{ id: 'policy', token, state: 'applied', version: '4' }],
    });
    expect(run(report('r1', T0 - HOUR, amapi(policy?.token ?? '')))).toEqual([]);
    expect(run(report('r1', T0 - HOUR, amapi(old?.token ?? '')))[0]?.evidence).toMatchObject({
      verdict: 'other',
      expected: [policy],
      reported: [{ id: 'policy', token: old?.token }],
    });
    const [compliance, configuration] = expectedApplied(v2.document, 'calls', 'intune', 'ios', sha256Hex);
    const intune: AppliedConfiguration = {
      target: 'intune',
      compliance: 'inGracePeriod',
      items: [
        { id: 'compliance', token: compliance?.token ?? '', state: 'applied' },
        { id: 'configuration', token: 'Wi-Fi', state: 'applied' },
        { id: 'configuration', token: configuration?.token ?? '', state: 'pending' },
      ],
    };
    const f = run(report('r1', T0 - HOUR, intune))[0];
    expect(f).toMatchObject({ outcome: 'unverified', evidence: { compliance: 'inGracePeriod' } });
    expect(((f?.evidence.reported ?? []) as { token: string }[]).map((x) => x.token)).not.toContain('Wi-Fi');
  });

  it('expects the ServerTokens a DDM server recorded for the push of the version in force, where it replaced them', () => {
    // KMFDDM-style: the server keeps tokens of its own, which devices echo.
    const serverTokens = (version: string, tag: string): PushedToken[] =>
      expectedApplied(
        version === '1' ? v1.document : v2.document,
        'calls',
        'apple-ddm',
        'ios',
        sha256Hex,
      ).map((e, n) => ({
        pushedAt: T0 - 2 * DAY,
        source: SOURCE,
        actor: 'test',
        target: 'apple-ddm',
        file: 'test-protocol-calls.ddm.json',
        sha256: 'ddm-set-sha256',
        action: 'created',
        protocol: 'test-protocol',
        version,
        role: 'calls',
        remoteId: e.id,
        remoteToken: `${tag}-${n}`,
      }));
    const echoes = (tag: string, n = 3): AppliedConfiguration => ({
      target: 'apple-ddm',
      compliance: null,
      items: ddm('v2')
        .items.slice(0, n)
        .map((x, i) => ({ ...x, token: `${tag}-${i}` })),
    });
    const pushes = [...serverTokens('1', 'kmf-old'), ...serverTokens('2', 'kmf-new')];
    const runWith = (applied: AppliedConfiguration, p: readonly PushedToken[], at = T0) =>
      findingsOf('config.drift', [phone(report('r1', T0 - HOUR, applied))], {
        protocols: [v2],
        pushes: p,
        at,
      });
    expect(runWith(echoes('kmf-new'), pushes)).toEqual([]);
    // Without the push's record, the server's tokens are not the compiled ones: drift.
    expect(runWith(echoes('kmf-new'), [])[0]?.evidence).toMatchObject({ verdict: 'other' });
    // The previous version's tokens, as the server recorded them, are drift; the expected are the server's.
    const old = runWith(echoes('kmf-old'), pushes)[0];
    expect(old?.evidence).toMatchObject({ verdict: 'other' });
    expect(((old?.evidence.expected ?? []) as { token: string }[]).map((e) => e.token)).toEqual([
      'kmf-new-0',
      'kmf-new-1',
      'kmf-new-2',
    ]);
    // A push to another MDM, or made after the instant evaluated, says nothing of this device's.
    const elsewhere = pushes.map((p) => ({ ...p, source: 'other-mdm' }));
    expect(runWith(echoes('kmf-new'), elsewhere)[0]?.evidence).toMatchObject({ verdict: 'other' });
    const later = pushes.map((p) => ({ ...p, pushedAt: T0 + HOUR }));
    expect(runWith(echoes('kmf-new'), later)[0]?.evidence).toMatchObject({ verdict: 'other' });
    // Where the server kept the compiled tokens, the record changes nothing.
    const kept = serverTokens('2', 'x').map((p, n) => ({
      ...p,
      remoteToken: ddm('v2').items[n]?.token ?? null,
    }));
    expect(runWith(ddm('v2'), kept)).toEqual([]);
  });

  it('names the Android policy as the push does: the one function for both', () => {
    for (const version of [v1, v2]) {
      const [artifact] = compileEnforcement(version.document, 'calls', 'amapi', { sha256: sha256Hex });
      const [expected] = expectedApplied(version.document, 'calls', 'amapi', 'android', sha256Hex);
      expect(amapiPolicyId('test-protocol', 'calls', artifact?.sha256 ?? '')).toBe(expected?.token);
    }
    expect(amapiPolicyId('a b', 'calls', 'f'.repeat(64))).toBe('vigil-a_b-calls-ffffffffffffffff');
  });

  it('computes the expected tokens once per protocol version, role and target', () => {
    expect(expectedTokens(v2, 'calls', 'apple-ddm', 'ios')).toBe(
      expectedTokens(v2, 'calls', 'apple-ddm', 'ios'),
    );
    expect(expectedTokens(v2, 'calls', 'apple-ddm', 'ios').map((e) => e.id)).toEqual([
      'vigil.test-protocol.calls.legacy',
      'vigil.test-protocol.calls.passcode',
      'vigil.test-protocol.calls.status',
    ]);
  });
  describe('Intune, by platform', () => {
    const names = (version: '1' | '2', platform: 'ios' | 'android') =>
      expectedApplied((version === '1' ? v1 : v2).document, 'calls', 'intune', platform, sha256Hex);
    const intune = (items: readonly { id: string; token: string }[]): AppliedConfiguration => ({
      target: 'intune',
      compliance: 'compliant',
      items: items.map((x) => ({ id: x.id, token: x.token, state: 'applied' })),
    });
    const runOn = (device: 'ios' | 'android', applied: AppliedConfiguration) =>
      findingsOf('config.drift', [(device === 'ios' ? phone : android)(report('r1', T0 - HOUR, applied))], {
        protocols: [v2],
      });

    it('expects the Android objects of an Android phone and the iOS objects of an iPhone', () => {
      expect(names('2', 'android').map((e) => e.token)).toEqual([
        expect.stringMatching(/^Vigil test-protocol 2 calls \(android compliance\) [0-9a-f]{16}$/),
        expect.stringMatching(/^Vigil test-protocol 2 calls \(android restrictions\) [0-9a-f]{16}$/),
      ]);
      expect(runOn('android', intune(names('2', 'android')))).toEqual([]);
      expect(runOn('ios', intune(names('2', 'ios')))).toEqual([]);
      // The other platform's objects, or the previous version's, are another configuration.
      const crossed = runOn('android', intune(names('2', 'ios')))[0];
      expect(crossed?.evidence).toMatchObject({ verdict: 'other', expected: names('2', 'android') });
      expect(runOn('ios', intune(names('2', 'android')))[0]?.evidence).toMatchObject({
        verdict: 'other',
        expected: names('2', 'ios'),
      });
      expect(runOn('android', intune(names('1', 'android')))[0]?.evidence).toMatchObject({
        verdict: 'other',
        reported: names('1', 'android'),
      });
      expect(expectedTokens(v2, 'calls', 'intune', 'android')).toBe(
        expectedTokens(v2, 'calls', 'intune', 'android'),
      );
    });

    it('tells two compilations of one version apart: the names end in the digest of the content', () => {
      // Version 2 compiled by a compiler that mapped a setting otherwise: same version, other content.
      const v2Other = compileProtocol(doc('2', 'allowed'));
      const other = expectedApplied(v2Other.document, 'calls', 'intune', 'ios', sha256Hex);
      expect(other.map((e) => e.token.replace(/ [0-9a-f]{16}$/, ''))).toEqual(
        names('2', 'ios').map((e) => e.token.replace(/ [0-9a-f]{16}$/, '')),
      );
      expect(other.map((e) => e.token)).not.toEqual(names('2', 'ios').map((e) => e.token));
      expect(runOn('ios', intune(other))[0]?.evidence).toMatchObject({ verdict: 'other', reported: other });
      // The name is the compiled object's own.
      const compiled = compileEnforcement(v2.document, 'calls', 'intune', { sha256: sha256Hex })
        .filter((a) => a.file.includes('.intune-ios-'))
        .map((a) => (JSON.parse(a.content) as { displayName: string }).displayName);
      expect(compiled).toEqual(names('2', 'ios').map((e) => e.token));
    });

    it('property: a device passes exactly when it echoes every object of its own platform and version', () => {
      const all = (['1', '2'] as const).flatMap((version) =>
        (['ios', 'android'] as const).flatMap((platform) => names(version, platform)),
      );
      fc.assert(
        fc.property(
          fc.constantFrom('ios' as const, 'android' as const),
          fc.subarray(all, { minLength: 1 }),
          (device, items) => {
            const wanted = names('2', device);
            const passes = wanted.every((w) => items.some((x) => x.id === w.id && x.token === w.token));
            expect(runOn(device, intune(items)).length === 0).toBe(passes);
          },
        ),
        { numRuns: 100 },
      );
    });
  });
});
