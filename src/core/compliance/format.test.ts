import { describe, expect, it } from 'vitest';
import { DAY, toIso } from '../time.ts';
import { dayCount, isoDate, spanText } from './format.ts';

describe('isoDate', () => {
  it('matches Date for instants across centuries, leap days and negative epochs', () => {
    const samples = [
      0,
      -1,
      1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29),
      Date.UTC(1900, 2, 1) - 1,
    ];
    for (let t = Date.UTC(1960, 0, 1); t < Date.UTC(2110, 0, 1); t += 7919 * 3_600_000 + 1234)
      samples.push(t);
    for (const t of samples) expect(isoDate(t)).toBe(toIso(t).slice(0, 10));
  });

  it('gives the same text asked again (formatted dates are kept), more days than it keeps included', () => {
    // Each day's first and last millisecond, over more days than the cache holds, twice.
    for (let pass = 0; pass < 2; pass++)
      for (let day = -2500; day < 2600; day += 1) {
        for (const t of [day * DAY, day * DAY + DAY - 1]) expect(isoDate(t)).toBe(toIso(t).slice(0, 10));
      }
  });
});

describe('texts', () => {
  it('counts days and spans', () => {
    expect(dayCount(1)).toBe('1 day');
    expect(dayCount(121)).toBe('121 days');
    expect(spanText(14 * DAY)).toBe('14 days');
    expect(spanText(36 * 3_600_000)).toBe('36 hours');
  });
});
