/** The Android Management API parser: Device and Policy resources, list pages, Pub/Sub pushes. */
import { describe, expect, it } from 'vitest';
import { parseAndroid } from './parse.ts';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

const device = {
  name: 'enterprises/LC01/devices/3a1b',
  state: 'ACTIVE',
  appliedPolicyName: 'enterprises/LC01/policies/calls',
  policyName: 'enterprises/LC01/policies/other',
  hardwareInfo: { serialNumber: 'SN-AMAPI-1' },
  networkInfo: { imei: '490154203237518' },
  softwareInfo: {
    androidVersion: '15',
    securityPatchLevel: '2026-11-01',
    androidBuildNumber: 'AP4A.250105.002',
  },
  applicationReports: [{ packageName: 'com.b' }, { packageName: 'com.a' }],
  lastStatusReportTime: '2026-11-21T03:04:05.123456789Z',
  lastPolicySyncTime: '2026-11-20T00:00:00Z',
};

const policy = {
  name: 'enterprises/LC01/policies/calls',
  cameraAccess: 'CAMERA_ACCESS_DISABLED',
  microphoneAccess: 'MICROPHONE_ACCESS_USER_CHOICE',
  locationMode: 'LOCATION_ENFORCED',
  bluetoothDisabled: true,
};

describe('parseAndroid', () => {
  it('reports the applied policy and its version, the one still pending, and policyCompliant', () => {
    const [o] = parseAndroid(json({ ...device, appliedPolicyVersion: '7', policyCompliant: false }), {});
    expect(o?.posture?.applied).toEqual({
      target: 'amapi',
      compliance: 'noncompliant',
      items: [
        { id: 'policy', token: 'calls', state: 'applied', version: '7' },
        { id: 'policy', token: 'other', state: 'pending' },
      ],
    });
    const [same] = parseAndroid(
      json({
        ...device,
        policyName: device.appliedPolicyName,
        appliedPolicyVersion: 8,
        policyCompliant: true,
      }),
      {},
    );
    expect(same?.posture?.applied).toEqual({
      target: 'amapi',
      compliance: 'compliant',
      items: [{ id: 'policy', token: 'calls', state: 'applied', version: '8' }],
    });
    const { appliedPolicyName: _a, policyName: _p, ...none } = device;
    expect(parseAndroid(json(none), {})[0]?.posture?.applied).toBeUndefined();
  });

  it('maps a devices page with the policy its device applies', () => {
    expect(parseAndroid(json({ devices: [device], policies: [policy] }), {})).toEqual([
      {
        serial: 'SN-AMAPI-1',
        imei: '490154203237518',
        externalId: 'enterprises/LC01/devices/3a1b',
        observedAt: Date.parse('2026-11-21T03:04:05.123Z'),
        unenrolled: false,
        posture: {
          osVersion: '15',
          patchLevel: '2026-11-01',
          osBuild: 'AP4A.250105.002',
          sensors: {
            camera: { state: 'disabled', provenance: 'enforced' },
            microphone: { state: 'enabled', provenance: 'reported' },
            location: { state: 'enabled', provenance: 'enforced' },
            bluetooth: { state: 'disabled', provenance: 'enforced' },
          },
          apps: ['com.a', 'com.b'],
          applied: {
            target: 'amapi',
            compliance: null,
            items: [
              { id: 'policy', token: 'calls', state: 'applied' },
              { id: 'policy', token: 'other', state: 'pending' },
            ],
          },
        },
      },
    ]);
  });

  it('reads a setting the device reports as not applied as unknown', () => {
    const d = { ...device, nonComplianceDetails: [{ settingName: 'cameraAccess' }] };
    const [o] = parseAndroid(json({ devices: [d], policies: [policy] }), {});
    expect(o?.posture?.sensors?.camera).toEqual({ state: 'unknown', provenance: 'reported' });
  });

  it('takes a legacy policy’s booleans, and a deleted device as unenrolled', () => {
    const legacy = {
      name: 'enterprises/LC01/policies/calls',
      cameraDisabled: true,
      unmuteMicrophoneDisabled: true,
    };
    const [o] = parseAndroid(json({ devices: [{ ...device, state: 'DELETED' }], policies: [legacy] }), {});
    expect(o?.unenrolled).toBe(true);
    expect(o?.posture?.sensors).toEqual({
      camera: { state: 'disabled', provenance: 'enforced' },
      microphone: { state: 'disabled', provenance: 'enforced' },
    });
  });

  it('reads a Pub/Sub push: the Device in base64, the publish time when it states none', () => {
    const { lastStatusReportTime: _, lastPolicySyncTime: __, ...untimed } = device;
    const push = {
      message: {
        data: Buffer.from(JSON.stringify(untimed)).toString('base64'),
        publishTime: '2026-11-22T00:00:00Z',
      },
      subscription: 'projects/p/subscriptions/s',
    };
    const [o] = parseAndroid(json(push), {});
    expect(o).toMatchObject({
      serial: 'SN-AMAPI-1',
      observedAt: Date.parse('2026-11-22T00:00:00Z'),
      posture: { osVersion: '15', patchLevel: '2026-11-01' },
    });
    expect(o?.posture?.sensors).toBeUndefined(); // a push carries no policy
  });

  it('refuses an unknown policy value or a nameless policy, naming the path', () => {
    const bad = { ...policy, cameraAccess: 'CAMERA_ACCESS_SOMETIMES' };
    expect(() => parseAndroid(json({ devices: [device], policies: [bad] }), {})).toThrow(
      expect.objectContaining({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        message: 'policies.0.cameraAccess: unknown value "CAMERA_ACCESS_SOMETIMES"',
      }),
    );
    expect(() => parseAndroid(json({ policies: [{ cameraDisabled: true }] }), {})).toThrow(
      /policies\.0\.name: required/,
    );
    expect(() => parseAndroid(json({ message: { data: '%%%' } }), {})).toThrow(
      /message\.data: expected base64/,
    );
  });
});
