/**
 * Compiling a stored protocol on a real database with the demo office: DDM's enforced update aims
 * at the highest iOS version recorded (not the latest released: a point release of an older major
 * can come later), and every compile appends `protocol.compiled` with each artifact's SHA-256.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { DAY } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { newestIos } from './protocol.service.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
let db: Database;
let services: Services;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  await services.demo.load(readBaselines(), 'test');
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('newestIos', () => {
  it('takes the highest version, whatever came out last, and ignores Android', () => {
    const r = (platform: 'ios' | 'android', version: string, day: number) => ({
      platform,
      version,
      build: null,
      releasedAt: day * DAY,
      recordedAt: 0,
    });
    expect(
      newestIos([
        r('ios', '18.6', 1),
        r('ios', '26.1', 2),
        r('ios', '18.7.1', 3),
        r('android', '2099-01-01', 4),
      ]),
    ).toEqual({
      version: '26.1',
      build: null,
      releasedAt: 2 * DAY,
    });
    expect(newestIos([r('ios', '26.10', 1), r('ios', '26.9', 2)])?.version).toBe('26.10');
    expect(newestIos([])).toBeNull();
  });
});

describe('ProtocolService.compileFor', () => {
  it('records protocol.compiled with the version and every artifact hash', async () => {
    const r = await services.protocols.compileFor('strict-30day', { target: 'apple-ddm' }, 'officer-1');
    const events = await services.audit.list({ type: 'protocol.compiled', limit: 100 });
    const mine = events.find((e) => e.actor === 'officer-1');
    expect(mine?.subject).toBe('protocol:strict-30day');
    expect(mine?.payload).toMatchObject({
      name: 'strict-30day',
      version: r.version,
      target: 'apple-ddm',
      artifacts: r.artifacts.map((a) => ({ role: a.role, file: a.file, sha256: a.sha256 })),
    });
    const releases = await services.releases.list();
    expect(mine?.payload.latestIos).toBe(newestIos(releases)?.version);
  });

  it('refuses an unknown protocol and records nothing', async () => {
    const before = (await services.audit.list({ type: 'protocol.compiled', limit: 100 })).length;
    await expect(
      services.protocols.compileFor('no-such', { target: 'amapi' }, 'officer-2'),
    ).rejects.toMatchObject({
      code: 'PROTOCOL_NOT_FOUND',
    });
    expect((await services.audit.list({ type: 'protocol.compiled', limit: 100 })).length).toBe(before);
  });
});
