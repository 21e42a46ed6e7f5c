/**
 * A posture report of a device whose history the cache holds: its effect is applied from the
 * reports the device gained (read alone), not from its whole history read again, and every
 * answer equals a full evaluation at the instant of the read, whatever the reports say and
 * whenever they were observed (back-dated, dated later than the read, at the same instant).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingUow } from '../../../test/support/counting-uow.ts';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import type { EvaluationResult } from '../../core/compliance/types.ts';
import type { Finding } from '../../core/model.ts';
import { DAY, HOUR } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { evaluateData } from './compliance.service.ts';
import { EvaluationCache } from './evaluation-cache.ts';

let now = Date.UTC(2026, 10, 20, 12);
const clock = { now: () => now };
let db: Database;
let services: Services;
let devices: string[];

beforeAll(async () => {
  db = await openTestDatabase();
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  await services.demo.load(readBaselines(), 'test');
  devices = (await full()).devices
    .filter((d) => d.verdict !== 'not-evaluated')
    .map((d) => d.deviceId)
    .slice(0, 4);
}, 180_000);
afterAll(() => db?.close());

/** What is open (the wording that counts days aside), comparable with a full evaluation. */
function standing(r: EvaluationResult) {
  const key = (f: Finding) =>
    JSON.stringify([
      f.deviceId,
      f.personId,
      f.protocol,
      f.rule,
      f.severity,
      f.status,
      f.outcome,
      f.waiver,
      f.since,
    ]);
  return {
    findings: r.findings.map(key).sort(),
    devices: [...r.devices].sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1)),
  };
}

/** A full evaluation at `now`, from a fresh load. */
async function full(): Promise<EvaluationResult> {
  return evaluateData(await db.uow.run((tx) => tx.fleet.load(now)), now);
}

/** A cache of its own whose repository reads are counted by name. */
function countingCache() {
  const { uow, reads } = countingUow(db);
  return { own: new EvaluationCache({ uow, clock }), reads };
}

const OS = ['17.0', '18.6.2', '26.1'] as const;
const STATES = ['enabled', 'disabled', 'unknown'] as const;

function report(deviceId: string, observedAt: number, content: Content) {
  return services.posture.record(
    {
      deviceId,
      observedAt: new Date(observedAt).toISOString(),
      source: content.source,
      ...(content.os === null ? {} : { osVersion: content.os }),
      ...(content.lockdown === null ? {} : { lockdownMode: content.lockdown }),
      ...(content.camera === null
        ? {}
        : { sensors: { camera: { state: content.camera, provenance: 'reported' as const } } }),
      ...(content.apps === null ? {} : { apps: content.apps }),
    },
    'test',
  );
}

interface Content {
  source: string;
  os: (typeof OS)[number] | null;
  lockdown: boolean | null;
  camera: (typeof STATES)[number] | null;
  apps: string[] | null;
}

const content: fc.Arbitrary<Content> = fc.record({
  source: fc.constantFrom('mdm', 'agent'),
  os: fc.option(fc.constantFrom(...OS)),
  lockdown: fc.option(fc.boolean()),
  camera: fc.option(fc.constantFrom(...STATES)),
  apps: fc.option(fc.subarray(['com.apple.mobilephone', 'com.example.chat', 'com.example.game'])),
});

describe('EvaluationCache, posture reports of held histories', () => {
  it('reads the reports a held history gained, not the history, and answers as a full evaluation', async () => {
    const { own, reads } = countingCache();
    const read = async () => {
      now += 1_000;
      reads.clear();
      const r = await own.current();
      expect(standing(r)).toEqual(standing(await full()));
    };
    await read();
    const misses = own.misses;
    const [a] = devices as [string];
    const base = { source: 'mdm', os: '18.6.2', lockdown: true, camera: 'disabled', apps: null } as const;
    await report(a, now, base);
    await read();
    // The first report of a device: its history is read (and held).
    expect(reads.get('dashboard.histories')).toBe(1);
    await report(a, now, { ...base, os: '17.0' });
    await read();
    expect(reads.get('dashboard.histories')).toBeUndefined();
    expect(reads.get('posture.since')).toBe(1);
    // A back-dated report and one observed later than the read, reached by the clock.
    await report(a, now - 2 * DAY, { ...base, camera: 'enabled' });
    await report(a, now + 30_000, { ...base, lockdown: false });
    await read();
    expect(reads.get('dashboard.histories')).toBeUndefined();
    now += 30_000;
    await read();
    expect(reads.get('dashboard.histories')).toBeUndefined();
    // A fact of another kind: the history is read again.
    await services.inventory.recordInspection(
      {
        deviceId: a,
        at: new Date(now).toISOString(),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit',
      },
      'test',
    );
    await read();
    expect(reads.get('dashboard.histories')).toBe(1);
    expect(own.misses).toBe(misses);
  });

  it('equals a full evaluation after any sequence of reports and clock moves', async () => {
    const { own } = countingCache();
    await own.current();
    const misses = own.misses;
    const step = fc.record({
      device: fc.nat({ max: 3 }),
      // Back-dated by up to a week, or observed up to an hour after it is recorded.
      offset: fc.integer({ min: -7 * DAY, max: HOUR }),
      // The clock moves on by nothing, a few seconds, or up to three days (staleness deadlines).
      advance: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 3 * DAY }),
      ),
      content,
      read: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        for (const s of steps) {
          await report(devices[s.device % devices.length] as string, now + s.offset, s.content);
          now += s.advance;
          if (s.read) expect(standing(await own.current())).toEqual(standing(await full()));
        }
        now += 1;
        expect(standing(await own.current())).toEqual(standing(await full()));
      }),
      { numRuns: 12 },
    );
    expect(own.misses).toBe(misses);
  }, 240_000);
});
