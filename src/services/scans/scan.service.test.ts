import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { DEFAULT_COVERAGE } from '../../core/forensics/coverage.ts';
import { createServices, type Services } from '../index.ts';
import type { ScanSummary } from './scan.service.ts';

let db: Database;
let services: Services;
const NOW = Date.UTC(2026, 10, 22);

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  await services.inventory.createPerson({ id: 'p', name: 'P', kind: 'principal' }, 'test');
  await services.inventory.registerDevice(
    {
      id: 'd1',
      serial: 'd1',
      platform: 'ios',
      model: 'iPhone',
      ownership: 'issued',
      role: 'calls',
      holderId: 'p',
    },
    'test',
  );
});

afterAll(async () => {
  await db.close();
});

const summary = (over: Partial<ScanSummary> = {}): ScanSummary => ({
  kind: 'ios-backup',
  encrypted: true,
  startedAt: NOW - 5000,
  finishedAt: NOW - 1000,
  posture: {
    platform: 'ios',
    osVersion: '18.6.2',
    osBuild: '22G100',
    patchLevel: null,
    lockdownMode: false,
    sensors: { camera: { state: 'enabled', provenance: 'observed' } },
    apps: ['com.example.maps'],
    profiles: [],
  },
  alertCounts: { info: 0, low: 1, medium: 0, high: 2, critical: 0 },
  inputs: [{ path: 'Manifest.db', sha256: 'ab'.repeat(32) }],
  indicators: [{ file: '/x/test.stix2', sha256: 'cd'.repeat(32), count: 3 }],
  // Every module a qualifying iOS check needs ran.
  modules: DEFAULT_COVERAGE.ios.map((module) => ({ module, status: 'ok' })),
  verdict: 'suspicious',
  ...over,
});

describe('ScanService', () => {
  it('appends the observed posture and a scan.completed event with the hashes, together', async () => {
    const r = await services.scans.record('d1', summary({ infoSha256: 'ef'.repeat(32) }), 'cli');
    expect(r.posture).toMatchObject({
      deviceId: 'd1',
      source: 'vigil-scan',
      osVersion: '18.6.2',
      lockdownMode: false,
      sensors: { camera: { state: 'enabled', provenance: 'observed' } },
      observedAt: NOW - 1000,
    });
    const stored = await services.posture.list('d1', 10);
    expect(stored.map((p) => p.id)).toContain(r.posture?.id);
    const events = await db.uow.run((tx) => tx.audit.list({ limit: 1000 }));
    const scan = events.find((e) => e.type === 'scan.completed');
    expect(scan?.subject).toBe('device:d1');
    expect(scan?.payload).toMatchObject({
      deviceId: 'd1',
      postureReportId: r.posture?.id,
      alerts: { high: 2 },
      inputs: [{ path: 'Manifest.db', sha256: 'ab'.repeat(32) }],
      indicators: [{ file: '/x/test.stix2', sha256: 'cd'.repeat(32), count: 3 }],
      infoSha256: 'ef'.repeat(32),
    });
  });

  it('refuses an unknown device and a platform mismatch, writing nothing', async () => {
    await expect(services.scans.record('nope', summary(), 'cli')).rejects.toMatchObject({
      code: 'DEVICE_NOT_FOUND',
    });
    const android = summary({
      posture: {
        platform: 'android',
        osVersion: '15',
        osBuild: null,
        patchLevel: null,
        lockdownMode: null,
        sensors: {},
        apps: null,
        profiles: null,
      },
    });
    await expect(services.scans.record('d1', android, 'cli')).rejects.toMatchObject({
      code: 'POSTURE_INVALID',
    });
  });

  it('records the scan as the device’s inspection with the result files as evidence', async () => {
    const evidence = [{ name: 'alerts.json', sha256: 'ef'.repeat(32), size: 10 }];
    const r = await services.scans.record('d1', summary(), 'cli', { performedBy: 'Tech One', evidence });
    expect(r.inspection).toMatchObject({
      deviceId: 'd1',
      method: 'forensic-scan',
      result: 'suspicious',
      performedBy: 'Tech One',
      at: NOW - 1000,
      evidence,
    });
    const device = await services.inventory.getDevice('d1');
    expect(device.inspections.map((i) => i.id)).toContain(r.inspection?.id);
    const events = await db.uow.run((tx) => tx.audit.list({ limit: 1000, type: 'scan.completed' }));
    expect(events.at(-1)?.payload).toMatchObject({
      inspectionId: r.inspection?.id,
      incidentId: r.incidentId,
      verdict: 'suspicious',
    });
    // The failed check opened an incident (a suspected compromise) linked to it.
    const incident = await services.incidents.get(r.incidentId as string);
    expect(incident).toMatchObject({ compromise: 'suspected', inspectionId: r.inspection?.id });
    // A second failed check while it is open records the check but opens no second incident.
    const again = await services.scans.record('d1', summary(), 'cli', { performedBy: 'Tech One', evidence });
    expect(again.inspection?.result).toBe('suspicious');
    expect(again.incidentId).toBeNull();
  });

  it('an incomplete scan with alerts is no check, but its alerts open an incident', async () => {
    await services.inventory.registerDevice(
      {
        id: 'd2',
        serial: 'd2',
        platform: 'ios',
        model: 'iPhone',
        ownership: 'issued',
        role: 'calls',
        holderId: 'p',
      },
      'test',
    );
    // Only the messages were read, and a critical alert matched an indicator in them.
    const partial = summary({
      modules: [
        { module: 'sms', status: 'ok' },
        { module: 'manifest', status: 'failed', message: 'file is not a database' },
      ],
      alertCounts: { info: 0, low: 0, medium: 0, high: 0, critical: 1 },
      verdict: 'compromised',
    });
    const r = await services.scans.record('d2', partial, 'cli', { performedBy: 'Tech One', evidence: [] });
    // Not the device's check: nothing that resets inspection.overdue was recorded.
    expect(r.inspection).toBeNull();
    expect((await services.inventory.getDevice('d2')).inspections).toEqual([]);
    expect(r.coverage.complete).toBe(false);
    // The alerts are real: the verdict stands, and the device is under an incident as for a complete scan.
    expect(r.verdict).toBe('compromised');
    expect(r.incidentId).not.toBeNull();
    const incident = await services.incidents.get(r.incidentId as string);
    expect(incident).toMatchObject({ compromise: 'confirmed', inspectionId: null });
    expect(incident.summary).toMatch(
      /incomplete, not a qualifying check: required evidence missing: manifest/,
    );
    const events = await db.uow.run((tx) => tx.audit.list({ limit: 1000, type: 'scan.completed' }));
    expect(events.at(-1)?.payload).toMatchObject({
      deviceId: 'd2',
      inspectionId: null,
      incidentId: r.incidentId,
      verdict: 'compromised',
      coverage: { complete: false },
    });
  });

  it('records the scan without a posture report when nothing was observed', async () => {
    const r = await services.scans.record('d1', summary({ posture: null }), 'cli');
    expect(r.posture).toBeNull();
  });
});
