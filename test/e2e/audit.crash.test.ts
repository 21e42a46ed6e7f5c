/**
 * Crash test: the real server process appends under load and is killed with SIGKILL; after a
 * restart the log verifies, extends the checkpoint saved before the crash, and holds every
 * event whose command was acknowledged (2xx) to the client. Embedded PGlite, or PostgreSQL
 * when DATABASE_URL is set.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Started, stop } from '../../bench/proc.ts';
import { cliToken, vigilEnv } from '../support/vigil-env.ts';

const vigil = vigilEnv({ name: 'crash', env: () => ({ LOG_LEVEL: 'warn', PORT: '0' }) });
const { cwd: dir, run: cli, serve } = vigil;

afterAll(() => vigil.cleanup());

describe('kill -9 while appending', () => {
  it('loses no acknowledged event, and the log still verifies', async () => {
    const token = await cliToken(cli, 'admin', 'crash');
    const vkey = (await cli('audit', 'key')).stdout;
    const auth = { authorization: `Bearer ${token}` };
    const headers = { ...auth, 'content-type': 'application/json' };

    let server: Started | null = await serve();
    const acked: string[] = [];
    try {
      const base = server.url;
      // A checkpoint saved by a client before the crash.
      await fetch(`${base}/api/v1/people`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Before', kind: 'staff' }),
      });
      const before = (await (
        await fetch(`${base}/api/v1/audit/checkpoint`, { method: 'POST', headers: auth })
      ).json()) as {
        note: string;
      };
      writeFileSync(join(dir, 'before.note'), before.note);

      let killed = false;
      const worker = async (w: number) => {
        for (let i = 0; !killed; i++) {
          try {
            const r = await fetch(`${base}/api/v1/people`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ name: `Load ${w}-${i}`, kind: 'staff' }),
            });
            if (r.status === 201) acked.push(((await r.json()) as { id: string }).id);
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      // Kill mid-stream, once a fair number of commands were acknowledged.
      for (let waited = 0; acked.length < 60 && waited < 30_000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const exited = new Promise((r) => server?.child.once('exit', r));
      server.child.kill('SIGKILL');
      killed = true;
      await Promise.all(workers);
      await exited;
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
    expect(acked.length).toBeGreaterThan(10);

    server = await serve();
    try {
      const base = server.url;
      const cp = (await (
        await fetch(`${base}/api/v1/audit/checkpoint`, { method: 'POST', headers: auth })
      ).json()) as {
        size: number;
      };
      const v = await cli(
        'audit',
        'verify',
        '--server',
        base,
        '--token',
        token,
        '--key',
        vkey,
        '--since',
        'before.note',
      );
      expect(v.code, v.stdout + v.stderr).toBe(0);

      const logged = new Set<string>();
      for (let start = 0; start < cp.size; start += 1000) {
        const page = (await (
          await fetch(`${base}/api/v1/audit/entries?start=${start}&end=${start + 1000}`, { headers })
        ).json()) as { entries: { entry: string }[] };
        for (const e of page.entries) {
          const entry = JSON.parse(e.entry) as { type: string; payload: { id?: string } };
          if (entry.type === 'person.created' && entry.payload.id !== undefined) logged.add(entry.payload.id);
        }
      }
      expect(acked.filter((id) => !logged.has(id))).toEqual([]);
    } finally {
      await stop(server.child);
    }
  }, 300_000);
});
