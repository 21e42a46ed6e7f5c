/**
 * The ingest path batches concurrent reports; batching must never change what each caller is
 * told: every accepted report is stored with its audit event, and a bad report fails alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';

let db: Database;
let services: Services;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => Date.UTC(2026, 10, 1) };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  await services.inventory.createPerson({ id: 'p', name: 'P', kind: 'principal' }, 'test');
  for (const id of ['d1', 'd2']) {
    await services.inventory.registerDevice(
      { id, serial: id, platform: 'ios', model: 'iPhone', ownership: 'issued', role: 'calls', holderId: 'p' },
      'test',
    );
  }
});

afterAll(async () => {
  await db.close();
});

const report = (deviceId: string, i: number) => ({
  deviceId,
  observedAt: new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString(),
  source: 'mdm',
  osVersion: '18.6',
});

describe('PostureService', () => {
  it('stores every one of many concurrent reports with its audit event', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        services.posture.record(report(i % 2 ? 'd1' : 'd2', i), 'ingest'),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(300);
    const stored = [
      ...(await services.posture.list('d1', 1000)),
      ...(await services.posture.list('d2', 1000)),
    ];
    expect(stored).toHaveLength(300);
    const events = await services.audit.list({ type: 'posture.reported', limit: 1000 });
    expect(events).toHaveLength(300);
  });

  it('fails only the report that names an unknown device, even inside a batch', async () => {
    // The first few go out alone; the rest queue behind them and are written as one batch,
    // which fails on the unknown device and is retried report by report.
    const devices = [...Array(8).fill('d1'), 'ghost', ...Array(8).fill('d2')] as string[];
    const settled = await Promise.allSettled(
      devices.map((d, i) => services.posture.record(report(d, 1000 + i), 'ingest')),
    );
    expect(settled.map((s) => s.status)).toEqual(
      devices.map((d) => (d === 'ghost' ? 'rejected' : 'fulfilled')),
    );
    const rejected = settled[8];
    expect(rejected?.status === 'rejected' && (rejected.reason as { code?: string }).code).toBe(
      'POSTURE_INVALID',
    );
    const events = await services.audit.list({ type: 'posture.reported', limit: 1000 });
    expect(events).toHaveLength(316);
  });
});
