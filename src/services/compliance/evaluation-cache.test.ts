/**
 * The cached evaluation of "now" on a real database: one evaluation per data version and
 * five minutes, shared by concurrent readers; a write is seen by the next read; the next time bucket is
 * served from the previous result while the next is computed; a bigger jump waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { DAY } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { EvaluationCache } from './evaluation-cache.ts';

let now = Date.UTC(2026, 10, 20, 12);
const clock = { now: () => now };
let db: Database;
let services: Services;
let cache: EvaluationCache;

beforeAll(async () => {
  db = await openTestDatabase();
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  await services.demo.load(readBaselines(), 'test');
  cache = EvaluationCache.of({ uow: db.uow, clock });
}, 180_000);
afterAll(() => db?.close());

describe('EvaluationCache', () => {
  it('is the one the compliance service uses, and evaluates once for concurrent readers', async () => {
    const misses = cache.misses;
    const [a, b, c] = await Promise.all([cache.current(), cache.current(), services.compliance.evaluate({})]);
    expect(cache.misses).toBe(misses + 1);
    expect(a).toBe(b);
    expect(c).toBe(a); // no filter: the cached result itself
    expect(a.at).toBe(now);
    expect(await cache.current()).toBe(a);
    // A what-if protocol is its own entry.
    const strict = await services.compliance.evaluate({ protocol: 'strict-30day' });
    expect(strict).not.toBe(a);
    expect(await cache.current('strict-30day')).toBe(strict);
    expect(cache.misses).toBe(misses + 2);
  });

  it('re-evaluates after a write', async () => {
    const before = await cache.current();
    const social = (r: typeof before) =>
      r.findings.filter((f) => f.deviceId === 'premier-social' && f.rule === 'inspection.overdue');
    expect(social(before)).toHaveLength(1);
    await services.inventory.recordInspection(
      {
        deviceId: 'premier-social',
        at: new Date(now - DAY).toISOString(),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit',
      },
      'test',
    );
    const after = await cache.current();
    expect(after).not.toBe(before);
    expect(social(after)).toHaveLength(0);
  });

  it('serves the previous result when only the time bucket turned, then the new one', async () => {
    const before = await cache.current();
    now += 5 * 60_000 + 1;
    const stale = await cache.current();
    expect(stale).toBe(before);
    await expect.poll(async () => (await cache.current()).at, { timeout: 10_000 }).toBe(now);
  });

  it('waits for a fresh evaluation when the clock jumped more than one bucket', async () => {
    const before = await cache.current();
    now += 21 * DAY;
    const after = await cache.current();
    expect(after).not.toBe(before);
    expect(after.at).toBe(now);
  });

  it('keeps no failed evaluation', async () => {
    await expect(cache.current('no-such-protocol')).rejects.toMatchObject({ code: 'PROTOCOL_NOT_FOUND' });
    const misses = cache.misses;
    await expect(cache.current('no-such-protocol')).rejects.toMatchObject({ code: 'PROTOCOL_NOT_FOUND' });
    expect(cache.misses).toBe(misses + 1);
  });
});
