/** The Fleet parser on host JSON: `{ host }` and `{ hosts: [...] }` pages. */
import { describe, expect, it } from 'vitest';
import { parseFleet } from './parse.ts';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

const ipad = {
  id: 42,
  uuid: 'F1EE7-UUID-1',
  hardware_serial: 'SN-FLEET-1',
  platform: 'ipados',
  os_version: 'iPadOS 18.6',
  detail_updated_at: '2026-11-20T09:00:00Z',
  last_enrolled_at: '2026-01-01T00:00:00Z',
  mdm: { enrollment_status: 'On (manual)' },
  software: [
    { bundle_identifier: 'com.example.z' },
    { name: 'no bundle id' },
    { bundle_identifier: 'com.example.a' },
  ],
};

describe('parseFleet', () => {
  it('maps a host: the OS number from its label, sorted apps with bundle ids', () => {
    expect(parseFleet(json({ host: ipad }), {})).toEqual([
      {
        serial: 'SN-FLEET-1',
        imei: null,
        externalId: 'F1EE7-UUID-1',
        observedAt: Date.parse('2026-11-20T09:00:00Z'),
        unenrolled: false,
        posture: { osVersion: '18.6', apps: ['com.example.a', 'com.example.z'] },
      },
    ]);
  });

  it('reads a hosts page; MDM enrollment Off is unenrolled; enrolment time when no detail time', () => {
    const phone = {
      hardware_serial: 'SN-FLEET-2',
      os_version: 'Android 15',
      last_enrolled_at: '2026-10-01T00:00:00Z',
      mdm: { enrollment_status: 'Off' },
    };
    const out = parseFleet(json({ hosts: [ipad, phone] }), {});
    expect(out.map((o) => o.serial)).toEqual(['SN-FLEET-1', 'SN-FLEET-2']);
    expect(out[1]).toMatchObject({
      observedAt: Date.parse('2026-10-01T00:00:00Z'),
      unenrolled: true,
      posture: { osVersion: '15' },
    });
  });

  it('refuses an OS label it cannot read, naming the host', () => {
    expect(() => parseFleet(json({ hosts: [{ ...ipad, os_version: 'Windows 11' }] }), {})).toThrow(
      expect.objectContaining({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        message: expect.stringMatching(/^hosts\.0\.os_version: /),
      }),
    );
  });
});
