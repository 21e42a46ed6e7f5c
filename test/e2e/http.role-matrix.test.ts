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

/**
 * A session that passed the password but still owes its passkey reaches only the routes that
 * serve that step (and sign-out): every other route answers 401 AUTH_SECOND_FACTOR_REQUIRED,
 * whatever the role would allow. The verifier is a stand-in that accepts any answer (the real
 * one is exercised in test/browser/passkeys.test.ts): this is about the gate, not the crypto.
 */
describe('a session owing its passkey', () => {
  let p: TestApp;
  const answer = (id: string) => ({
    id,
    rawId: id,
    type: 'public-key',
    response: { clientDataJSON: 'e30' },
    clientExtensionResults: {},
  });
  beforeAll(async () => {
    p = await buildTestApp({
      auth: {
        passkeys: { rpId: 'localhost', origin: 'http://localhost', requiredFor: ['admin', 'officer'] },
        webauthn: {
          verifyRegistration: async ({ response }) => ({
            credentialId: (response as { id: string }).id,
            publicKey: 'AA',
            counter: 0,
            transports: [],
          }),
          verifyAuthentication: async () => ({ newCounter: 0 }),
        },
      },
    });
    const person = await p.services.inventory.createPerson({ name: 'Olive', kind: 'operator' }, 'test');
    await p.services.users.create(
      { username: 'olive', name: 'Olive', role: 'admin', personId: person.id, password: 'olive-password-1' },
      'test',
    );
  });
  afterAll(() => p?.close());

  const signIn = async () => {
    const res = await p.call('POST', '/api/v1/session', {
      token: null,
      body: { username: 'olive', password: 'olive-password-1' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = /vigil_session=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1] ?? '';
    const headers = { cookie: `vigil_session=${cookie}`, 'x-csrf-token': res.json().csrfToken as string };
    return { headers, pendingFactor: res.json().pendingFactor as string | null };
  };

  /**
   * Calls every route but the public ones, sign-out, reading the session itself (which says what
   * is owed) and `open`: all must refuse the session.
   */
  const walk = async (headers: Record<string, string>, open: readonly string[]) => {
    const self = await p.call('GET', '/api/v1/session', { token: null, headers });
    expect(self.statusCode, self.body).toBe(200);
    expect(self.json().pendingFactor).not.toBeNull();
    const reached: string[] = [];
    for (const row of ROUTES) {
      const k = key(row.method, row.route);
      const own = k === 'DELETE /api/v1/session' || k === 'GET /api/v1/session';
      if (row.roles === 'public' || own || open.includes(k)) continue;
      const res = await p.call(row.method, row.url, {
        token: null,
        headers: { ...headers, ...(row.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(row.body === undefined ? {} : { payload: JSON.stringify(row.body) }),
      });
      if (res.statusCode === 401 && res.json().error.code === 'AUTH_SECOND_FACTOR_REQUIRED') continue;
      reached.push(`${k} ${res.statusCode}`);
    }
    expect(reached).toEqual([]);
  };

  it('without a passkey yet: only registration; registering completes the session', async () => {
    const { headers, pendingFactor } = await signIn();
    expect(pendingFactor).toBe('passkey-registration');
    await walk(headers, [
      'POST /api/v1/session/passkeys/registration/options',
      'POST /api/v1/session/passkeys/registration/verify',
    ]);
    await p.call('POST', '/api/v1/session/passkeys/registration/options', { token: null, headers });
    const res = await p.call('POST', '/api/v1/session/passkeys/registration/verify', {
      token: null,
      headers,
      body: answer('cred-olive'),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await p.call('GET', '/api/v1/session', { token: null, headers })).statusCode).toBe(200);
  });

  it('with a passkey: only its proof; proving it completes the session; sign-out works either way', async () => {
    const { headers, pendingFactor } = await signIn();
    expect(pendingFactor).toBe('passkey');
    await walk(headers, ['POST /api/v1/session/passkey/options', 'POST /api/v1/session/passkey/verify']);
    const options = await p.call('POST', '/api/v1/session/passkey/options', { token: null, headers });
    expect(options.json().allowCredentials).toEqual([
      { id: 'cred-olive', type: 'public-key', transports: [] },
    ]);
    const res = await p.call('POST', '/api/v1/session/passkey/verify', {
      token: null,
      headers,
      body: answer('cred-olive'),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await p.call('GET', '/api/v1/people', { token: null, headers })).statusCode).toBe(200);

    const pending = await signIn();
    const out = await p.call('DELETE', '/api/v1/session', { token: null, headers: pending.headers });
    expect(out.statusCode).toBe(204);
  });
});
