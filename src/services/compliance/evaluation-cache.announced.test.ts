/**
 * The evaluation cache with the database's announcements: a change committed through another
 * handle (another `vigil serve` process on PostgreSQL) is applied before anyone asks; and a
 * transaction that drew a lower seq but committed after a read had seen a higher one, which the
 * data version (a maximum) cannot show, is applied all the same. A cache without announcements
 * misses that one: the reason to listen.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabasePair } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import type { EvaluationResult } from '../../core/compliance/types.ts';
import type { Finding } from '../../core/model.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { recordPostureInTx, toPostureReport } from '../posture/posture.service.ts';
import { evaluateData } from './compliance.service.ts';
import { EvaluationCache } from './evaluation-cache.ts';

const now = Date.UTC(2026, 10, 20, 12);
const clock = { now: () => now };
let a: Database;
let b: Database;
let servicesB: Services;

beforeAll(async () => {
  [a, b] = await openTestDatabasePair();
  servicesB = createServices({ uow: b.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  await servicesB.demo.load(readBaselines(), 'test');
}, 180_000);
afterAll(() => a?.close());

function standing(r: EvaluationResult) {
  const key = (f: Finding) =>
    JSON.stringify([f.deviceId, f.personId, f.protocol, f.rule, f.severity, f.status, f.outcome, f.waiver]);
  return r.findings.map(key).sort();
}

async function full(): Promise<EvaluationResult> {
  return evaluateData(await a.uow.run((tx) => tx.fleet.load(now)), now);
}

const outdated = (r: EvaluationResult, device: string) =>
  r.findings.some((f) => f.deviceId === device && f.rule === 'os.outdated');

/** A report that puts `device` on an old iOS. */
const oldIos = (device: string) =>
  toPostureReport(
    `pos-${device}`,
    { deviceId: device, observedAt: new Date(now).toISOString(), source: 'mdm', osVersion: '17.0' },
    now,
  );

describe('EvaluationCache with announcements', () => {
  it("applies another process's change before anyone asks", async () => {
    const cache = new EvaluationCache({ uow: a.uow, clock, announcements: a.announcements });
    expect(outdated(await cache.current(), 'premier-social')).toBe(false);
    const refreshes = cache.refreshes;
    await servicesB.posture.record(
      {
        deviceId: 'premier-social',
        observedAt: new Date(now).toISOString(),
        source: 'mdm',
        osVersion: '17.0',
      },
      'test',
    );
    await vi.waitFor(() => expect(cache.refreshes).toBeGreaterThan(refreshes), { timeout: 15_000 });
    const after = await cache.current();
    expect(outdated(after, 'premier-social')).toBe(true);
    expect(standing(after)).toEqual(standing(await full()));
  });

  it('does not apply again a change whose announcement it hears after it read the change', async () => {
    const cache = new EvaluationCache({ uow: a.uow, clock, announcements: a.announcements });
    await cache.current();
    const applied = cache.applied;
    // Heard after the cache hears it (the cache subscribed first).
    const announced = new Promise<void>((resolve) => {
      const off = a.announcements.subscribe((x) => {
        if ('lost' in x) return;
        off();
        resolve();
      });
    });
    // Written through this handle and read at once: applied from the data version.
    await a.uow.run((tx) => recordPostureInTx(tx, oldIos('chief-issued'), { actor: 'test', now }));
    expect(outdated(await cache.current(), 'chief-issued')).toBe(true);
    expect(cache.applied).toBe(applied + 1);
    // Its announcement, however late it comes, finds nothing left to apply.
    await announced;
    await new Promise((r) => setTimeout(r, 20));
    expect(outdated(await cache.current(), 'chief-issued')).toBe(true);
    expect(cache.applied).toBe(applied + 1);
  });

  // PGlite runs one transaction at a time: two cannot commit out of seq order there.
  it.runIf(process.env.DATABASE_URL)(
    'applies a transaction that committed after a higher seq was read',
    async () => {
      const cache = new EvaluationCache({ uow: a.uow, clock, announcements: a.announcements });
      const deaf = new EvaluationCache({ uow: a.uow, clock });
      await Promise.all([cache.current(), deaf.current()]);
      let release = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let drawn = () => {};
      const seqDrawn = new Promise<void>((r) => {
        drawn = r;
      });
      // Draws its seq, then waits before committing.
      const slow = b.uow.run(async (tx) => {
        await recordPostureInTx(tx, oldIos('premier-calls'), { actor: 'test', now });
        drawn();
        await gate;
      });
      await seqDrawn;
      // A later seq commits first, and both caches read past it.
      await servicesB.posture.record(
        {
          deviceId: 'chief-issued',
          observedAt: new Date(now).toISOString(),
          source: 'mdm',
          osVersion: '17.0',
        },
        'test',
      );
      const committed = standing(await full());
      for (const c of [cache, deaf]) {
        const seen = await c.current();
        expect(standing(seen)).toEqual(committed);
        expect(outdated(seen, 'premier-calls')).toBe(false);
      }
      const refreshes = cache.refreshes;
      release();
      await slow;
      await vi.waitFor(() => expect(cache.refreshes).toBeGreaterThan(refreshes), { timeout: 15_000 });
      const after = await cache.current();
      expect(outdated(after, 'premier-calls')).toBe(true);
      expect(standing(after)).toEqual(standing(await full()));
      // The data version alone cannot see it.
      expect(outdated(await deaf.current(), 'premier-calls')).toBe(false);
    },
    60_000,
  );

  it('rebuilds when announcements may have been lost', async () => {
    let hear: (x: { lost: true }) => void = () => {};
    const cache = new EvaluationCache({
      uow: a.uow,
      clock,
      announcements: {
        subscribe(listener) {
          hear = listener;
          return () => {};
        },
      },
    });
    await cache.current();
    const misses = cache.misses;
    hear({ lost: true });
    await cache.current();
    expect(cache.misses).toBe(misses + 1);
  });
});
