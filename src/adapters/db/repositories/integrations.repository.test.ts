/**
 * The integrations repositories on the database the environment selects (PGlite, or
 * PostgreSQL with DATABASE_URL): upserts that let feeds correct themselves, intel as of an
 * instant, device matching and links, re-delivery lookups, and chunk-sized inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.ts';
import { noPosture } from '../../../core/posture/fields.ts';
import type { Database } from '../client.ts';
import { device } from '../repositories.contract.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await db.uow.run(async (r) => {
    await r.devices.insert(device('d1', { serial: 'S1', imei: '356938035643809' }));
    await r.devices.insert(device('d2', { serial: 'S2', platform: 'android' }));
    await r.releases.upsert({
      platform: 'ios',
      version: '18.6',
      build: null,
      releasedAt: day('2025-07-29'),
      recordedAt: day('2025-07-29'),
    });
    await r.releases.upsert({
      platform: 'ios',
      version: '18.6.2',
      build: null,
      releasedAt: day('2025-08-20'),
      recordedAt: day('2025-08-20'),
    });
  });
});
afterAll(() => db?.close());

describe('IntelRepository', () => {
  it('upserts fixes and KEV entries, and loads what was known at an instant', async () => {
    await db.uow.run(async (r) => {
      await r.intel.upsertFixes([
        {
          platform: 'ios',
          version: '18.6.2',
          cveId: 'CVE-2025-43300',
          exploited: false,
          recordedAt: day('2025-09-05'),
        },
        {
          platform: 'ios',
          version: '18.6',
          cveId: 'CVE-2025-0001',
          exploited: false,
          recordedAt: day('2025-09-05'),
        },
        {
          platform: 'ios',
          version: '18.6',
          cveId: 'CVE-2025-0002',
          exploited: true,
          recordedAt: day('2025-09-05'),
        },
      ]);
      // A later feed corrects the flag.
      await r.intel.upsertFixes([
        {
          platform: 'ios',
          version: '18.6.2',
          cveId: 'CVE-2025-43300',
          exploited: true,
          recordedAt: day('2025-09-06'),
        },
      ]);
      const kev = {
        cveId: 'CVE-2025-0001',
        vendorProject: 'Apple',
        product: 'iOS',
        name: null,
        dateAdded: day('2025-09-01'),
        dueDate: day('2025-09-22'),
        ransomware: null,
        recordedAt: day('2025-09-01'),
      };
      await r.intel.upsertKev([kev]);
      await r.intel.upsertKev([{ ...kev, ransomware: true }]);
    });
    const now = await db.uow.run((r) => r.intel.loadAt(day('2025-10-01')));
    expect(now.fixes.map((f) => f.cveId).sort()).toEqual([
      'CVE-2025-0001',
      'CVE-2025-0002',
      'CVE-2025-43300',
    ]);
    expect(now.fixes.find((f) => f.cveId === 'CVE-2025-43300')).toEqual({
      platform: 'ios',
      version: '18.6.2',
      cveId: 'CVE-2025-43300',
      exploited: true,
      releasedAt: day('2025-08-20'),
      // The first recording of the fix: a later feed correcting its flag keeps it.
      recordedAt: day('2025-09-05'),
    });
    expect(now.kev).toMatchObject([
      { cveId: 'CVE-2025-0001', ransomware: true, recordedAt: day('2025-09-01') },
    ]);
    // Before the KEV listing and before 18.6.2 existed: only the vendor-flagged fix in 18.6.
    const then = await db.uow.run((r) => r.intel.loadAt(day('2025-08-01')));
    expect(then.fixes.map((f) => f.cveId)).toEqual(['CVE-2025-0002']);
    expect(then.kev).toEqual([]);
    expect(await db.uow.run((r) => r.intel.summary())).toMatchObject({
      releases: { ios: 2, android: 0 },
      newest: { ios: '18.6.2', android: null },
      fixes: 3,
      exploitedFixes: 2,
      kev: 1,
    });
  });
});

describe('ConnectorRepository', () => {
  it('matches devices by serial and IMEI, links source ids, and finds stored report ids', async () => {
    await db.uow.run(async (r) => {
      const found = await r.connectors.devicesByIdentifiers(['S1', 'S2', 'NOPE'], ['356938035643809']);
      expect(Object.fromEntries(found)).toEqual({
        'serial:S1': { id: 'd1', platform: 'ios' },
        'imei:356938035643809': { id: 'd1', platform: 'ios' },
        'serial:S2': { id: 'd2', platform: 'android' },
      });
      expect((await r.connectors.devicesByIdentifiers([], [])).size).toBe(0);
      await r.connectors.link('apple-mdm', [{ externalId: 'UDID-1', deviceId: 'd1' }], day('2025-01-01'));
      await r.connectors.link('apple-mdm', [{ externalId: 'UDID-1', deviceId: 'd2' }], day('2025-01-02')); // re-linked
      expect(Object.fromEntries(await r.connectors.linked('apple-mdm', ['UDID-1', 'UDID-2']))).toEqual({
        'UDID-1': { id: 'd2', platform: 'android' },
      });
      expect((await r.connectors.linked('intune', ['UDID-1'])).size).toBe(0);
      await r.posture.append({
        id: 'pos_x',
        deviceId: 'd1',
        observedAt: day('2025-01-01'),
        receivedAt: day('2025-01-01'),
        source: 'intune',
        ...noPosture(),
      });
      expect([...(await r.connectors.existingReports(['pos_x', 'pos_y']))]).toEqual(['pos_x']);
      expect((await r.connectors.existingReports([])).size).toBe(0);
    });
  });
});
