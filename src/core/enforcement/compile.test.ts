import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_ROLES } from '../model.ts';
import { type ProtocolDocument, protocolSchema } from '../protocol/protocol.schema.ts';
import { canonicalJson, plist, uuidFromDigest } from './canonical.ts';
import { compiledRoles, compileEnforcement, coverageByRole, explainCoverage } from './compile.ts';
import { COVERAGE, COVERAGE_COLUMNS, PROTOCOL_SETTINGS } from './coverage.ts';
import { enforcementIntent } from './intent.ts';
import { INTUNE_ANDROID, intuneAndroid } from './intune-android.ts';
import { ENFORCEMENT_TARGETS } from './targets.ts';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

function protocol(roles: ProtocolDocument['roles'], name = 'test-protocol'): ProtocolDocument {
  return protocolSchema.parse({
    apiVersion: 'vigil/v1',
    kind: 'Protocol',
    metadata: { name, title: 'Test', version: '1' },
    roles,
  });
}

const strict = protocol({
  calls: {
    sensors: { camera: 'disabled', microphone: 'disabled', location: 'disabled', bluetooth: 'disabled' },
    apps: { allow: ['org.whispersystems.signal', 'com.apple.Preferences', 'org.whispersystems.signal'] },
    os: {
      minVersion: { ios: '18.6', android: '2026-05-01' },
      maxBehindLatest: 'P14D',
      lockdownMode: 'required',
    },
  },
  social: { sensors: { camera: 'allowed' } },
});
const latestIos = { version: '26.1', build: '23B85', releasedAt: Date.UTC(2025, 10, 3, 18) };

const parse = (target: (typeof ENFORCEMENT_TARGETS)[number], role: 'calls' | 'social' = 'calls', opts = {}) =>
  compileEnforcement(strict, role, target, { sha256, latestIos, ...opts }).map((a) => ({
    ...a,
    value: a.file.endsWith('.json') ? JSON.parse(a.content) : a.content,
  }));

describe('Apple profile', () => {
  it('maps camera, microphone (Siri, dictation), Bluetooth (lock, AirDrop) and the allow-list', () => {
    const [a] = parse('apple-profile');
    expect(a?.file).toBe('test-protocol-calls.mobileconfig');
    const xml = a?.content ?? '';
    for (const key of [
      'allowCamera',
      'allowAssistant',
      'allowAssistantWhileLocked',
      'allowDictation',
      'allowBluetoothModification',
      'allowAirDrop',
    ])
      expect(xml).toContain(`<key>${key}</key>\n\t\t\t<false/>`);
    expect(xml).toContain(
      '<string>com.apple.Preferences</string>\n\t\t\t\t<string>org.whispersystems.signal</string>\n\t\t\t</array>',
    );
    expect(xml.match(/org\.whispersystems\.signal/g)).toHaveLength(1);
  });

  it('emits no restrictions payload for a role that requires nothing enforceable', () => {
    const [a] = parse('apple-profile', 'social');
    expect(a?.content).toContain('<key>PayloadContent</key>\n\t<array/>');
  });

  it('derives PayloadUUIDs from the protocol name, version and role', () => {
    const uuids = (doc: ProtocolDocument, role: 'calls' | 'social') =>
      (compileEnforcement(doc, role, 'apple-profile', { sha256 })[0]?.content ?? '').match(
        /[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}/g,
      );
    expect(uuids(strict, 'calls')).toHaveLength(2);
    expect(uuids(strict, 'calls')).toEqual(uuids(strict, 'calls'));
    expect(uuids(strict, 'social')?.[0]).not.toBe(uuids(strict, 'calls')?.at(-1));
    const v2 = protocolSchema.parse({ ...strict, metadata: { ...strict.metadata, version: '2' } });
    expect(uuids(v2, 'calls')).not.toEqual(uuids(strict, 'calls'));
  });
});

describe('controls', () => {
  const locked = protocol({
    calls: {
      controls: {
        passcode: { minLength: 8, alphanumeric: true, maxFailedAttempts: 10, autoLock: 'PT5M' },
        screenCapture: 'disabled',
        cloudBackup: 'disabled',
        hostPairing: 'disabled',
      },
    },
    social: { controls: { passcode: {} } },
  });
  const json = (role: 'calls' | 'social', target: (typeof ENFORCEMENT_TARGETS)[number]) =>
    compileEnforcement(locked, role, target, { sha256 }).map((a) =>
      a.file.endsWith('.json') ? JSON.parse(a.content) : a.content,
    );

  it('Apple: restrictions for screenshots, iCloud Backup and pairing, a passcode payload, a DDM passcode declaration', () => {
    const [xml] = json('calls', 'apple-profile') as string[];
    for (const key of ['allowScreenShot', 'allowCloudBackup', 'allowHostPairing'])
      expect(xml).toContain(`<key>${key}</key>\n\t\t\t<false/>`);
    expect(xml).toContain('<string>com.apple.mobiledevice.passwordpolicy</string>');
    expect(xml).toContain('<key>maxInactivity</key>\n\t\t\t<integer>5</integer>');
    const [ddm] = json('calls', 'apple-ddm') as { Type: string; Payload: unknown }[][];
    expect(ddm?.find((d) => d.Type === 'com.apple.configuration.passcode.settings')?.Payload).toEqual({
      MaximumFailedAttempts: 10,
      MaximumInactivityInMinutes: 5,
      MinimumLength: 8,
      RequireAlphanumericPasscode: true,
      RequirePasscode: true,
    });
    const [social] = json('social', 'apple-ddm') as { Type: string; Payload: unknown }[][];
    expect(social?.find((d) => d.Type.endsWith('passcode.settings'))?.Payload).toEqual({
      RequirePasscode: true,
    });
  });

  it('Android: password policy, time to lock, screen capture and USB file transfer', () => {
    expect(json('calls', 'amapi')[0]).toMatchObject({
      passwordPolicies: [
        {
          passwordQuality: 'ALPHANUMERIC',
          passwordScope: 'SCOPE_DEVICE',
          passwordMinimumLength: 8,
          maximumFailedPasswordsForWipe: 10,
        },
      ],
      maximumTimeToLock: '300000',
      screenCaptureDisabled: true,
      usbFileTransferDisabled: true,
    });
    expect(json('social', 'amapi')[0]).toEqual({
      passwordPolicies: [{ passwordQuality: 'SOMETHING', passwordScope: 'SCOPE_DEVICE' }],
    });
  });

  it('Intune: passcode in both resources, screen capture, iCloud Backup and pairing blocked', () => {
    const [compliance, restrictions] = json('calls', 'intune');
    expect(compliance).toMatchObject({
      passcodeRequired: true,
      passcodeMinimumLength: 8,
      passcodeRequiredType: 'alphanumeric',
      passcodeMinutesOfInactivityBeforeLock: 5,
    });
    expect(restrictions).toMatchObject({
      screenCaptureBlocked: true,
      iCloudBlockBackup: true,
      hostPairingBlocked: true,
      passcodeSignInFailureCountBeforeWipe: 10,
    });
  });

  it('says that disabling host pairing blocks the backups Vigil inspects', () => {
    const rows = explainCoverage(locked, 'calls', 'apple-profile');
    expect(rows.map((r) => r.setting)).toEqual([
      'controls.passcode',
      'controls.screenCapture',
      'controls.cloudBackup',
      'controls.hostPairing',
    ]);
    expect(rows.at(-1)?.cell.how).toContain('blocks the computer backups');
  });

  it('refuses an auto-lock that is not whole minutes up to fifteen, and a wipe count iOS refuses', () => {
    for (const passcode of [{ autoLock: 'PT30S' }, { autoLock: 'PT20M' }, { maxFailedAttempts: 12 }])
      expect(() => protocol({ calls: { controls: { passcode } } } as never)).toThrow();
  });
});

describe('Apple DDM', () => {
  it('carries the profile, subscribes to status, enforces the update and activates them', () => {
    const [a] = parse('apple-ddm');
    const decls = a?.value as {
      Type: string;
      Identifier: string;
      ServerToken: string;
      Payload: Record<string, unknown>;
    }[];
    expect(decls.map((d) => d.Type)).toEqual([
      'com.apple.activation.simple',
      'com.apple.configuration.legacy',
      'com.apple.configuration.softwareupdate.enforcement.specific',
      'com.apple.configuration.management.status-subscriptions',
    ]);
    const update = decls.find((d) => d.Type.endsWith('enforcement.specific'));
    expect(update?.Payload).toEqual({
      TargetOSVersion: '26.1',
      TargetBuildVersion: '23B85',
      TargetLocalDateTime: '2025-11-17T18:00:00',
    });
    expect(decls[0]?.Payload.StandardConfigurations).toEqual(decls.slice(1).map((d) => d.Identifier));
    for (const d of decls)
      expect(d.ServerToken).toBe(
        d.Type.endsWith('legacy')
          ? sha256(parse('apple-profile')[0]?.content ?? '')
          : sha256(canonicalJson(d.Payload as never)),
      );
  });

  it('makes the legacy ServerToken the profile digest: it changes with the profile, not with its URL', () => {
    const token = (doc: ProtocolDocument, profileUrl?: string) =>
      (
        JSON.parse(
          compileEnforcement(doc, 'calls', 'apple-ddm', { sha256, ...(profileUrl ? { profileUrl } : {}) })[0]
            ?.content ?? '[]',
        ) as {
          Type: string;
          ServerToken: string;
        }[]
      ).find((d) => d.Type.endsWith('legacy'))?.ServerToken;
    const lenient = protocol({ calls: { sensors: { camera: 'allowed' } } });
    expect(token(lenient)).not.toBe(token(strict));
    expect(token(strict, 'https://mdm.example/p.mobileconfig')).toBe(token(strict));
  });

  it('enforces no update without a known latest release or without os.maxBehindLatest', () => {
    const types = (a: string) => (JSON.parse(a) as { Type: string }[]).map((d) => d.Type);
    expect(
      types(compileEnforcement(strict, 'calls', 'apple-ddm', { sha256 })[0]?.content ?? ''),
    ).not.toContain('com.apple.configuration.softwareupdate.enforcement.specific');
    expect(types(parse('apple-ddm', 'social')[0]?.content ?? '')).toHaveLength(3);
  });

  it('keeps identifiers within 64 octets for the longest protocol names', () => {
    const long = protocol({ general: { sensors: { camera: 'disabled' } } }, 'a'.repeat(64));
    const decls = JSON.parse(
      compileEnforcement(long, 'general', 'apple-ddm', { sha256 })[0]?.content ?? '',
    ) as { Identifier: string }[];
    for (const d of decls) expect(d.Identifier.length).toBeLessThanOrEqual(64);
  });
});

describe('Android Management API', () => {
  it('maps every sensor, the allow-list, updates and side-loading', () => {
    expect(parse('amapi')[0]?.value).toEqual({
      cameraAccess: 'CAMERA_ACCESS_DISABLED',
      microphoneAccess: 'MICROPHONE_ACCESS_DISABLED',
      locationMode: 'LOCATION_DISABLED',
      bluetoothDisabled: true,
      bluetoothConfigDisabled: true,
      playStoreMode: 'WHITELIST',
      applications: [
        { installType: 'AVAILABLE', packageName: 'com.apple.Preferences' },
        { installType: 'AVAILABLE', packageName: 'org.whispersystems.signal' },
      ],
      advancedSecurityOverrides: {
        developerSettings: 'DEVELOPER_SETTINGS_DISABLED',
        untrustedAppsPolicy: 'DISALLOW_INSTALL',
      },
      systemUpdate: { type: 'AUTOMATIC' },
    });
    expect(parse('amapi', 'social')[0]?.value).toEqual({});
  });
});

describe('Intune', () => {
  it('names each object by its content: the display name ends in the SHA-256 of the object without it', () => {
    const objects = parse('intune').map((a) => a.value as Record<string, unknown> & { displayName: string });
    expect(objects).toHaveLength(4);
    for (const o of objects) {
      const { displayName, ...content } = o;
      expect(displayName).toMatch(
        /^Vigil test-protocol 1 calls \((android )?(compliance|restrictions)\) [0-9a-f]{16}$/,
      );
      expect(displayName.slice(-16)).toBe(sha256(canonicalJson(content as never)).slice(0, 16));
    }
    // The same protocol, version and role with other content (the camera) gets other names.
    const names = (camera: 'disabled' | 'allowed') =>
      compileEnforcement(protocol({ calls: { sensors: { camera } } }), 'calls', 'intune', { sha256 })
        .filter((a) => a.file.endsWith('-restrictions.json'))
        .map((a) => String((JSON.parse(a.content) as { displayName: string }).displayName));
    const [locked, open] = [names('disabled'), names('allowed')];
    expect(locked.map((n) => n.slice(0, -17))).toEqual(open.map((n) => n.slice(0, -17)));
    for (const [n, name] of locked.entries()) expect(name).not.toBe(open[n]);
  });

  it('emits an iOS compliance policy with one block action and a restrictions configuration', () => {
    const [compliance, restrictions] = parse('intune');
    expect(compliance?.value).toMatchObject({
      '@odata.type': '#microsoft.graph.iosCompliancePolicy',
      osMinimumVersion: '18.6',
      scheduledActionsForRule: [
        { scheduledActionConfigurations: [{ actionType: 'block', gracePeriodHours: 0 }] },
      ],
    });
    expect(restrictions?.value).toMatchObject({
      '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
      cameraBlocked: true,
      siriBlocked: true,
      siriBlockedWhenLocked: true,
      bluetoothBlockModification: true,
      airDropBlocked: true,
      appsVisibilityListType: 'appsInListCompliant',
    });
    expect(
      (restrictions?.value as { appsVisibilityList?: unknown[] } | undefined)?.appsVisibilityList,
    ).toHaveLength(2);
  });
});

describe('Intune, Android fully managed', () => {
  const locked = protocol({
    calls: {
      sensors: { camera: 'disabled', microphone: 'disabled', location: 'disabled', bluetooth: 'disabled' },
      apps: { allow: ['org.thoughtcrime.securesms'] },
      os: { minVersion: { android: '2026-05-01' }, maxBehindLatest: 'P14D' },
      controls: {
        passcode: { minLength: 8, alphanumeric: true, maxFailedAttempts: 10, autoLock: 'PT5M' },
        screenCapture: 'disabled',
        cloudBackup: 'disabled',
        hostPairing: 'disabled',
      },
    },
    social: { controls: { passcode: { maxFailedAttempts: 3 } } },
  });
  const android = (doc: ProtocolDocument, role: 'calls' | 'social') =>
    compileEnforcement(doc, role, 'intune', { sha256 })
      .filter((a) => a.file.includes('.intune-android-'))
      .map((a) => JSON.parse(a.content) as Record<string, unknown>);

  it('emits a device owner compliance policy with one block action and a restrictions configuration', () => {
    const [compliance, restrictions] = android(locked, 'calls');
    expect(compliance).toEqual({
      '@odata.type': '#microsoft.graph.androidDeviceOwnerCompliancePolicy',
      description:
        'Protocol test-protocol version 1, calls phone, Android fully managed (compiled by Vigil).',
      displayName: expect.stringMatching(/^Vigil test-protocol 1 calls \(android compliance\) [0-9a-f]{16}$/),
      minAndroidSecurityPatchLevel: '2026-05-01',
      passwordRequired: true,
      passwordRequiredType: 'alphanumeric',
      passwordMinimumLength: 8,
      passwordMinutesOfInactivityBeforeLock: 5,
      scheduledActionsForRule: [
        {
          ruleName: 'PasswordRequired',
          scheduledActionConfigurations: [
            {
              actionType: 'block',
              gracePeriodHours: 0,
              notificationMessageCCList: [],
              notificationTemplateId: '',
            },
          ],
        },
      ],
    });
    expect(restrictions).toMatchObject({
      '@odata.type': '#microsoft.graph.androidDeviceOwnerGeneralDeviceConfiguration',
      displayName: expect.stringMatching(
        /^Vigil test-protocol 1 calls \(android restrictions\) [0-9a-f]{16}$/,
      ),
      cameraBlocked: true,
      microphoneForceMute: true,
      deviceLocationMode: 'disabled',
      bluetoothBlockConfiguration: true,
      bluetoothBlockContactSharing: true,
      playStoreMode: 'allowList',
      appsAllowInstallFromUnknownSources: false,
      securityDeveloperSettingsEnabled: false,
      systemUpdateInstallType: 'automatic',
      passwordRequiredType: 'alphanumeric',
      passwordMinimumLength: 8,
      passwordSignInFailureCountBeforeFactoryReset: 10,
      passwordMinutesOfInactivityBeforeScreenTimeout: 5,
      screenCaptureBlocked: true,
      storageBlockUsbFileTransfer: true,
    });
  });

  it('adds nothing the protocol does not state, and never raises a wipe count below what Graph takes', () => {
    const [compliance, restrictions] = android(locked, 'social');
    expect(compliance).toMatchObject({ passwordRequired: true, passwordRequiredType: 'required' });
    expect(Object.keys(restrictions ?? {}).sort()).toEqual([
      '@odata.type',
      'description',
      'displayName',
      'passwordRequiredType',
    ]);
    const bare = android(protocol({ general: { sensors: { camera: 'allowed' } } }), 'calls');
    expect(bare.map((o) => Object.keys(o).sort())).toEqual([
      ['@odata.type', 'description', 'displayName', 'scheduledActionsForRule'],
      ['@odata.type', 'description', 'displayName'],
    ]);
  });

  it('writes, for each setting, exactly the properties its declaration names (the coverage table’s)', () => {
    const i = enforcementIntent(locked, 'calls');
    const { compliance: c0, restrictions: r0 } = intuneAndroid(enforcementIntent(protocol({}), 'calls'));
    for (const s of PROTOCOL_SETTINGS) {
      const m = INTUNE_ANDROID[s];
      const c = structuredClone(c0);
      const r = structuredClone(r0);
      m.apply?.(i, c, r);
      const added = (after: object, before: object) =>
        Object.keys(after)
          .filter((k) => !(k in before))
          .sort();
      expect(added(c, c0), s).toEqual([...m.compliance].sort());
      expect(added(r, r0), s).toEqual([...m.restrictions].sort());
      for (const f of [...m.compliance, ...m.restrictions])
        expect(COVERAGE[s]['intune-android'].how).toContain(`\`${f}\``);
      expect(COVERAGE[s]['intune-android'].level).toBe(m.level);
    }
  });

  it('states honestly what Intune cannot do on Android', () => {
    expect(COVERAGE['sensors.bluetooth']['intune-android'].level).toBe('attested');
    expect(COVERAGE['apps.allow']['intune-android'].level).toBe('attested');
    expect(COVERAGE['controls.cloudBackup']['intune-android'].level).toBe('attested');
    expect(COVERAGE['os.lockdownMode']['intune-android'].level).toBe('n/a');
    expect(
      explainCoverage(locked, 'calls', 'intune').filter((r) => r.setting === 'sensors.microphone'),
    ).toEqual([
      { setting: 'sensors.microphone', column: 'intune', cell: COVERAGE['sensors.microphone'].intune },
      {
        setting: 'sensors.microphone',
        column: 'intune-android',
        cell: {
          level: 'enforced',
          how: '`microphoneForceMute`: the microphone is muted and cannot be unmuted',
        },
      },
    ]);
  });
});

describe('coverage', () => {
  it('states every setting for every target, and never claims iOS enforces what it cannot', () => {
    for (const s of PROTOCOL_SETTINGS)
      for (const t of COVERAGE_COLUMNS) expect(COVERAGE[s][t].how).not.toBe('');
    for (const t of ['apple-profile', 'apple-ddm', 'intune'] as const)
      for (const s of [
        'sensors.microphone',
        'sensors.location',
        'sensors.bluetooth',
        'os.lockdownMode',
      ] as const)
        expect(COVERAGE[s][t].level).toBe('attested');
  });

  it('explains the settings a role states', () => {
    expect(explainCoverage(strict, 'calls', 'amapi').map((e) => [e.setting, e.cell.level])).toEqual([
      ['sensors.camera', 'enforced'],
      ['sensors.microphone', 'enforced'],
      ['sensors.location', 'enforced'],
      ['sensors.bluetooth', 'enforced'],
      ['apps.allow', 'enforced'],
      ['os.minVersion.ios', 'n/a'],
      ['os.minVersion.android', 'reported'],
      ['os.maxBehindLatest', 'reported'],
      ['os.lockdownMode', 'n/a'],
    ]);
    expect(compiledRoles(strict, DEVICE_ROLES)).toEqual(['calls', 'social']);
  });

  it("tables every stated role and setting against every target, in the targets' order", () => {
    const table = coverageByRole(strict, DEVICE_ROLES);
    expect(table.map((r) => r.role)).toEqual(['calls', 'social']);
    expect(table[0]?.settings[0]).toEqual({
      setting: 'sensors.camera',
      targets: COVERAGE_COLUMNS.map((target) => ({ target, ...COVERAGE['sensors.camera'][target] })),
    });
    // An allowed camera is nothing to hold the phone to.
    expect(table[1]?.settings).toEqual([]);
    const microphone = table[0]?.settings.find((x) => x.setting === 'sensors.microphone');
    expect(microphone?.targets.map((t) => [t.target, t.level])).toEqual([
      ['apple-profile', 'attested'],
      ['apple-ddm', 'attested'],
      ['amapi', 'enforced'],
      ['intune', 'attested'],
      ['intune-android', 'enforced'],
    ]);
  });
});

describe('canonical output', () => {
  it('sorts keys whatever the insertion order, escapes XML, refuses non-integers', () => {
    expect(canonicalJson({ b: 1, a: { d: [true], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [true] }, b: 1 }),
    );
    expect(plist({ k: 'a<&>b' })).toContain('<string>a&lt;&amp;&gt;b</string>');
    expect(() => plist({ k: 1.5 })).toThrow(RangeError);
    expect(uuidFromDigest(sha256('x'))).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/,
    );
  });
});

// Random protocols the schema accepts compile for every target, to the same bytes each time.
const sensor = fc.constantFrom('disabled', 'allowed');
const roleArb = fc.record(
  {
    sensors: fc.record(
      { camera: sensor, microphone: sensor, location: sensor, bluetooth: sensor },
      { requiredKeys: [] },
    ),
    apps: fc.record({ allow: fc.array(fc.stringMatching(/^[A-Za-z0-9_.-]{1,24}$/), { maxLength: 8 }) }),
    os: fc.record(
      {
        minVersion: fc.record(
          {
            ios: fc.tuple(fc.nat(30), fc.nat(9)).map(([a, b]) => `${a}.${b}`),
            android: fc
              .date({ min: new Date(2020, 0, 1), max: new Date(2030, 0, 1), noInvalidDate: true })
              .map((d) => d.toISOString().slice(0, 10)),
          },
          { requiredKeys: [] },
        ),
        maxBehindLatest: fc.integer({ min: 1, max: 90 }).map((n) => `P${n}D`),
        lockdownMode: fc.constantFrom('required', 'optional'),
      },
      { requiredKeys: [] },
    ),
    controls: fc.record(
      {
        passcode: fc.record(
          {
            minLength: fc.integer({ min: 4, max: 16 }),
            alphanumeric: fc.boolean(),
            maxFailedAttempts: fc.integer({ min: 2, max: 11 }),
            autoLock: fc.integer({ min: 1, max: 15 }).map((n) => `PT${n}M`),
          },
          { requiredKeys: [] },
        ),
        screenCapture: fc.constantFrom('disabled', 'allowed'),
        cloudBackup: fc.constantFrom('disabled', 'allowed'),
        hostPairing: fc.constantFrom('disabled', 'allowed'),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const docArb = fc
  .record({
    name: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/),
    version: fc.string({ minLength: 1, maxLength: 12 }),
    roles: fc.dictionary(fc.constantFrom(...DEVICE_ROLES), fc.option(roleArb, { nil: null })),
  })
  .map(({ name, version, roles }) =>
    protocolSchema.safeParse({
      apiVersion: 'vigil/v1',
      kind: 'Protocol',
      metadata: { name, title: 'Random <&> "title"', version },
      roles,
    }),
  )
  .filter((r) => r.success)
  .map((r) => r.data as ProtocolDocument);
const releaseArb = fc.option(
  fc.record({
    version: fc.constantFrom('18.6.2', '26.1'),
    build: fc.option(fc.constantFrom('23B85', '22G100'), { nil: null }),
    releasedAt: fc.integer({ min: 0, max: 2_000_000_000 }).map((s) => s * 1000),
  }),
  { nil: null },
);

describe('property: compile is total and deterministic', () => {
  it('compiles every accepted protocol for every target and role, byte-identical twice', () => {
    fc.assert(
      fc.property(docArb, releaseArb, (doc, latestIos) => {
        for (const role of DEVICE_ROLES)
          for (const target of ENFORCEMENT_TARGETS) {
            const a = compileEnforcement(doc, role, target, { sha256, latestIos });
            const b = compileEnforcement(structuredClone(doc), role, target, { sha256, latestIos });
            expect(a.length).toBeGreaterThan(0);
            if (target === 'intune')
              expect(a.map((x) => x.file.replace(/^.*\.intune-/, ''))).toEqual([
                'ios-compliance.json',
                'ios-restrictions.json',
                'android-compliance.json',
                'android-restrictions.json',
              ]);
            expect(b).toEqual(a);
            for (const x of a) {
              expect(x.sha256).toBe(sha256(x.content));
              if (x.file.endsWith('.json')) expect(() => JSON.parse(x.content)).not.toThrow();
            }
          }
      }),
      { numRuns: 60 },
    );
  });
});
