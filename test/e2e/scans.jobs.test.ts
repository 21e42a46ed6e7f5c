/**
 * Scans from the API as background jobs, end to end: POST /scans with a path in the server's
 * evidence folder, the real worker (src/adapters/evidence/scan-worker.ts) running the real scan
 * over synthetic backups, and what it records: the inspection with the verdict and the result
 * files' hashes, the incident, and scan.completed with every input's SHA-256.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { type EvidenceRoot, evidenceRoot } from '../../src/adapters/evidence/evidence-root.ts';
import { runScanJobs, startScanWorker } from '../../src/adapters/evidence/scan-worker.ts';
import { buildApp } from '../../src/adapters/http/app.ts';
import { type JobQueue, startJobQueue } from '../../src/adapters/jobs/queue.ts';
import { SCAN_QUEUE } from '../../src/adapters/jobs/scans.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { IOS_SCAN_MODULES } from '../../src/core/forensics/coverage.ts';
import { CANNOT_PROVE_CLEAN } from '../../src/core/forensics/summary.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { Role } from '../../src/services/kernel/ports.ts';
import { createToken } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { buildIosBackup, fileIdOf, standardIosFiles, standardIosInfo } from '../support/evidence-ios.ts';
import { membersOf, standardDumpMembers, tarOf } from '../support/evidence-ios-fs.ts';
import { testIndicatorBundle } from '../support/evidence-stix.ts';
import { treeHashes } from '../support/evidence-tree.ts';

let base: string;
let root: EvidenceRoot;
let db: Database;
let queue: JobQueue;
let services: Services;
let app: FastifyInstance;
const now = Date.now();
const tokens: Partial<Record<Role, string>> = {};
const log = { info: () => {}, error: () => {}, warn: () => {} };

const call = (role: Role, method: 'GET' | 'POST', url: string, body?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${tokens[role]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

const worker = (password: string | null = null) => ({
  root,
  indicatorsDir: join(base, 'no-feeds'),
  password,
  intervalMs: 20,
  progressEveryMs: 0,
});

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'vigil-scanjobs-'));
  const evidence = join(base, 'evidence');
  const files = await standardIosFiles();
  await buildIosBackup(join(evidence, 'calls-1', 'plain'), { files, info: standardIosInfo() });
  await buildIosBackup(join(evidence, 'calls-1', 'enc'), {
    files,
    info: standardIosInfo(),
    encryption: { password: 'server secret', dpic: 1000, iter: 10 },
  });
  mkdirSync(join(evidence, 'feeds'));
  writeFileSync(join(evidence, 'feeds', 'test.stix2'), JSON.stringify(testIndicatorBundle()));
  mkdirSync(join(base, 'outside'));
  await buildIosBackup(join(base, 'outside', 'b'), { files: [], info: standardIosInfo() });
  symlinkSync(join(base, 'outside'), join(evidence, 'escape'));
  // A backup inside the folder whose sms.db is a link to a file outside it.
  const linked = await buildIosBackup(join(evidence, 'calls-1', 'linked'), {
    files,
    info: standardIosInfo(),
  });
  const smsId = fileIdOf('HomeDomain', 'Library/SMS/sms.db');
  const smsPath = join(linked, smsId.slice(0, 2), smsId);
  writeFileSync(join(base, 'outside', 'sms.db'), readFileSync(smsPath));
  rmSync(smsPath);
  symlinkSync(join(base, 'outside', 'sms.db'), smsPath);
  // A full-filesystem extraction as the tar an extraction tool writes.
  writeFileSync(join(evidence, 'calls-1', 'dump.tar'), tarOf(membersOf(await standardDumpMembers())));
  root = evidenceRoot(evidence);

  db = await openTestDatabase();
  // Missed heartbeats are found every second.
  queue = await startJobQueue(db.jobs, log, { superviseSeconds: 1 });
  const clock = { now: () => now };
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
  for (const role of ['admin', 'officer', 'technician', 'auditor', 'staff'] as const) {
    tokens[role] = await createToken(services, role);
  }
  await services.inventory.createPerson({ id: 'pm', name: 'PM', kind: 'principal' }, 'test');
  for (const id of ['calls-1', 'calls-2', 'calls-3', 'calls-4'])
    await services.inventory.registerDevice(
      {
        id,
        serial: id,
        platform: 'ios',
        model: 'iPhone 16',
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

const events = async (type: string) =>
  (await db.uow.run((r) => r.audit.list({ limit: 5000 }))).filter((e) => e.type === type);

describe('POST /scans', () => {
  it('queues, runs in the background and records the inspection, incident and input hashes', async () => {
    const before = treeHashes(join(base, 'evidence'));
    const res = await call('technician', 'POST', '/api/v1/scans', {
      deviceId: 'calls-1',
      path: 'calls-1/plain',
      iocs: ['feeds/test.stix2'],
      performedBy: 'A. Tech',
    });
    expect(res.statusCode, res.body).toBe(202);
    const { jobId, state } = res.json() as { jobId: string; state: string };
    expect(state).toBe('queued');
    expect(res.headers.location).toBe(`/api/v1/scans/${jobId}`);
    expect((await call('auditor', 'GET', `/api/v1/scans/${jobId}`)).json()).toMatchObject({
      state: 'queued',
      progress: null,
      summary: null,
    });

    // A worker process's queue picks it up.
    const own = await startJobQueue(db.jobs, log);
    await startScanWorker(own.boss, services, worker(), log);
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 1200 && job.state !== 'done' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await call('auditor', 'GET', `/api/v1/scans/${jobId}`)).json();
    }
    await own.stop();
    expect(job).toMatchObject({
      state: 'done',
      attempts: 1,
      error: null,
      performedBy: 'A. Tech',
      progress: {
        module: null,
        modulesDone: IOS_SCAN_MODULES.length,
        modulesTotal: IOS_SCAN_MODULES.length,
      },
      summary: { kind: 'ios-backup', encrypted: false, verdict: 'compromised' },
    });
    const alerts = job.alerts as { level: string; module: string }[];
    expect(alerts.length).toBeGreaterThan(10);
    expect(alerts[0]?.level).toBe('critical');
    // The WAL-only TCC record was found by the job too.
    expect(alerts.some((a) => a.module === 'tcc' && a.level === 'critical')).toBe(true);

    // The inspection lists alerts.json and info.json by the hash of the exact text kept on the job.
    const stored = await services.scanJobs.get(jobId);
    const sha = (t: string | null) =>
      createHash('sha256')
        .update(t ?? '')
        .digest('hex');
    const [inspection] = await db.uow.run((r) => r.inspections.listFor('calls-1'));
    expect(inspection).toMatchObject({
      id: job.inspectionId,
      method: 'forensic-scan',
      result: 'compromised',
      performedBy: 'A. Tech',
      evidence: [
        { name: 'alerts.json', sha256: sha(stored.alertsJson) },
        { name: 'info.json', sha256: sha(stored.infoJson) },
      ],
    });
    expect(await db.uow.run((r) => r.incidents.openFor('calls-1'))).toEqual([job.incidentId]);

    // scan.completed names every input by the SHA-256 of the file on disk.
    const completed = (await events('scan.completed')).find((e) => e.payload.jobId === jobId);
    const inputs = completed?.payload.inputs as { path: string; sha256: string }[];
    // ...and info.json (every file of the input, who ran it, for which device) by its SHA-256.
    expect(completed?.payload.infoSha256).toBe(sha(stored.infoJson));
    const info = JSON.parse(stored.infoJson ?? '{}') as {
      performed_by: string;
      device_id: string;
      files: { path: string; sha256: string }[];
    };
    expect(info).toMatchObject({ performed_by: 'A. Tech', device_id: 'calls-1' });
    expect(info.files.find((f) => f.path === 'Manifest.db')?.sha256).toBe(
      before['calls-1/plain/Manifest.db'],
    );
    expect(info.files.length).toBeGreaterThan(inputs.length);
    expect((job.summary as { notice: string }).notice).toBe(CANNOT_PROVE_CLEAN);
    const sms = fileIdOf('HomeDomain', 'Library/SMS/sms.db');
    expect(inputs.find((i) => i.path === 'Manifest.db')?.sha256).toBe(before['calls-1/plain/Manifest.db']);
    expect(inputs.find((i) => i.path === join(sms.slice(0, 2), sms))?.sha256).toBe(
      before[join('calls-1/plain', sms.slice(0, 2), sms)],
    );
    expect((await events('scan.requested')).some((e) => e.payload.jobId === jobId)).toBe(true);
    // The evidence was only read.
    expect(treeHashes(join(base, 'evidence'))).toEqual(before);
  }, 60_000);

  it('fails an encrypted backup without the server password, and scans it with the password', async () => {
    const first = (
      await call('officer', 'POST', '/api/v1/scans', { deviceId: 'calls-2', path: 'calls-1/enc' })
    ).json();
    expect(await runScanJobs(queue.boss, services, worker(null), log)).toBe(1);
    expect((await call('auditor', 'GET', `/api/v1/scans/${first.jobId}`)).json()).toMatchObject({
      state: 'failed',
      error: { code: 'BACKUP_PASSWORD_REQUIRED' },
      inspectionId: null,
    });
    expect((await events('scan.failed')).at(-1)?.payload).toMatchObject({
      jobId: first.jobId,
      code: 'BACKUP_PASSWORD_REQUIRED',
    });
    const again = async () =>
      (
        await call('admin', 'POST', '/api/v1/scans', {
          deviceId: 'calls-2',
          path: 'calls-1/enc',
          iocs: ['feeds'],
        })
      ).json();
    const second = await again();
    expect(await runScanJobs(queue.boss, services, worker('wrong'), log)).toBe(1);
    expect((await services.scanJobs.get(second.jobId)).errorCode).toBe('BACKUP_PASSWORD_WRONG');
    const third = await again();
    expect(await runScanJobs(queue.boss, services, worker('server secret'), log)).toBe(1);
    expect((await call('auditor', 'GET', `/api/v1/scans/${third.jobId}`)).json()).toMatchObject({
      state: 'done',
      summary: { encrypted: true, verdict: 'compromised' },
    });
  }, 60_000);

  it('runs a job again when its worker died, once its heartbeat stopped', async () => {
    const { jobId } = (
      await call('technician', 'POST', '/api/v1/scans', { deviceId: 'calls-3', path: 'calls-1/plain' })
    ).json();
    // A worker takes the job, claims the row and dies (no heartbeat, never settles either).
    const [taken] = await queue.boss.fetch<{ id: string }>(SCAN_QUEUE);
    expect(taken?.data).toEqual({ id: jobId });
    expect((await services.scanJobs.claim(jobId))?.attempts).toBe(1);
    expect(await runScanJobs(queue.boss, services, worker(), log)).toBe(0); // still held
    // Once its heartbeat is missed, pg-boss retries the job, and the next worker runs it once.
    let ran = 0;
    for (let i = 0; i < 240 && ran === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      ran += await runScanJobs(queue.boss, services, worker(), log);
    }
    expect(ran).toBe(1);
    expect(await runScanJobs(queue.boss, services, worker(), log)).toBe(0);
    const job = (await call('auditor', 'GET', `/api/v1/scans/${jobId}`)).json();
    // Without indicators only heuristics run: a high alert (the threat notification) -> suspicious.
    expect(job).toMatchObject({ state: 'done', attempts: 2, summary: { verdict: 'suspicious' } });
    expect((await db.uow.run((r) => r.inspections.listFor('calls-3'))).map((i) => i.result)).toEqual([
      'suspicious',
    ]);
  }, 60_000);

  it('runs a scan whose queue job is gone (a restored database) once a worker starts', async () => {
    const { jobId } = (
      await call('technician', 'POST', '/api/v1/scans', { deviceId: 'calls-3', path: 'calls-1/plain' })
    ).json();
    // A backup leaves the queue out: the row is there, its job is not.
    const [taken] = await queue.boss.fetch<{ id: string }>(SCAN_QUEUE);
    expect(taken?.data).toEqual({ id: jobId });
    await queue.boss.deleteJob(SCAN_QUEUE, taken?.id ?? '');
    expect((await call('auditor', 'GET', `/api/v1/scans/${jobId}`)).json()).toMatchObject({
      state: 'queued',
    });
    // The worker re-sends it as it starts, and runs it; a second start runs nothing more.
    expect(await runScanJobs(queue.boss, services, worker(), log)).toBe(1);
    expect(await runScanJobs(queue.boss, services, worker(), log)).toBe(0);
    expect((await call('auditor', 'GET', `/api/v1/scans/${jobId}`)).json()).toMatchObject({
      state: 'done',
      attempts: 1,
    });
  }, 60_000);

  it('reads nothing through a link inside the evidence that leads out of the folder', async () => {
    const { jobId } = (
      await call('technician', 'POST', '/api/v1/scans', {
        deviceId: 'calls-3',
        path: 'calls-1/linked',
        iocs: ['feeds/test.stix2'],
      })
    ).json();
    expect(await runScanJobs(queue.boss, services, worker(), log)).toBe(1);
    const job = await services.scanJobs.get(jobId);
    expect(job.state).toBe('done');
    const modules = Object.fromEntries((job.summary?.modules ?? []).map((m) => [m.module, m.status]));
    expect(modules.sms).toBe('failed');
    expect(modules.tcc).toBe('ok');
    const info = JSON.parse(job.infoJson ?? '{}') as {
      hashes: { path: string }[];
      modules: { message: string }[];
    };
    expect(info.hashes.some((h) => h.path.includes('outside'))).toBe(false);
    expect(JSON.stringify(info.modules)).toMatch(/leads outside the evidence folder/);
  }, 60_000);

  it('reads no indicator file through a link that leads out of the evidence folder', async () => {
    const feeds = join(base, 'evidence', 'linked-feeds');
    mkdirSync(feeds, { recursive: true });
    writeFileSync(join(base, 'outside', 'secret.stix2'), 'root:x:0:0:secret');
    symlinkSync(join(base, 'outside', 'secret.stix2'), join(feeds, 'feed.stix2'));
    const { jobId } = (
      await call('officer', 'POST', '/api/v1/scans', {
        deviceId: 'calls-1',
        path: 'calls-1/plain',
        iocs: ['linked-feeds'],
      })
    ).json();
    expect(await runScanJobs(queue.boss, services, worker(null), log)).toBe(1);
    const job = (await call('auditor', 'GET', `/api/v1/scans/${jobId}`)).json();
    expect(job).toMatchObject({ state: 'failed', error: { code: 'FILE_UNREADABLE' } });
    expect(JSON.stringify(job)).not.toContain('secret');
  }, 60_000);

  it('refuses paths outside the evidence folder, unknown devices and unknown jobs', async () => {
    const post = (body: unknown) => call('technician', 'POST', '/api/v1/scans', body);
    for (const path of ['../outside/b', '/etc', 'escape/b', 'calls-1/../../outside/b', 'missing']) {
      const res = await post({ deviceId: 'calls-1', path });
      expect(res.statusCode, path).toBe(422);
      expect(res.json().error.code).toBe('SCAN_PATH_REFUSED');
    }
    const ioc = await post({ deviceId: 'calls-1', path: 'calls-1/plain', iocs: ['../x.stix2'] });
    expect(ioc.json().error.code).toBe('SCAN_PATH_REFUSED');
    expect((await post({ deviceId: 'nope', path: 'calls-1/plain' })).json().error.code).toBe(
      'DEVICE_NOT_FOUND',
    );
    expect((await post({ deviceId: 'calls-1', path: 'calls-1/plain', extra: 1 })).statusCode).toBe(400);
    const missing = await call('auditor', 'GET', '/api/v1/scans/scn_nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('SCAN_JOB_NOT_FOUND');
    expect(
      (await call('auditor', 'POST', '/api/v1/scans', { deviceId: 'calls-1', path: 'x' })).statusCode,
    ).toBe(403);
    expect((await call('staff', 'GET', '/api/v1/scans')).statusCode).toBe(403);
  });

  it('lists jobs newest first, filtered by state and device', async () => {
    const all = (await call('auditor', 'GET', '/api/v1/scans')).json() as {
      id: string;
      createdAt: string;
      alerts: unknown;
    }[];
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.every((j) => j.alerts === null)).toBe(true);
    const failed = (await call('auditor', 'GET', '/api/v1/scans?state=failed&deviceId=calls-2')).json() as {
      state: string;
      deviceId: string;
    }[];
    expect(failed).toHaveLength(2);
    expect(failed.every((j) => j.state === 'failed' && j.deviceId === 'calls-2')).toBe(true);
    expect((await call('auditor', 'GET', '/api/v1/scans?limit=1')).json()).toHaveLength(1);
    expect((await call('auditor', 'GET', '/api/v1/scans?state=lost')).statusCode).toBe(400);
  });

  it('is refused with SCAN_NOT_CONFIGURED on a server without an evidence folder', async () => {
    const bare = createServices({
      uow: db.uow,
      clock: { now: () => now },
      ids: ulidIds(),
      random: systemRandom,
    });
    const bareApp = buildApp({ services: bare, ready: () => db.ping(), logger: false });
    const res = await bareApp.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ deviceId: 'calls-1', path: 'calls-1/plain' }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SCAN_NOT_CONFIGURED');
    await bareApp.close();
  });
});

describe('POST /scans of an iOS full-filesystem dump', () => {
  it('scans the tar in the evidence folder as a background job', async () => {
    const res = await call('technician', 'POST', '/api/v1/scans', {
      deviceId: 'calls-4',
      path: 'calls-1/dump.tar',
      iocs: ['feeds/test.stix2'],
      performedBy: 'A. Tech',
    });
    expect(res.statusCode, res.body).toBe(202);
    const { jobId } = res.json() as { jobId: string };
    expect(await runScanJobs(queue.boss, services, worker(), log)).toBe(1);
    const job = (await call('auditor', 'GET', `/api/v1/scans/${jobId}`)).json();
    expect(job).toMatchObject({
      state: 'done',
      summary: { kind: 'ios-filesystem', encrypted: false, verdict: 'compromised' },
    });
    const alerts = job.alerts as { module: string; level: string }[];
    expect(alerts.some((a) => a.module === 'manifest' && a.level === 'high')).toBe(true);
  }, 60_000);
});
