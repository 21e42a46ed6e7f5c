/**
 * The sliced evaluation gives `evaluateFleet`'s result and lets other callbacks run between
 * its slices (the property over random fleets and slice sizes is in core/compliance/properties.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { evaluateFleet } from '../../core/compliance/evaluate.ts';
import { sortFindings } from '../../core/compliance/evaluate-order.ts';
import {
  compliantPosture,
  evaluationInput,
  history,
  person,
  T0,
} from '../../core/compliance/test-helpers.ts';
import { DAY } from '../../core/time.ts';
import { evaluateFleetChunked } from './evaluate-chunked.ts';

/** 50 devices, every fifth one non-compliant (no posture report for weeks), some unheld. */
const ids = Array.from({ length: 50 }, (_, i) => `d${String(i).padStart(2, '0')}`);
const input = evaluationInput(
  ids.map((id, i) =>
    history(id, {
      holderId: i % 7 === 0 ? null : i % 2 === 0 ? 'p1' : 's1',
      ...(i % 5 === 0
        ? { posture: [compliantPosture({ id: `${id}-r1`, deviceId: id, observedAt: T0 - 40 * DAY })] }
        : {}),
    }),
  ),
  { people: [person({ id: 'p1' }), person({ id: 's1', kind: 'staff', protocol: null, principalId: 'p1' })] },
);

describe('evaluateFleetChunked', () => {
  it('returns what evaluateFleet returns, whatever the slice', async () => {
    const whole = evaluateFleet(input);
    expect(whole.findings.length).toBeGreaterThan(0);
    for (const slice of [1, 7, 50, 1000]) expect(await evaluateFleetChunked(input, { slice })).toEqual(whole);
  });

  it('hands the event loop back between slices', async () => {
    let done = false;
    const result = evaluateFleetChunked(input, { slice: 5 }).then((r) => {
      done = true;
      return r;
    });
    // Another task taking turns meanwhile: it runs between every two slices.
    let turns = 0;
    while (!done) {
      turns++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(turns).toBeGreaterThanOrEqual(50 / 5 - 1);
    expect(await result).toEqual(evaluateFleet(input));
  });

  it('leaves the findings in the order found when asked to (counts need no sort)', async () => {
    const whole = evaluateFleet(input);
    const unsorted = await evaluateFleetChunked(input, { slice: 7, unsorted: true });
    expect(unsorted.devices).toEqual(whole.devices);
    expect(unsorted.findings).not.toEqual(whole.findings);
    expect(sortFindings(unsorted.findings)).toEqual(whole.findings);
  });
});
