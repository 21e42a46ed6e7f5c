/**
 * Several `vigil serve` processes share one PostgreSQL database: they start together (the
 * migration lock keeps them from racing), and what one accepts the other serves at once.
 * PostgreSQL only: the embedded database belongs to one process by design (its lock is
 * tested here on PGlite instead).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { stop } from '../../bench/proc.ts';
import { cliToken, vigilEnv } from '../support/vigil-env.ts';

const onPostgres = (process.env.DATABASE_URL ?? '') !== '';
// One environment whichever suite runs: a fresh schema on PostgreSQL, a data directory on PGlite.
const vigil = vigilEnv({ name: 'multi', env: () => ({ LOG_LEVEL: 'warn', PORT: '0' }) });
const { run: cli, serve } = vigil;

afterAll(() => vigil.cleanup());

describe.runIf(onPostgres)('several vigil serve processes on one PostgreSQL database', () => {
  it('start together, and serve each other’s writes', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => serve()));
    try {
      if (a === undefined || b === undefined) throw new Error('servers did not start');
      const token = await cliToken(cli, 'admin', 'multi');
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const post = await fetch(`${a.url}/api/v1/people`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: 'shared', name: 'Shared Person', kind: 'principal' }),
      });
      expect(post.status).toBe(201);
      const read = await fetch(`${b.url}/api/v1/people/shared`, { headers });
      expect(read.status).toBe(200);
      // A token revoked through one process is refused by the other.
      const list = (await (await fetch(`${b.url}/api/v1/tokens`, { headers })).json()) as {
        id: string;
        name: string;
      }[];
      const id = list.find((t) => t.name === 'multi')?.id;
      const auth = { authorization: headers.authorization };
      expect((await fetch(`${a.url}/api/v1/tokens/${id}`, { method: 'DELETE', headers: auth })).status).toBe(
        204,
      );
      // The other process stops accepting it within VERIFY_CACHE_MS (2 s).
      const deadline = Date.now() + 4000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await fetch(`${b.url}/api/v1/people`, { headers: auth })).status;
        if (status === 401) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(401);
    } finally {
      await Promise.all([a, b].map((s) => (s ? stop(s.child) : undefined)));
    }
  }, 120_000);
});

describe.runIf(!onPostgres)('the embedded database', () => {
  it('refuses a second process with a clear error', async () => {
    const server = await serve();
    try {
      const r = await cli('person', 'list');
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/EMBEDDED_DB_IN_USE.*in use by process/);
    } finally {
      await stop(server.child);
    }
    // Once it has stopped, the lock is released.
    const again = await cli('person', 'list');
    expect(again.code).toBe(0);
  }, 120_000);
});
