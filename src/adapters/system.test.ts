import { describe, expect, it } from 'vitest';
import type { RandomSource } from '../services/kernel/ports.ts';
import { ID_POOL, ulidIds } from './system.ts';

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

  it('draws its random bytes from the injected source, a pool at a time, each byte once', () => {
    const calls: number[] = [];
    let counter = 0;
    // Deterministic bytes: byte k of the stream is k mod 32, so every id's random part is known.
    const random: RandomSource = {
      bytes(n) {
        calls.push(n);
        return Uint8Array.from({ length: n }, () => counter++ % 32);
      },
    };
    const ids = ulidIds({ now: () => 0 }, random);
    const made = Array.from({ length: ID_POOL + 1 }, () => ids.next('pos'));
    expect(calls).toEqual([16 * ID_POOL, 16 * ID_POOL]);
    expect(made[0]).toBe('pos_00000000000123456789abcdef');
    expect(made[1]).toBe('pos_0000000000ghjkmnpqrstvwxyz');
  });

  it('gives unique ids within one millisecond', () => {
    const ids = ulidIds({ now: () => 1_700_000_000_000 });
    const made = Array.from({ length: 10 * ID_POOL }, () => ids.next('pos'));
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) expect(id.startsWith(made[0]?.slice(0, 14) ?? '')).toBe(true);
  });
});
