import { describe, expect, it } from 'vitest';
import { VigilError } from '../../core/errors.ts';
import { effectiveInstant } from './instant.ts';

describe('effectiveInstant', () => {
  const now = Date.UTC(2026, 5, 1);
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof VigilError ? e.code : 'other';
    }
    return 'none';
  };

  it('defaults to now and accepts a past or present instant', () => {
    expect(effectiveInstant(undefined, now)).toBe(now);
    expect(effectiveInstant(now - 1000, now)).toBe(now - 1000);
    expect(effectiveInstant(now, now)).toBe(now);
  });

  it('refuses a future instant', () => {
    expect(codeOf(() => effectiveInstant(now + 1, now))).toBe('INSTANT_IN_FUTURE');
  });

  it('refuses an instant before its subject existed', () => {
    const notBefore = { at: now - 10, subject: 'device dev_a' };
    expect(codeOf(() => effectiveInstant(now - 11, now, notBefore))).toBe('INSTANT_BEFORE_SUBJECT');
    expect(effectiveInstant(now - 10, now, notBefore)).toBe(now - 10);
  });
});
