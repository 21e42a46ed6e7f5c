/** The real clock, id source and randomness behind the services' ports. */
import { randomBytes } from 'node:crypto';
import type { Clock, IdSource, RandomSource } from '../services/kernel/ports.ts';

export const systemClock: Clock = { now: () => Date.now() };

export const systemRandom: RandomSource = { bytes: (n) => randomBytes(n) };

/**
 * Ids are `<prefix>_<26 chars>`: 48 bits of milliseconds then 80 random bits in Crockford
 * base32 (the ULID layout), so they sort by creation time and never collide across processes.
 * The random bytes are drawn from `random` a pool at a time (ID_POOL ids): one call per id cost
 * the ingest path a buffer and a call into the random generator per report.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Random bytes one id takes (5 bits of each are used: 80 bits). */
const ID_BYTES = 16;
/** Ids whose random bytes are drawn from `random` at once. */
export const ID_POOL = 256;

export function ulidIds(clock: Clock = systemClock, random: RandomSource = systemRandom): IdSource {
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  // The time part of the last id: many ids share a millisecond under load.
  let lastMs = Number.NaN;
  let lastTime = '';
  return {
    next(prefix: string): string {
      const ms = clock.now();
      if (ms !== lastMs) {
        let t = ms;
        let time = '';
        for (let i = 0; i < 10; i++) {
          time = ALPHABET[t % 32] + time;
          t = Math.floor(t / 32);
        }
        lastMs = ms;
        lastTime = time;
      }
      if (at + ID_BYTES > pool.length) {
        pool = random.bytes(ID_BYTES * ID_POOL);
        at = 0;
      }
      let rand = '';
      for (let i = at; i < at + ID_BYTES; i++) rand += ALPHABET[(pool[i] ?? 0) % 32];
      // Each byte is used once: a pool is never read twice.
      at += ID_BYTES;
      return `${prefix}_${lastTime}${rand}`;
    },
  };
}
