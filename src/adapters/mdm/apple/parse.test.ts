/** The Apple MDM parser on real check-ins, command results and webhook events (test/fixtures/mdm/apple). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBinary, type PlistValue, parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { parseApple } from './parse.ts';

const fixtures = join(import.meta.dirname, '../../../../test/fixtures/mdm/apple');
const fixture = (name: string) => readFileSync(join(fixtures, name));

describe('parseApple', () => {
  it('reads a DDM status report: each declaration token, active and valid, and the OS version', () => {
    const report = {
      StatusItems: {
        device: { 'operating-system': { version: '26.1', 'build-version': '23B85' } },
        management: {
          declarations: {
            activations: [
              { identifier: 'vigil.p.calls.activation', active: true, valid: 'valid', 'server-token': 'a1' },
            ],
            configurations: [
              { identifier: 'vigil.p.calls.legacy', active: true, valid: 'valid', 'server-token': 'l1' },
              { identifier: 'vigil.p.calls.passcode', active: false, valid: 'valid', 'server-token': 'p1' },
              { identifier: 'vigil.p.calls.status', active: true, valid: 'invalid', 'server-token': 's1' },
              { identifier: 'vigil.p.calls.other', active: true, valid: 'unknown', 'server-token': 'o1' },
            ],
          },
        },
      },
      Errors: [],
    };
    const checkin = buildBinary({
      MessageType: 'DeclarativeManagement',
      Endpoint: 'status',
      UDID: 'udid-1',
      Data: Buffer.from(JSON.stringify(report)),
    } as unknown as PlistValue);
    expect(parseApple(Buffer.from(checkin), { observedAt: 5 })).toEqual([
      {
        serial: null,
        imei: null,
        externalId: 'udid-1',
        observedAt: 5,
        posture: {
          osVersion: '26.1',
          osBuild: '23B85',
          applied: {
            target: 'apple-ddm',
            compliance: null,
            items: [
              { id: 'vigil.p.calls.activation', token: 'a1', state: 'applied' },
              { id: 'vigil.p.calls.legacy', token: 'l1', state: 'applied' },
              { id: 'vigil.p.calls.passcode', token: 'p1', state: 'pending' },
              { id: 'vigil.p.calls.status', token: 's1', state: 'failed' },
              { id: 'vigil.p.calls.other', token: 'o1', state: 'pending' },
            ],
          },
        },
      },
    ]);
    const tokens = buildBinary({
      MessageType: 'DeclarativeManagement',
      Endpoint: 'tokens',
      UDID: 'u',
    } as PlistValue);
    expect(parseApple(Buffer.from(tokens), {})).toEqual([]);
  });

  it('reads an Authenticate check-in: serial, UDID, OS version and build', () => {
    expect(parseApple(fixture('Authenticate.1.plist'), {})).toEqual([
      {
        serial: 'F5JM992LF193',
        imei: null,
        externalId: '663b07bb783e9ade1dae4fbb92ea12afc0ce5b69',
        observedAt: null,
        posture: { osVersion: '9.3.5', osBuild: '13G36' },
      },
    ]);
  });

  it('reads the same message as a binary plist', () => {
    const xml = fixture('Authenticate.2.plist');
    const binary = Buffer.from(buildBinary(parsePlist(xml.toString('utf8')) as PlistValue));
    expect(parseApple(binary, {})).toEqual(parseApple(xml, {}));
    expect(parseApple(binary, {})[0]).toMatchObject({
      serial: 'C02MT66KFLHH',
      posture: { osVersion: '10.12.6', osBuild: '16G2136' },
    });
  });

  it('takes a TokenUpdate as a link without posture, the time from the delivery', () => {
    expect(parseApple(fixture('TokenUpdate.1.plist'), { observedAt: Date.UTC(2026, 0, 2) })).toEqual([
      {
        serial: null,
        imei: null,
        externalId: '663b07bb783e9ade1dae4fbb92ea12afc0ce5b69',
        observedAt: Date.UTC(2026, 0, 2),
        posture: null,
      },
    ]);
  });

  it('reads an acknowledged DeviceInformation result, naming the device by the hinted serial', () => {
    expect(parseApple(fixture('DeviceInformation.1.plist'), { serial: 'SN-HINT' })).toEqual([
      {
        serial: 'SN-HINT',
        imei: null,
        externalId: '66ADE930-5FDF-5EC4-8429-15640684C489',
        observedAt: null,
        posture: {},
      },
    ]);
  });

  it('unwraps webhook events; Go’s zero time is no time, so the event id keys re-deliveries', () => {
    const [checkin] = parseApple(fixture('webhook-Authenticate.2.json'), {});
    expect(checkin).toMatchObject({
      serial: 'C02MT66KFLHH',
      externalId: '66ADE930-5FDF-5EC4-8429-15640684C489',
      observedAt: null,
      posture: { osVersion: '10.12.6', osBuild: '16G2136' },
      deliveryId: 'test_event_id/mdm.Authenticate',
    });
    const [result] = parseApple(fixture('webhook-DeviceInformation.1.json'), {});
    expect(result?.deliveryId).toBe('test_event_id/76eda240-5488-4989-8339-f2ae160113c4');
  });

  it('reads MicroMDM’s device list, a device with enrollment_status false as unenrolled', () => {
    const body = {
      devices: [
        {
          serial_number: 'SN-M1',
          udid: 'U-1',
          os_version: '18.6',
          build_version: '22G86',
          last_seen: '2026-11-20T10:00:00Z',
          enrollment_status: true,
        },
        { serial_number: 'SN-M2', udid: 'U-2', last_seen: '0001-01-01T00:00:00Z', enrollment_status: false },
      ],
    };
    expect(parseApple(Buffer.from(JSON.stringify(body)), {})).toEqual([
      {
        serial: 'SN-M1',
        imei: null,
        externalId: 'U-1',
        observedAt: Date.parse('2026-11-20T10:00:00Z'),
        unenrolled: false,
        posture: { osVersion: '18.6', osBuild: '22G86' },
      },
      { serial: 'SN-M2', imei: null, externalId: 'U-2', observedAt: null, unenrolled: true, posture: {} },
    ]);
    expect(parseApple(Buffer.from('{"devices":null}'), {})).toEqual([]);
  });

  it('refuses a malformed field, naming its path', () => {
    const event = { checkin_event: { udid: 'U', raw_payload: 'not base64!' }, topic: 'mdm.Authenticate' };
    expect(() => parseApple(Buffer.from(JSON.stringify(event)), {})).toThrow(
      expect.objectContaining({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        details: [{ path: 'checkin_event.raw_payload', message: 'expected base64' }],
      }),
    );
    expect(() => parseApple(Buffer.from('<plist><array/></plist>'), {})).toThrow(/dictionary/);
  });
});
