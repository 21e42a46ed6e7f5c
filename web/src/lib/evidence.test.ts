import { describe, expect, it } from 'vitest';
import { evidenceRows, label, relativeDays } from './evidence.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('relativeDays', () => {
  it('says whole days before or after now', () => {
    expect(relativeDays('2026-11-25T09:00:00Z', NOW)).toBe('12 days ago');
    expect(relativeDays('2026-12-07T01:00:00Z', NOW)).toBe('today');
    expect(relativeDays('2026-12-06T11:00:00Z', NOW)).toBe('yesterday');
    expect(relativeDays('2026-12-08T13:00:00Z', NOW)).toBe('tomorrow');
    expect(relativeDays('2026-12-10T13:00:00Z', NOW)).toBe('in 3 days');
  });
});

describe('evidenceRows', () => {
  const sources = [{ id: 'cisa-mcbp', title: 'CISA mobile best practice', url: 'https://example.org/mcbp' }];

  it('cites sources by title, keeps ids apart, and marks instants', () => {
    const { shown, ids } = evidenceRows(
      {
        cite: ['cisa-mcbp', 'unlisted'],
        reportId: 'pos_123',
        lastInspectionAt: '2026-07-01T08:00:00.000Z',
        methods: ['mvt', 'manual'],
        lockdownMode: false,
      },
      sources,
    );
    expect(shown).toEqual([
      {
        key: 'cite',
        label: 'Sources',
        value: { kind: 'sources', sources: [sources[0], { id: 'unlisted', title: 'unlisted' }] },
      },
      {
        key: 'lastInspectionAt',
        label: 'Last inspection',
        value: { kind: 'instant', iso: '2026-07-01T08:00:00.000Z' },
      },
      { key: 'methods', label: 'Methods', value: { kind: 'text', text: 'mvt, manual' } },
      { key: 'lockdownMode', label: 'Lockdown mode', value: { kind: 'text', text: 'no' } },
    ]);
    expect(ids).toEqual([{ key: 'reportId', label: 'reportId', value: { kind: 'text', text: 'pos_123' } }]);
  });

  it('puts every id-like key behind the toggle, and words nested values', () => {
    const { shown, ids } = evidenceRows(
      { waiverIds: ['w1', 'w2'], id: 'x', sensor: { state: 'on', provenance: 'mdm' } },
      [],
    );
    expect(ids.map((r) => r.key)).toEqual(['waiverIds', 'id']);
    expect(shown).toEqual([
      { key: 'sensor', label: 'Sensor', value: { kind: 'text', text: 'state on; provenance mdm' } },
    ]);
  });

  it('turns camelCase keys into words', () => {
    expect(label('maxBehindLatest')).toBe('Max behind latest');
    expect(label('expiredAt')).toBe('Expired');
  });
});
