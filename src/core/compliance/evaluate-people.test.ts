/** Person-level findings (policy.unacknowledged, zone.personal-device) under waivers; the rules themselves are tested beside them in rules/. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import { acknowledgement, facilityOffice, inForceOf, T0 } from './test-helpers.ts';
import { NO_LIFECYCLE_FACTS } from './types.ts';

describe('waivers on person-level findings', () => {
  const waiver = (expiresAt: number) => ({
    id: 'wv_ack',
    rule: 'policy.unacknowledged',
    scope: { personId: 'aide' },
    reason: 'On leave',
    risk: 'Low: not on site',
    requestedBy: 'token:a',
    requestedAt: T0 - 20 * DAY,
    approvedBy: 'token:b',
    approvedAt: T0 - 19 * DAY,
    startsAt: T0 - 19 * DAY,
    expiresAt,
    endedAt: null,
    recordedAt: T0 - 20 * DAY,
    approvalRecordedAt: T0 - 19 * DAY,
    endRecordedAt: null,
  });
  const run = (expiresAt: number) =>
    evaluateFleet({
      at: T0,
      devices: facilityOffice.devices,
      inForce: inForceOf(facilityOffice.people.values(), [facilityOffice.office]),
      releases: [],
      lifecycle: {
        ...NO_LIFECYCLE_FACTS,
        acknowledgements: [acknowledgement('pm')],
        waivers: [waiver(expiresAt)],
      },
    });

  it('shows a covered finding as waived, not resolved', () => {
    const f = run(T0 + DAY).findings.filter((x) => x.personId === 'aide');
    expect(f).toMatchObject([{ rule: 'policy.unacknowledged', status: 'waived', waiver: 'wv_ack' }]);
  });

  it('reopens the finding and reports waiver.expired once the waiver lapses', () => {
    const f = run(T0 - DAY).findings.filter((x) => x.personId === 'aide');
    expect(f.map((x) => [x.rule, x.status]).sort()).toEqual([
      ['policy.unacknowledged', 'open'],
      ['waiver.expired', 'open'],
    ]);
  });
});
