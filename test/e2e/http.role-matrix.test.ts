/**
 * The role matrix: every route x every role, plus no token and a revoked token. Allowed
 * callers get past authentication (and never a 5xx); everyone else gets 403 AUTH_FORBIDDEN;
 * no token is 401 AUTH_REQUIRED; a revoked token is 401 AUTH_INVALID_TOKEN. The table must
 * cover every route the app registers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcFlow } from '../../src/adapters/oidc/client.ts';
import { ROLES, type Role } from '../../src/services/kernel/ports.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { UNREACHABLE_PROVIDER } from '../support/oidc-provider.ts';
import { ROUTES } from './route-table.ts';

let t: TestApp;
const tokens = new Map<Role, string>();
let revoked: string;

beforeAll(async () => {
  // Single sign-on configured, its provider unreachable: the start and callback routes still answer (303).
  t = await buildTestApp({ oidc: createOidcFlow(UNREACHABLE_PROVIDER) });
  for (const role of ROLES) tokens.set(role, await t.token(role));
  revoked = await t.token('officer');
  const id = revoked.slice('vgl_'.length, -44); // vgl_<id>_<43-character secret>
  await t.services.tokens.revoke(id, 'test');
});
afterAll(() => t?.close());

const key = (method: string, url: string) => `${method} ${url}`;

describe('role matrix', () => {
  it('lists every registered route exactly once', () => {
    const registered = t.routes.map((r) => key(r.method, r.url)).sort();
    const table = ROUTES.map((r) => key(r.method, r.route)).sort();
    expect(table).toEqual([...new Set(table)]);
    expect(table).toEqual(registered);
  });

  describe.each(ROUTES)('$method $route', (row) => {
    const request = (token: string | null) =>
      t.call(row.method, row.url, {
        token,
        ...(row.body === undefined ? {} : { payload: '{}', headers: { 'content-type': 'application/json' } }),
      });

    it.each([...ROLES])('%s', async (role) => {
      const res = await request(tokens.get(role) ?? null);
      const allowed = row.roles === 'public' || row.roles.includes(role);
      if (allowed) {
        expect([401, 403], res.body).not.toContain(res.statusCode);
        expect(res.statusCode, res.body).toBeLessThan(500);
      } else {
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
      }
    });

    /** A public route never asks for credentials; one with a body refuses `{}` as 400 (POST /session). */
    const expectPublic = (res: { statusCode: number; body: string }) => {
      if (row.body === undefined) expect(res.statusCode, res.body).toBeLessThan(400);
      else expect(res.statusCode, res.body).toBe(400);
    };

    it('without a token', async () => {
      const res = await request(null);
      if (row.roles === 'public') {
        expectPublic(res);
      } else {
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('AUTH_REQUIRED');
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    });

    it('with a revoked token', async () => {
      const res = await request(revoked);
      if (row.roles === 'public') {
        expectPublic(res);
      } else {
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('AUTH_INVALID_TOKEN');
      }
    });
  });
});
