/**
 * The schedule read a page of devices at a time without posture reports, against the schedule
 * of the whole fleet loaded at once (what the service computed before), on the demo office: at
 * instants before, during and after its history, for any page size, the same items in the same
 * order.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { schedule } from '../../core/lifecycle/plan.ts';
import { DAY, type Instant } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { inForceFrom } from '../compliance/compliance.service.ts';
import { createServices } from '../index.ts';
import { ScheduleService } from './schedule.service.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
const clock = { now: () => NOW };
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  const services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
  });
  await services.demo.load(readBaselines(), 'test');
}, 180_000);
afterAll(() => db?.close());

/** The schedule as computed before: every device's whole history, loaded at once. */
async function loadedAtOnce(at: Instant) {
  const data = await db.uow.run((tx) => tx.fleet.load(at));
  const { people, protocols } = inForceFrom(data, at);
  return schedule({ devices: data.devices, people, protocols }, at);
}

describe('the schedule read a page at a time', () => {
  it('has the items of the whole fleet loaded at once, at any instant and page size', async () => {
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -400, max: 120 }),
        fc.integer({ min: 1, max: 4 }),
        async (days, page) => {
          const at = NOW + days * DAY;
          const expected = await loadedAtOnce(at);
          const got = await new ScheduleService({ uow: db.uow, clock, schedulePage: page }).schedule(at);
          expect(got).toEqual({ at, items: expected });
          seen = Math.max(seen, expected.length);
        },
      ),
      {
        seed: 20_261_207,
        numRuns: 12,
        examples: [
          [0, 1],
          [0, 5],
          [30, 3],
        ],
      },
    );
    // More devices scheduled than a page holds.
    expect(seen).toBeGreaterThan(4);
  }, 120_000);

  it('defaults to now', async () => {
    const got = await new ScheduleService({ uow: db.uow, clock }).schedule();
    expect(got).toEqual({ at: NOW, items: await loadedAtOnce(NOW) });
  });
});
