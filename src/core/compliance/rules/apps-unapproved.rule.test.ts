/** apps.unapproved: apps outside the allow list, or no inventory. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { compliantPosture, history, onlyFindingOf, T0 } from '../test-helpers.ts';

describe('apps.unapproved', () => {
  it('lists the apps outside the allow list, sorted and once each', () => {
    const d = history('d1', {
      posture: [
        compliantPosture({
          id: 'r1',
          deviceId: 'd1',
          apps: ['com.zeta', 'com.apple.mobilephone', 'com.alpha', 'com.zeta'],
        }),
      ],
    });
    const f = onlyFindingOf('apps.unapproved', [d]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'medium', since: T0 - DAY });
    expect(f.evidence).toMatchObject({ unapproved: ['com.alpha', 'com.zeta'] });
    expect(f.message).toBe('2 unapproved apps installed: com.alpha, com.zeta (test-mdm on 2026-11-17)');
  });

  it('is unverified when no inventory was reported', () => {
    const d = history('d1', { posture: [compliantPosture({ id: 'r1', deviceId: 'd1', apps: null })] });
    expect(onlyFindingOf('apps.unapproved', [d]).outcome).toBe('unverified');
  });
});
