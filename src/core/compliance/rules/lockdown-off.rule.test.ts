/** lockdown.off: Lockdown Mode on iPhones when the protocol requires it. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import {
  compiledProtocol,
  compliantPosture,
  findingsOf,
  history,
  onlyFindingOf,
  strictRole,
  T0,
} from '../test-helpers.ts';

describe('lockdown.off', () => {
  const lockdown = (lockdownMode: boolean | null, platform: 'ios' | 'android' = 'ios') =>
    history('d1', {
      device: { platform },
      posture: [compliantPosture({ id: 'r1', deviceId: 'd1', lockdownMode })],
    });

  it('fails an iPhone with Lockdown Mode off when required', () => {
    expect(onlyFindingOf('lockdown.off', [lockdown(false)])).toMatchObject({
      outcome: 'fail',
      severity: 'high',
      since: T0 - DAY,
    });
    expect(findingsOf('lockdown.off', [lockdown(true)])).toEqual([]);
  });

  it('is unverified when not reported, and does not apply to Android or when optional', () => {
    expect(onlyFindingOf('lockdown.off', [lockdown(null)]).outcome).toBe('unverified');
    expect(findingsOf('lockdown.off', [lockdown(false, 'android')])).toEqual([]);
    const role = strictRole();
    const optional = compiledProtocol({
      roles: { calls: { ...role, os: role.os === null ? null : { ...role.os, lockdownMode: 'optional' } } },
    });
    expect(findingsOf('lockdown.off', [lockdown(false)], { protocols: [optional] })).toEqual([]);
  });
});
