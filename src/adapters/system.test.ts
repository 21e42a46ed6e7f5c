import { describe, expect, it } from 'vitest';
import { ulidIds } from './system.ts';

describe('ulidIds', () => {
  it('makes prefixed ids that sort by time', () => {
    let now = 1_700_000_000_000;
    const ids = ulidIds({ now: () => now });
    const a = ids.next('dev');
    now += 1;
    const b = ids.next('dev');
    expect(a).toMatch(/^dev_[0-9a-z]{26}$/);
    expect(a < b).toBe(true);
  });
});
