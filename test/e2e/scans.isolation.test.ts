/**
 * Scan jobs run isolated, end to end: hostile evidence in the server's evidence folder (a zip
 * bomb, a JSON bomb, a scan that outlasts its limit) fails its job with a stable code, and the
 * serving process keeps answering: /healthz while a large acquisition is being scanned, and a
 * normal job after each failure.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { type EvidenceRoot, evidenceRoot } from '../../src/adapters/evidence/evidence-root.ts';
import { DEFAULT_SCAN_LIMITS, type ScanLimits } from '../../src/adapters/evidence/isolated-scan.ts';
import { runScanJobs } from '../../src/adapters/evidence/scan-worker.ts';
import { buildApp } from '../../src/adapters/http/app.ts';
import { type JobQueue, startJobQueue } from '../../src/adapters/jobs/queue.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { createToken } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { buildAndroidQfZip } from '../support/evidence-android.ts';
import { androidQfRawZip, jsonBomb, largeFilesJson } from '../support/evidence-zip.ts';

const MiB = 1024 ** 2;
let base: string;
let root: EvidenceRoot;
let db: Database;
let queue: JobQueue;
let services: Services;
let app: FastifyInstance;
let token: string;
const log = { info: () => {}, error: () => {}, warn: () => {} };

const worker = (limits: Partial<ScanLimits> = {}) => ({
  root,
  indicatorsDir: join(base, 'no-feeds'),
  password: null,
  intervalMs: 20,
  progressEveryMs: 0,
  limits: { ...DEFAULT_SCAN_LIMITS, ...limits },
});

const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

const request = async (path: string): Promise<string> => {
  const res = await call('POST', '/api/v1/scans', { deviceId: 'phone-1', path });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { jobId: string }).jobId;
};
const job = async (id: string) => (await call('GET', `/api/v1/scans/${id}`)).json();

/** A normal acquisition still scans: the server survived whatever came before. */
async function stillScans() {
  const id = await request('ok.zip');
  expect(await runScanJobs(queue.boss, services, worker(), log)).toBe(1);
  expect(await job(id)).toMatchObject({ state: 'done', summary: { kind: 'androidqf' } });
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'vigil-scan-isolation-'));
  const evidence = join(base, 'evidence');
  mkdirSync(evidence);
  buildAndroidQfZip(join(evidence, 'ok.zip'));
  // 16 MiB of zeros as the packages.json a check reads: about 16 KiB zipped.
  androidQfRawZip(join(evidence, 'bomb.zip'), { 'packages.json': Buffer.alloc(16 * MiB) });
  // 60 MiB that parse into 20 million objects.
  androidQfRawZip(join(evidence, 'json-bomb.zip'), { 'packages.json': jsonBomb(20_000_000) });
  // An honest acquisition large enough to take a while.
  androidQfRawZip(join(evidence, 'large.zip'), { 'files.json': largeFilesJson(400_000) });
  root = evidenceRoot(evidence);

  db = await openTestDatabase();
  queue = await startJobQueue(db.jobs, { info: () => {}, error: () => {} });
  const clock = { now: () => Date.now() };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    auth: { passwords: argon2Passwords },
    scanJobs: { evidence: root, maxAttempts: 3 },
  });
  app = buildApp({ services, ready: () => db.ping(), logger: false });
  await app.ready();
  token = await createToken(services, 'admin');
  await services.inventory.createPerson({ id: 'pm', name: 'PM', kind: 'principal' }, 'test');
  await services.inventory.registerDevice(
    {
      id: 'phone-1',
      serial: 'phone-1',
      platform: 'android',
      model: 'Pixel 9',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
    },
    'test',
  );
}, 120_000);

afterAll(async () => {
  await queue?.stop();
  await app.close();
  await db.close();
  rmSync(base, { recursive: true, force: true });
});

describe('scan jobs run isolated', () => {
  it('fails a zip bomb with EVIDENCE_TOO_LARGE and records scan.failed', async () => {
    const id = await request('bomb.zip');
    expect(
      await runScanJobs(
        queue.boss,
        services,
        worker({ zip: { maxMemberBytes: 4 * MiB, maxArchiveBytes: 8 * MiB } }),
        log,
      ),
    ).toBe(1);
    expect(await job(id)).toMatchObject({
      state: 'failed',
      error: { code: 'EVIDENCE_TOO_LARGE' },
      inspectionId: null,
    });
    const failed = (await db.uow.run((r) => r.audit.list({ limit: 1000 }))).filter(
      (e) => e.type === 'scan.failed' && e.payload.jobId === id,
    );
    expect(failed.map((e) => e.payload.code)).toEqual(['EVIDENCE_TOO_LARGE']);
    await stillScans();
  }, 60_000);

  it('fails a scan past its memory limit with SCAN_MEMORY_LIMIT; the server survives', async () => {
    const id = await request('json-bomb.zip');
    expect(await runScanJobs(queue.boss, services, worker({ memoryMb: 64 }), log)).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'failed', error: { code: 'SCAN_MEMORY_LIMIT' } });
    await stillScans();
  }, 60_000);

  it('fails a scan past its time limit with SCAN_TIME_LIMIT; the server survives', async () => {
    const id = await request('large.zip');
    expect(await runScanJobs(queue.boss, services, worker({ timeoutMs: 1 }), log)).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'failed', error: { code: 'SCAN_TIME_LIMIT' } });
    await stillScans();
  }, 60_000);

  it('answers /healthz while a large acquisition is being scanned', async () => {
    const id = await request('large.zip');
    let finished = false;
    const run = runScanJobs(queue.boss, services, worker(), log).then((n) => {
      finished = true;
      return n;
    });
    for (let i = 0; i < 400 && (await job(id)).state === 'queued'; i++)
      await new Promise((r) => setTimeout(r, 5));
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    // Answered during the scan, not after it.
    expect(finished).toBe(false);
    expect(await run).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'done', summary: { kind: 'androidqf' } });
  }, 60_000);
});
