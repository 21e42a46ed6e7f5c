/**
 * A device's past view (`getDevice` with `asOf` and `knownAt`) over a real database: a check
 * entered days after it was done is there as true then and absent as known then; a correction
 * recorded later is not applied when known before it; status and holder as they stood; each fact
 * keeps its recorded instant; future instants and days before the device are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';

const T = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
let now = T - 10 * DAY;
let db: Database;
let services: Services;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => now };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  await services.inventory.createPerson({ id: 'pm', name: 'PM', kind: 'principal' }, 'test');
  await services.inventory.registerDevice(
    {
      id: 'd',
      serial: 'd',
      platform: 'ios',
      model: 'iPhone',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
      issuedAt: iso(T - 50 * DAY),
    },
    'test',
  );
  // Done on day -8, entered on day -5.
  now = T - 5 * DAY;
  await services.inventory.recordInspection(
    {
      id: 'ins1',
      deviceId: 'd',
      at: iso(T - 8 * DAY),
      method: 'forensic-scan',
      result: 'clean',
      performedBy: 'tech',
    },
    'test',
  );
  // Retired on day -4, entered that day.
  now = T - 4 * DAY;
  await services.inventory.changeStatus('d', { status: 'retired' }, 'test');
  // On day -2 an officer corrects the check's result.
  now = T - 2 * DAY;
  await services.corrections.correct(
    {
      kind: 'inspection',
      factId: 'ins1',
      reason: 'the report says suspicious',
      set: { result: 'suspicious' },
    },
    'token:officer',
  );
  now = T;
});
afterAll(() => db?.close());

const view = (asOf?: number, knownAt?: number) =>
  services.inventory.getDevice('d', {
    ...(asOf === undefined ? {} : { asOf: iso(asOf) }),
    ...(knownAt === undefined ? {} : { knownAt: iso(knownAt) }),
  });

describe('InventoryService.getDevice, past views', () => {
  it('lists a back-filled check as true then, not as known then', async () => {
    const trueThen = await view(T - 7 * DAY);
    expect(trueThen.inspections.map((i) => i.id)).toEqual(['ins1']);
    expect(trueThen.inspections[0]?.recordedAt).toBe(T - 5 * DAY);
    expect(trueThen).toMatchObject({ asOf: T - 7 * DAY, knownAt: null });
    const knownThen = await view(T - 7 * DAY, T - 7 * DAY);
    expect(knownThen.inspections).toEqual([]);
    expect(knownThen).toMatchObject({ asOf: T - 7 * DAY, knownAt: T - 7 * DAY });
  });

  it('applies a correction only from when it was recorded', async () => {
    expect((await view(T - DAY, T - 3 * DAY)).inspections[0]?.result).toBe('clean');
    expect((await view(T - DAY, T - 2 * DAY)).inspections[0]?.result).toBe('suspicious');
    expect((await view(T - DAY)).inspections[0]?.result).toBe('suspicious');
    // Without a view, the facts as recorded (the correction is its own record).
    const recorded = await services.inventory.getDevice('d');
    expect(recorded.inspections[0]?.result).toBe('clean');
    expect(recorded).toMatchObject({ asOf: null, knownAt: null });
  });

  it('gives status and holder as they stood as of the day', async () => {
    const before = await view(T - 6 * DAY);
    expect(before.device).toMatchObject({ status: 'active', holderId: 'pm' });
    expect(before.statuses.map((s) => s.status)).toEqual(['active']);
    const after = await view(T - 3 * DAY);
    expect(after.device.status).toBe('retired');
    expect(after.statuses.map((s) => s.status).sort()).toEqual(['active', 'retired']);
    // The status entered on day -4 was not known on day -4.5, though the day asked is later.
    expect((await view(T - 3 * DAY, T - 4.5 * DAY)).device.status).toBe('active');
  });

  it('refuses a future instant, a device not recorded yet and a day before the device', async () => {
    expect(await codeOf(view(T + DAY))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(view(T - DAY, T + DAY))).toBe('INSTANT_IN_FUTURE');
    expect(await codeOf(view(T - 20 * DAY, T - 11 * DAY))).toBe('DEVICE_NOT_FOUND');
    expect(await codeOf(view(T - 60 * DAY))).toBe('DEVICE_NOT_FOUND');
    expect(await codeOf(services.inventory.getDevice('ghost', { asOf: iso(T - DAY) }))).toBe(
      'DEVICE_NOT_FOUND',
    );
    // Issued on day -50, entered on day -10: as true on day -20 it was there.
    expect((await view(T - 20 * DAY)).device.status).toBe('active');
  });
});
