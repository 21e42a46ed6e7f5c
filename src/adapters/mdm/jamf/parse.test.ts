/** The Jamf Pro parser on `/api/v2/mobile-devices/detail` pages and flattened inventory records. */
import { describe, expect, it } from 'vitest';
import { parseJamf } from './parse.ts';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

const detail = {
  mobileDeviceId: '17',
  deviceType: 'iOS',
  hardware: { serialNumber: 'SN-JAMF-1', imei: '352099001761481' },
  general: {
    udid: '00008110-000A1C2E3E8A801E',
    osVersion: '18.6.2',
    osBuild: '22G100',
    supervised: true,
    lastInventoryUpdateDate: '2026-11-19T12:00:00.000Z',
  },
  applications: [
    { identifier: 'com.example.b' },
    { identifier: 'com.example.a' },
    { identifier: 'com.example.b' },
  ],
};

describe('parseJamf', () => {
  it('maps a v2 detail record: sections, id, sorted distinct apps', () => {
    expect(parseJamf(json({ totalCount: 1, results: [detail] }), {})).toEqual([
      {
        serial: 'SN-JAMF-1',
        imei: '352099001761481',
        externalId: '17',
        observedAt: Date.parse('2026-11-19T12:00:00Z'),
        posture: {
          osVersion: '18.6.2',
          osBuild: '22G100',
          supervised: true,
          apps: ['com.example.a', 'com.example.b'],
        },
      },
    ]);
  });

  it('reads a flattened record, the IMEI from `network`, the UDID when there is no id', () => {
    const flat = {
      serialNumber: 'SN-JAMF-2',
      udid: 'UDID-2',
      osVersion: '17.7',
      network: { imei: '490154203237518' },
      lastInventoryUpdateTimestamp: '2026-11-18T07:30:00Z',
    };
    expect(parseJamf(json(flat), {})).toEqual([
      {
        serial: 'SN-JAMF-2',
        imei: '490154203237518',
        externalId: 'UDID-2',
        observedAt: Date.parse('2026-11-18T07:30:00Z'),
        posture: { osVersion: '17.7' },
      },
    ]);
  });

  it('refuses a field of the wrong shape, naming its path', () => {
    const bad = { results: [{ ...detail, general: { ...detail.general, supervised: 'yes' } }] };
    expect(() => parseJamf(json(bad), {})).toThrow(
      expect.objectContaining({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        message: expect.stringMatching(/^results\.0\.general\.supervised: /),
      }),
    );
  });
});
