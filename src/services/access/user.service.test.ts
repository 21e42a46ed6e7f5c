/**
 * The user service over a real database with real argon2id: users, sign-in (one answer for
 * every failure, a dummy hash for unknown names), the rate limiter, sessions that store only
 * hashes and end on sign-out, disable, password reset, idle and absolute expiry.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { argon2Passwords } from '../../adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { VigilError } from '../../core/errors.ts';
import { createServices, type Services } from '../index.ts';
import type { PasswordHasher } from './ports.ts';
import { RateLimitedError, UserService } from './user.service.ts';

const MIN = 60_000;
let now = Date.UTC(2026, 10, 20, 9);
const clock = { now: () => now };
let db: Database;
let services: Services;
/** argon2id, counting verifications (to see the dummy hash used). */
let verifications = 0;
const hasher: PasswordHasher = {
  hash: (p) => argon2Passwords.hash(p),
  verify: (h, p) => {
    verifications++;
    return argon2Passwords.verify(h, p);
  },
  strength: (p, words) => argon2Passwords.strength(p, words),
};

beforeAll(async () => {
  db = await openTestDatabase();
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    auth: {
      passwords: hasher,
      idleMs: 30 * MIN,
      lifetimeMs: 8 * 60 * MIN,
      limits: { freePerPair: 3, perIp: 10 },
    },
  });
  await services.inventory.createPerson({ id: 'ops', name: 'Olive Operator', kind: 'operator' }, 'test');
});
afterAll(() => db?.close());

const PASSWORD = 'a perfectly fine password';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
let n = 0;
const fresh = async (over: Record<string, unknown> = {}) => {
  n++;
  return (
    await services.users.create(
      { username: `u${n}`, name: `U ${n}`, role: 'officer', personId: 'ops', password: PASSWORD, ...over },
      'test',
    )
  ).user;
};
const ip = () => `198.51.100.${n}`;

describe('users', () => {
  it('stores an argon2id hash, never the password, and audits the creation without it', async () => {
    const u = await fresh();
    expect(u.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const events = await services.audit.list({ type: 'user.created', limit: 100 });
    const e = events.find((x) => x.payload.id === u.id);
    expect(e?.payload).toEqual({
      id: u.id,
      username: u.username,
      name: u.name,
      role: 'officer',
      personId: 'ops',
    });
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(JSON.stringify(events)).not.toContain('argon2');
  });

  it('generates a password when none is given, returned once', async () => {
    const { user, password } = await services.users.create(
      { username: 'gen', name: 'G', role: 'auditor', personId: 'ops' },
      't',
    );
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await services.users.signIn({ username: user.username, password: password ?? '', ip: '192.0.2.50' });
  });

  it('refuses bad user names, short or weak passwords, users without a person, unknown persons, ingest', async () => {
    expect(await codeOf(fresh({ username: 'Has Space' }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(fresh({ password: 'short' }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(fresh({ password: 'aaaaaaaaaaaa' }))).toBe('PASSWORD_WEAK');
    expect(await codeOf(fresh({ password: 'password1234' }))).toBe('PASSWORD_WEAK');
    // The user's own name is the first word an attacker tries.
    expect(await codeOf(fresh({ username: 'marguerite', password: 'marguerite2026' }))).toBe('PASSWORD_WEAK');
    expect(await codeOf(fresh({ personId: null }))).toBe('USER_INVALID');
    expect(await codeOf(fresh({ role: 'staff' }))).toBe('USER_INVALID'); // an operator is no staff
    expect(await codeOf(fresh({ personId: 'per_ghost' }))).toBe('USER_INVALID');
    expect(await codeOf(fresh({ role: 'ingest' }))).toBe('USER_INVALID');
    const u = await fresh();
    expect(await codeOf(fresh({ username: u.username }))).toBe('USER_EXISTS');
  });

  it('without a password hasher there are no users (a wiring mistake fails loudly)', async () => {
    const bare = new UserService({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
    await expect(
      bare.create({ username: 'x', name: 'X', role: 'admin', personId: 'ops' }, 't'),
    ).rejects.toThrow(/hasher/);
  });
});

describe('sign-in', () => {
  it('stores only hashes of the session secret and CSRF token; the CSRF token is bound to the secret', async () => {
    const u = await fresh();
    const { secret, context } = await services.users.signIn({
      username: u.username,
      password: PASSWORD,
      ip: ip(),
    });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(context.session.secretHash).toBe(sha256(secret));
    expect(context.session.csrfHash).toBe(sha256(context.csrfToken));
    expect(context.csrfToken).not.toBe(secret);
    const stored = await db.uow.run((r) => r.sessions.getBySecretHash(sha256(secret)));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(stored)).not.toContain(context.csrfToken);
    const again = await services.users.authenticate(secret);
    expect(again.csrfToken).toBe(context.csrfToken);
    expect(services.users.checkCsrf(again.session, context.csrfToken)).toBe(true);
    expect(services.users.checkCsrf(again.session, undefined)).toBe(false);
    expect(services.users.checkCsrf(again.session, 'x'.repeat(500))).toBe(false);
    expect(again.caller).toEqual({
      tokenId: u.id,
      userId: u.id,
      name: u.name,
      role: 'officer',
      personId: 'ops',
      actor: `user:${u.username}`,
    });
  });

  it('verifies a dummy hash for an unknown user name, and gives every failure the same error', async () => {
    const u = await fresh();
    await services.users.disable((await fresh({ username: `${u.username}-off` })).id, 'test');
    for (const [username, password] of [
      ['no-such-user', PASSWORD],
      ['NOT VALID !', PASSWORD],
      [u.username, 'the wrong password'],
      [`${u.username}-off`, PASSWORD],
    ] as const) {
      const before = verifications;
      const err = await services.users.signIn({ username, password, ip: `203.0.113.${n++}` }).catch((e) => e);
      expect(err).toBeInstanceOf(VigilError);
      expect(err.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(err.message).toBe('the user name or password is wrong');
      expect(verifications - before, username).toBe(1);
    }
  });

  it('backs off a user name at one address exponentially, never at another address', async () => {
    const u = await fresh();
    const from = ip();
    const attempt = (password: string, address = from) =>
      services.users.signIn({ username: u.username, password, ip: address });
    for (let i = 0; i < 3; i++)
      expect(await codeOf(attempt('wrong wrong wrong'))).toBe('AUTH_INVALID_CREDENTIALS');
    const before = verifications;
    const err = await attempt(PASSWORD).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterSeconds).toBe(1);
    expect(verifications).toBe(before); // refused before any hashing
    // The real user, elsewhere, is not slowed at all.
    await attempt(PASSWORD, '192.0.2.77');
    now += 1000;
    expect(await codeOf(attempt('wrong wrong wrong'))).toBe('AUTH_INVALID_CREDENTIALS');
    expect(((await attempt(PASSWORD).catch((e) => e)) as RateLimitedError).retryAfterSeconds).toBe(2);
    now += 2000;
    expect(await codeOf(attempt('wrong wrong wrong'))).toBe('AUTH_INVALID_CREDENTIALS');
    expect(((await attempt(PASSWORD).catch((e) => e)) as RateLimitedError).retryAfterSeconds).toBe(4);
    now += 4000;
    await attempt(PASSWORD); // a success clears the backoff
    expect(await codeOf(attempt('wrong wrong wrong'))).toBe('AUTH_INVALID_CREDENTIALS');
    expect(await codeOf(attempt(PASSWORD))).toBe(null);
  });

  it('lets no more guesses through than the limit when attempts arrive at once', async () => {
    const u = await fresh();
    const before = verifications;
    const codes = await Promise.all(
      Array.from({ length: 8 }, () =>
        codeOf(services.users.signIn({ username: u.username, password: 'wrong wrong wrong', ip: ip() })),
      ),
    );
    expect(codes.filter((c) => c === 'AUTH_INVALID_CREDENTIALS').length).toBeLessThanOrEqual(3);
    expect(codes.filter((c) => c !== 'AUTH_INVALID_CREDENTIALS').every((c) => c === 'RATE_LIMITED')).toBe(
      true,
    );
    expect(verifications - before).toBeLessThanOrEqual(3);
  });

  it('limits failures per address across user names', async () => {
    const u = await fresh();
    for (let i = 0; i < 10; i++) {
      await codeOf(
        services.users.signIn({ username: `ghost-${i}`, password: 'whatever-1234', ip: '192.0.2.200' }),
      );
    }
    const err = await services.users
      .signIn({ username: u.username, password: PASSWORD, ip: '192.0.2.200' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    await services.users.signIn({ username: u.username, password: PASSWORD, ip: '192.0.2.201' });
  });
});

describe('sessions', () => {
  it('end on sign-out, and sign-out everywhere ends all of the user', async () => {
    const u = await fresh();
    const a = await services.users.signIn({ username: u.username, password: PASSWORD, ip: ip() });
    const b = await services.users.signIn({ username: u.username, password: PASSWORD, ip: ip() });
    const c = await services.users.signIn({ username: u.username, password: PASSWORD, ip: ip() });
    await services.users.signOut(a.context);
    expect(await codeOf(services.users.authenticate(a.secret))).toBe('AUTH_REQUIRED');
    await services.users.authenticate(b.secret);
    expect(await services.users.signOutEverywhere(b.context)).toBe(2);
    expect(await codeOf(services.users.authenticate(b.secret))).toBe('AUTH_REQUIRED');
    expect(await codeOf(services.users.authenticate(c.secret))).toBe('AUTH_REQUIRED');
  });

  it('end when the user is disabled or their password reset', async () => {
    const u = await fresh();
    const a = await services.users.signIn({ username: u.username, password: PASSWORD, ip: ip() });
    await services.users.resetPassword(u.id, 'another fine password', 'test');
    expect(await codeOf(services.users.authenticate(a.secret))).toBe('AUTH_REQUIRED');
    const b = await services.users.signIn({
      username: u.username,
      password: 'another fine password',
      ip: ip(),
    });
    const disabled = await services.users.disable(u.id, 'test');
    expect(disabled.disabledAt).toBe(now);
    expect(await codeOf(services.users.authenticate(b.secret))).toBe('AUTH_REQUIRED');
    const events = await services.audit.list({ type: 'user.disabled', limit: 100 });
    expect(events.find((e) => e.payload.id === u.id)?.payload.sessionsRevoked).toBe(1);
  });

  it('end after the idle timeout; requests move lastSeenAt at most once a minute', async () => {
    const u = await fresh();
    const { secret, context } = await services.users.signIn({
      username: u.username,
      password: PASSWORD,
      ip: ip(),
    });
    now += 30_000;
    expect((await services.users.authenticate(secret)).session.lastSeenAt).toBe(context.session.lastSeenAt);
    now += 29 * MIN;
    expect((await services.users.authenticate(secret)).session.lastSeenAt).toBe(now);
    now += 30 * MIN;
    expect(await codeOf(services.users.authenticate(secret))).toBe('AUTH_REQUIRED');
  });

  it('end at the absolute lifetime', async () => {
    const u = await fresh();
    const { secret } = await services.users.signIn({ username: u.username, password: PASSWORD, ip: ip() });
    for (let i = 0; i < 16; i++) {
      now += 29 * MIN;
      if ((i + 1) * 29 < 480) await services.users.authenticate(secret);
      else expect(await codeOf(services.users.authenticate(secret))).toBe('AUTH_REQUIRED');
    }
  });

  it('refuse malformed cookies before touching the database', async () => {
    for (const s of ['', 'short', 'x'.repeat(44), 'a/b+c'.padEnd(43, 'x')]) {
      expect(await codeOf(services.users.authenticate(s))).toBe('AUTH_REQUIRED');
    }
  });
});

describe('the start admin', () => {
  it('is created once, then gets a fresh password at each start (the old one stops working)', async () => {
    const started = await services.users.ensureStartAdmin();
    if (started === null) throw new Error('no start admin');
    const first = started;
    expect(first.username).toBe('admin');
    const s = await services.users.signIn({ username: 'admin', password: first.password, ip: '192.0.2.99' });
    const second = await services.users.ensureStartAdmin();
    expect(second?.password).not.toBe(first.password);
    expect(await codeOf(services.users.authenticate(s.secret))).toBe('AUTH_REQUIRED');
    expect(
      await codeOf(services.users.signIn({ username: 'admin', password: first.password, ip: '192.0.2.98' })),
    ).toBe('AUTH_INVALID_CREDENTIALS');
    await services.users.signIn({ username: 'admin', password: second?.password ?? '', ip: '192.0.2.97' });
    expect((await services.users.list()).filter((u) => u.username === 'admin')).toHaveLength(1);
  });

  it('is left alone (no password) once someone disabled it', async () => {
    const admin = (await services.users.list()).find((u) => u.username === 'admin');
    if (admin === undefined) throw new Error('no admin');
    await services.users.disable(admin.id, 'test');
    expect(await services.users.ensureStartAdmin()).toBeNull();
    expect((await services.users.list()).find((u) => u.username === 'admin')?.disabledAt).not.toBeNull();
  });
});
