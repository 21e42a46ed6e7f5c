import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors.ts';
import { DAY, HOUR } from '../time.ts';
import { compileProtocol } from './compile.ts';
import type { ProtocolDocument } from './protocol.schema.ts';

const full: ProtocolDocument = {
  apiVersion: 'vigil/v1',
  kind: 'Protocol',
  metadata: {
    name: 'office',
    title: 'Office',
    version: '2',
    extends: null,
    sources: [{ id: 's', title: 'S' }],
  },
  roles: {
    calls: {
      rotation: { every: 'P30D', grace: 'P3D', cite: ['s'] },
      inspection: { every: 'P4W', grace: 'PT12H', methods: ['forensic-scan', 'mdm-review'], cite: ['s'] },
      sensors: {
        bluetooth: 'disabled',
        camera: 'disabled',
        microphone: 'allowed',
        location: 'disabled',
        cite: ['s'],
      },
      apps: { allow: ['com.apple.mobilephone', 'com.apple.Preferences'], cite: ['s'] },
      os: { minVersion: { ios: '18.6.2' }, maxBehindLatest: 'P14D', lockdownMode: 'required', cite: ['s'] },
      posture: { maxAge: 'P7D', cite: ['s'] },
      controls: { passcode: { minLength: 6, autoLock: 'PT5M' }, hostPairing: 'disabled', cite: ['s'] },
    },
    social: { rotation: null, inspection: { every: 'P30D' }, os: {}, sensors: {} },
    news: null,
  },
  facilities: {
    'main-building': {
      title: 'Main building',
      personalDevices: 'banned',
      acknowledgement: 'required',
      policyVersion: '2026.1',
    },
    annex: { personalDevices: 'allowed' },
    closed: null,
  },
  waivers: { maxDuration: 'P90D', approverRole: 'officer' },
  severities: { 'sensor.camera': 'critical' },
};

describe('compileProtocol', () => {
  const c = compileProtocol(full);

  it('copies name, title, version and keeps the document', () => {
    expect([c.name, c.title, c.version]).toEqual(['office', 'Office', '2']);
    expect(c.document).toBe(full);
  });

  it('converts durations to milliseconds', () => {
    expect(c.roles.calls?.rotation).toEqual({ every: 30 * DAY, grace: 3 * DAY, cite: ['s'] });
    expect(c.roles.calls?.inspection).toEqual({
      every: 28 * DAY,
      grace: 12 * HOUR,
      methods: ['forensic-scan', 'mdm-review'],
      cite: ['s'],
    });
    expect(c.roles.calls?.posture).toEqual({ maxAge: 7 * DAY, cite: ['s'] });
    expect(c.waivers).toEqual({ maxDuration: 90 * DAY, approverRole: 'officer' });
  });

  it('lists the sensors that must be disabled, in a fixed order', () => {
    expect(c.roles.calls?.sensors).toEqual({ disabled: ['camera', 'location', 'bluetooth'], cite: ['s'] });
    expect(c.roles.social?.sensors).toEqual({ disabled: [], cite: [] });
  });

  it('compiles controls: the passcode with defaults, auto-lock in milliseconds, what is disabled', () => {
    expect(compileProtocol(full).roles.calls?.controls).toEqual({
      passcode: { minLength: 6, alphanumeric: false, maxFailedAttempts: null, autoLock: 5 * 60_000 },
      screenCaptureDisabled: false,
      cloudBackupDisabled: false,
      hostPairingDisabled: true,
      cite: ['s'],
    });
    expect(compileProtocol(full).roles.social?.controls).toBeNull();
  });

  it('turns the allow-list into a set', () => {
    expect(c.roles.calls?.apps?.allow).toEqual(new Set(['com.apple.mobilephone', 'com.apple.Preferences']));
  });

  it('fills defaults: grace 0, any method, no minimum version, Lockdown Mode optional', () => {
    expect(c.roles.social?.inspection).toEqual({ every: 30 * DAY, grace: 0, methods: [], cite: [] });
    expect(c.roles.social?.os).toEqual({
      minVersion: { ios: null, android: null },
      maxBehindLatest: null,
      lockdownMode: 'optional',
      cite: [],
    });
    expect(c.roles.calls?.os).toEqual({
      minVersion: { ios: '18.6.2', android: null },
      maxBehindLatest: 14 * DAY,
      lockdownMode: 'required',
      cite: ['s'],
    });
  });

  it('compiles null and absent sections to null, and leaves out null and absent roles', () => {
    expect(c.roles.social?.rotation).toBeNull();
    expect(c.roles.social?.apps).toBeNull();
    expect(c.roles.social?.posture).toBeNull();
    expect(Object.keys(c.roles).sort()).toEqual(['calls', 'social']);
  });

  it('sorts facilities by id, drops removed ones and fills defaults', () => {
    expect(c.facilities).toEqual([
      {
        id: 'annex',
        title: 'annex',
        personalDevices: 'allowed',
        acknowledgement: 'optional',
        policyVersion: null,
      },
      {
        id: 'main-building',
        title: 'Main building',
        personalDevices: 'banned',
        acknowledgement: 'required',
        policyVersion: '2026.1',
      },
    ]);
  });

  it('keeps severity overrides, defaulting to none', () => {
    expect(c.severities).toEqual({ 'sensor.camera': 'critical' });
    const bare = compileProtocol({
      apiVersion: 'vigil/v1',
      kind: 'Protocol',
      metadata: { name: 'b', title: 'B', version: '1' },
    });
    expect(bare).toMatchObject({ roles: {}, facilities: [], waivers: null, severities: {} });
  });

  it('refuses a protocol whose extends has not been resolved', () => {
    const child: ProtocolDocument = { ...full, metadata: { ...full.metadata, extends: 'base' } };
    expect(() => compileProtocol(child)).toThrow(VigilError);
  });
});
