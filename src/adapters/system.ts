/** The real clock, id source and randomness behind the services' ports. */
import { randomBytes } from 'node:crypto';
import type { Clock, IdSource, RandomSource } from '../services/kernel/ports.ts';

export const systemClock: Clock = { now: () => Date.now() };

export const systemRandom: RandomSource = { bytes: (n) => randomBytes(n) };

/**
 * Ids are `<prefix>_<26 chars>`: 48 bits of milliseconds then 80 random bits in Crockford
 * base32 (the ULID layout), so they sort by creation time and never collide across processes.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function ulidIds(clock: Clock = systemClock, random: RandomSource = systemRandom): IdSource {
  return {
    next(prefix: string): string {
      let t = clock.now();
      let time = '';
      for (let i = 0; i < 10; i++) {
        time = ALPHABET[t % 32] + time;
        t = Math.floor(t / 32);
      }
      const bytes = random.bytes(16);
      let rand = '';
      for (let i = 0; i < 16; i++) rand += ALPHABET[(bytes[i] ?? 0) % 32];
      return `${prefix}_${time}${rand}`;
    },
  };
}
