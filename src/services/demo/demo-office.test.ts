import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/time.ts';
import { demoOffice, demoProtocolsSince } from './demo-office.ts';

describe('the demo protocols in force', () => {
  const now = Date.parse('2026-12-07T10:30:00Z');
  const since = demoProtocolsSince(demoOffice(now));

  it('from the day the office records begin: no fact precedes them', () => {
    const instants = JSON.stringify(demoOffice(now)).match(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g) ?? [];
    expect(instants.length).toBeGreaterThan(50);
    const earliest = Math.min(...instants.map((t) => Date.parse(t)));
    expect(since).toBeLessThanOrEqual(earliest);
    expect(earliest - since).toBeLessThan(DAY);
    expect(since % DAY).toBe(0);
  });

  it('relative to the install, and not two years back', () => {
    expect(demoProtocolsSince(demoOffice(now + 10 * DAY)) - since).toBe(10 * DAY);
    expect(now - since).toBeLessThan(420 * DAY);
  });
});
