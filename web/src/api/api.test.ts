/**
 * The dashboard's data code against the real API on the demo office (in-process, PGlite or
 * DATABASE_URL): the principal timeline shaped for the chart shows the social phone's check
 * overdue, the history shapes into a chart, and an audit event's proof verifies with the
 * browser's verifier exactly as the "Verify proof" button runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signerKeyFromSeed } from '../../../src/core/audit/tlog/note.ts';
import { readBaselines } from '../../../src/runtime.ts';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { daysSinceChart, describeDays, historyChart, latestLimit } from '../lib/charts.ts';
import { type Fetch, verifyEvent } from '../lib/verify-event.ts';
import { type HistoryResponse, historyDays, type TimelineResponse, timelineDevices } from './dashboard.ts';

let t: TestApp;
const frame = { width: 560, height: 220, margin: { top: 14, right: 14, bottom: 28, left: 40 } };

beforeAll(async () => {
  // The history chart needs its past days filled: work the fill queue here, as a worker process does.
  t = await buildTestApp({ historyWorker: true });
  await t.services.demo.load(readBaselines(), 'test');
}, 60_000);
afterAll(() => t?.close());

const call: Fetch = async <T>(path: string, method: 'GET' | 'POST' = 'GET') => {
  const r = await t.call(method, `/api/v1${path}`);
  if (r.statusCode >= 400) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as T;
};

describe('the dashboard on the demo office', () => {
  it('shows the social phone five months unchecked, over its limit', async () => {
    const body = await call<TimelineResponse>('/people/premier/timeline');
    const devices = timelineDevices(body);
    const social = devices.find((d) => d.deviceId === 'premier-social');
    expect(social).toBeDefined();
    const h = social?.history;
    if (!h?.current) throw new Error('the premier holds the social phone');
    expect(h.current.checkOver).toBe(true);
    expect(h.current.daysSinceCheck).toBeGreaterThanOrEqual(140);
    const text = describeDays(
      'Last security check',
      h.current.daysSinceCheck,
      latestLimit(h.points, 'checkLimit'),
      true,
    );
    expect(text).toMatch(/about 5 months.*OVERDUE/);
    // The declined swaps are marked on it.
    expect(h.refusals.length).toBeGreaterThan(0);
    const c = daysSinceChart(h, Date.parse(body.from), Date.parse(body.to), frame);
    expect(c.checkPath).toMatch(/^M/);
    expect(c.checkLimitPath).toMatch(/^M/);
    // The line reaches above the limit line (smaller y is higher).
    const limit = latestLimit(h.points, 'checkLimit') ?? 0;
    expect(c.y(h.current.daysSinceCheck ?? 0)).toBeLessThan(c.y(limit));
  });

  it('charts compliance over time', async () => {
    let h = await call<HistoryResponse>('/compliance/history');
    for (let i = 0; i < 40 && h.pending > 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      h = await call<HistoryResponse>('/compliance/history');
    }
    const days = historyDays(h);
    expect(days).toHaveLength(30);
    const chart = historyChart(days, frame);
    expect(chart.max).toBeGreaterThan(0);
    expect(chart.layers.find((l) => l.key === 'nonCompliant')?.path).toMatch(/^M/);
  }, 60_000);

  it('verifies an audit event’s inclusion proof with the browser verifier', async () => {
    const events = await call<{ seq: number }[]>('/audit/events?limit=5');
    const seq = events[3]?.seq;
    if (seq === undefined) throw new Error('the demo wrote events');
    const cp = await call<{ verifierKey: string }>('/audit/checkpoint', 'POST');
    const pinned = await verifyEvent(call, seq, cp.verifierKey);
    expect(pinned.text).toMatch(/^Inclusion proof verified: .*your pinned key/);
    const unpinned = await verifyEvent(call, seq, '');
    expect(unpinned).toMatchObject({ ok: true, text: expect.stringMatching(/not pinned/) });
    // Another log's key must not verify this log's checkpoint.
    const origin = cp.verifierKey.slice(0, cp.verifierKey.indexOf('+'));
    const other = signerKeyFromSeed(origin, new Uint8Array(32).fill(3)).vkey;
    expect((await verifyEvent(call, seq, other)).text).toMatch(
      /^Verification failed: the checkpoint is not signed/,
    );
  }, 60_000);
});
