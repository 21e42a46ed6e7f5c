/**
 * The background update after announcements: under a steady stream of them (ingest commits a
 * batch every few milliseconds), at most one update per MIN_REFRESH_GAP_MS, however quick each
 * update is; and a reader is still answered at once with every change (it updates itself).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import type { FactAnnouncement } from '../kernel/ports.ts';
import { EvaluationCache, MIN_REFRESH_GAP_MS } from './evaluation-cache.ts';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.close());

describe('EvaluationCache background updates', () => {
  it('follow a stream of announcements at most once per MIN_REFRESH_GAP_MS', async () => {
    let hear: (a: FactAnnouncement) => void = () => {};
    const cache = new EvaluationCache({
      uow: db.uow,
      clock: { now: () => Date.UTC(2026, 10, 20, 12) },
      announcements: {
        subscribe(listener) {
          hear = listener;
          return () => {};
        },
      },
    });
    await cache.current(); // the state the background updates follow (a full load)
    await cache.current(); // a quick update: the last one the gap is measured from
    const before = cache.refreshes;
    const started = performance.now();
    // An announcement every 2 ms for 5 gaps (an empty database: each update is one quick read).
    let seq = 1_000_000;
    while (performance.now() - started < 5 * MIN_REFRESH_GAP_MS) {
      hear({ from: seq, to: seq });
      seq++;
      await new Promise((r) => setTimeout(r, 2));
    }
    const elapsed = performance.now() - started;
    const refreshes = cache.refreshes - before;
    expect(refreshes).toBeGreaterThan(0);
    expect(refreshes).toBeLessThanOrEqual(Math.ceil(elapsed / MIN_REFRESH_GAP_MS) + 1);
  });
});
