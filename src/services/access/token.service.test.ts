/**
 * Tokens: shown once, stored hashed, refused once revoked. Verification is cached briefly;
 * revocation is immediate in the revoking process and bounded by VERIFY_CACHE_MS elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { VigilError } from '../../core/errors.ts';
import { TokenService, VERIFY_CACHE_MS } from './token.service.ts';

let db: Database;
let now = Date.UTC(2026, 10, 1);
const clock = { now: () => now };
let a: TokenService;
let b: TokenService;

beforeAll(async () => {
  db = await openTestDatabase();
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

  it('never remembers a forged secret for a real token id', async () => {
    const { token } = await a.create({ name: 'x', role: 'auditor' }, 'test');
    await a.verify(token);
    expect(await codeOf(a.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`))).toBe(
      'AUTH_INVALID_TOKEN',
    );
  });

  it('refuses to revoke twice', async () => {
    const { record } = await a.create({ name: 'y', role: 'auditor' }, 'test');
    await a.revoke(record.id, 'test');
    expect(await codeOf(a.revoke(record.id, 'test'))).toBe('TOKEN_NOT_FOUND');
  });
});
