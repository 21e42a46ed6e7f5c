import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors.ts';
import { SENSORS, SEVERITIES } from '../model.ts';
import { compareProtocols, formatComparison, type ProtocolDifference } from './compare.ts';
import type { ProtocolDocument, RoleRequirements } from './protocol.schema.ts';
import { resolveProtocol } from './resolve.ts';

const meta = (name: string): ProtocolDocument['metadata'] => ({
  name,
  title: name,
  version: '1',
  extends: null,
});

function protocol(
  name: string,
  body: Omit<ProtocolDocument, 'apiVersion' | 'kind' | 'metadata'>,
): ProtocolDocument {
  return { apiVersion: 'vigil/v1', kind: 'Protocol', metadata: meta(name), ...body };
}

const calls = (r: RoleRequirements): ProtocolDocument => protocol('x', { roles: { calls: r } });

const strict = protocol('strict', {
  roles: {
    calls: {
      rotation: { every: 'P30D', grace: 'P3D', cite: ['s'] },
      sensors: { camera: 'disabled', microphone: 'disabled', location: 'disabled' },
    },
    social: {
      rotation: { every: 'P30D', grace: 'P3D' },
      inspection: { every: 'P30D', grace: 'P3D' },
      sensors: { camera: 'disabled', microphone: 'disabled', location: 'disabled' },
    },
  },
  facilities: { 'main-building': { personalDevices: 'banned', acknowledgement: 'required' } },
  waivers: { maxDuration: 'P90D', approverRole: 'officer' },
});

function swap(d: ProtocolDifference): ProtocolDifference {
  const stricter = d.stricter === 'a' ? 'b' : d.stricter === 'b' ? 'a' : d.stricter;
  return { path: d.path, a: d.b, b: d.a, stricter };
}

describe('compareProtocols', () => {
  it('finds no difference between a protocol and itself', () => {
    expect(compareProtocols(strict, strict)).toEqual([]);
  });

  it('shows the social phone exempt from swaps and with camera and microphone on', () => {
    const relaxed: ProtocolDocument = {
      ...strict,
      metadata: meta('relaxed'),
      roles: {
        ...strict.roles,
        social: {
          ...strict.roles?.social,
          rotation: null,
          sensors: { camera: 'allowed', microphone: 'allowed', location: 'disabled' },
        },
      },
    };
    expect(compareProtocols(strict, relaxed)).toEqual([
      { path: 'roles.social.rotation.every', a: 'P30D', b: null, stricter: 'a' },
      { path: 'roles.social.rotation.grace', a: 'P3D', b: null, stricter: 'a' },
      { path: 'roles.social.sensors.camera', a: 'disabled', b: 'allowed', stricter: 'a' },
      { path: 'roles.social.sensors.microphone', a: 'disabled', b: 'allowed', stricter: 'a' },
    ]);
  });

  it('compares by meaning: equal durations, lists in any order, defaults and absence', () => {
    const a = calls({
      rotation: { every: 'P4W' },
      sensors: { camera: 'allowed' },
      apps: { allow: ['b.app', 'a.app'] },
      os: { lockdownMode: 'optional' },
    });
    const b = calls({
      rotation: { every: 'P28D', cite: ['x'] },
      sensors: {},
      apps: { allow: ['a.app', 'b.app', 'a.app'] },
    });
    expect(compareProtocols(a, b)).toEqual([]);
  });

  it('ignores metadata and cite', () => {
    const a = { ...strict, metadata: { ...meta('other'), version: '9', sources: [{ id: 's', title: 'S' }] } };
    expect(compareProtocols(strict, a)).toEqual([]);
  });

  it('treats a shorter interval or grace as stricter, and no grace as the shortest', () => {
    expect(
      compareProtocols(
        calls({ inspection: { every: 'P30D' } }),
        calls({ inspection: { every: 'P7D', grace: 'P1D' } }),
      ),
    ).toEqual([
      { path: 'roles.calls.inspection.every', a: 'P30D', b: 'P7D', stricter: 'b' },
      { path: 'roles.calls.inspection.grace', a: 'P0D', b: 'P1D', stricter: 'a' },
    ]);
    expect(
      compareProtocols(
        calls({ posture: { maxAge: 'PT12H' }, os: { maxBehindLatest: 'P14D' } }),
        calls({ posture: { maxAge: 'P1D' } }),
      ),
    ).toEqual([
      { path: 'roles.calls.os.maxBehindLatest', a: 'P14D', b: null, stricter: 'a' },
      { path: 'roles.calls.posture.maxAge', a: 'PT12H', b: 'P1D', stricter: 'a' },
    ]);
  });

  it('treats disabled and required as stricter than allowed, optional or absent', () => {
    expect(
      compareProtocols(
        calls({ sensors: { bluetooth: 'allowed' }, os: { lockdownMode: 'optional' } }),
        calls({ sensors: { bluetooth: 'disabled' }, os: { lockdownMode: 'required' } }),
      ),
    ).toEqual([
      { path: 'roles.calls.os.lockdownMode', a: 'optional', b: 'required', stricter: 'b' },
      { path: 'roles.calls.sensors.bluetooth', a: 'allowed', b: 'disabled', stricter: 'b' },
    ]);
  });

  it('compares device controls: a passcode, longer, fewer attempts, sooner lock, capture disabled', () => {
    expect(
      compareProtocols(
        calls({ controls: { passcode: { minLength: 6, maxFailedAttempts: 10, autoLock: 'PT5M' } } }),
        calls({
          controls: {
            passcode: { minLength: 8, maxFailedAttempts: 5, autoLock: 'PT10M' },
            screenCapture: 'disabled',
          },
        }),
      ),
    ).toEqual([
      { path: 'roles.calls.controls.passcode.autoLock', a: 'PT5M', b: 'PT10M', stricter: 'a' },
      { path: 'roles.calls.controls.passcode.maxFailedAttempts', a: '10', b: '5', stricter: 'b' },
      { path: 'roles.calls.controls.passcode.minLength', a: '6', b: '8', stricter: 'b' },
      { path: 'roles.calls.controls.screenCapture', a: null, b: 'disabled', stricter: 'b' },
    ]);
    expect(compareProtocols(calls({ controls: { passcode: {} } }), calls({}))).toEqual([
      { path: 'roles.calls.controls.passcode', a: 'required', b: null, stricter: 'a' },
    ]);
  });

  it('treats a smaller allow-list that is a subset as stricter, and a present list as stricter than none', () => {
    const only = (allow: string[]): ProtocolDocument => calls({ apps: { allow } });
    expect(compareProtocols(only(['a.app']), only(['a.app', 'b.app']))[0]?.stricter).toBe('a');
    expect(compareProtocols(only(['a.app', 'c.app']), only(['a.app', 'b.app']))).toEqual([
      { path: 'roles.calls.apps.allow', a: 'a.app, c.app', b: 'a.app, b.app', stricter: 'unknown' },
    ]);
    expect(compareProtocols(only([]), calls({}))).toEqual([
      { path: 'roles.calls.apps.allow', a: '(none)', b: null, stricter: 'a' },
    ]);
  });

  it('treats fewer accepted inspection methods as stricter', () => {
    const by = (methods?: ('forensic-scan' | 'mdm-review')[]): ProtocolDocument =>
      calls({ inspection: methods === undefined ? { every: 'P30D' } : { every: 'P30D', methods } });
    expect(compareProtocols(by(['forensic-scan', 'mdm-review']), by(['forensic-scan']))[0]?.stricter).toBe(
      'b',
    );
    expect(compareProtocols(by(), by(['mdm-review']))).toEqual([
      { path: 'roles.calls.inspection.methods', a: null, b: 'mdm-review', stricter: 'b' },
    ]);
  });

  it('treats a higher minimum OS version or patch level as stricter', () => {
    expect(
      compareProtocols(
        calls({ os: { minVersion: { ios: '18.6.2', android: '2026-01-01' } } }),
        calls({ os: { minVersion: { ios: '18.10', android: '2026-05-01' } } }),
      ),
    ).toEqual([
      { path: 'roles.calls.os.minVersion.android', a: '2026-01-01', b: '2026-05-01', stricter: 'b' },
      { path: 'roles.calls.os.minVersion.ios', a: '18.6.2', b: '18.10', stricter: 'b' },
    ]);
  });

  it('compares facilities, waivers and severities', () => {
    const other = protocol('other', {
      facilities: {
        'main-building': { personalDevices: 'allowed', policyVersion: '2' },
        annex: { personalDevices: 'banned' },
      },
      waivers: { maxDuration: 'P30D', approverRole: 'admin' },
      severities: { 'sensor.camera': 'critical' },
    });
    expect(compareProtocols(strict, other).filter((d) => !d.path.startsWith('roles.'))).toEqual([
      { path: 'facilities.annex.personalDevices', a: null, b: 'banned', stricter: 'b' },
      { path: 'facilities.main-building.acknowledgement', a: 'required', b: null, stricter: 'a' },
      { path: 'facilities.main-building.personalDevices', a: 'banned', b: 'allowed', stricter: 'a' },
      { path: 'facilities.main-building.policyVersion', a: null, b: '2', stricter: 'unknown' },
      { path: 'severities.sensor.camera', a: null, b: 'critical', stricter: 'unknown' },
      { path: 'waivers.approverRole', a: 'officer', b: 'admin', stricter: 'unknown' },
      { path: 'waivers.maxDuration', a: 'P90D', b: 'P30D', stricter: 'b' },
    ]);
    const sev = (s: 'low' | 'high'): ProtocolDocument =>
      protocol('s', { severities: { 'sensor.camera': s } });
    expect(compareProtocols(sev('low'), sev('high'))[0]?.stricter).toBe('b');
  });

  it('refuses a protocol whose extends has not been resolved', () => {
    const child = { ...strict, metadata: { ...meta('child'), extends: 'strict' } };
    expect(() => compareProtocols(strict, child)).toThrow(VigilError);
  });
});

describe('formatComparison', () => {
  it('renders an aligned table with a summary', () => {
    const diffs = compareProtocols(strict, {
      ...strict,
      roles: { ...strict.roles, social: { ...strict.roles?.social, rotation: null } },
    });
    expect(formatComparison('strict', 'relaxed', diffs)).toBe(
      [
        'setting                     | strict | relaxed      | stricter',
        '----------------------------+--------+--------------+---------',
        'roles.social.rotation.every | P30D   | not required | strict',
        'roles.social.rotation.grace | P3D    | not required | strict',
        '',
        '2 differences: strict stricter in 2, relaxed stricter in 0',
      ].join('\n'),
    );
  });

  it('wraps long allow-lists onto several lines', () => {
    const apps = Array.from({ length: 6 }, (_, i) => `com.example.application${i}`);
    const text = formatComparison('a', 'b', compareProtocols(calls({ apps: { allow: apps } }), calls({})));
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(6);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(100);
    for (const app of apps) expect(text).toContain(app);
    expect(lines[2]?.endsWith('| a')).toBe(true);
  });

  it('says so when there is no difference', () => {
    expect(formatComparison('a', 'b', [])).toBe('a and b require the same settings.');
  });
});

// ---- properties over generated resolved protocols ----

const duration = fc.constantFrom('PT12H', 'P1D', 'P3D', 'P7D', 'P14D', 'P28D', 'P4W', 'P30D', 'P90D');
const cite = fc.constantFrom<string[]>(['s'], ['s', 't']);
const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
const role: fc.Arbitrary<RoleRequirements> = fc.record(
  {
    rotation: nullable(fc.record({ every: duration, grace: duration, cite }, { requiredKeys: ['every'] })),
    inspection: nullable(
      fc.record(
        {
          every: duration,
          grace: duration,
          methods: fc.subarray(['forensic-scan', 'mdm-review', 'physical-inspection'] as const, {
            minLength: 1,
          }),
          cite,
        },
        { requiredKeys: ['every'] },
      ),
    ),
    sensors: nullable(
      fc.record(
        Object.fromEntries(SENSORS.map((s) => [s, fc.constantFrom('disabled', 'allowed')])) as Record<
          (typeof SENSORS)[number],
          fc.Arbitrary<'disabled' | 'allowed'>
        >,
        { requiredKeys: [] },
      ),
    ),
    apps: nullable(fc.record({ allow: fc.subarray(['a.app', 'b.app', 'c.app', 'd.app']) })),
    os: nullable(
      fc.record(
        {
          minVersion: fc.record(
            {
              ios: fc.constantFrom('17.0', '18.6', '18.6.2', '26'),
              android: fc.constantFrom('2025-12-01', '2026-05-01'),
            },
            { requiredKeys: [] },
          ),
          maxBehindLatest: duration,
          lockdownMode: fc.constantFrom('required', 'optional'),
        },
        { requiredKeys: [] },
      ),
    ),
    posture: nullable(fc.record({ maxAge: duration })),
    controls: nullable(
      fc.record(
        {
          passcode: fc.record(
            {
              minLength: fc.integer({ min: 4, max: 16 }),
              alphanumeric: fc.boolean(),
              maxFailedAttempts: fc.integer({ min: 2, max: 11 }),
              autoLock: fc.constantFrom('PT1M', 'PT5M', 'PT15M'),
            },
            { requiredKeys: [] },
          ),
          screenCapture: fc.constantFrom('disabled', 'allowed'),
          cloudBackup: fc.constantFrom('disabled', 'allowed'),
          hostPairing: fc.constantFrom('disabled', 'allowed'),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const facility = fc.record(
  {
    personalDevices: fc.constantFrom('banned', 'allowed'),
    acknowledgement: fc.constantFrom('required', 'optional'),
    policyVersion: fc.constantFrom('1', '2'),
  },
  { requiredKeys: ['personalDevices'] },
);
const arbProtocol: fc.Arbitrary<ProtocolDocument> = fc
  .record(
    {
      roles: fc.record(
        { calls: nullable(role), social: nullable(role), news: nullable(role), general: nullable(role) },
        { requiredKeys: [] },
      ),
      facilities: fc.dictionary(fc.constantFrom('main-building', 'annex'), nullable(facility)),
      waivers: fc.record({ maxDuration: duration, approverRole: fc.constantFrom('officer', 'admin') }),
      severities: fc.dictionary(
        fc.constantFrom('rotation.overdue', 'sensor.camera'),
        fc.constantFrom(...SEVERITIES),
      ),
    },
    { requiredKeys: [] },
  )
  .map((body) => protocol('generated', body));

describe('compareProtocols properties', () => {
  it('finds no difference between any protocol and itself, or a copy of it', () => {
    fc.assert(
      fc.property(arbProtocol, (a) => {
        expect(compareProtocols(a, a)).toEqual([]);
        expect(compareProtocols(a, structuredClone(a))).toEqual([]);
      }),
    );
  });

  it('is symmetric: comparing B with A swaps the sides and the verdict', () => {
    fc.assert(
      fc.property(arbProtocol, arbProtocol, (a, b) => {
        expect(compareProtocols(b, a)).toEqual(compareProtocols(a, b).map(swap));
      }),
    );
  });

  it('finds no difference between a protocol and a child that overrides nothing', () => {
    fc.assert(
      fc.property(arbProtocol, (a) => {
        const parent = {
          ...a,
          metadata: {
            ...meta('parent'),
            sources: [
              { id: 's', title: 'S' },
              { id: 't', title: 'T' },
            ],
          },
        };
        const child = protocol('child', {});
        const docs = new Map<string, ProtocolDocument>([
          ['parent', parent],
          ['child', { ...child, metadata: { ...child.metadata, extends: 'parent' } }],
        ]);
        const lookup = (n: string): ProtocolDocument | undefined => docs.get(n);
        expect(compareProtocols(resolveProtocol('parent', lookup), resolveProtocol('child', lookup))).toEqual(
          [],
        );
      }),
    );
  });

  it('reports sorted, unique paths', () => {
    fc.assert(
      fc.property(arbProtocol, arbProtocol, (a, b) => {
        const paths = compareProtocols(a, b).map((d) => d.path);
        expect(paths).toEqual([...new Set(paths)].sort());
      }),
    );
  });
});
