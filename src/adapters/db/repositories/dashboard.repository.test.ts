/**
 * The dashboard repository on the database the environment selects (PGlite, or PostgreSQL with
 * DATABASE_URL), over the demo office: the targeted loads agree with the fleet reader they stand
 * in for, and a stored history day is written once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.ts';
import { DAY } from '../../../core/time.ts';
import { readBaselines } from '../../../runtime.ts';
import { createServices } from '../../../services/index.ts';
import { systemRandom, ulidIds } from '../../system.ts';
import type { Database } from '../client.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  await createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
  }).demo.load(readBaselines(), 'test');
}, 180_000);
afterAll(() => db?.close());

describe('FleetReader, facts dated after a load', () => {
  it("names the devices whose facts took effect in a window, and the next device fact's instant", async () => {
    await db.uow.run(async (r) => {
      // The demo's last device facts are dated before NOW: nothing after it.
      expect(await r.fleet.deviceFactsIn(NOW, NOW)).toEqual({
        deviceIds: [],
        otherFacts: [],
        next: Number.POSITIVE_INFINITY,
      });
      const window = await r.fleet.deviceFactsIn(NOW - 30 * DAY, NOW);
      // Every device the window names has a fact dated in it, as the fleet reader loads them.
      const before = new Map((await r.fleet.load(NOW - 30 * DAY)).devices.map((h) => [h.device.id, h]));
      const after = (await r.fleet.load(NOW)).devices;
      const changed = after
        .filter((h) => JSON.stringify(h) !== JSON.stringify(before.get(h.device.id)))
        .map((h) => h.device.id);
      expect([...window.deviceIds].sort()).toEqual(expect.arrayContaining(changed.sort()));
      expect(window.deviceIds.length).toBeGreaterThan(0);
      // Those with a fact other than a posture report in the window are among them.
      expect(window.deviceIds).toEqual(expect.arrayContaining(window.otherFacts));
      // The next device fact after a past instant is the earliest one dated after it.
      const from = NOW - 30 * DAY;
      const next = (await r.fleet.deviceFactsIn(from, from)).next;
      expect(next).toBeGreaterThan(from);
      expect(next).toBeLessThanOrEqual(NOW);
      expect((await r.fleet.deviceFactsIn(from, next - 1)).deviceIds).toEqual([]);
      expect((await r.fleet.deviceFactsIn(from, next)).deviceIds.length).toBeGreaterThan(0);
      // Facts of other kinds are left out when asked.
      expect(await r.fleet.nextEffectiveAfter(from, 'not-devices')).toBeGreaterThanOrEqual(
        await r.fleet.nextEffectiveAfter(from),
      );
    });
  });
});

describe('DashboardRepository', () => {
  it('loads as of an instant what the fleet reader loads, but for the devices', async () => {
    for (const at of [NOW, NOW - 30 * DAY, NOW - 200 * DAY]) {
      const [full, facts] = await db.uow.run(async (r) => [
        await r.fleet.load(at),
        await r.dashboard.factsAt(at),
      ]);
      const { devices: _, ...rest } = full;
      expect(facts).toEqual(rest);
    }
  });

  it("loads a person's devices, past ones included, with the histories the fleet reader has", async () => {
    const at = NOW - 5 * DAY;
    await db.uow.run(async (r) => {
      const ids = await r.dashboard.devicesHeldBy('premier', at);
      expect(ids).toEqual(['premier-calls', 'premier-calls-prev', 'premier-social']);
      // Held only later: the replacement staged in the store was never theirs.
      expect(await r.dashboard.devicesHeldBy('premier', NOW - 13 * DAY)).toEqual([
        'premier-calls-prev',
        'premier-social',
      ]);
      const mine = await r.dashboard.histories(ids, at);
      const all = (await r.fleet.load(at)).devices.filter((h) => ids.includes(h.device.id));
      const byId = <T extends { device: { id: string } }>(xs: T[]) =>
        [...xs].sort((a, b) => a.device.id.localeCompare(b.device.id));
      expect(byId(mine)).toEqual(byId(all));
      expect(await r.dashboard.histories([], at)).toEqual([]);
      const assignments = await r.dashboard.assignmentsOf(['premier', 'chief-of-staff'], NOW);
      expect(assignments.map((a) => [a.personId, a.protocol])).toEqual([['premier', 'relaxed-social']]);
    });
  });

  it('stores a history day once, and versions data by the last fact-changing audit event', async () => {
    const counts = {
      devices: 1,
      byVerdict: { compliant: 1, waived: 0, 'non-compliant': 0, 'not-evaluated': 0 },
      findings: { open: 0, waived: 0 },
      bySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
    };
    await db.uow.run(async (r) => {
      const version = await r.dashboard.dataVersion();
      expect(version).toBeGreaterThan(0);
      const day = {
        day: '2026-11-01',
        at: Date.parse('2026-11-01T23:59:59.999Z'),
        counts,
        basis: 'now' as const,
        dataVersion: version,
        knownAt: NOW,
        computedAt: NOW,
      };
      await r.dashboard.putHistoryDay(day);
      // Another process computed it too: the first stays.
      await r.dashboard.putHistoryDay({ ...day, counts: { ...counts, devices: 2 }, computedAt: NOW + 1 });
      expect(await r.dashboard.historyDays(['2026-11-01', '2026-11-02'], 'now')).toEqual([day]);
      expect(await r.dashboard.historyDays([], 'now')).toEqual([]);
      await r.audit.append({ type: 'demo.loaded', at: NOW, actor: 'test', subject: 'fleet', payload: {} });
      const changed = await r.dashboard.dataVersion();
      expect(changed).toBeGreaterThan(version);
      // A sign-in changes no fact: the version, and so the cached evaluation, stays.
      await r.audit.append({
        type: 'session.started',
        at: NOW,
        actor: 'admin',
        subject: 'usr_admin',
        payload: { sessionId: 'ses_1', userId: 'usr_admin', username: 'admin', ip: '127.0.0.1' },
      });
      expect(await r.dashboard.dataVersion()).toBe(changed);
    });
  });
});
