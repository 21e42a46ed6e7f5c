/** inspection.overdue: due every period after the last check, with grace. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import {
  compiledProtocol,
  findingsOf,
  history,
  inspection,
  onlyFindingOf,
  strictRole,
  T0,
} from '../test-helpers.ts';

describe('inspection.overdue', () => {
  const inspected = (at: number, method: 'forensic-scan' | 'mdm-review' = 'forensic-scan') =>
    history('d1', {
      device: { issuedAt: T0 - 300 * DAY },
      inspections: [inspection({ id: 'i1', deviceId: 'd1', at, method })],
    });

  it('is due every period after the last check, with grace', () => {
    expect(findingsOf('inspection.overdue', [inspected(T0 - 33 * DAY)])).toEqual([]);
    const f = onlyFindingOf('inspection.overdue', [inspected(T0 - 33 * DAY - 1)]);
    expect(f.since).toBe(T0 - 1);
    expect(f.severity).toBe('high');
  });

  it('says "overdue by about four months" for a phone last checked five months ago', () => {
    const f = onlyFindingOf('inspection.overdue', [inspected(Date.UTC(2026, 5, 20))]);
    expect(f.message).toBe('Inspection overdue by 121 days (last check 2026-06-20, due 2026-07-20)');
    expect(f.evidence).toMatchObject({
      lastInspectionAt: Date.UTC(2026, 5, 20),
      dueAt: Date.UTC(2026, 6, 20),
      daysOverdue: 121,
    });
  });

  it('counts only the methods the protocol accepts', () => {
    const role = strictRole({
      inspection: { every: 30 * DAY, grace: 3 * DAY, methods: ['forensic-scan'], cite: [] },
    });
    const protocol = compiledProtocol({ roles: { calls: role } });
    const d = history('d1', {
      device: { issuedAt: T0 - 300 * DAY },
      inspections: [
        inspection({ id: 'i1', deviceId: 'd1', at: T0 - 100 * DAY }),
        inspection({ id: 'i2', deviceId: 'd1', at: T0 - 2 * DAY, method: 'mdm-review' }),
      ],
    });
    const f = onlyFindingOf('inspection.overdue', [d], { protocols: [protocol] });
    expect(f.evidence).toMatchObject({ lastInspectionId: 'i1', nonQualifyingInspectionAt: T0 - 2 * DAY });
    expect(findingsOf('inspection.overdue', [d])).toEqual([]);
  });

  it('counts from the start of service when the device was never checked', () => {
    const d = history('d1', { device: { issuedAt: T0 - 40 * DAY }, inspections: [] });
    const f = onlyFindingOf('inspection.overdue', [d]);
    expect(f.message).toBe(
      'Inspection overdue by 10 days (never checked since entering service on 2026-10-09, due 2026-11-08)',
    );
    expect(f.evidence).toMatchObject({ lastInspectionAt: null });
  });
});
