/** inspection.failed: a compromised or suspicious check with no incident opened since. */
import { describe, expect, it } from 'vitest';
import type { IncidentFact } from '../../model.ts';
import { DAY } from '../../time.ts';
import { evaluateWithFacts, history, inspection, ofRule, T0 } from '../test-helpers.ts';

describe('inspection.failed', () => {
  const failed = history('d1', {
    inspections: [inspection({ id: 'i1', deviceId: 'd1', at: T0 - 3 * DAY, result: 'compromised' })],
  });
  const incident = (openedAt: number): IncidentFact => ({
    id: 'inc1',
    deviceIds: ['d1'],
    personIds: [],
    openedAt,
    closedAt: null,
    inspectionId: null,
    recordedAt: openedAt,
    closeRecordedAt: null,
  });

  it('reports a compromised result with no incident opened since', () => {
    const [f] = ofRule('inspection.failed', evaluateWithFacts([failed], {}).findings);
    expect(f).toMatchObject({ severity: 'critical', since: T0 - 3 * DAY });
    expect(
      ofRule(
        'inspection.failed',
        evaluateWithFacts([failed], { incidents: [incident(T0 - 4 * DAY)] }).findings,
      ),
    ).toHaveLength(1);
    expect(
      ofRule(
        'inspection.failed',
        evaluateWithFacts([failed], { incidents: [incident(T0 - 3 * DAY)] }).findings,
      ),
    ).toEqual([]);
  });

  it('is high for a suspicious result and silent for a clean one', () => {
    const suspicious = history('d1', {
      inspections: [inspection({ id: 'i1', deviceId: 'd1', result: 'suspicious' })],
    });
    expect(ofRule('inspection.failed', evaluateWithFacts([suspicious], {}).findings)[0]?.severity).toBe(
      'high',
    );
    expect(ofRule('inspection.failed', evaluateWithFacts([history('d1')], {}).findings)).toEqual([]);
  });
});
