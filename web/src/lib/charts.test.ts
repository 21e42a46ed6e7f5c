import { describe, expect, it } from 'vitest';
import {
  DAY,
  type DayPoint,
  type DeviceHistory,
  daysSinceChart,
  describeDays,
  historyChart,
  latestLimit,
} from './charts.ts';

const frame = { width: 600, height: 200, margin: { top: 10, right: 10, bottom: 20, left: 30 } };
const T0 = Date.parse('2026-01-01T23:59:59.999Z');

/** A device held from day 0, checked on day 10 and never again; swap-exempt from day 20. */
function history(): DeviceHistory {
  const points: DayPoint[] = [];
  for (let d = 0; d <= 160; d++)
    points.push({
      t: T0 + d * DAY,
      swap: d,
      check: d < 10 ? d : d - 10,
      swapLimit: d < 20 ? 33 : null,
      checkLimit: 33,
    });
  return {
    points,
    checks: [{ at: new Date(T0 + 10 * DAY).toISOString(), result: 'clean' }],
    refusals: [{ at: new Date(T0 + 40 * DAY).toISOString(), action: 'swap', reason: 'inconvenient' }],
    waivers: [],
    current: { daysSinceSwap: 160, daysSinceCheck: 150, swapOver: false, checkOver: true },
  };
}

describe('days since the last swap and check', () => {
  it('describes five months unchecked in words, as overdue', () => {
    expect(describeDays('Last security check', 150.4, 33, true)).toBe(
      'Last security check: 150 days ago (about 5 months), limit 33 days — OVERDUE',
    );
    expect(describeDays('Last swap', 12, null, false)).toBe('Last swap: 12 days ago, no limit');
    expect(describeDays('Last swap', null, 33, false)).toBe('Last swap: none recorded');
  });

  it('scales to the largest value or limit and draws the limits as steps that stop where none applies', () => {
    const h = history();
    const c = daysSinceChart(h, T0, T0 + 160 * DAY, frame);
    expect(c.maxDays).toBe(160);
    // Top of the plot is at least the largest value.
    expect(c.y(160)).toBeGreaterThanOrEqual(frame.margin.top);
    expect(c.y(0)).toBe(frame.height - frame.margin.bottom);
    expect(c.x(T0)).toBe(frame.margin.left);
    expect(c.x(T0 + 160 * DAY)).toBe(frame.width - frame.margin.right);
    // One continuous segment per line; the swap limit ends when the role became swap-exempt.
    expect(c.checkPath.match(/M/g)).toHaveLength(1);
    expect(c.checkLimitPath.match(/M/g)).toHaveLength(1);
    expect(c.swapLimitPath.match(/M/g)).toHaveLength(1);
    const swapLimitEnd = Number(
      c.swapLimitPath
        .split(/[ML,H]/)
        .filter(Boolean)
        .at(-2),
    );
    expect(swapLimitEnd).toBeLessThan(c.x(T0 + 21 * DAY) + 1);
    expect(latestLimit(h.points, 'swapLimit')).toBeNull();
    expect(latestLimit(h.points, 'checkLimit')).toBe(33);
  });

  it('leaves a gap while the person did not hold the device', () => {
    const h = history();
    const points = h.points.map((p, i) => (i >= 50 && i < 60 ? { ...p, swap: null, check: null } : p));
    const c = daysSinceChart({ ...h, points }, T0, T0 + 160 * DAY, frame);
    expect(c.checkPath.match(/M/g)).toHaveLength(2);
  });
});

describe('compliance over time', () => {
  it('stacks the verdicts per day and describes the first and last day', () => {
    const days = [
      { date: '2026-03-02', compliant: 5, waived: 1, nonCompliant: 4 },
      { date: '2026-03-01', compliant: 4, waived: 0, nonCompliant: 6 },
    ];
    const c = historyChart(days, frame);
    expect(c.layers.map((l) => l.key)).toEqual(['nonCompliant', 'waived', 'compliant']);
    expect(c.max).toBe(10);
    expect(c.layers.every((l) => l.path.startsWith('M'))).toBe(true);
    expect(c.summary).toBe(
      'From 2026-03-01: 4 compliant, 0 waived, 6 non-compliant; to 2026-03-02: 5 compliant, 1 waived, 4 non-compliant.',
    );
    expect(c.yTicks[0]?.label).toBe('0');
  });

  it('copes with no data', () => {
    const c = historyChart([], frame);
    expect(c.layers.every((l) => l.path === '')).toBe(true);
    expect(c.summary).toBe('No history for this period.');
  });
});
