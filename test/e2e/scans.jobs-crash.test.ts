/**
 * Crash test for scan jobs: a real `vigil serve` process is killed with SIGKILL while it runs a
 * scan requested over the API; a second server process claims the job again once the first's
 * heartbeat on the job queue stopped, runs it, and records one inspection. Embedded PGlite, or PostgreSQL when
 * DATABASE_URL is set.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, stop } from '../../bench/proc.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../support/evidence-ios.ts';
import { testIndicatorBundle } from '../support/evidence-stix.ts';
import { cliToken, vigilEnv } from '../support/vigil-env.ts';

const vigil = vigilEnv({
  name: 'scancrash',
  env: (cwd) => ({
    LOG_LEVEL: 'warn',
    PORT: '0',
    VIGIL_EVIDENCE_DIR: join(cwd, 'evidence'),
    VIGIL_SCAN_INTERVAL: 'PT1S',
  }),
});
const { cwd: dir, run: cli, serve } = vigil;

beforeAll(async () => {
  // Big enough (300,000 manifest entries) that the scan is still running when the server dies.
  await buildIosBackup(join(dir, 'evidence', 'calls-1', 'backup'), {
    files: await standardIosFiles(),
    info: standardIosInfo(),
    extraEntries: (function* () {
      for (let i = 0; i < 300_000; i++)
        yield { domain: 'AppDomain-com.example.bulk', relativePath: `Library/Caches/f${i}.dat` };
    })(),
  });
  mkdirSync(join(dir, 'evidence', 'feeds'));
  writeFileSync(join(dir, 'evidence', 'feeds', 'test.stix2'), JSON.stringify(testIndicatorBundle()));
}, 120_000);

afterAll(() => vigil.cleanup());

describe('a server killed during a scan job', () => {
  it('leaves the job to the next server, which runs it once', async () => {
    const token = await cliToken(cli, 'technician', 'crash');
    await cli('person', 'add', '--id', 'pm', '--name', 'PM', '--kind', 'principal');
    const dev = await cli(
      ...['device', 'add', '--id', 'calls-1', '--serial', 'CRASH1', '--platform', 'ios'],
      ...['--model', 'iPhone', '--ownership', 'issued', '--role', 'calls', '--holder', 'pm'],
    );
    expect(dev.code, dev.stderr).toBe(0);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const get = async (base: string, id: string) =>
      (await (await fetch(`${base}/api/v1/scans/${id}`, { headers })).json()) as {
        state: string;
        attempts: number;
        inspectionId: string | null;
        summary: { verdict: string } | null;
      };

    let server: Started | null = await serve();
    let jobId = '';
    try {
      const res = await fetch(`${server.url}/api/v1/scans`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ deviceId: 'calls-1', path: 'calls-1/backup', iocs: ['feeds/test.stix2'] }),
      });
      expect(res.status).toBe(202);
      jobId = ((await res.json()) as { jobId: string }).jobId;
      let state = 'queued';
      for (let i = 0; i < 1000 && state === 'queued'; i++) {
        await new Promise((r) => setTimeout(r, 10));
        state = (await get(server.url, jobId)).state;
      }
      expect(state).toBe('running');
      server.child.kill('SIGKILL');
      await new Promise((r) => server?.child.once('exit', r));
      server = null;

      server = await serve();
      let job = await get(server.url, jobId);
      for (let i = 0; i < 600 && job.state !== 'done' && job.state !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = await get(server.url, jobId);
      }
      expect(job).toMatchObject({ state: 'done', attempts: 2, summary: { verdict: 'compromised' } });
      expect(job.inspectionId).toMatch(/^ins/);
    } finally {
      if (server !== null) await stop(server.child);
    }
    // One inspection (recorded with scan.completed in one transaction), whatever the first server did.
    const shown = JSON.parse((await cli('--json', 'device', 'show', 'calls-1')).stdout) as {
      inspections: { id: string; result: string }[];
    };
    expect(shown.inspections.map((i) => i.result)).toEqual(['compromised']);
  }, 300_000);
});
