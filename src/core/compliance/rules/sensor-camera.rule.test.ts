/** sensor.camera: an enabled sensor fails since the start of its current run of enabled readings. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import {
  compliantPosture,
  findingsOf,
  onlyFindingOf,
  reading,
  sensors,
  T0,
  withPosture,
} from '../test-helpers.ts';

describe('sensor.camera', () => {
  it('fails an enabled sensor since the start of its current run of enabled readings', () => {
    const d = withPosture(
      compliantPosture({ id: 'r1', deviceId: 'd1', observedAt: T0 - 9 * DAY }),
      compliantPosture({
        id: 'r2',
        deviceId: 'd1',
        observedAt: T0 - 6 * DAY,
        sensors: { ...sensors('disabled'), camera: reading('enabled') },
      }),
      compliantPosture({
        id: 'r3',
        deviceId: 'd1',
        observedAt: T0 - 2 * DAY,
        sensors: { ...sensors('disabled'), camera: reading('enabled', 'attested') },
      }),
    );
    const f = onlyFindingOf('sensor.camera', [d]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'high', since: T0 - 6 * DAY });
    expect(f.evidence).toMatchObject({
      state: 'enabled',
      provenance: 'attested',
      source: 'test-mdm',
      reportId: 'r3',
    });
    expect(f.message).toBe(
      'Camera is enabled (attested by a person, test-mdm on 2026-11-16); the protocol requires it disabled',
    );
    expect(findingsOf('sensor.microphone', [d])).toEqual([]);
  });
});
