/**
 * Tokens: shown once, stored hashed, refused once revoked. Verification is cached briefly;
 * revocation is immediate in the revoking process and bounded by VERIFY_CACHE_MS elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { argon2Passwords } from '../../adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { VigilError } from '../../core/errors.ts';
import { createServices, type Services } from '../index.ts';
import type { Role, UnitOfWork } from '../kernel/ports.ts';
import type { UserRecord } from './ports.ts';
import { TokenService, VERIFY_CACHE_MS } from './token.service.ts';

let db: Database;
let now = Date.UTC(2026, 10, 1);
const clock = { now: () => now };
let a: TokenService;
let b: TokenService;
let services: Services;

beforeAll(async () => {
  db = await openTestDatabase();
  const deps = { uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom };
  services = createServices({ ...deps, auth: { passwords: argon2Passwords } });
  // Two services over one database stand for two Vigil processes.
  a = new TokenService({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  b = new TokenService({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
});

afterAll(async () => {
  await db.close();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof VigilError ? e.code : String(e)),
  );

describe('TokenService', () => {
  it('stores only a hash, and verifies the secret in constant time', async () => {
    const { token, record } = await a.create({ name: 'mdm', role: 'ingest' }, 'test');
    expect(record.secretHash).not.toContain(token.slice(-43)); // the secret: always the last 43 characters
    expect((await a.verify(token)).role).toBe('ingest');
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await codeOf(a.verify(forged))).toBe('AUTH_INVALID_TOKEN');
    expect(await codeOf(a.verify('vgl_nonsense'))).toBe('AUTH_INVALID_TOKEN');
  });

  it('refuses a revoked token at once in the revoking process, and within the cache time elsewhere', async () => {
    const { token, record } = await a.create({ name: 'connector', role: 'ingest' }, 'test');
    expect((await a.verify(token)).tokenId).toBe(record.id);
    expect((await b.verify(token)).tokenId).toBe(record.id); // b now remembers it
    await a.revoke(record.id, 'test');
    expect(await codeOf(a.verify(token))).toBe('AUTH_INVALID_TOKEN');
    now += VERIFY_CACHE_MS; // the other process reads it again
    expect(await codeOf(b.verify(token))).toBe('AUTH_INVALID_TOKEN');
  });

  it('reads a token once for the concurrent requests that miss the cache together', async () => {
    let reads = 0;
    // While set, a read's answer is held back until it resolves (a slow round trip).
    let hold: Promise<void> | null = null;
    const uow: UnitOfWork = {
      ...db.uow,
      read: async (fn) => {
        reads++;
        const held = hold;
        const result = await db.uow.read(fn);
        if (held !== null) await held;
        return result;
      },
    };
    const c = new TokenService({ uow, clock, ids: ulidIds(clock), random: systemRandom });
    const { token, record } = await a.create({ name: 'busy connector', role: 'ingest' }, 'test');
    const all = () => Promise.all(Array.from({ length: 32 }, () => c.verify(token)));
    expect((await all()).every((caller) => caller.tokenId === record.id)).toBe(true);
    expect(reads).toBe(1);
    now += VERIFY_CACHE_MS; // expired: read again, once
    await all();
    expect(reads).toBe(2);
    // A read that saw the token unrevoked answers after this process revoked it: the requests
    // waiting on it raced the revocation, but it is not remembered, so the next one is refused.
    now += VERIFY_CACHE_MS;
    let release = () => {};
    hold = new Promise((r) => {
      release = r;
    });
    const waiting = all();
    while (reads < 3) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50)); // the read has its (unrevoked) row
    hold = null;
    await c.revoke(record.id, 'test');
    release();
    await waiting;
    expect(await codeOf(c.verify(token))).toBe('AUTH_INVALID_TOKEN');
  });

  it('never remembers a forged secret for a real token id', async () => {
    const { token } = await a.create({ name: 'x', role: 'ingest' }, 'test');
    await a.verify(token);
    expect(await codeOf(a.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`))).toBe(
      'AUTH_INVALID_TOKEN',
    );
  });

  it('refuses to revoke twice', async () => {
    const { record } = await a.create({ name: 'y', role: 'ingest' }, 'test');
    await a.revoke(record.id, 'test');
    expect(await codeOf(a.revoke(record.id, 'test'))).toBe('TOKEN_NOT_FOUND');
  });
});

describe('tokens belong to users, and users to people', () => {
  let n = 0;
  const member = async (role: Exclude<Role, 'ingest'>): Promise<UserRecord> => {
    n++;
    const person = await services.inventory.createPerson({ name: `P ${n}`, kind: 'operator' }, 'test');
    return (
      await services.users.create({ username: `m${n}`, name: `M ${n}`, role, personId: person.id }, 'test')
    ).user;
  };
  const callerOf = async (user: UserRecord) => {
    const { token } = await services.tokens.create({ name: 'own', userId: user.id }, 'test');
    return services.tokens.verify(token);
  };

  it('gives a token its user, role and person; only an ingest token belongs to no one', async () => {
    const olive = await member('officer');
    const { token, record } = await services.tokens.create({ name: 'laptop', userId: olive.id }, 'test');
    expect(record).toMatchObject({ role: 'officer', userId: olive.id, personId: olive.personId });
    expect(await services.tokens.verify(token)).toMatchObject({
      userId: olive.id,
      personId: olive.personId,
      role: 'officer',
    });
    const t = services.tokens;
    expect(await codeOf(t.create({ name: 'x', role: 'officer' }, 'test'))).toBe('TOKEN_INVALID');
    expect(await codeOf(t.create({ name: 'x', role: 'admin', userId: olive.id }, 'test'))).toBe(
      'TOKEN_INVALID',
    );
    expect(await codeOf(t.create({ name: 'x', role: 'ingest', userId: olive.id }, 'test'))).toBe(
      'TOKEN_INVALID',
    );
    expect(await codeOf(t.create({ name: 'x', userId: 'usr_ghost' }, 'test'))).toBe('TOKEN_INVALID');
    await services.users.disable(olive.id, 'test');
    expect(await codeOf(t.create({ name: 'x', userId: olive.id }, 'test'))).toBe('TOKEN_INVALID');
  });

  it('mints only for the user who asks, in their role; an admin mints ingest tokens, nothing for others', async () => {
    const admin = await callerOf(await member('admin'));
    const officer = await member('officer');
    const asOfficer = await callerOf(officer);
    const own = await services.tokens.mint({ name: 'second' }, asOfficer);
    expect(own.record).toMatchObject({ role: 'officer', userId: officer.id, personId: officer.personId });
    const t = services.tokens;
    // The probe: an admin minting an officer's token, or an officer token for themselves.
    expect(await codeOf(t.mint({ name: 'x', userId: officer.id }, admin))).toBe('TOKEN_FOR_OTHER');
    expect(await codeOf(t.mint({ name: 'x', role: 'officer' }, admin))).toBe('TOKEN_FOR_OTHER');
    expect(await codeOf(t.mint({ name: 'x', role: 'admin' }, asOfficer))).toBe('TOKEN_FOR_OTHER');
    expect(await codeOf(t.mint({ name: 'x', role: 'ingest' }, asOfficer))).toBe('TOKEN_FOR_OTHER');
    const ingest = await t.mint({ name: 'mdm', role: 'ingest' }, admin);
    expect(ingest.record).toMatchObject({ role: 'ingest', userId: null, personId: null });
    expect((await t.mint({ name: 'admin-cli' }, admin)).record.role).toBe('admin');
  });

  it('keeps a token from before users owned tokens working, as no one: it mints nothing of its own', async () => {
    await db.uow.run((tx) =>
      tx.tokens.insert({
        id: 'legacy1',
        name: 'old officer token',
        role: 'officer',
        personId: null,
        userId: null,
        secretHash: 'f'.repeat(64),
        createdAt: now,
        createdBy: 'cli',
        revokedAt: null,
      }),
    );
    const legacy = {
      tokenId: 'legacy1',
      userId: null,
      name: 'old',
      role: 'officer',
      personId: null,
      actor: 'token:legacy1',
    } as const;
    expect(await codeOf(services.tokens.mint({ name: 'x' }, legacy))).toBe('TOKEN_FOR_OTHER');
    expect((await services.tokens.list()).find((t) => t.id === 'legacy1')?.revokedAt).toBeNull();
  });
});
