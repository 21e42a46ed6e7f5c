import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { evidenceRoot } from '../../src/adapters/evidence/evidence-root.ts';
import { runScanJobs } from '../../src/adapters/evidence/scan-worker.ts';
import { recheckStoredScans, startStoredRecheck } from '../../src/adapters/evidence/stored-recheck.ts';
import { type JobQueue, startJobQueue } from '../../src/adapters/jobs/queue.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { openTestDatabase } from '../support/database.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../support/evidence-ios.ts';
import { testIndicatorBundle } from '../support/evidence-stix.ts';
import { treeHashes } from '../support/evidence-tree.ts';

let base: string;
let db: Database;
let queue: JobQueue;
let services: Services;
const now = Date.now();
const log = { info: () => {}, error: () => {}, warn: () => {} };
let resultsDir: string;
let indicatorsDir: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'vigil-recheck-stored-'));
  const evidence = join(base, 'evidence');
  // Safari's history only: no critical heuristic alert, and visits the test feed names.
  const files = (await standardIosFiles()).filter((f) => f.relativePath === 'Library/Safari/History.db');
  await buildIosBackup(join(evidence, 'calls-1'), { files, info: standardIosInfo() });
  resultsDir = join(base, 'data', 'scan-results');
  indicatorsDir = join(base, 'data', 'indicators');
  db = await openTestDatabase();
  queue = await startJobQueue(db.jobs, { info: () => {}, error: () => {} });
  const clock = { now: () => now };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    auth: { passwords: argon2Passwords },
    scanJobs: { evidence: evidenceRoot(evidence), maxAttempts: 3 },
  });
  await services.inventory.createPerson({ id: 'pm', name: 'PM', kind: 'principal' }, 'test');
  await services.inventory.registerDevice(
    {
      id: 'calls-1',
      serial: 'calls-1',
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
  await db.close();
  rmSync(base, { recursive: true, force: true });
});

const events = async (type: string) =>
  (await db.uow.run((r) => r.audit.list({ limit: 5000 }))).filter((e) => e.type === type);

describe('stored scans re-checked against new indicators', () => {
  it('keeps the records, finds what a new feed names, opens one incident with its notice', async () => {
    const job = await services.scanJobs.request(
      { deviceId: 'calls-1', path: 'calls-1', iocs: [] },
      'officer-1',
    );
    const evidenceBefore = treeHashes(join(base, 'evidence'));
    const worker = {
      root: evidenceRoot(join(base, 'evidence')),
      indicatorsDir,
      resultsDir,
      password: null,
      intervalMs: 20,
    };
    expect(await runScanJobs(queue.boss, services, worker, log)).toBe(1);
    const done = await services.scanJobs.get(job.id);
    expect(done.state).toBe('done');
    // No indicators: at most the redirect heuristic, nothing critical.
    const saved = JSON.parse(done.alertsJson ?? '') as { level: string }[];
    expect(saved.filter((a) => a.level === 'critical')).toEqual([]);
    expect(done.incidentId).toBeNull();
    // The kept folder is the job's own result: same info.json, and the records beside it.
    const folder = join(resultsDir, job.id);
    expect(readFileSync(join(folder, 'info.json'), 'utf8')).toBe(done.infoJson);
    expect(JSON.parse(readFileSync(join(folder, 'safari_history.json'), 'utf8')).length).toBeGreaterThan(0);

    // No indicators yet: nothing to re-check against.
    expect(await recheckStoredScans(services, { resultsDir, indicatorsDir, actor: 'system' })).toMatchObject({
      indicatorsSha256: null,
      rechecked: 0,
    });

    // A feed is published that names the domain the phone visited.
    mkdirSync(indicatorsDir, { recursive: true });
    writeFileSync(join(indicatorsDir, 'new.stix2'), JSON.stringify(testIndicatorBundle()));
    const pass = await recheckStoredScans(services, { resultsDir, indicatorsDir, actor: 'system' });
    expect(pass.rechecked).toBe(1);
    expect(pass.withNewAlerts).toBe(1);
    expect(pass.incidents).toHaveLength(1);
    const open = await db.uow.run((r) => r.incidents.openFor('calls-1'));
    expect(open).toEqual(pass.incidents);
    const [rechecked] = await services.scanRechecks.forJob(job.id);
    expect(rechecked?.incidentId).toBe(pass.incidents[0]);
    expect(rechecked?.newAlerts.some((a) => a.level === 'critical' && a.module === 'safari_history')).toBe(
      true,
    );
    const [event] = await events('scan.rechecked');
    expect(event?.payload).toMatchObject({
      deviceId: 'calls-1',
      jobId: job.id,
      indicatorsSha256: pass.indicatorsSha256,
      incidentId: pass.incidents[0],
    });
    expect(event?.payload).toMatchObject({ indicators: [{ file: 'new.stix2' }] });
    // The incident's notice is queued with it.
    const notice = await db.uow.run((r) => r.outbox.getByKey(`incident-opened:${pass.incidents[0]}`));
    expect(notice?.kind).toBe('incident.opened');

    // Once per set: a second pass, or a second worker, records nothing more.
    const again = await recheckStoredScans(services, { resultsDir, indicatorsDir, actor: 'system' });
    expect(again).toMatchObject({ rechecked: 0, incidents: [] });
    expect(await events('scan.rechecked')).toHaveLength(1);
    // The evidence was only read.
    expect(treeHashes(join(base, 'evidence'))).toEqual(evidenceBefore);
  }, 120_000);

  it('the serving loop re-checks when the indicators folder changes, and names the open incident', async () => {
    const loop = startStoredRecheck(
      services,
      { resultsDir, indicatorsDir, actor: 'system', intervalMs: 20 },
      log,
    );
    try {
      // Same scan, a changed set (a second feed file): re-checked again, the incident already open is named.
      writeFileSync(
        join(indicatorsDir, 'another.stix2'),
        JSON.stringify({ ...testIndicatorBundle(), id: 'bundle--00000000-0000-4000-8000-000000000002' }),
      );
      let list = await events('scan.rechecked');
      for (let i = 0; i < 200 && list.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 25));
        list = await events('scan.rechecked');
      }
      expect(list).toHaveLength(2);
      const open = await db.uow.run((r) => r.incidents.openFor('calls-1'));
      expect(open).toHaveLength(1);
      expect(list.map((e) => (e.payload as { incidentId: string | null }).incidentId)).toEqual([
        open[0],
        open[0],
      ]);
    } finally {
      await loop.stop();
    }
  }, 60_000);
});
