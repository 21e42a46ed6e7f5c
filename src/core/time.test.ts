import { describe, expect, it } from 'vitest';
import { DAY, HOUR, parseDuration, parseInstant } from './time.ts';

describe('parseDuration', () => {
  it('reads weeks, days and hours', () => {
    expect(parseDuration('P30D')).toBe(30 * DAY);
    expect(parseDuration('P2W')).toBe(14 * DAY);
    expect(parseDuration('P1DT12H')).toBe(DAY + 12 * HOUR);
  });
  it('refuses months, years and empty durations', () => {
    expect(parseDuration('P1M')).toBeNull();
    expect(parseDuration('P1Y')).toBeNull();
    expect(parseDuration('P')).toBeNull();
    expect(parseDuration('PT')).toBeNull();
    expect(parseDuration('30 days')).toBeNull();
  });
});

describe('parseInstant', () => {
  it('accepts zoned timestamps and dates', () => {
    expect(parseInstant('2026-01-02T03:04:05Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseInstant('2026-01-02')).toBe(Date.UTC(2026, 0, 2));
  });
  it('refuses zoneless and malformed text', () => {
    expect(parseInstant('2026-01-02T03:04:05')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2026-13-45')).toBeNull();
  });
  it('refuses instants before 1970 (year 0 cannot be stored)', () => {
    expect(parseInstant('0000-01-01T00:00:00Z')).toBeNull();
    expect(parseInstant('1969-12-31T23:59:59Z')).toBeNull();
    expect(parseInstant('1970-01-01T00:00:00Z')).toBe(0);
  });
});
