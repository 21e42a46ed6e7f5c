/**
 * A device on a past day through the HTTP API: a check entered days after it was done is listed
 * as true then and not as known then, with its recorded instant; status as it stood; a bad or
 * future instant and a day before the device are refused with their codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 1);
const iso = (t: number) => new Date(t).toISOString();
let now = T - 10 * DAY;

interface Detail {
  device: { status: string | null };
  inspections: { id: string; at: string; recordedAt: string }[];
  statuses: { status: string; at: string; recordedAt: string }[];
  asOf: string | null;
  knownAt: string | null;
}

describe('HTTP: GET /devices/:id as of a past day, as known then', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ clock: { now: () => now } });
    const ok = async (url: string, body: unknown) => {
      const r = await t.call('POST', url, { body });
      expect(r.statusCode, r.body).toBeLessThan(300);
    };
    await ok('/api/v1/people', { id: 'pm', name: 'PM', kind: 'principal' });
    await ok('/api/v1/devices', {
      id: 'pm-calls',
      serial: 'PMC1',
      platform: 'ios',
      model: 'iPhone 16',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
      issuedAt: iso(T - 50 * DAY),
    });
    now = T - 5 * DAY;
    await ok('/api/v1/inspections', {
      id: 'ins-late',
      deviceId: 'pm-calls',
      at: iso(T - 8 * DAY),
      method: 'forensic-scan',
      result: 'clean',
      performedBy: 'tech',
    });
    now = T - 4 * DAY;
    await ok('/api/v1/devices/pm-calls/status', { status: 'retired', reason: 'replaced' });
    now = T;
  }, 60_000);
  afterAll(() => t?.close());

  const get = async (query: string) => {
    const r = await t.call('GET', `/api/v1/devices/pm-calls${query}`);
    return { status: r.statusCode, body: r.json() as Detail & { error?: { code: string } } };
  };

  it('lists a back-filled check as true then and not as known then', async () => {
    const day = iso(T - 7 * DAY);
    const trueThen = await get(`?asOf=${day}`);
    expect(trueThen.status).toBe(200);
    expect(trueThen.body.inspections).toMatchObject([
      { id: 'ins-late', at: iso(T - 8 * DAY), recordedAt: iso(T - 5 * DAY) },
    ]);
    expect(trueThen.body).toMatchObject({ asOf: day, knownAt: null, device: { status: 'active' } });
    const knownThen = await get(`?asOf=${day}&knownAt=${day}`);
    expect(knownThen.status).toBe(200);
    expect(knownThen.body.inspections).toEqual([]);
    expect(knownThen.body).toMatchObject({ asOf: day, knownAt: day });
  });

  it('shows the status as it stood, and now every fact with its recorded instant', async () => {
    expect((await get(`?asOf=${iso(T - DAY)}`)).body.device.status).toBe('retired');
    const current = await get('');
    expect(current.body).toMatchObject({ asOf: null, knownAt: null, device: { status: 'retired' } });
    expect(current.body.statuses.map((s) => s.recordedAt)).toContain(iso(T - 4 * DAY));
  });

  it('refuses an unparsable or future instant and a day before the device', async () => {
    const bad = await get('?asOf=yesterday');
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const future = await get(`?asOf=${iso(T + DAY)}`);
    expect([future.status, future.body.error?.code]).toEqual([422, 'INSTANT_IN_FUTURE']);
    const futureKnown = await get(`?knownAt=${iso(T + DAY)}`);
    expect([futureKnown.status, futureKnown.body.error?.code]).toEqual([422, 'INSTANT_IN_FUTURE']);
    const before = await get(`?asOf=${iso(T - 60 * DAY)}`);
    expect([before.status, before.body.error?.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    const unrecorded = await get(`?asOf=${iso(T - 20 * DAY)}&knownAt=${iso(T - 11 * DAY)}`);
    expect([unrecorded.status, unrecorded.body.error?.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    const extra = await get('?asOf=2026-10-01T00:00:00Z&foo=1');
    expect(extra.status).toBe(400);
  });
});
