/** The Intune parser on Graph `managedDevice` JSON: one device, an array, or a page. */
import { describe, expect, it } from 'vitest';
import { parseIntune } from './parse.ts';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

const iphone = {
  id: '0d9e2a3c-1f1a-4a3e-9f43-2b7c7d1c0a11',
  deviceName: 'Calls iPhone',
  operatingSystem: 'iOS',
  osVersion: '18.7.1',
  serialNumber: 'SN-INTUNE-1',
  imei: '35 209900 176148 1',
  isSupervised: true,
  lastSyncDateTime: '2026-11-21T01:02:03.4567891Z',
  androidSecurityPatchLevel: '2026-01-01', // Graph fills it for every platform; meaningless on iOS
};

const pixel = {
  id: 'a1',
  operatingSystem: 'Android',
  osVersion: '15',
  serialNumber: 'SN-INTUNE-2',
  androidSecurityPatchLevel: '2026-11-01',
  lastSyncDateTime: '2026-11-20T08:00:00Z',
};

describe('parseIntune', () => {
  it('maps complianceState (inGracePeriod apart) and the expanded policy states', () => {
    const [o] = parseIntune(
      json({
        ...iphone,
        complianceState: 'inGracePeriod',
        deviceCompliancePolicyStates: [
          { displayName: 'Vigil p 2 calls (compliance)', state: 'nonCompliant', version: 3 },
        ],
        deviceConfigurationStates: [
          { displayName: 'Vigil p 2 calls (restrictions)', state: 'compliant', version: 4 },
          { displayName: 'Wi-Fi', state: 'error' },
          { displayName: 'Vigil p 1 calls (restrictions)', state: 'notAssigned' },
        ],
      }),
      {},
    );
    expect(o?.posture?.applied).toEqual({
      target: 'intune',
      compliance: 'inGracePeriod',
      items: [
        { id: 'compliance', token: 'Vigil p 2 calls (compliance)', state: 'applied', version: '3' },
        { id: 'configuration', token: 'Vigil p 2 calls (restrictions)', state: 'applied', version: '4' },
        { id: 'configuration', token: 'Wi-Fi', state: 'failed' },
        { id: 'configuration', token: 'Vigil p 1 calls (restrictions)', state: 'pending' },
      ],
    });
    for (const [state, compliance] of [
      ['compliant', 'compliant'],
      ['noncompliant', 'noncompliant'],
      ['conflict', 'noncompliant'],
      ['unknown', null],
    ] as const)
      expect(parseIntune(json({ ...iphone, complianceState: state }), {})[0]?.posture?.applied).toEqual({
        target: 'intune',
        compliance,
        items: [],
      });
    expect(parseIntune(json(iphone), {})[0]?.posture?.applied).toBeUndefined();
    expect(() => parseIntune(json({ ...iphone, complianceState: 'sideways' }), {})).toThrow(
      /complianceState/,
    );
  });

  it('maps a managedDevice, keeping Graph’s nanoseconds to the millisecond', () => {
    expect(parseIntune(json(iphone), {})).toEqual([
      {
        serial: 'SN-INTUNE-1',
        imei: '35 209900 176148 1',
        externalId: iphone.id,
        observedAt: Date.parse('2026-11-21T01:02:03.456Z'),
        posture: { osVersion: '18.7.1', supervised: true },
      },
    ]);
  });

  it('reads the patch level of Android devices only', () => {
    const [o] = parseIntune(json(pixel), {});
    expect(o?.posture).toEqual({ osVersion: '15', patchLevel: '2026-11-01' });
  });

  it('reads a `{ value: [...] }` page and a bare array alike', () => {
    const page = { '@odata.context': 'x', value: [iphone, pixel], '@odata.nextLink': 'https://next' };
    expect(parseIntune(json(page), {}).map((o) => o.serial)).toEqual(['SN-INTUNE-1', 'SN-INTUNE-2']);
    expect(parseIntune(json([pixel]), {})).toEqual(parseIntune(json(pixel), {}));
    expect(parseIntune(json({ value: [] }), {})).toEqual([]);
  });

  it('leaves out what the device does not state', () => {
    expect(parseIntune(json({ serialNumber: 'SN-BARE' }), {})).toEqual([
      { serial: 'SN-BARE', imei: null, externalId: null, observedAt: null, posture: {} },
    ]);
  });

  it('refuses a field of the wrong shape, naming it within the page', () => {
    expect(() => parseIntune(json({ value: [pixel, { ...iphone, isSupervised: 'yes' }] }), {})).toThrow(
      expect.objectContaining({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        message: expect.stringMatching(/^value\.1\.isSupervised: /),
      }),
    );
    expect(() => parseIntune(Buffer.from('{"value": ['), {})).toThrow(/not JSON/);
  });
});
