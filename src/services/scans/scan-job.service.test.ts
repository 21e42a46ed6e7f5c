import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { VigilError } from '../../core/errors.ts';
import { DEFAULT_COVERAGE } from '../../core/forensics/coverage.ts';
import { createServices, type Services } from '../index.ts';
import type { ScanSummary } from './scan.service.ts';
import type { ScanJobResult } from './scan-job.service.ts';

let db: Database;
let services: Services;
let now = Date.UTC(2026, 10, 22);

/** Accepts `ok/...` paths, as the evidence folder adapter would after checking them. */
const locator = {
  locate(path: string) {
    if (!path.startsWith('ok/')) throw new VigilError('SCAN_PATH_REFUSED', `${path} is refused`);
    return path;
  },
};

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => now };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock),
    random: systemRandom,
    scanJobs: { evidence: locator, maxAttempts: 2 },
  });
  await services.inventory.createPerson({ id: 'p', name: 'P', kind: 'principal' }, 'test');
  for (const id of ['d1', 'd2', 'd3']) {
    await services.inventory.registerDevice(
      { id, serial: id, platform: 'ios', model: 'iPhone', ownership: 'issued', role: 'calls', holderId: 'p' },
      'test',
    );
  }
});

afterAll(async () => {
  await db.close();
});

/** Leaves no job unfinished, so each test starts from its own. */
beforeEach(async () => {
  now += 60_000;
  for (const id of await services.scanJobs.unfinished()) {
    const j = await services.scanJobs.claim(id);
    if (j !== null) await services.scanJobs.fail(j, 'INTERNAL', 'cleared between tests');
  }
});

const scan = (over: Partial<ScanSummary> = {}): ScanSummary => ({
  kind: 'ios-backup',
  encrypted: false,
  startedAt: now - 5000,
  finishedAt: now - 1000,
  posture: null,
  alertCounts: { info: 0, low: 0, medium: 0, high: 1, critical: 2 },
  inputs: [{ path: 'Manifest.db', sha256: 'ab'.repeat(32) }],
  indicators: [{ file: 'test.stix2', sha256: 'cd'.repeat(32), count: 3 }],
  // Every module a qualifying iOS check needs ran.
  modules: DEFAULT_COVERAGE.ios.map((module) => ({ module, status: 'ok' })),
  verdict: 'compromised',
  ...over,
});

const result = (over: Partial<ScanSummary> = {}): ScanJobResult => ({
  scan: scan(over),
  inputsCount: 1,
  indicatorFiles: 1,
  alertsJson: '[]\n',
  infoJson: '{}\n',
  evidence: [
    { name: 'alerts.json', sha256: 'ef'.repeat(32), size: 3 },
    { name: 'info.json', sha256: '01'.repeat(32), size: 3 },
  ],
});

const events = async (type: string) =>
  (await db.uow.run((r) => r.audit.list({ limit: 1000 }))).filter((e) => e.type === type);

describe('ScanJobService', () => {
  it('queues a job with scan.requested, refusing unknown devices and refused paths', async () => {
    const job = await services.scanJobs.request(
      { deviceId: 'd1', path: 'ok/backup', iocs: ['ok/f.stix2'] },
      'tok',
    );
    expect(job).toMatchObject({ state: 'queued', attempts: 0, performedBy: 'tok', requestedBy: 'tok' });
    expect((await events('scan.requested')).at(-1)?.payload).toEqual({
      jobId: job.id,
      deviceId: 'd1',
      path: 'ok/backup',
      iocs: ['ok/f.stix2'],
    });
    await expect(services.scanJobs.request({ deviceId: 'nope', path: 'ok/x' }, 'tok')).rejects.toMatchObject({
      code: 'DEVICE_NOT_FOUND',
    });
    await expect(services.scanJobs.request({ deviceId: 'd1', path: '../x' }, 'tok')).rejects.toMatchObject({
      code: 'SCAN_PATH_REFUSED',
    });
    await expect(
      services.scanJobs.request({ deviceId: 'd1', path: 'ok/x', iocs: ['/etc/passwd'] }, 'tok'),
    ).rejects.toMatchObject({ code: 'SCAN_PATH_REFUSED' });
  });

  it('refuses requests when the server has no evidence folder', async () => {
    const bare = createServices({
      uow: db.uow,
      clock: { now: () => now },
      ids: ulidIds(),
      random: systemRandom,
    });
    expect(bare.scanJobs.configured).toBe(false);
    await expect(bare.scanJobs.request({ deviceId: 'd1', path: 'ok/x' }, 'tok')).rejects.toMatchObject({
      code: 'SCAN_NOT_CONFIGURED',
    });
  });

  it('runs claim -> progress -> complete, recording the inspection, incident and scan.completed together', async () => {
    const job = await services.scanJobs.request(
      { deviceId: 'd2', path: 'ok/b', performedBy: 'A. Tech' },
      'tok',
    );
    expect(await services.scanJobs.unfinished()).toEqual([job.id]);
    const claimed = await services.scanJobs.claim(job.id);
    expect(claimed).toMatchObject({ id: job.id, attempts: 1 });
    if (claimed === null) return;
    expect(await services.scanJobs.unfinished()).toEqual([job.id]); // running
    const p = { module: 'sms', modulesDone: 3, modulesTotal: 16, filesRead: 7 };
    expect(await services.scanJobs.progress(claimed, p)).toBe(true);
    expect((await services.scanJobs.get(job.id)).progress).toEqual(p);
    const done = await services.scanJobs.complete(claimed, result());
    expect(done).toMatchObject({ state: 'done', attempts: 1, errorCode: null });
    expect(done?.summary).toMatchObject({ verdict: 'compromised', alertCounts: { critical: 2 } });
    const inspections = await db.uow.run((r) => r.inspections.listFor('d2'));
    expect(inspections).toHaveLength(1);
    expect(inspections[0]).toMatchObject({
      id: done?.inspectionId,
      method: 'forensic-scan',
      result: 'compromised',
      performedBy: 'A. Tech',
      evidence: result().evidence,
    });
    expect(await db.uow.run((r) => r.incidents.openFor('d2'))).toEqual([done?.incidentId]);
    const incident = await db.uow.run((r) => r.incidents.get(done?.incidentId ?? ''));
    expect(incident?.compromise).toBe('confirmed');
    const completed = (await events('scan.completed')).at(-1);
    expect(completed?.actor).toBe('tok');
    expect(completed?.payload).toMatchObject({
      jobId: job.id,
      inspectionId: done?.inspectionId,
      incidentId: done?.incidentId,
      inputs: [{ path: 'Manifest.db', sha256: 'ab'.repeat(32) }],
    });
    // Settled: a second completion (a late duplicate) records nothing, and it is not claimed again.
    expect(await services.scanJobs.complete(claimed, result())).toBeNull();
    expect(await services.scanJobs.claim(job.id)).toBeNull();
    expect(await services.scanJobs.unfinished()).toEqual([]);
    expect(await db.uow.run((r) => r.inspections.listFor('d2'))).toHaveLength(1);
  });

  it('gives a job whose worker died to the next worker, and fences the dead one out', async () => {
    const job = await services.scanJobs.request({ deviceId: 'd3', path: 'ok/c' }, 'tok');
    const first = await services.scanJobs.claim(job.id);
    expect(first?.id).toBe(job.id);
    if (first === null) return;
    // The first worker stopped beating: the queue runs the job again, on the next worker.
    const second = await services.scanJobs.claim(job.id);
    expect(second).toMatchObject({ id: job.id, attempts: 2 });
    if (second === null) return;
    // The first worker wakes up: its progress and result are refused, nothing is recorded.
    expect(
      await services.scanJobs.progress(first, {
        module: null,
        modulesDone: 1,
        modulesTotal: 1,
        filesRead: 1,
      }),
    ).toBe(false);
    const before = (await events('scan.completed')).length;
    expect(await services.scanJobs.complete(first, result({ verdict: 'clean' }))).toBeNull();
    expect(await services.scanJobs.fail(first, 'INTERNAL', 'late')).toBe(false);
    expect((await events('scan.completed')).length).toBe(before);
    expect(await db.uow.run((r) => r.inspections.listFor('d3'))).toHaveLength(0);
    const done = await services.scanJobs.complete(second, result({ verdict: 'clean', alertCounts: {} }));
    expect(done).toMatchObject({ state: 'done', attempts: 2, incidentId: null });
  });

  it('fails a job after maxAttempts dead workers instead of running it again', async () => {
    const job = await services.scanJobs.request({ deviceId: 'd1', path: 'ok/poison' }, 'tok');
    expect((await services.scanJobs.claim(job.id))?.attempts).toBe(1);
    expect((await services.scanJobs.claim(job.id))?.attempts).toBe(2);
    expect(await services.scanJobs.claim(job.id)).toBeNull();
    expect(await services.scanJobs.unfinished()).toEqual([]);
    const failed = await services.scanJobs.get(job.id);
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'SCAN_WORKER_LOST' });
    expect((await events('scan.failed')).at(-1)?.payload).toMatchObject({
      jobId: job.id,
      code: 'SCAN_WORKER_LOST',
    });
  });

  it('fails a job with the scan error, and lists and filters jobs', async () => {
    const job = await services.scanJobs.request({ deviceId: 'd1', path: 'ok/enc' }, 'tok');
    const claimed = await services.scanJobs.claim(job.id);
    if (claimed === null) throw new Error('no job');
    expect(await services.scanJobs.fail(claimed, 'BACKUP_PASSWORD_REQUIRED', 'the backup is encrypted')).toBe(
      true,
    );
    expect(await services.scanJobs.get(job.id)).toMatchObject({
      state: 'failed',
      errorCode: 'BACKUP_PASSWORD_REQUIRED',
      inspectionId: null,
    });
    const failed = await services.scanJobs.list({ state: 'failed', deviceId: 'd1' });
    expect(failed[0]?.id).toBe(job.id);
    expect(failed.every((j) => j.state === 'failed' && j.deviceId === 'd1')).toBe(true);
    await expect(services.scanJobs.get('scn_nope')).rejects.toMatchObject({ code: 'SCAN_JOB_NOT_FOUND' });
  });

  it('gives concurrent claims of one job distinct fencing tokens, so only the last one records', async () => {
    const job = await services.scanJobs.request({ deviceId: 'd1', path: 'ok/twice' }, 'tok');
    const claims = await Promise.all([services.scanJobs.claim(job.id), services.scanJobs.claim(job.id)]);
    expect(claims.map((c) => c?.attempts).sort()).toEqual([1, 2]);
    const [older, newer] = [...claims].sort((a, b) => (a?.attempts ?? 0) - (b?.attempts ?? 0));
    if (older == null || newer == null) throw new Error('no claim');
    expect(await services.scanJobs.complete(older, result())).toBeNull();
    expect(await services.scanJobs.complete(newer, result())).toMatchObject({ state: 'done', attempts: 2 });
  });
});
