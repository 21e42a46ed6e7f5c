/** policy.unacknowledged: each governed person lacking the policy version in force at a facility. */
import { describe, expect, it } from 'vitest';
import { acknowledgement, evaluateFacilityOffice } from '../test-helpers.ts';

describe('policy.unacknowledged', () => {
  it('reports each governed person (staff through their principal) lacking the version in force', () => {
    const r = evaluateFacilityOffice([], [acknowledgement('pm'), acknowledgement('aide', 'office@2025.9')]);
    const f = r.findings.filter((x) => x.rule === 'policy.unacknowledged');
    expect(f).toHaveLength(1); // `late` did not exist yet at T0
    expect(f[0]).toMatchObject({
      deviceId: null,
      personId: 'aide',
      protocol: 'office',
      severity: 'medium',
      evidence: {
        facility: 'main-building',
        policyVersion: 'office@2026.1',
        acknowledgedVersions: ['office@2025.9'],
      },
    });
    expect(
      evaluateFacilityOffice([], [acknowledgement('pm'), acknowledgement('aide')]).findings.filter(
        (x) => x.rule === 'policy.unacknowledged',
      ),
    ).toEqual([]);
  });

  it('a what-if protocol without the facility asks nothing', () => {
    expect(
      evaluateFacilityOffice([], [], 'other').findings.filter((x) => x.rule === 'policy.unacknowledged'),
    ).toEqual([]);
  });
});
