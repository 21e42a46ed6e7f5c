/** The CSV parser: RFC 4180 fields, the documented columns in any order, cells refused by row. */
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvDelivery } from './parse.ts';

const csv = (text: string) => Buffer.from(text);

describe('parseCsv', () => {
  it('reads quoted commas, quotes and newlines, CRLF and a byte-order mark; skips blank lines', () => {
    expect(parseCsv('\ufeffa,"b,1","say ""hi""\nthere"\r\n\r\nc,d,e')).toEqual([
      ['a', 'b,1', 'say "hi"\nthere'],
      ['c', 'd', 'e'],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\nc')).toThrow(/unterminated quoted field/);
  });
});

describe('parseCsvDelivery', () => {
  it('maps the documented columns in any order, ignoring unknown ones', () => {
    const text = [
      'Notes,IMEI,serial,os_version,os_build,patch_level,camera,microphone,provenance,apps,lockdown_mode,supervised,observed_at',
      'ignored,490154203237518,SN-CSV-1,15,AP4A.250105.002,2026-11-01,off,enabled,enforced,b.app; a.app;b.app,no,yes,2026-11-20T10:00:00Z',
    ].join('\n');
    expect(parseCsvDelivery(csv(text), {})).toEqual([
      {
        serial: 'SN-CSV-1',
        imei: '490154203237518',
        externalId: null,
        observedAt: Date.parse('2026-11-20T10:00:00Z'),
        posture: {
          osVersion: '15',
          osBuild: 'AP4A.250105.002',
          patchLevel: '2026-11-01',
          sensors: {
            camera: { state: 'disabled', provenance: 'enforced' },
            microphone: { state: 'enabled', provenance: 'enforced' },
          },
          apps: ['a.app', 'b.app'],
          lockdownMode: false,
          supervised: true,
        },
      },
    ]);
  });

  it('reads sensors as reported by default and leaves empty cells out', () => {
    const [o] = parseCsvDelivery(csv('serial,camera,os_version\nSN-CSV-2,disabled,\n'), {});
    expect(o).toEqual({
      serial: 'SN-CSV-2',
      imei: null,
      externalId: null,
      observedAt: null,
      posture: { sensors: { camera: { state: 'disabled', provenance: 'reported' } } },
    });
  });

  it('needs a serial or IMEI column; an empty file has no rows', () => {
    expect(() => parseCsvDelivery(csv('name,camera\nx,off'), {})).toThrow(
      /header: needs a serial or an imei column/,
    );
    expect(parseCsvDelivery(csv(''), {})).toEqual([]);
  });

  it('refuses a malformed cell, naming its row and column', () => {
    expect(() => parseCsvDelivery(csv('serial,camera\nSN-1,off\nSN-2,sometimes'), {})).toThrow(
      expect.objectContaining({
        code: 'CONNECTOR_PAYLOAD_INVALID',
        message: expect.stringMatching(/^row 3: camera: /),
      }),
    );
    expect(() => parseCsvDelivery(csv('serial,supervised\nSN-1,maybe'), {})).toThrow(/row 2: supervised/);
  });
});
