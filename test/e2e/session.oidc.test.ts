/**
 * Single sign-on through the real HTTP app against a real OpenID provider (oidc-provider on
 * loopback, its development login and consent pages driven over HTTP): the redirect with
 * PKCE, state and nonce; the callback starting the same session a password sign-in does
 * (cookie, CSRF token, sign-out) with the role mapped from `groups`; pre-linked identities and,
 * when allowed, users created at first sign-in; refusals with stable codes (no role, not
 * linked, disabled user, forged state, wrong nonce, a replayed code, no transaction cookie,
 * an unreachable provider) and their audit events.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.ts';
import { servicesWithoutDatabase } from '../../src/adapters/http/openapi-document.ts';
import { createOidcFlow } from '../../src/adapters/oidc/client.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { signInAt, startTestProvider, type TestProvider } from '../support/oidc-provider.ts';

/** Never listened on: the tests stop at the provider's redirect here and inject it into the app. */
const REDIRECT = 'http://127.0.0.1:9/api/v1/session/oidc/callback';
const ACCOUNTS = {
  olive: { name: 'Olive Officer', preferred_username: 'olive', groups: ['everyone', 'vigil-officers'] },
  ada: { name: 'Ada Admin', preferred_username: 'ada', groups: ['vigil-admins', 'auditors'] },
  nobody: { name: 'No Body', groups: ['everyone'] },
  stranger: { name: 'Stan Stranger', preferred_username: 'stan', groups: ['auditors'] },
  gone: { groups: ['auditors'] },
} as const;

let provider: TestProvider;

beforeAll(async () => {
  provider = await startTestProvider({ redirectUris: [REDIRECT], accounts: ACCOUNTS });
});
afterAll(() => provider?.close());

const cookieOf = (res: LightMyRequestResponse, name: string) =>
  (res.cookies as { name: string; value: string; [k: string]: unknown }[]).find((c) => c.name === name);

interface Attempt {
  /** The provider URL the start route redirected to. */
  readonly authUrl: URL;
  /** The transaction cookie's value. */
  readonly transaction: string;
}

async function start(t: TestApp): Promise<Attempt> {
  const res = await t.call('GET', '/api/v1/session/oidc/start', { token: null });
  expect(res.statusCode).toBe(303);
  const cookie = cookieOf(res, 'vigil_oidc');
  expect(cookie).toMatchObject({
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/api/v1/session/oidc',
  });
  return { authUrl: new URL(String(res.headers.location)), transaction: cookie?.value ?? '' };
}

/** Injects the provider's redirect back into the app, with the transaction cookie (if any). */
const callback = (t: TestApp, url: URL, transaction: string | null) =>
  t.call('GET', `${url.pathname}${url.search}`, {
    token: null,
    headers: transaction === null ? {} : { cookie: `vigil_oidc=${transaction}` },
  });

/** The whole round: start, sign in at the provider as `login`, come back. */
async function signIn(t: TestApp, login: string, tamper: (auth: URL) => void = () => {}) {
  const attempt = await start(t);
  tamper(attempt.authUrl);
  const back = await signInAt(attempt.authUrl.href, login, REDIRECT);
  const res = await callback(t, back, attempt.transaction);
  return { res, back, attempt };
}

const refusedWith = (res: LightMyRequestResponse) => {
  expect(res.statusCode).toBe(303);
  expect(cookieOf(res, 'vigil_session')).toBeUndefined();
  return String(res.headers.location);
};

describe('single sign-on with pre-linked identities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ oidc: createOidcFlow(provider.settings(REDIRECT)) });
  }, 60_000);
  afterAll(() => t?.close());

  const link = async (username: string, role: 'auditor' | 'officer', subject: string) => {
    const person = await t.services.inventory.createPerson({ name: username, kind: 'operator' }, 'test');
    const { user } = await t.services.users.create(
      { username, name: username, role, personId: person.id },
      'test',
    );
    const res = await t.call('POST', `/api/v1/users/${user.id}/identities`, {
      body: { issuer: provider.issuer, subject },
    });
    expect(res.statusCode, res.body).toBe(201);
    return user;
  };

  it('tells an anonymous sign-in page that single sign-on is offered, and by whom', async () => {
    const res = await t.call('GET', '/api/v1/session/oidc', { token: null });
    expect(res.json()).toEqual({
      enabled: true,
      name: 'Test Provider',
      startUrl: '/api/v1/session/oidc/start',
    });
  });

  it('redirects to the provider with the code flow, PKCE S256, a state and a nonce', async () => {
    const { authUrl, transaction } = await start(t);
    expect(authUrl.origin).toBe(provider.issuer);
    const q = authUrl.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('vigil');
    expect(q.get('redirect_uri')).toBe(REDIRECT);
    expect(q.get('scope')).toBe('openid profile groups');
    expect(q.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce']) expect(q.get(p)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nothing the provider sees is the browser's secret.
    expect(authUrl.href).not.toContain(transaction);
    // Two sign-ins never share a state.
    expect((await start(t)).authUrl.searchParams.get('state')).not.toBe(q.get('state'));
  });

  it('signs a linked user in with the role their groups map to: the same session as a password sign-in', async () => {
    const user = await link('olive', 'auditor', 'olive');
    const { res } = await signIn(t, 'olive');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const session = cookieOf(res, 'vigil_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(cookieOf(res, 'vigil_oidc')?.value).toBe(''); // the transaction is over
    const cookie = `vigil_session=${session?.value}`;

    const me = await t.call('GET', '/api/v1/session', { token: null, headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: user.id, username: 'olive', role: 'officer' });
    // The role claim decides: the auditor became an officer, and the audit log says so.
    const events = await t.services.audit.list({ type: 'session.oidc-started', limit: 100 });
    expect(events.at(-1)?.payload).toMatchObject({
      userId: user.id,
      issuer: provider.issuer,
      subject: 'olive',
      role: 'officer',
      previousRole: 'auditor',
      provisioned: false,
      ip: '127.0.0.1',
    });
    // An officer's route, then CSRF rules and sign-out as for any session.
    expect((await t.call('GET', '/api/v1/waivers', { token: null, headers: { cookie } })).statusCode).toBe(
      200,
    );
    const noCsrf = await t.call('DELETE', '/api/v1/session', { token: null, headers: { cookie } });
    expect(noCsrf.json().error.code).toBe('CSRF_FAILED');
    const out = await t.call('DELETE', '/api/v1/session', {
      token: null,
      headers: { cookie, 'x-csrf-token': me.json().csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await t.call('GET', '/api/v1/session', { token: null, headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it('takes the most privileged of several mapped groups', async () => {
    await link('ada', 'auditor', 'ada');
    const { res } = await signIn(t, 'ada');
    const cookie = `vigil_session=${cookieOf(res, 'vigil_session')?.value}`;
    const me = await t.call('GET', '/api/v1/session', { token: null, headers: { cookie } });
    expect(me.json().user.role).toBe('admin');
  });

  it('refuses an identity no admin linked (OIDC_NOT_LINKED), and audits it', async () => {
    const { res } = await signIn(t, 'stranger');
    expect(refusedWith(res)).toBe('/signin?error=OIDC_NOT_LINKED');
    const events = await t.services.audit.list({ type: 'session.oidc-refused', limit: 100 });
    expect(events.at(-1)?.payload).toEqual({
      issuer: provider.issuer,
      subject: 'stranger',
      code: 'OIDC_NOT_LINKED',
      ip: '127.0.0.1',
    });
    expect((await t.services.users.list()).map((u) => u.username)).not.toContain('stan');
  });

  it('refuses a user whose groups map to no role (OIDC_NO_ROLE)', async () => {
    await link('nobody', 'officer', 'nobody');
    const { res } = await signIn(t, 'nobody');
    expect(refusedWith(res)).toBe('/signin?error=OIDC_NO_ROLE');
  });

  it('refuses a disabled user (OIDC_USER_DISABLED)', async () => {
    const user = await link('gone', 'auditor', 'gone');
    await t.services.users.disable(user.id, 'test');
    const { res } = await signIn(t, 'gone');
    expect(refusedWith(res)).toBe('/signin?error=OIDC_USER_DISABLED');
  });

  it('refuses a forged state, even with a fresh code and the right transaction', async () => {
    const attempt = await start(t);
    const back = await signInAt(attempt.authUrl.href, 'olive', REDIRECT);
    const forged = new URL(back);
    forged.searchParams.set('state', 'A'.repeat(43));
    expect(refusedWith(await callback(t, forged, attempt.transaction))).toBe('/signin?error=OIDC_FAILED');
    // The same callback with its own state signs in: only the state was wrong.
    expect(cookieOf(await callback(t, back, attempt.transaction), 'vigil_session')).toBeDefined();
  });

  it('refuses a state from another browser’s sign-in (a login CSRF)', async () => {
    // The attacker starts a sign-in and signs in at the provider as themselves...
    const theirs = await start(t);
    const back = await signInAt(theirs.authUrl.href, 'olive', REDIRECT);
    // ...then makes the victim's browser, with its own transaction, land on the callback.
    const mine = await start(t);
    expect(refusedWith(await callback(t, back, mine.transaction))).toBe('/signin?error=OIDC_FAILED');
  });

  it('refuses a callback without its transaction cookie', async () => {
    const attempt = await start(t);
    const back = await signInAt(attempt.authUrl.href, 'olive', REDIRECT);
    expect(refusedWith(await callback(t, back, null))).toBe('/signin?error=OIDC_FAILED');
    expect(refusedWith(await callback(t, back, 'not-a-secret'))).toBe('/signin?error=OIDC_FAILED');
  });

  it('refuses an ID token whose nonce is not this sign-in’s', async () => {
    const { res } = await signIn(t, 'olive', (auth) => auth.searchParams.set('nonce', 'B'.repeat(43)));
    expect(refusedWith(res)).toBe('/signin?error=OIDC_FAILED');
  });

  it('refuses a code the provider refuses: a replayed one, or one without the right PKCE verifier', async () => {
    const { res, back, attempt } = await signIn(t, 'olive');
    expect(cookieOf(res, 'vigil_session')).toBeDefined();
    expect(refusedWith(await callback(t, back, attempt.transaction))).toBe('/signin?error=OIDC_FAILED');
    // The challenge sent is another's: the verifier derived from this transaction does not match.
    const other = await start(t);
    const { res: swapped } = await signIn(t, 'olive', (auth) =>
      auth.searchParams.set('code_challenge', other.authUrl.searchParams.get('code_challenge') ?? ''),
    );
    expect(refusedWith(swapped)).toBe('/signin?error=OIDC_FAILED');
  });

  it('refuses the provider’s error answer (the person declined)', async () => {
    const attempt = await start(t);
    const declined = new URL(REDIRECT);
    declined.search = new URLSearchParams({
      error: 'access_denied',
      state: attempt.authUrl.searchParams.get('state') ?? '',
      iss: provider.issuer,
    }).toString();
    expect(refusedWith(await callback(t, declined, attempt.transaction))).toBe('/signin?error=OIDC_FAILED');
  });

  it('lets only admins link identities, and each identity to one user', async () => {
    const person = await t.services.inventory.createPerson({ name: 'L', kind: 'operator' }, 'test');
    const { user } = await t.services.users.create(
      { username: 'linker', name: 'L', role: 'auditor', personId: person.id },
      'test',
    );
    const body = { issuer: provider.issuer, subject: 'olive' };
    const url = `/api/v1/users/${user.id}/identities`;
    expect((await t.call('POST', url, { body })).json().error.code).toBe('IDENTITY_EXISTS');
    expect((await t.call('POST', url, { token: await t.token('officer'), body })).statusCode).toBe(403);
    expect((await t.call('POST', '/api/v1/users/usr_nobody/identities', { body })).statusCode).toBe(404);
  });
});

describe('single sign-on creating users at first sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ oidc: createOidcFlow(provider.settings(REDIRECT, { provision: true })) });
  }, 60_000);
  afterAll(() => t?.close());

  it('creates the user with the mapped role and no usable password, then finds them by identity', async () => {
    const { res } = await signIn(t, 'stranger');
    expect(res.headers.location).toBe('/');
    const created = (await t.services.users.list()).find((u) => u.username === 'stan');
    expect(created).toMatchObject({
      name: 'Stan Stranger',
      role: 'auditor',
      personId: null,
      createdBy: 'sso',
    });
    const password = await t.call('POST', '/api/v1/session', {
      token: null,
      body: { username: 'stan', password: '!sso' },
    });
    expect(password.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    // The second sign-in is the same user, not another one.
    await signIn(t, 'stranger');
    expect((await t.services.users.list()).filter((u) => u.name === 'Stan Stranger')).toHaveLength(1);
    const started = await t.services.audit.list({ type: 'session.oidc-started', limit: 100 });
    expect(started.map((e) => (e.payload as { provisioned: boolean }).provisioned)).toEqual([true, false]);
  });

  it('still refuses an identity without a mapped role, and creates no user for it', async () => {
    const { res } = await signIn(t, 'nobody');
    expect(refusedWith(res)).toBe('/signin?error=OIDC_NO_ROLE');
    expect((await t.services.users.list()).map((u) => u.name)).not.toContain('No Body');
  });
});

describe('single sign-on where passkeys are required for the role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      oidc: createOidcFlow(provider.settings(REDIRECT)),
      auth: {
        passkeys: { rpId: 'localhost', origin: 'http://localhost', requiredFor: ['admin', 'officer'] },
      },
    });
  }, 60_000);
  afterAll(() => t?.close());

  it('opens a session that owes its passkey, as a password does: the provider vouches for the password step only', async () => {
    const person = await t.services.inventory.createPerson({ name: 'olive', kind: 'operator' }, 'test');
    const { user } = await t.services.users.create(
      { username: 'olive', name: 'olive', role: 'officer', personId: person.id },
      'test',
    );
    const link = await t.call('POST', `/api/v1/users/${user.id}/identities`, {
      body: { issuer: provider.issuer, subject: 'olive' },
    });
    expect(link.statusCode, link.body).toBe(201);
    const { res } = await signIn(t, 'olive');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin'); // where the dashboard asks for the passkey
    const cookie = `vigil_session=${cookieOf(res, 'vigil_session')?.value}`;
    const me = await t.call('GET', '/api/v1/session', { token: null, headers: { cookie } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().pendingFactor).toBe('passkey-registration');
    const waivers = await t.call('GET', '/api/v1/waivers', { token: null, headers: { cookie } });
    expect(waivers.statusCode).toBe(401);
    expect(waivers.json().error.code).toBe('AUTH_SECOND_FACTOR_REQUIRED');
  });
});

describe('single sign-on not configured, or its provider unreachable', () => {
  it('hides the button and answers OIDC_NOT_CONFIGURED', async () => {
    const app = buildApp({ services: servicesWithoutDatabase(), ready: async () => true, logger: false });
    expect((await app.inject('/api/v1/session/oidc')).json()).toEqual({
      enabled: false,
      name: null,
      startUrl: null,
    });
    for (const url of ['/api/v1/session/oidc/start', '/api/v1/session/oidc/callback?code=x&state=y']) {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('OIDC_NOT_CONFIGURED');
    }
    await app.close();
  });

  it('sends the browser back to the sign-in page with OIDC_UNAVAILABLE when discovery fails', async () => {
    const oidc = createOidcFlow({ ...provider.settings(REDIRECT), issuer: 'http://127.0.0.1:9' });
    const app = buildApp({
      services: servicesWithoutDatabase(),
      ready: async () => true,
      logger: false,
      oidc,
    });
    const res = await app.inject('/api/v1/session/oidc/start');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin?error=OIDC_UNAVAILABLE');
    await app.close();
  });
});
