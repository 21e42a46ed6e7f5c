import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.ts';
import type { DeviceHistory } from '../../../core/compliance/types.ts';
import type {
  CustodyRecord,
  Device,
  Inspection,
  PostureReport,
  Rotation,
  StatusChange,
} from '../../../core/model.ts';
import { examplePosture, noPosture } from '../../../core/posture/fields.ts';
import type { Database } from '../client.ts';
import { person } from '../repositories.contract.ts';

const T = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const N = 60;

/** Every fact of a generated fleet, with the 13 people its devices name. */
async function store(db: Database, f: ReturnType<typeof fleet>): Promise<void> {
  await db.uow.run(async (r) => {
    for (let k = 0; k < 13; k++) await r.people.insert(person(`p${k}`));
    for (const d of f.devices) await r.devices.insert(d);
    for (const s of f.statuses) await r.devices.appendStatus(s);
    for (const c of f.custody) await r.devices.appendCustody(c);
    await r.posture.appendMany(f.reports);
    for (const i of f.checks) await r.inspections.insert(i);
    for (const s of f.swaps) await r.rotations.insert(s);
  });
}

/** A small, varied fleet: every kind of fact, facts after the instant, devices not in service. */
function fleet() {
  const devices: Device[] = [];
  const statuses: StatusChange[] = [];
  const custody: CustodyRecord[] = [];
  const reports: PostureReport[] = [];
  const checks: Inspection[] = [];
  const swaps: Rotation[] = [];
  for (let i = 0; i < N; i++) {
    const id = `dev-${String(i).padStart(3, '0')}`;
    devices.push({
      id,
      serial: `S-${i}`,
      imei: i % 3 === 0 ? `35${i}` : null,
      platform: i % 2 === 0 ? 'ios' : 'android',
      model: 'Phone',
      ownership: i % 11 === 0 ? 'personal' : 'issued',
      role: (['calls', 'social', 'news', 'general'] as const)[i % 4] as Device['role'],
      issuedAt: i % 5 === 0 ? null : T - i * DAY,
      createdAt: T - 100 * DAY,
    });
    // None (not in service), after the instant only (not yet), or one or more by then.
    if (i % 7 !== 3)
      statuses.push({
        deviceId: id,
        status: 'active',
        at: i % 7 === 4 ? T + DAY : T - 30 * DAY,
        reason: null,
        recordedAt: T,
      });
    if (i % 4 === 1)
      statuses.push({
        deviceId: id,
        status: 'quarantined',
        at: T - 30 * DAY,
        reason: 'tie',
        recordedAt: T + 5,
      });
    if (i % 6 === 2)
      statuses.push({ deviceId: id, status: 'retired', at: T + 2 * DAY, reason: 'later', recordedAt: T });
    custody.push({
      deviceId: id,
      holderId: i % 9 === 0 ? null : `p${i % 13}`,
      location: i % 9 === 0 ? 'safe' : null,
      at: T - 20 * DAY,
      recordedBy: 'cli',
      recordedAt: T,
    });
    if (i % 3 === 1)
      custody.push({
        deviceId: id,
        holderId: `p${i % 5}`,
        location: null,
        at: T - 20 * DAY,
        recordedBy: 'cli',
        recordedAt: T + 1,
      });
    for (let k = 0; k < i % 4; k++)
      reports.push({
        id: `r-${i}-${k}`,
        deviceId: id,
        // Two reports observed at once are ordered by receipt, then by id.
        observedAt: T - (k === 2 ? 1 : k) * DAY,
        receivedAt: T - (k % 2) * 1000,
        source: k === 0 ? 'mdm' : 'agent',
        ...(k === 1 ? examplePosture() : noPosture()),
        ...(k === 2 ? { apps: [], lockdownMode: false, supervised: true } : {}),
      });
    if (i % 8 === 5)
      reports.push({
        id: `r-${i}-late`,
        deviceId: id,
        observedAt: T + DAY,
        receivedAt: T + DAY,
        source: 'mdm',
        ...noPosture(),
      });
    if (i % 3 === 0)
      checks.push({
        id: `i-${i}`,
        deviceId: id,
        at: T - 10 * DAY,
        method: 'forensic-scan',
        result: i % 2 === 0 ? 'clean' : 'suspicious',
        performedBy: 'tech',
        notes: i % 2 === 0 ? null : 'it\'s "noted"',
        evidence: i % 2 === 0 ? [] : [{ name: 'scan.json', sha256: 'a'.repeat(64), size: 12 }],
        recordedAt: T,
      });
    if (i % 10 === 7)
      swaps.push({
        id: `s-${i}`,
        oldDeviceId: id,
        newDeviceId: `dev-${String(i + 1).padStart(3, '0')}`,
        at: T - 5 * DAY,
        performedBy: 'tech',
        recordedAt: T,
      });
    if (i % 10 === 8)
      swaps.push({
        id: `s-${i}`,
        oldDeviceId: id,
        newDeviceId: null,
        at: T - 4 * DAY,
        performedBy: 'tech',
        recordedAt: T,
      });
  }
  return { devices, statuses, custody, reports, checks, swaps };
}

describe('a page of histories read as lists', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
    await store(db, fleet());
  }, 120_000);
  afterAll(() => db.close());

  /** The fleet through `historiesAfter`, `limit` devices a page. */
  async function paged(at: number, limit: number, posture: boolean) {
    const all: DeviceHistory[] = [];
    let after: string | null = null;
    for (;;) {
      const page: DeviceHistory[] = await db.uow.read((r) =>
        r.dashboard.historiesAfter(after, limit, at, { posture }),
      );
      all.push(...page);
      if (page.length < limit) return all;
      after = page.at(-1)?.device.id ?? null;
    }
  }

  it('equals the histories the fleet reader builds as JSON, at every instant and page size', async () => {
    for (const at of [T, T + 3 * DAY, T - 25 * DAY]) {
      const json = (await db.uow.read((r) => r.fleet.load(at))).devices;
      expect(json.length).toBeGreaterThan(10);
      for (const limit of [1, 7, 1000]) {
        const rows = await paged(at, limit, true);
        expect(rows).toStrictEqual(json);
        // The same keys in the same order (what a copy or a hash of a history reads).
        expect(JSON.stringify(rows)).toBe(JSON.stringify(json));
        // Without posture: the same, every posture list empty.
        expect(await paged(at, limit, false)).toStrictEqual(json.map((h) => ({ ...h, posture: [] })));
      }
    }
  }, 120_000);
});

/** Text with what JSON and the lists' walk must survive: quotes, brackets, commas, accents, case. */
const text = fc.string({
  unit: fc.constantFrom('a', 'B', 'z', '-', '"', ']', '[', ',', '\\', 'é', ' ', '0'),
  minLength: 1,
  maxLength: 6,
});

/** A random fleet (a fixed seed: the same one each run), every kind of fact at random instants. */
function randomFleet() {
  const arb = fc.record({
    ids: fc.uniqueArray(text, { minLength: 25, maxLength: 25 }),
    facts: fc.array(fc.tuple(fc.nat(24), fc.nat(5), fc.integer({ min: -40, max: 10 }), fc.boolean(), text), {
      minLength: 120,
      maxLength: 120,
    }),
  });
  const [sample] = fc.sample(arb, { seed: 39, numRuns: 1 });
  if (sample === undefined) throw new Error('no sample');
  const { ids, facts } = sample;
  const f = fleet();
  const devices = ids.map((id, i) => ({ ...(f.devices[i] as Device), id: `${id}`, serial: `S ${id}` }));
  const out = {
    devices,
    statuses: [] as StatusChange[],
    custody: [] as CustodyRecord[],
    reports: [] as PostureReport[],
    checks: [] as Inspection[],
    swaps: [] as Rotation[],
  };
  // Most devices in service from the start (the rest only once a random status says so).
  devices.forEach((d, i) => {
    if (i % 5 !== 0)
      out.statuses.push({ deviceId: d.id, status: 'active', at: T - 45 * DAY, reason: null, recordedAt: T });
  });
  facts.forEach(([d, kind, day, flag, note], k) => {
    const deviceId = (devices[d] as Device).id;
    const at = T + day * DAY;
    if (kind === 0)
      out.statuses.push({
        deviceId,
        status: flag ? 'active' : 'quarantined',
        at,
        reason: flag ? null : note,
        recordedAt: at + k,
      });
    else if (kind === 1)
      out.custody.push({
        deviceId,
        holderId: flag ? `p${k % 13}` : null,
        location: flag ? null : note,
        at,
        recordedBy: note,
        recordedAt: at + k,
      } as CustodyRecord);
    else if (kind === 2)
      out.reports.push({
        id: `r${k}`,
        deviceId,
        observedAt: at,
        receivedAt: at + (k % 3),
        source: note,
        ...(flag ? examplePosture() : noPosture()),
      });
    else if (kind === 3)
      out.checks.push({
        id: `i${k}`,
        deviceId,
        at,
        method: 'forensic-scan',
        result: flag ? 'clean' : 'suspicious',
        performedBy: note,
        notes: flag ? null : note,
        evidence: flag ? [] : [{ name: note, sha256: 'b'.repeat(64), size: k }],
        recordedAt: at,
      } as Inspection);
    else
      out.swaps.push({
        id: `s${k}`,
        oldDeviceId: deviceId,
        newDeviceId: flag ? (devices[(d + 1 + (k % 3)) % devices.length] as Device).id : null,
        at,
        performedBy: note,
        recordedAt: at,
      });
  });
  return out;
}

describe('a page of histories read as lists, over a random fleet', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
    await store(db, randomFleet());
  }, 120_000);
  afterAll(() => db.close());

  it('equals the histories the fleet reader builds as JSON, field for field', async () => {
    for (const at of [T, T - 20 * DAY]) {
      const json = (await db.uow.read((r) => r.fleet.load(at))).devices;
      expect(json.length).toBeGreaterThan(5);
      for (const limit of [1, 4, 100]) {
        const all: DeviceHistory[] = [];
        let after: string | null = null;
        for (;;) {
          const page: DeviceHistory[] = await db.uow.read((r) =>
            r.dashboard.historiesAfter(after, limit, at),
          );
          all.push(...page);
          if (page.length < limit) break;
          after = page.at(-1)?.device.id ?? null;
        }
        expect(JSON.stringify(all)).toBe(JSON.stringify(json));
      }
    }
  }, 120_000);
});
