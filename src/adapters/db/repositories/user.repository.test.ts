/**
 * The contract of the user, session and sign-in failure repositories, on PGlite, or on
 * PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.ts';
import { VigilError } from '../../../core/errors.ts';
import type { SessionRecord, UserRecord } from '../../../services/access/ports.ts';
import type { Repositories } from '../../../services/kernel/ports.ts';
import type { Database } from '../client.ts';
import { person } from '../repositories.contract.ts';

const T = Date.UTC(2026, 0, 10, 9, 0, 0, 123);
const MIN = 60_000;

let db: Database;
const run = <X>(fn: (r: Repositories) => Promise<X>) => db.uow.run(fn);

beforeAll(async () => {
  db = await openTestDatabase();
  await run((r) => r.people.insert(person('p-staff')));
});
afterAll(() => db?.close());

const user = (id: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id,
  username: `name-${id}`,
  name: `User ${id}`,
  role: 'officer',
  personId: null,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  createdAt: T,
  createdBy: 'test',
  passwordChangedAt: T,
  disabledAt: null,
  ...over,
});

const session = (id: string, userId: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  userId,
  secretHash: `secret-${id}`,
  csrfHash: `csrf-${id}`,
  createdAt: T,
  lastSeenAt: T,
  expiresAt: T + 60 * MIN,
  revokedAt: null,
  ip: '192.0.2.1',
  pendingFactor: null,
  ...over,
});

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return null;
  } catch (err) {
    return err instanceof VigilError ? err.code : String(err);
  }
};

describe('users', () => {
  it('stores and reads a user by id and by user name, with every field', async () => {
    const u = user('u1', { role: 'staff', personId: 'p-staff' });
    await run((r) => r.users.insert(u));
    expect(await run((r) => r.users.get('u1'))).toEqual(u);
    expect(await run((r) => r.users.getByUsername('name-u1'))).toEqual(u);
    expect(await run((r) => r.users.get('none'))).toBeNull();
    expect(await run((r) => r.users.getByUsername('none'))).toBeNull();
  });

  it('refuses a second user with the same user name as USER_EXISTS', async () => {
    await run((r) => r.users.insert(user('u2')));
    expect(await code(run((r) => r.users.insert(user('u2b', { username: 'name-u2' }))))).toBe('USER_EXISTS');
  });

  it('refuses a staff user without a person and the ingest role as USER_INVALID', async () => {
    expect(await code(run((r) => r.users.insert(user('u3', { role: 'staff' }))))).toBe('USER_INVALID');
    const ingest = user('u4', { role: 'ingest' as UserRecord['role'] });
    expect(await code(run((r) => r.users.insert(ingest)))).toBe('USER_INVALID');
  });

  it('lists by user name; sets passwords; disables once', async () => {
    await run(async (r) => {
      await r.users.insert(user('u5', { username: 'zz-last' }));
      await r.users.insert(user('u6', { username: 'aa-first' }));
    });
    const names = (await run((r) => r.users.list())).map((u) => u.username);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('aa-first');
    expect(await run((r) => r.users.setPassword('u5', '$argon2id$new', T + MIN))).toBe(true);
    expect(await run((r) => r.users.setPassword('none', '$argon2id$new', T))).toBe(false);
    expect(await run((r) => r.users.get('u5'))).toMatchObject({
      passwordHash: '$argon2id$new',
      passwordChangedAt: T + MIN,
    });
    expect(await run((r) => r.users.disable('u5', T + 2 * MIN))).toBe(true);
    expect(await run((r) => r.users.disable('u5', T + 3 * MIN))).toBe(false);
    expect((await run((r) => r.users.get('u5')))?.disabledAt).toBe(T + 2 * MIN);
  });
});

describe('sessions', () => {
  beforeAll(async () => {
    await run(async (r) => {
      await r.users.insert(user('su1'));
      await r.users.insert(user('su2'));
    });
  });

  it('finds a session by its secret hash, with its user', async () => {
    const s = session('s1', 'su1');
    await run((r) => r.sessions.insert(s));
    const found = await run((r) => r.sessions.getBySecretHash('secret-s1'));
    expect(found?.session).toEqual(s);
    expect(found?.user.id).toBe('su1');
    expect(await run((r) => r.sessions.getBySecretHash('nope'))).toBeNull();
  });

  it('touches, revokes once, and revokes all of one user only', async () => {
    await run(async (r) => {
      for (const id of ['s2', 's3']) await r.sessions.insert(session(id, 'su1'));
      await r.sessions.insert(session('s4', 'su2'));
    });
    await run((r) => r.sessions.touch('s2', T + 5 * MIN));
    expect((await run((r) => r.sessions.getBySecretHash('secret-s2')))?.session.lastSeenAt).toBe(T + 5 * MIN);
    expect(await run((r) => r.sessions.revoke('s2', T + 6 * MIN))).toBe(true);
    expect(await run((r) => r.sessions.revoke('s2', T + 7 * MIN))).toBe(false);
    // s1 and s3 are still live (s2 already revoked): two.
    expect(await run((r) => r.sessions.revokeAllFor('su1', T + 8 * MIN))).toBe(2);
    expect((await run((r) => r.sessions.getBySecretHash('secret-s3')))?.session.revokedAt).toBe(T + 8 * MIN);
    expect((await run((r) => r.sessions.getBySecretHash('secret-s4')))?.session.revokedAt).toBeNull();
  });

  it('prunes sessions that ended before the instant, and keeps live ones', async () => {
    await run(async (r) => {
      await r.sessions.insert(session('s5', 'su2', { expiresAt: T + MIN }));
      await r.sessions.insert(session('s6', 'su2', { expiresAt: T + 600 * MIN }));
    });
    await run((r) => r.sessions.prune(T + 2 * MIN));
    expect(await run((r) => r.sessions.getBySecretHash('secret-s5'))).toBeNull();
    expect(await run((r) => r.sessions.getBySecretHash('secret-s6'))).not.toBeNull();
  });
});

describe('sign-in failures', () => {
  it('counts per key since an instant, with the oldest and newest, leaving out given rows; clears and prunes', async () => {
    let second: number[] = [];
    await run(async (r) => {
      await r.signInFailures.record(['user:a', 'ip:x'], T);
      second = await r.signInFailures.record(['user:a', 'ip:x'], T + MIN);
      await r.signInFailures.record(['user:b', 'ip:x'], T + 2 * MIN);
      await r.signInFailures.record([], T);
    });
    const count = (key: string, since: number, excluding?: number[]) =>
      run((r) => r.signInFailures.count(key, since, excluding));
    expect(await count('user:a', T)).toEqual({ count: 2, oldest: T, newest: T + MIN });
    expect(await count('user:a', T + 1)).toEqual({ count: 1, oldest: T + MIN, newest: T + MIN });
    expect(await count('user:a', T, second)).toEqual({ count: 1, oldest: T, newest: T });
    expect(await count('ip:x', T)).toEqual({ count: 3, oldest: T, newest: T + 2 * MIN });
    expect(await count('user:none', T)).toEqual({ count: 0, oldest: null, newest: null });
    await run((r) => r.signInFailures.clear('user:a'));
    expect((await count('user:a', 0)).count).toBe(0);
    await run((r) => r.signInFailures.prune(T + MIN + 1));
    expect(await count('ip:x', 0)).toEqual({ count: 1, oldest: T + 2 * MIN, newest: T + 2 * MIN });
  });
});

describe('single sign-on: roles and identities', () => {
  it('sets a role; refuses staff without a person as USER_INVALID', async () => {
    await run((r) => r.users.insert(user('u20')));
    expect(await run((r) => r.users.setRole('u20', 'admin'))).toBe(true);
    expect((await run((r) => r.users.get('u20')))?.role).toBe('admin');
    expect(await run((r) => r.users.setRole('none', 'admin'))).toBe(false);
    expect(await code(run((r) => r.users.setRole('u20', 'staff')))).toBe('USER_INVALID');
  });

  it('links an identity to one user; the same issuer and subject twice is IDENTITY_EXISTS', async () => {
    await run((r) => r.users.insert(user('u21')));
    const identity = {
      issuer: 'https://idp.example',
      subject: 's-1',
      userId: 'u21',
      createdAt: T,
      createdBy: 'test',
    };
    await run((r) => r.identities.insert(identity));
    expect(await run((r) => r.identities.get('https://idp.example', 's-1'))).toEqual(identity);
    // Subjects are per issuer: another issuer's s-1 is another person.
    expect(await run((r) => r.identities.get('https://other.example', 's-1'))).toBeNull();
    await run((r) => r.identities.insert({ ...identity, issuer: 'https://other.example' }));
    expect(await code(run((r) => r.identities.insert({ ...identity, userId: 'u20' })))).toBe(
      'IDENTITY_EXISTS',
    );
  });
});
