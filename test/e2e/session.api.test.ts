/**
 * Dashboard sign-in through the real HTTP app: the session cookie and its flags, the
 * cookie as an alternative to a bearer token on every route, CSRF on state changes, failed
 * sign-ins limited per address (the per-name backoff: session.lockout.test.ts), sign-out, sign-out everywhere, disabled
 * users and password resets, idle and absolute expiry, no secret in the logs, and the dashboard
 * served at `/` with its security headers. Chromium is asked whether it keeps the Secure cookie
 * on http://127.0.0.1 and http://localhost.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from '../../src/adapters/system.ts';
import type { UserRole } from '../../src/services/access/ports.ts';
import { createServices } from '../../src/services/index.ts';
import type { Clock } from '../../src/services/kernel/ports.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { CHROMIUM, chromiumSkipped } from '../support/chromium.ts';
import { openTestDatabase } from '../support/database.ts';

const PASSWORD = 'correct horse battery staple';

/** A manual clock: sessions expire without waiting. */
function manualClock(start = Date.parse('2026-11-20T09:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

let t: TestApp;
const clock = manualClock();
let users = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock, auth: { idleMs: 30 * 60_000, lifetimeMs: 8 * 3_600_000 } });
});
afterAll(() => t?.close());

/** A fresh user (each test its own, so rate limits and sessions never mix). */
async function user(role: UserRole = 'officer', personId?: string) {
  users++;
  const username = `user-${users}`;
  const person =
    personId ??
    (await t.services.inventory.createPerson({ name: `Person ${users}`, kind: 'operator' }, 'test')).id;
  const { user: u } = await t.services.users.create(
    { username, name: `User ${users}`, role, password: PASSWORD, personId: person },
    'test',
  );
  return u;
}

interface Session {
  readonly cookie: string;
  readonly csrf: string;
  readonly res: LightMyRequestResponse;
}

const signInRaw = (username: string, password: string, ip = '127.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, password },
    remoteAddress: ip,
  });

async function signIn(username: string, password = PASSWORD, ip = '127.0.0.1'): Promise<Session> {
  const res = await signInRaw(username, password, ip);
  expect(res.statusCode, res.body).toBe(200);
  const set = String(res.headers['set-cookie']);
  const value = /vigil_session=([^;]+)/.exec(set)?.[1] ?? '';
  return { cookie: `vigil_session=${value}`, csrf: res.json().csrfToken, res };
}

/** A request with the session cookie (and the CSRF header when given). */
const withCookie = (
  s: Session,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  opts: { csrf?: string | null; body?: unknown } = {},
) => {
  const headers: Record<string, string> = { cookie: s.cookie };
  const csrf = opts.csrf === undefined ? s.csrf : opts.csrf;
  if (csrf !== null) headers['x-csrf-token'] = csrf;
  return t.app.inject({
    method,
    url,
    headers,
    ...(opts.body === undefined ? {} : { payload: opts.body as object }),
  });
};

describe('sign-in', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict cookie on / and answers the user and a CSRF token', async () => {
    const u = await user('officer');
    const s = await signIn(u.username);
    const set = String(s.res.headers['set-cookie']);
    expect(set).toMatch(/^vigil_session=[A-Za-z0-9_-]{43};/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('Secure');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(s.res.json()).toEqual({
      user: { id: u.id, username: u.username, name: u.name, role: 'officer', personId: u.personId },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      pendingFactor: null,
    });
    const again = await withCookie(s, 'GET', '/api/v1/session');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(s.res.json());
  });

  it('accepts the user name in any case and surrounding spaces', async () => {
    const u = await user();
    await signIn(`  ${u.username.toUpperCase()} `);
  });

  it('answers a wrong password and an unknown user alike, and records the user name, never the password', async () => {
    const u = await user();
    const wrong = await signInRaw(u.username, 'not the password at all');
    const unknown = await signInRaw('nobody-at-all', 'not the password at all');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const events = await t.services.audit.list({ type: 'session.failed', limit: 1000 });
    const mine = events.filter((e) => e.payload.username === u.username);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.payload).toEqual({ username: u.username, ip: '127.0.0.1' });
    expect(JSON.stringify(events)).not.toContain('not the password');
  });

  it('takes about as long for an unknown user as for a wrong password (a dummy hash is verified)', async () => {
    const u = await user();
    const time = async (name: string) => {
      const start = performance.now();
      await signInRaw(name, 'wrong-password-here', `10.9.${users}.1`);
      return performance.now() - start;
    };
    await time('warm-up-user');
    const known = Math.min(await time(u.username), await time(u.username));
    const unknown = Math.min(await time('ghost-user'), await time('ghost-user'));
    // argon2id dominates both; without the dummy hash the unknown name would answer in ~1 ms.
    expect(unknown).toBeGreaterThan(known / 3);
  });

  it('GET /session without a cookie is 401 AUTH_REQUIRED; a forged cookie too', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('AUTH_REQUIRED');
    for (const cookie of ['vigil_session=forged', `vigil_session=${'A'.repeat(43)}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_REQUIRED');
    }
  });

  it('a bearer caller has no session: GET and DELETE /session are 404 SESSION_NOT_FOUND', async () => {
    const res = await t.call('GET', '/api/v1/session');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SESSION_NOT_FOUND');
  });
});

describe('the session cookie on the API', () => {
  it('authenticates any route with the role of the user, and the audit log names user:<username>', async () => {
    const u = await user('officer');
    const s = await signIn(u.username);
    expect((await withCookie(s, 'GET', '/api/v1/people')).statusCode).toBe(200);
    const forbidden = await withCookie(s, 'GET', '/api/v1/tokens');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('AUTH_FORBIDDEN');
    const created = await withCookie(s, 'POST', '/api/v1/people', {
      body: { name: 'Made By Cookie', kind: 'principal' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const events = await t.services.audit.list({ type: 'person.created', limit: 1000 });
    expect(events.find((e) => e.payload.id === created.json().id)?.actor).toBe(`user:${u.username}`);
  });

  it('a staff user carries their person like a staff token (GET /me)', async () => {
    const person = await t.services.inventory.createPerson({ name: 'Sam Staff', kind: 'staff' }, 'test');
    const u = await user('staff', person.id);
    const s = await signIn(u.username);
    const me = await withCookie(s, 'GET', '/api/v1/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().token).toEqual({ id: u.id, name: u.name, role: 'staff', personId: person.id });
    expect(me.json().person.id).toBe(person.id);
    expect((await withCookie(s, 'GET', '/api/v1/people')).statusCode).toBe(403);
  });

  it('refuses a state change without the CSRF token, or with another session’s, as 403 CSRF_FAILED', async () => {
    const u = await user('officer');
    const s = await signIn(u.username);
    const other = await signIn(u.username);
    const body = { name: 'Forged', kind: 'principal' };
    for (const csrf of [null, '', 'guess', other.csrf, `${s.csrf}x`]) {
      const res = await withCookie(s, 'POST', '/api/v1/people', { csrf, body });
      expect(res.statusCode, String(csrf)).toBe(403);
      expect(res.json().error.code).toBe('CSRF_FAILED');
    }
    // Reads need none; bearer callers need none.
    expect((await withCookie(s, 'GET', '/api/v1/people', { csrf: null })).statusCode).toBe(200);
    expect((await t.call('POST', '/api/v1/people', { body })).statusCode).toBe(201);
  });

  it('a bearer token wins over a cookie sent with it', async () => {
    const u = await user('auditor');
    const s = await signIn(u.username);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { cookie: s.cookie, authorization: `Bearer ${t.admin}` },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('rate limiting per address', () => {
  it('after 20 failures from one address, every user name is 429 from it, not from elsewhere', async () => {
    const u = await user();
    for (let i = 0; i < 20; i++) {
      expect((await signInRaw(`spray-${i}`, 'wrong password!!', '10.3.0.1')).statusCode).toBe(401);
    }
    const res = await signInRaw(u.username, PASSWORD, '10.3.0.1');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    await signIn(u.username, PASSWORD, '10.3.0.2');
  });
});

describe('signing out', () => {
  it('DELETE /session needs the CSRF token, ends the session and clears the cookie', async () => {
    const u = await user();
    const s = await signIn(u.username);
    const forged = await withCookie(s, 'DELETE', '/api/v1/session', { csrf: null });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_FAILED');
    const res = await withCookie(s, 'DELETE', '/api/v1/session');
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^vigil_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await withCookie(s, 'GET', '/api/v1/session')).statusCode).toBe(401);
    const ended = await t.services.audit.list({ type: 'session.ended', limit: 1000 });
    expect(ended.some((e) => e.payload.userId === u.id && e.actor === `user:${u.username}`)).toBe(true);
  });

  it('DELETE /sessions ends every session of the user, and only theirs', async () => {
    const u = await user();
    const bystander = await user();
    const a = await signIn(u.username);
    const b = await signIn(u.username);
    const c = await signIn(bystander.username);
    expect((await withCookie(a, 'DELETE', '/api/v1/sessions')).statusCode).toBe(204);
    expect((await withCookie(a, 'GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await withCookie(b, 'GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await withCookie(c, 'GET', '/api/v1/session')).statusCode).toBe(200);
    const revoked = await t.services.audit.list({ type: 'sessions.revoked', limit: 1000 });
    expect(revoked.find((e) => e.payload.userId === u.id)?.payload.count).toBe(2);
  });
});

describe('users (admin)', () => {
  it('a disabled user is signed out at once and cannot sign in', async () => {
    const u = await user();
    const s = await signIn(u.username);
    const res = await t.call('POST', `/api/v1/users/${u.id}/disable`);
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await withCookie(s, 'GET', '/api/v1/people')).statusCode).toBe(401);
    const again = await signInRaw(u.username, PASSWORD, '10.4.0.1');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('a password reset ends the sessions; the new password works, the old one not', async () => {
    const u = await user();
    const s = await signIn(u.username);
    const res = await t.call('POST', `/api/v1/users/${u.id}/password`, {
      body: { password: 'a brand new password' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().password).toBeNull();
    expect((await withCookie(s, 'GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await signInRaw(u.username, PASSWORD, '10.5.0.1')).statusCode).toBe(401);
    await signIn(u.username, 'a brand new password', '10.5.0.2');
  });

  it('creates users over HTTP (generated password shown once), lists them without hashes', async () => {
    const op = await t.services.inventory.createPerson({ name: 'Made Over HTTP', kind: 'operator' }, 'test');
    const created = await t.call('POST', '/api/v1/users', {
      body: { username: 'made-over-http', name: 'Made Over HTTP', role: 'technician', personId: op.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { user: u, password } = created.json();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await signIn(u.username, password, '10.6.0.1');
    const dup = await t.call('POST', '/api/v1/users', {
      body: { username: 'made-over-http', name: 'Again', role: 'auditor', personId: op.id },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('USER_EXISTS');
    const nobody = await t.call('POST', '/api/v1/users', {
      body: { username: 'no-person', name: 'N', role: 'officer' },
    });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.details[0].path).toBe('body.personId');
    const staff = await t.call('POST', '/api/v1/users', {
      body: { username: 'staff-as-operator', name: 'S', role: 'staff', personId: op.id },
    });
    expect(staff.statusCode).toBe(422);
    expect(staff.json().error.code).toBe('USER_INVALID');
    const list = await t.call('GET', '/api/v1/users');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('argon2');
    expect(list.json().some((x: { username: string }) => x.username === 'made-over-http')).toBe(true);
  });

  it('refuses the ingest role and weak passwords', async () => {
    const ingest = await t.call('POST', '/api/v1/users', {
      body: { username: 'machine', name: 'M', role: 'ingest' },
    });
    expect(ingest.statusCode).toBe(400);
    const op = await t.services.inventory.createPerson({ name: 'Weakling', kind: 'operator' }, 'test');
    const short = await t.call('POST', '/api/v1/users', {
      body: { username: 'weakling', name: 'W', role: 'officer', personId: op.id, password: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('body.password');
    for (const password of ['aaaaaaaaaaaa', 'password1234', 'weakling2026']) {
      const weak = await t.call('POST', '/api/v1/users', {
        body: { username: 'weakling', name: 'W', role: 'officer', personId: op.id, password },
      });
      expect([weak.statusCode, weak.json().error.code], password).toEqual([422, 'PASSWORD_WEAK']);
    }
    const u = await user();
    const reset = await t.call('POST', `/api/v1/users/${u.id}/password`, {
      body: { password: 'aaaaaaaaaaaa' },
    });
    expect([reset.statusCode, reset.json().error.code]).toEqual([422, 'PASSWORD_WEAK']);
    await signIn(u.username); // the old password still stands
  });
});

describe('expiry', () => {
  it('a session idle for longer than the idle timeout has ended; activity keeps it alive', async () => {
    const u = await user();
    const s = await signIn(u.username);
    clock.advance(20 * 60_000);
    expect((await withCookie(s, 'GET', '/api/v1/session')).statusCode).toBe(200); // touched
    clock.advance(20 * 60_000);
    expect((await withCookie(s, 'GET', '/api/v1/session')).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    expect((await withCookie(s, 'GET', '/api/v1/session')).statusCode).toBe(401);
  });

  it('a session ends at its absolute lifetime however active', async () => {
    const u = await user();
    const s = await signIn(u.username);
    for (let i = 0; i < 16; i++) {
      clock.advance(29 * 60_000);
      const res = await withCookie(s, 'GET', '/api/v1/session');
      expect(res.statusCode, `after ${(i + 1) * 29} min`).toBe((i + 1) * 29 < 8 * 60 ? 200 : 401);
    }
  });
});

/** An app with its own log stream and web root, on its own database. */
async function appWith(opts: { lines?: string[]; webRoot?: string }) {
  const db = await openTestDatabase();
  const services = createServices({
    uow: db.uow,
    clock: systemClock,
    ids: ulidIds(systemClock, systemRandom),
    random: systemRandom,
    auth: { passwords: argon2Passwords },
  });
  const lines = opts.lines;
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines?.push(String(chunk));
      cb();
    },
  });
  const app = buildApp({
    services,
    ready: () => db.ping(),
    // Serializers that log every header, as an operator debugging a proxy might configure:
    // the REDACT list must still hide the credentials.
    logger:
      lines === undefined
        ? false
        : {
            level: 'trace',
            stream,
            serializers: {
              req: (req: { method: string; url: string; headers: unknown }) => ({
                method: req.method,
                url: req.url,
                headers: req.headers,
              }),
              res: (res: { statusCode: number; getHeaders?: () => unknown }) => ({
                statusCode: res.statusCode,
                headers: res.getHeaders?.() ?? {},
              }),
            },
          },
    ...(opts.webRoot === undefined ? {} : { webRoot: opts.webRoot }),
  });
  await app.ready();
  return {
    app,
    services,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

describe('logs', () => {
  it('never contain a password, the session cookie or the CSRF token, even at trace level', async () => {
    const lines: string[] = [];
    const a = await appWith({ lines });
    try {
      const secret = 'Very-Secret-Passw0rd-42';
      const op = await a.services.inventory.createPerson({ name: 'L', kind: 'operator' }, 'test');
      await a.services.users.create(
        { username: 'logged', name: 'L', role: 'officer', personId: op.id, password: secret },
        'test',
      );
      const bad = await a.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'logged', password: `${secret}-wrong` },
      });
      expect(bad.statusCode).toBe(401);
      const invalid = await a.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'logged', password: secret, extra: secret },
      });
      expect(invalid.statusCode).toBe(400);
      const ok = await a.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'logged', password: secret },
      });
      expect(ok.statusCode).toBe(200);
      const cookieValue = /vigil_session=([^;]+)/.exec(String(ok.headers['set-cookie']))?.[1] ?? '';
      const csrf = ok.json().csrfToken as string;
      const out = await a.app.inject({
        method: 'DELETE',
        url: '/api/v1/session',
        headers: { cookie: `vigil_session=${cookieValue}`, 'x-csrf-token': csrf },
      });
      expect(out.statusCode).toBe(204);
      const log = lines.join('');
      expect(log).toContain('/api/v1/session'); // the requests were logged
      expect(log).toContain('[redacted]');
      for (const s of [secret, cookieValue, csrf]) expect(log).not.toContain(s);
    } finally {
      await a.close();
    }
  });
});

describe('the dashboard at /', () => {
  let root: string;
  let a: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vigil-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Vigil test build</title>');
    writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    a = await appWith({ webRoot: root });
  });
  afterAll(async () => {
    await a?.close();
    rmSync(root, { recursive: true, force: true });
  });
  const get = (url: string) => a.app.inject({ method: 'GET', url });

  it('serves index.html at / and for client-side routes, with the CSP and security headers', async () => {
    for (const url of ['/', '/people/per_x', '/audit?seq=4', '/signin']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Vigil test build');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves the built files, hashed assets cached as immutable', async () => {
    const js = await get('/assets/app-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    const svg = await get('/favicon.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/svg/);
  });

  it('keeps JSON 404s for the API and missing assets, and never serves outside the build', async () => {
    for (const url of ['/api/v1/nope', '/api', '/assets/gone-123.js']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fetc%2fpasswd']) {
      const res = await get(url);
      expect(res.body, url).not.toContain('"name": "vigil"');
      expect(res.body, url).not.toContain('root:');
    }
    const post = await a.app.inject({ method: 'POST', url: '/people/per_x' });
    expect(post.statusCode).toBe(404);
    const head = await a.app.inject({ method: 'HEAD', url: '/people/per_x' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toMatch(/^text\/html/);
  });

  it('says how to build the dashboard when web/dist is missing', async () => {
    const b = await appWith({ webRoot: join(root, 'not-built') });
    try {
      const res = await b.app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('npm run build:web');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    } finally {
      await b.close();
    }
  });
});

describe.skipIf(chromiumSkipped)('Chromium and the Secure cookie over plain HTTP', () => {
  it('keeps and sends it on http://127.0.0.1 and http://localhost', async () => {
    const a = await appWith({});
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const op = await a.services.inventory.createPerson({ name: 'B', kind: 'operator' }, 'test');
      await a.services.users.create(
        { username: 'browser', name: 'B', role: 'officer', personId: op.id, password: PASSWORD },
        'test',
      );
      await a.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = a.app.server.address() as AddressInfo;
      for (const host of ['127.0.0.1', 'localhost']) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`http://${host}:${port}/`);
        const status = await page.evaluate(async (password) => {
          const signIn = await fetch('/api/v1/session', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'browser', password }),
          });
          if (signIn.status !== 200) return signIn.status;
          return (await fetch('/api/v1/session')).status;
        }, PASSWORD);
        expect(status, host).toBe(200);
        const cookies = await context.cookies();
        expect(
          cookies.find((c) => c.name === 'vigil_session'),
          host,
        ).toMatchObject({
          httpOnly: true,
          secure: true,
          sameSite: 'Strict',
        });
        // HttpOnly: page scripts cannot read it.
        expect(await page.evaluate('document.cookie'), host).toBe('');
        await context.close();
      }
    } finally {
      await browser.close();
      await a.close();
    }
  }, 60_000);
});
