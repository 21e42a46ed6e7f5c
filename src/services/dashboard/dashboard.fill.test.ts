/**
 * The history fill a page of devices at a time, against the same fill in one page, over a real
 * database (PGlite, or PostgreSQL when DATABASE_URL is set): the demo office (people of both
 * kinds, a swap, refusals, device and person waivers, an incident, detections, acknowledgements)
 * and a random fleet imported beside it (devices whose ids sort among the demo's, issued,
 * retired and personal phones, posture, checks, phones seen in a building that bans personal ones). For random
 * days on either basis, any page size and any number of days per read of the fleet store
 * byte for byte the rows one page of the whole fleet stores, and their counts are those of the
 * whole fleet loaded and evaluated at once, as of the day (known at the day's end, or now).
 */
import fc from 'fast-check';
import pg from 'pg';
import type { Db } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testSchemaOf } from '../../../test/support/database.ts';
import { threadNices } from '../../../test/support/threads.ts';
import type { Database } from '../../adapters/db/client.ts';
import { HistoryFillThread } from '../../adapters/jobs/history-thread.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { BACKGROUND_NICE } from '../../adapters/thread-priority.ts';
import { evaluateFleet } from '../../core/compliance/evaluate.ts';
import { countDay, dayOf, type HistoryBasis } from '../../core/dashboard/history.ts';
import { DAY, toIso } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { evaluationInput } from '../compliance/compliance.service.ts';
import { demoOffice, demoProtocolsSince } from '../demo/demo-office.ts';
import type { FleetDocument } from '../import/import.service.ts';
import { createServices } from '../index.ts';
import { DashboardService } from './dashboard.service.ts';

const url = process.env.DATABASE_URL ?? '';
const NOW = Date.parse('2026-11-20T10:30:00Z');
const clock = { now: () => NOW };

const HOLDERS = [
  'premier',
  'former-premier',
  'chief-of-staff',
  'press-secretary',
  'policy-aide',
  'technician',
];
const deviceArb = fc.record({
  prefix: fc.constantFrom('a', 'c', 'o', 'pr', 'z'),
  ownership: fc.constantFrom('issued', 'issued', 'issued', 'personal'),
  role: fc.constantFrom('calls', 'social', 'news', 'general'),
  holder: fc.option(fc.constantFrom(...HOLDERS), { nil: null }),
  issued: fc.integer({ min: 0, max: 45 }),
  retiredAfter: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
  reports: fc.array(
    fc.record({
      after: fc.integer({ min: 0, max: 40 }),
      os: fc.constantFrom('27.1', '27.0.1', '26.6.1', '26.5'),
      camera: fc.constantFrom('enabled', 'disabled', 'disabled'),
      lockdown: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  check: fc.option(
    fc.record({
      after: fc.integer({ min: 0, max: 40 }),
      result: fc.constantFrom('clean', 'clean', 'suspicious'),
    }),
    { nil: null },
  ),
  seen: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
});

type RandomDevice = typeof deviceArb extends fc.Arbitrary<infer T> ? T : never;

/** The demo office with `extra` random devices beside it, as one fleet document. */
function fleetOf(extra: RandomDevice[]): FleetDocument {
  const doc = demoOffice(NOW);
  const devices = [...(doc.devices ?? [])];
  const posture = [...(doc.posture ?? [])];
  const inspections = [...(doc.inspections ?? [])];
  const detections = [...(doc.detections ?? [])];
  extra.forEach((d, i) => {
    const id = `${d.prefix}-${i}`;
    const imei = `35${String(100_000_000_000 + i)}0`;
    const issuedAt = NOW - d.issued * DAY - 3_600_000;
    const at = (after: number) => toIso(Math.min(NOW - 60_000, issuedAt + after * DAY));
    devices.push({
      id,
      serial: `SN-${id}`,
      imei,
      platform: 'ios',
      model: 'iPhone 16',
      ownership: d.ownership as 'issued' | 'personal',
      role: d.role as 'calls',
      issuedAt: d.ownership === 'personal' ? null : toIso(issuedAt),
      statuses: [
        { status: 'active', at: toIso(issuedAt) },
        ...(d.retiredAfter === null || d.retiredAfter >= d.issued
          ? []
          : [{ status: 'retired' as const, at: at(d.retiredAfter), reason: 'swap' }]),
      ],
      custody: [
        d.holder === null
          ? { holderId: null, location: 'store', at: toIso(issuedAt) }
          : { holderId: d.holder, at: toIso(issuedAt) },
      ],
    });
    for (const r of d.reports)
      posture.push({
        deviceId: id,
        observedAt: at(r.after),
        source: 'mdm:test',
        osVersion: r.os,
        sensors: {
          camera: { state: r.camera as 'enabled', provenance: 'enforced' },
          microphone: { state: 'disabled', provenance: 'enforced' },
          location: { state: 'disabled', provenance: 'enforced' },
          bluetooth: { state: 'disabled', provenance: 'reported' },
        },
        apps: ['com.apple.mobilephone'],
        lockdownMode: r.lockdown,
        supervised: true,
      });
    if (d.check !== null)
      inspections.push({
        deviceId: id,
        at: at(d.check.after),
        method: 'forensic-scan',
        result: d.check.result as 'clean',
        performedBy: 'Kit Moreno',
        notes: null,
      });
    if (d.seen !== null)
      detections.push({
        facility: 'main-building',
        identifier: `imei:${imei}`,
        at: at(d.seen),
        source: 'gate',
      });
  });
  return { ...doc, devices, posture, inspections, detections };
}

let db: Database;
let sql: (text: string) => Promise<unknown[]>;
let closeSql: () => Promise<void> = async () => {};

beforeAll(async () => {
  db = await openTestDatabase();
  const services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
  });
  const [extra] = fc.sample(fc.array(deviceArb, { minLength: 40, maxLength: 40 }), {
    seed: 20_261_120,
    numRuns: 1,
  });
  const doc = fleetOf(extra ?? []);
  await services.protocols.syncBaselines(readBaselines(), demoProtocolsSince(doc), 'test');
  try {
    await services.fleetImport.importDocument(doc, JSON.stringify(doc), 'test');
  } catch (err) {
    throw new Error(JSON.stringify((err as { details?: unknown }).details));
  }
  if (url === '') {
    const conn = db.jobs.db as Db;
    sql = async (text) => (await conn.executeSql(text)).rows;
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`set search_path to "${testSchemaOf(db)}"`);
    sql = async (text) => (await client.query(text)).rows;
    closeSql = () => client.end();
  }
}, 180_000);

afterAll(async () => {
  await closeSql();
  await db?.close();
}, 60_000);

const ROWS = `select day, basis, at, counts::text as counts, data_version, known_at, computed_at
  from dashboard_history_days order by day, basis`;

/** Fills `days` with these options from an empty table; the rows stored, as text. */
async function filled(
  days: readonly { date: string; basis: HistoryBasis }[],
  options: { historyPage: number; historyDaysPerPass: number },
): Promise<string> {
  await sql('delete from dashboard_history_days');
  const dashboard = new DashboardService({ uow: db.uow, clock, dashboard: options });
  expect(await dashboard.fill(days)).toEqual(days.map(() => true));
  return JSON.stringify(await sql(ROWS));
}

const dayArb = fc.record({
  ago: fc.integer({ min: 1, max: 50 }),
  basis: fc.constantFrom<HistoryBasis>('now', 'then'),
});

describe(`the history fill a page at a time (${url === '' ? 'PGlite' : 'PostgreSQL'})`, () => {
  it('stores what one page of the whole fleet stores, whatever the pages and passes', async () => {
    const whole = { historyPage: 1_000_000, historyDaysPerPass: 64 };
    let devicesSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(dayArb, { minLength: 1, maxLength: 6, selector: (d) => `${d.ago}:${d.basis}` }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        async (picked, historyPage, historyDaysPerPass) => {
          const days = picked.map((d) => ({ date: dayOf(NOW - d.ago * DAY).date, basis: d.basis }));
          const expected = await filled(days, whole);
          // The fleet as of each day in one load and one evaluation, people and places included.
          const rows = JSON.parse(expected) as { day: string; basis: HistoryBasis; counts: string }[];
          for (const row of rows) {
            const day = dayOf(Date.parse(`${row.day}T00:00:00Z`));
            const data = await db.uow.read((tx) => tx.fleet.load(day.end));
            const knownAt = row.basis === 'then' ? day.end : NOW;
            const counts = countDay(evaluateFleet(evaluationInput(data, day.end, undefined, knownAt)));
            expect(JSON.parse(row.counts)).toEqual(counts);
          }
          devicesSeen = Math.max(
            devicesSeen,
            ...JSON.parse(expected).map((r: { counts: string }) => JSON.parse(r.counts).devices),
          );
          expect(await filled(days, { historyPage, historyDaysPerPass })).toBe(expected);
        },
      ),
      { seed: 20_261_207, numRuns: 8 },
    );
    // The pages split the fleet: far more devices than a page.
    expect(devicesSeen).toBeGreaterThan(20);
  }, 300_000);

  it.runIf(url !== '')(
    'stores in its worker thread what it stores in process, and fails a batch the thread cannot fill',
    async () => {
      const days = [1, 2, 9, 30].flatMap((ago) =>
        (['now', 'then'] as const).map((basis) => ({ date: dayOf(NOW - ago * DAY).date, basis })),
      );
      const expected = await filled(days, { historyPage: 7, historyDaysPerPass: 3 });
      await sql('delete from dashboard_history_days');
      const settings = { url, fixedNow: NOW, dashboard: { historyPage: 7, historyDaysPerPass: 3 } };
      const thread = new HistoryFillThread({ ...settings, schema: testSchemaOf(db) ?? null });
      try {
        expect(await thread.fill(days)).toEqual(days.map(() => true));
        expect(thread.worker).not.toBeNull();
        // The fill's thread gives way to the serving thread on the CPU (Linux).
        if (process.platform === 'linux') expect(threadNices()).toContain(BACKGROUND_NICE);
        // Stored already: nothing computed the second time.
        expect(await thread.fill(days.slice(0, 2))).toEqual([false, false]);
      } finally {
        await thread.stop();
      }
      expect(JSON.stringify(await sql(ROWS))).toBe(expected);
      const lost = new HistoryFillThread({ ...settings, schema: 'no_such_schema' });
      try {
        await expect(lost.fill(days.slice(0, 1))).rejects.toThrow(/dashboard_history_days|does not exist/);
      } finally {
        await lost.stop();
      }
    },
    120_000,
  );
});
