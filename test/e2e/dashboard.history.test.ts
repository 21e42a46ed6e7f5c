/**
 * The history's two bases on the demo office, in an app of its own (it writes a back-dated check
 * that the other dashboard tests must not see): "as true then" counts a fact back-dated into
 * stored days once it is written (the database deletes those days), "as known then" never changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaselines } from '../../src/runtime.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

const now = Date.parse('2026-11-20T10:30:00Z');
const clock = { now: () => now };
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ clock, historyWorker: true });
  await t.services.demo.load(readBaselines(), 'test');
}, 180_000);
afterAll(() => t?.close());

const get = async (url: string) => {
  const res = await t.call('GET', url);
  return { status: res.statusCode, body: res.json() };
};

interface Point {
  date: string;
  knownAt: string | null;
  counts: { devices: number; findings: { open: number; waived: number } } | null;
}

describe('GET /compliance/history?known=now|then', () => {
  it('as true then counts a check back-dated into stored days; as known then does not', async () => {
    const window = 'from=2026-11-05&to=2026-11-07T12:00:00Z';
    const settled = async (known: 'now' | 'then') => {
      let h = await get(`/api/v1/compliance/history?${window}&known=${known}`);
      for (let i = 0; i < 30 && h.body.pending > 0; i++) {
        await new Promise((r) => setTimeout(r, 300));
        h = await get(`/api/v1/compliance/history?${window}&known=${known}`);
      }
      expect(h.status).toBe(200);
      expect(h.body.known).toBe(known);
      return h.body.days as Point[];
    };
    const trueBefore = await settled('now');
    const knownBefore = await settled('then');
    // The demo office was imported today: as known at the end of each of those days, no device.
    expect(knownBefore.map((d) => [d.date, d.counts?.devices, d.knownAt])).toEqual([
      ['2026-11-05', 0, '2026-11-05T23:59:59.999Z'],
      ['2026-11-06', 0, '2026-11-06T23:59:59.999Z'],
      ['2026-11-07', 0, '2026-11-07T23:59:59.999Z'],
    ]);
    expect(
      trueBefore.every((d) => (d.counts?.devices ?? 0) > 0 && d.knownAt === new Date(now).toISOString()),
    ).toBe(true);

    // The social phone's overdue security check, done on the 6th and entered only now.
    const check = await t.call('POST', '/api/v1/inspections', {
      body: {
        deviceId: 'premier-social',
        at: '2026-11-06T10:00:00Z',
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'technician',
      },
    });
    expect(check.statusCode).toBe(201);
    const trueAfter = await settled('now');
    const knownAfter = await settled('then');
    const open = (days: Point[]) => days.map((d) => d.counts?.findings.open);
    // The day before the check is as it was; the 6th and 7th lost the overdue check.
    expect(trueAfter[0]).toEqual(trueBefore[0]);
    expect(open(trueAfter).slice(1)).toEqual(
      open(trueBefore)
        .slice(1)
        .map((n) => (n ?? 0) - 1),
    );
    expect(knownAfter).toEqual(knownBefore);
  }, 120_000);
});
