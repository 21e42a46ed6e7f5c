/** sensor.location: an unknown reading is unverified, with what was last known. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { compliantPosture, onlyFindingOf, reading, sensors, T0, withPosture } from '../test-helpers.ts';

describe('sensor.location', () => {
  it('reports an unknown reading as unverified, with what was last known', () => {
    const d = withPosture(
      compliantPosture({ id: 'r1', deviceId: 'd1', observedAt: T0 - 9 * DAY }),
      compliantPosture({
        id: 'r2',
        deviceId: 'd1',
        observedAt: T0 - 4 * DAY,
        sensors: { ...sensors('disabled'), location: reading('unknown', 'attested') },
      }),
    );
    const f = onlyFindingOf('sensor.location', [d]);
    expect(f).toMatchObject({ outcome: 'unverified', severity: 'medium', since: T0 - 4 * DAY });
    expect(f.evidence).toMatchObject({
      state: 'unknown',
      provenance: 'attested',
      lastKnown: { state: 'disabled', observedAt: T0 - 9 * DAY, provenance: 'enforced' },
    });
    expect(f.message).toMatch(/^Location \(GPS\) state unknown .*; last known disabled on 2026-11-09$/);
  });
});
