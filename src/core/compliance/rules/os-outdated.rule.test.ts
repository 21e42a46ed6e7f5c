/** os.outdated: behind the newest release for longer than allowed, or below the protocol minimum. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { compliantPosture, findingsOf, history, onlyFindingOf } from '../test-helpers.ts';

describe('os.outdated', () => {
  const ios = (osVersion: string | null) =>
    history('d1', { posture: [compliantPosture({ id: 'r1', deviceId: 'd1', osVersion })] });
  const android = (patchLevel: string | null) =>
    history('d1', {
      device: { platform: 'android', model: 'Pixel 9' },
      posture: [
        compliantPosture({ id: 'r1', deviceId: 'd1', osVersion: '16', patchLevel, lockdownMode: null }),
      ],
    });

  it('passes the newest release', () => {
    expect(findingsOf('os.outdated', [ios('18.6.2')])).toEqual([]);
    expect(findingsOf('os.outdated', [android('2026-11-01')])).toEqual([]);
  });

  it('fails a version behind the newest for longer than allowed, since supersession plus the allowance', () => {
    // 18.6.1 was superseded by 18.6.2 on 2026-08-20; allowed 14 days.
    const superseded = Date.UTC(2026, 7, 20);
    const f = onlyFindingOf('os.outdated', [ios('18.6.1')]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'high', since: superseded + 14 * DAY });
    expect(f.message).toBe(
      'iOS 18.6.1 is behind the newest release (18.6.2) for 90 days (superseded 2026-08-20; allowed 14 days)',
    );
    const early = history('d1', {
      device: { issuedAt: superseded - 30 * DAY },
      posture: [compliantPosture({ id: 'r1', deviceId: 'd1', osVersion: '18.6.1', observedAt: superseded })],
    });
    expect(findingsOf('os.outdated', [early], { at: superseded + 14 * DAY })).toEqual([]);
    expect(onlyFindingOf('os.outdated', [early], { at: superseded + 14 * DAY + 1 }).outcome).toBe('fail');
  });

  it('fails a version below the protocol minimum', () => {
    const f = onlyFindingOf('os.outdated', [ios('17.7')]);
    expect(f.evidence).toMatchObject({ belowMinimum: true, minVersion: '18.0' });
    expect(f.message).toMatch(
      /^iOS 17\.7 is below the protocol minimum 18\.0, and behind the newest release \(18\.6\.2\)/,
    );
  });

  it('uses the patch level on Android', () => {
    const f = onlyFindingOf('os.outdated', [android('2026-09-01')]);
    // Superseded by 2026-10-01 released 2026-10-06; allowed 14 days.
    expect(f.since).toBe(Date.UTC(2026, 9, 20));
    expect(f.message).toMatch(/^Security patch level 2026-09-01 is behind the newest release \(2026-11-01\)/);
  });

  it('is unverified when the version is unknown or unreadable', () => {
    expect(onlyFindingOf('os.outdated', [ios(null)])).toMatchObject({
      outcome: 'unverified',
      severity: 'medium',
    });
    expect(onlyFindingOf('os.outdated', [ios('eighteen')]).outcome).toBe('unverified');
    expect(onlyFindingOf('os.outdated', [android(null)]).outcome).toBe('unverified');
  });
});
