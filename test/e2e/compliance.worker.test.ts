/**
 * A real `vigil serve` on PostgreSQL evaluates the fleet "now" in its evaluation worker (a
 * thread with its own connection, docs/adr/0039-evaluation-worker.md), and a write through the
 * API is in the very next summary and findings. PostgreSQL only: on PGlite the evaluation stays
 * in the serving thread (one connection), as the other e2e tests exercise.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { stop } from '../../bench/proc.ts';
import { cliToken, vigilEnv } from '../support/vigil-env.ts';

const onPostgres = (process.env.DATABASE_URL ?? '') !== '';
const vigil = vigilEnv({ name: 'evalworker', env: () => ({ LOG_LEVEL: 'info', PORT: '0' }) });
const { run: cli, serve } = vigil;

afterAll(() => vigil.cleanup());

interface Summary {
  findings: { byRule: Record<string, number> };
}
interface Findings {
  findings: { deviceId: string | null; rule: string }[];
}

describe.runIf(onPostgres)('vigil serve with the evaluation worker', () => {
  it('serves the fleet from the worker, and a write is in the next summary', async () => {
    expect((await cli('demo')).code).toBe(0);
    const token = await cliToken(cli, 'admin', 'evalworker');
    const server = await serve();
    try {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const get = async <T>(path: string) => {
        const res = await fetch(`${server.url}/api/v1${path}`, { headers });
        expect(res.status).toBe(200);
        return (await res.json()) as T;
      };
      const outdated = (f: Findings) =>
        f.findings.some((x) => x.deviceId === 'premier-social' && x.rule === 'os.outdated');
      const before = await get<Summary>('/compliance/summary');
      expect(outdated(await get<Findings>('/compliance/findings'))).toBe(false);

      const post = await fetch(`${server.url}/api/v1/posture`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          deviceId: 'premier-social',
          observedAt: new Date().toISOString(),
          source: 'mdm',
          osVersion: '17.0',
        }),
      });
      expect(post.status).toBe(201);
      // The next reads, without waiting: read-your-writes through the worker.
      const after = await get<Summary>('/compliance/summary');
      expect(after.findings.byRule['os.outdated'] ?? 0).toBe(
        (before.findings.byRule['os.outdated'] ?? 0) + 1,
      );
      expect(outdated(await get<Findings>('/compliance/findings'))).toBe(true);

      // Served by the worker all along: started, and never fallen back to the serving thread.
      const log = server.output.join('\n');
      expect(log).toMatch(/evaluation worker started/);
      expect(log).not.toMatch(/evaluating in process|in process this time/);
    } finally {
      await stop(server.child);
    }
  }, 120_000);
});
