/**
 * A check is only as good as its evidence: scans requested with POST /scans are weighed
 * against the coverage the device's protocol requires. A near-empty acquisition comes out
 * `incomplete`, is not recorded as the device's check and leaves inspection.overdue open; a
 * complete one is clean and counts; a protocol's own coverage list is honoured.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { evidenceRoot } from '../../src/adapters/evidence/evidence-root.ts';
import { runScanJobs } from '../../src/adapters/evidence/scan-worker.ts';
import { buildApp } from '../../src/adapters/http/app.ts';
import { type JobQueue, startJobQueue } from '../../src/adapters/jobs/queue.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { DAY } from '../../src/core/time.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { createToken } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';

// The worker stamps the scan with the real clock, so the test's clock is the real one.
const T = Date.now();
let now = T - 90 * DAY;
let base: string;
let db: Database;
let queue: JobQueue;
let services: Services;
let app: FastifyInstance;
let token = '';
const log = { info: () => {}, error: () => {}, warn: () => {} };

const PROTOCOL = (name: string, coverage = '') => `apiVersion: vigil/v1
kind: Protocol
metadata: { name: ${name}, title: Coverage test, version: "1" }
roles:
  calls:
    inspection: { every: P30D, methods: [forensic-scan]${coverage} }
`;

/** A benign, complete AndroidQF acquisition: nothing to alert on, every module has input. */
const BENIGN: Record<string, string> = {
  'packages.json': JSON.stringify([
    { name: 'com.android.systemui', installer: null, system: true, disabled: false, files: [] },
  ]),
  'ps.txt': ['USER PID PPID NAME', 'root 1 0 init', 'system 500 1 system_server'].join('\n'),
  'getprop.txt': ['[ro.build.version.release]: [15]', '[ro.build.version.security_patch]: [2026-09-05]'].join(
    '\n',
  ),
  'settings_global.txt': 'airplane_mode_on=0',
  'files.json': '[]',
  'root_binaries.json': '[]',
};

const zip = (path: string, files: Record<string, string>) => {
  const members: Record<string, Uint8Array> = {};
  for (const [n, c] of Object.entries(files)) members[`acq/${n}`] = Buffer.from(c);
  writeFileSync(path, zipSync(members));
};

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'vigil-scancov-'));
  const evidence = join(base, 'evidence');
  mkdirSync(evidence);
  zip(join(evidence, 'getprop-only.zip'), { 'getprop.txt': BENIGN['getprop.txt'] as string });
  zip(join(evidence, 'complete.zip'), BENIGN);
  const { 'ps.txt': _ps, 'settings_global.txt': _st, ...noPsNoSettings } = BENIGN;
  zip(join(evidence, 'partial.zip'), noPsNoSettings);
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
  app = buildApp({ services, ready: () => db.ping(), logger: false });
  await app.ready();
  token = await createToken(services, 'technician');
  await services.protocols.put({ text: PROTOCOL('cov-default') }, 'test');
  // Requires only the package list and the properties on Android.
  await services.protocols.put(
    { text: PROTOCOL('cov-light', ', coverage: { android: [packages, getprop] }') },
    'test',
  );
  await services.inventory.createPerson(
    { id: 'pm', name: 'PM', kind: 'principal', protocol: 'cov-default' },
    'test',
  );
  await services.inventory.createPerson(
    { id: 'pl', name: 'PL', kind: 'principal', protocol: 'cov-light' },
    'test',
  );
  for (const [id, holderId] of [
    ['a1', 'pm'],
    ['a2', 'pm'],
    ['a3', 'pl'],
  ] as const)
    await services.inventory.registerDevice(
      { id, serial: id, platform: 'android', model: 'Pixel', ownership: 'issued', role: 'calls', holderId },
      'test',
    );
  now = T;
}, 120_000);

afterAll(async () => {
  await queue?.stop();
  await app.close();
  await db?.close();
  rmSync(base, { recursive: true, force: true });
});

async function scan(deviceId: string, path: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/scans',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ deviceId, path }),
  });
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json() as { jobId: string };
  await runScanJobs(
    queue.boss,
    services,
    {
      root: evidenceRoot(join(base, 'evidence')),
      indicatorsDir: join(base, 'none'),
      password: null,
      intervalMs: 20,
    },
    log,
  );
  const job = await app.inject({
    method: 'GET',
    url: `/api/v1/scans/${jobId}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return job.json() as {
    state: string;
    inspectionId: string | null;
    incidentId: string | null;
    summary: { verdict: string; coverage: { complete: boolean; missing: string[]; failed: unknown[] } };
  };
}

const overdue = async (deviceId: string) => {
  now = Date.now();
  return (await services.compliance.evaluate()).findings.filter(
    (f) => f.rule === 'inspection.overdue' && f.deviceId === deviceId,
  );
};

describe('scan coverage', () => {
  it('a getprop-only zip is incomplete, not a check, and names the missing evidence', async () => {
    expect(await overdue('a1')).toHaveLength(1);
    const job = await scan('a1', 'getprop-only.zip');
    expect(job.state).toBe('done');
    expect(job.summary.verdict).toBe('incomplete');
    expect(job.summary.coverage).toMatchObject({
      complete: false,
      missing: ['packages', 'processes', 'settings'],
    });
    expect(job.inspectionId).toBeNull();
    expect(job.incidentId).toBeNull();
    expect(await db.uow.run((r) => r.inspections.listFor('a1'))).toEqual([]);
    expect(await overdue('a1')).toHaveLength(1);
    const completed = (await db.uow.run((r) => r.audit.list({ limit: 5000 }))).find(
      (e) => e.type === 'scan.completed' && e.payload.deviceId === 'a1',
    );
    expect(completed?.payload).toMatchObject({
      verdict: 'incomplete',
      inspectionId: null,
      coverage: { complete: false, missing: ['packages', 'processes', 'settings'] },
    });
  }, 60_000);

  it('a complete acquisition is clean and counts as the check', async () => {
    const job = await scan('a2', 'complete.zip');
    expect(job.summary).toMatchObject({ verdict: 'clean', coverage: { complete: true, missing: [] } });
    expect(job.inspectionId).not.toBeNull();
    expect(await db.uow.run((r) => r.inspections.listFor('a2'))).toMatchObject([{ result: 'clean' }]);
    expect(await overdue('a2')).toEqual([]);
  }, 60_000);

  it("honours the protocol's own coverage list", async () => {
    // Without ps.txt and settings: enough for cov-light (packages, getprop), not for the default.
    const light = await scan('a3', 'partial.zip');
    expect(light.summary).toMatchObject({ verdict: 'clean', coverage: { complete: true } });
    expect(light.inspectionId).not.toBeNull();
    const strict = await scan('a1', 'partial.zip');
    expect(strict.summary).toMatchObject({
      verdict: 'incomplete',
      coverage: { missing: ['processes', 'settings'] },
    });
    expect(strict.inspectionId).toBeNull();
  }, 60_000);

  it('refuses a protocol naming an unknown module, with PROTOCOL_INVALID', async () => {
    await expect(
      services.protocols.put(
        { text: PROTOCOL('cov-bad', ', coverage: { ios: [sms, imessage_magic] }') },
        'test',
      ),
    ).rejects.toMatchObject({ code: 'PROTOCOL_INVALID' });
  });
});
