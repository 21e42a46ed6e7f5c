/** zone.personal-device: personal devices detected at a facility that bans them. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { summarize } from '../evaluate.ts';
import { acknowledgement, detection, evaluateFacilityOffice, T0 } from '../test-helpers.ts';

describe('zone.personal-device', () => {
  it('one finding per facility and identifier within 30 days; unknown devices have no device id; issued devices pass', () => {
    const r = evaluateFacilityOffice(
      [
        detection('d1', 'imei:490154203237518', 3, 'aide-phone', 'aide'),
        detection('d2', 'imei:490154203237518', 1, 'aide-phone', 'aide'),
        detection('d3', `mac-sha256:${'a'.repeat(64)}`, 2, null, null),
        detection('d4', 'serial:SN-pm-calls', 2, 'pm-calls', 'pm'),
        detection('d5', 'imei:111111111111111', 31, null, null), // older than the window
      ],
      [acknowledgement('pm'), acknowledgement('aide')],
    );
    const f = r.findings.filter((x) => x.rule === 'zone.personal-device');
    expect(f).toHaveLength(2);
    const known = f.find((x) => x.deviceId === 'aide-phone');
    expect(known).toMatchObject({
      personId: 'aide',
      since: T0 - 3 * DAY,
      severity: 'high',
      evidence: { detections: 2 },
    });
    const unknown = f.find((x) => x.deviceId === null);
    expect(unknown).toMatchObject({ personId: null, evidence: { known: false } });
    // Person-level findings count against the person in the summary.
    expect(summarize(r).byPerson.find((p) => p.personId === 'aide')?.findings).toBe(1);
  });

  it('as of before a detection, it is not there (history is exact)', () => {
    const late = detection('d1', 'imei:490154203237518', -1, 'aide-phone', 'aide');
    expect(
      evaluateFacilityOffice([late], [acknowledgement('pm'), acknowledgement('aide')]).findings.filter(
        (x) => x.rule === 'zone.personal-device',
      ),
    ).toEqual([]);
  });
});
