/**
 * The swap service over a real database: each command is one transaction (a refused step
 * leaves nothing behind), every step appends its audit events, and a quarantined device takes
 * part in nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';

const T = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
let db: Database;
let services: Services;

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: svc, title: Service test, version: "1" }
roles:
  calls: { rotation: { every: P30D } }
`;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => T };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  await services.protocols.put(
    { text: PROTOCOL, effectiveAt: new Date(T - 100 * DAY).toISOString() },
    'test',
  );
  await services.inventory.createPerson({ id: 'p', name: 'P', kind: 'principal', protocol: 'svc' }, 'test');
  const add = (id: string, extra: Record<string, unknown>) =>
    services.inventory.registerDevice(
      { id, serial: id, platform: 'ios', model: 'iPhone', ownership: 'issued', role: 'calls', ...extra },
      'test',
    );
  await add('old', { holderId: 'p', issuedAt: new Date(T - 20 * DAY).toISOString() });
  await add('spare', { status: 'staged', location: 'store', issuedAt: null });
  await add('q', { holderId: 'p' });
});
afterAll(() => db?.close());

const count = () => db.uow.run(async (r) => (await r.audit.list({ limit: 10_000 })).length);

describe('SwapService', () => {
  it('plans with the protocol dates, and a refused step changes nothing', async () => {
    const swap = await services.swaps.planSwap({ deviceId: 'old' }, 'test');
    expect(swap).toMatchObject({ dueAt: T + 10 * DAY, stageBy: T + 3 * DAY });
    const before = await count();
    expect(
      await codeOf(services.swaps.stageSwap(swap.id, { newDeviceId: 'spare', holderId: 'ghost' }, 'test')),
    ).toBe('CUSTODY_INVALID');
    expect(await codeOf(services.swaps.handOver(swap.id, 'test'))).toBe('SWAP_TRANSITION_INVALID');
    expect(await count()).toBe(before);
    expect((await services.swaps.getSwap(swap.id)).transitions).toHaveLength(1);
    await services.swaps.stageSwap(swap.id, { newDeviceId: 'spare' }, 'test');
    const handed = await services.swaps.handOver(swap.id, 'test');
    expect(handed.state).toBe('handed-over');
    // rotation + status + custody + status + the step itself
    expect((await count()) - before).toBe(1 + 5);
  });

  it('excludes a quarantined device from every step', async () => {
    const swap = await services.swaps.planSwap({ deviceId: 'q' }, 'test');
    await services.inventory.changeStatus('q', { status: 'quarantined', reason: 'incident' }, 'test');
    expect(await codeOf(services.swaps.decline(swap.id, { reason: 'x' }, 'test'))).toBe('DEVICE_QUARANTINED');
    expect(await codeOf(services.swaps.planSwap({ deviceId: 'q' }, 'test'))).toBe('SWAP_EXISTS');
    expect((await services.swaps.cancel(swap.id, { reason: 'incident' }, 'test')).state).toBe('cancelled');
    expect(await codeOf(services.swaps.planSwap({ deviceId: 'q' }, 'test'))).toBe('DEVICE_QUARANTINED');
  });
});
