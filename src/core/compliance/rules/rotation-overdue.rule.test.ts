/** rotation.overdue: boundaries at the end of grace, and roles exempt from rotation. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { compiledProtocol, findingsOf, history, onlyFindingOf, strictRole, T0 } from '../test-helpers.ts';

describe('rotation.overdue', () => {
  // Issued T0 - 33 days: due T0 - 3 days, grace ends exactly at T0.
  const device = history('d1', { device: { issuedAt: T0 - 33 * DAY } });

  it('is not a finding until the grace period has passed', () => {
    expect(findingsOf('rotation.overdue', [device])).toEqual([]);
  });

  it('is a finding one millisecond later, since the end of grace', () => {
    const f = onlyFindingOf('rotation.overdue', [device], { at: T0 + 1 });
    expect(f).toMatchObject({ severity: 'high', outcome: 'fail', since: T0, status: 'open', waiver: null });
    expect(f.evidence).toMatchObject({ inServiceSince: T0 - 33 * DAY, dueAt: T0 - 3 * DAY, daysOverdue: 3 });
    expect(f.message).toBe('Rotation overdue by 3 days (in service since 2026-10-16, due 2026-11-15)');
    expect(f.remedy).toMatch(/Swap/);
  });

  it('does not apply when the role is exempt from rotation', () => {
    const protocol = compiledProtocol({ roles: { calls: strictRole({ rotation: null }) } });
    expect(findingsOf('rotation.overdue', [device], { at: T0 + 90 * DAY, protocols: [protocol] })).toEqual(
      [],
    );
  });
});
