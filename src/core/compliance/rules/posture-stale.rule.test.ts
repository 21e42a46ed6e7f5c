/** posture.stale: the latest report older than the maximum age, or none at all. */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../time.ts';
import {
  compiledProtocol,
  compliantPosture,
  findingsOf,
  history,
  onlyFindingOf,
  strictRole,
  T0,
} from '../test-helpers.ts';

describe('posture.stale', () => {
  const reported = (observedAt: number) =>
    history('d1', { posture: [compliantPosture({ id: 'r1', deviceId: 'd1', observedAt })] });

  it('fails once the latest report is older than the maximum age', () => {
    expect(findingsOf('posture.stale', [reported(T0 - 7 * DAY)])).toEqual([]);
    const f = onlyFindingOf('posture.stale', [reported(T0 - 7 * DAY - 1)]);
    expect(f).toMatchObject({ since: T0 - 1, severity: 'medium' });
    expect(f.message).toBe('Posture is stale: last report 2026-11-10, 7 days ago (allowed 7 days)');
  });

  it('fails a device that never reported, since it entered service', () => {
    const f = onlyFindingOf('posture.stale', [history('d1', { posture: [] })]);
    expect(f.since).toBe(T0 - 10 * DAY);
  });

  it('reads sub-day durations', () => {
    const role = strictRole({ posture: { maxAge: 36 * HOUR, cite: [] } });
    const f = onlyFindingOf(
      'posture.stale',
      [history('d1', { posture: [compliantPosture({ id: 'r', deviceId: 'd1', observedAt: T0 - 2 * DAY })] })],
      {
        protocols: [compiledProtocol({ roles: { calls: role } })],
      },
    );
    expect(f.message).toMatch(/allowed 36 hours/);
  });
});
