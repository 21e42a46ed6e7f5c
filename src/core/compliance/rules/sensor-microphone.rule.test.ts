/** sensor.microphone (with the other sensors): a sensor never reported is unverified, never compliant. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { compliantPosture, findingsOf, onlyFindingOf, reading, T0, withPosture } from '../test-helpers.ts';

describe('sensor.microphone', () => {
  it('reports a sensor never reported as unverified, never compliant', () => {
    const d = withPosture(
      compliantPosture({ id: 'r1', deviceId: 'd1', sensors: { camera: reading('disabled') } }),
    );
    for (const rule of ['sensor.microphone', 'sensor.location']) {
      const f = onlyFindingOf(rule, [d]);
      expect(f).toMatchObject({ outcome: 'unverified', severity: 'medium', since: T0 - 20 * DAY });
      expect(f.evidence).toMatchObject({ state: null });
    }
    expect(findingsOf('sensor.camera', [d])).toEqual([]);
    // Bluetooth is allowed by the strict role, so it is not checked at all.
    expect(findingsOf('sensor.bluetooth', [d])).toEqual([]);
  });
});
