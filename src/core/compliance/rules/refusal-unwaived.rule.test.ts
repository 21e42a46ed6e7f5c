/** refusal.unwaived: a declined swap or check, until a waiver covers it or the action is done. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import {
  evaluateWithFacts,
  history,
  inspection,
  ofRule,
  refusal,
  rotation,
  T0,
  waiver,
} from '../test-helpers.ts';

describe('refusal.unwaived', () => {
  it('reports a declined swap with who, when and why, until a waiver covers it', () => {
    const d = history('d1');
    const [f] = ofRule('refusal.unwaived', evaluateWithFacts([d], { refusals: [refusal()] }).findings);
    expect(f).toMatchObject({ severity: 'high', since: T0 - 5 * DAY, status: 'open' });
    expect(f?.evidence).toMatchObject({ personId: 'p1', reason: 'inconvenient', refusedAt: T0 - 5 * DAY });
    expect(
      ofRule(
        'refusal.unwaived',
        evaluateWithFacts([d], { refusals: [refusal()], waivers: [waiver()] }).findings,
      ),
    ).toEqual([]);
  });

  it('stops counting once the refused action is done afterwards', () => {
    // The device came into service (a later swap) after the refusal: the refusal no longer applies.
    const fresh = history('d1', {
      device: { issuedAt: null },
      rotations: [rotation({ id: 'r', oldDeviceId: 'd0', newDeviceId: 'd1', at: T0 - 2 * DAY })],
    });
    expect(
      ofRule('refusal.unwaived', evaluateWithFacts([fresh], { refusals: [refusal()] }).findings),
    ).toEqual([]);
    // A declined check counts until a later check.
    const checkRefusal = refusal({ action: 'check', rule: 'inspection.overdue', at: T0 - 3 * DAY });
    const checkedBefore = history('d1', {
      inspections: [inspection({ id: 'i', deviceId: 'd1', at: T0 - 4 * DAY })],
    });
    const checkedAfter = history('d1', {
      inspections: [inspection({ id: 'i', deviceId: 'd1', at: T0 - 2 * DAY })],
    });
    expect(
      ofRule('refusal.unwaived', evaluateWithFacts([checkedBefore], { refusals: [checkRefusal] }).findings),
    ).toHaveLength(1);
    expect(
      ofRule('refusal.unwaived', evaluateWithFacts([checkedAfter], { refusals: [checkRefusal] }).findings),
    ).toEqual([]);
  });

  it("counts the holder's person-wide refusals on each of their devices", () => {
    const d = history('d1');
    const found = ofRule(
      'refusal.unwaived',
      evaluateWithFacts([d], { refusals: [refusal({ deviceId: null })] }).findings,
    );
    expect(found).toHaveLength(1);
  });
});
