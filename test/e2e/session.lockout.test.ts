/**
 * Failed sign-ins slow an attacker without locking the real user out. Failures of a user name
 * from one address back off exponentially at that address only: the real user signing in from
 * another address, or already signed in, is not slowed. (Five failures used to lock the user
 * name for 15 minutes everywhere: anyone could keep an officer out of the dashboard.)
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

const PASSWORD = 'correct horse battery staple';
let now = Date.parse('2026-11-20T09:00:00Z');
const clock = { now: () => now };
let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t?.close());

async function user(): Promise<string> {
  n++;
  const person = await t.services.inventory.createPerson({ name: `Olive ${n}`, kind: 'operator' }, 'test');
  const username = `olive-${n}`;
  await t.services.users.create(
    { username, name: `Olive ${n}`, role: 'officer', personId: person.id, password: PASSWORD },
    'test',
  );
  return username;
}

const signIn = (username: string, password: string, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, password },
    remoteAddress: ip,
  });
const cookieOf = (res: LightMyRequestResponse) =>
  `vigil_session=${/vigil_session=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1] ?? ''}`;

describe('an attacker guessing a password', () => {
  it('does not lock the real user out, neither a new sign-in elsewhere nor a session they hold', async () => {
    const username = await user();
    const held = await signIn(username, PASSWORD, '192.0.2.10');
    expect(held.statusCode).toBe(200);
    const codes: number[] = [];
    for (let i = 0; i < 30; i++)
      codes.push((await signIn(username, `guess number ${i}!`, '203.0.113.66')).statusCode);
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(new Set(codes.slice(3))).toEqual(new Set([429]));
    // The real user, from their own address: straight in.
    const fresh = await signIn(username, PASSWORD, '192.0.2.10');
    expect(fresh.statusCode, fresh.body).toBe(200);
    // And the session they already held still works.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: cookieOf(held) },
    });
    expect(me.statusCode).toBe(200);
  });

  it('makes the attacker wait twice as long after each further failure, and refuses before checking', async () => {
    const username = await user();
    const from = '203.0.113.77';
    for (let i = 0; i < 3; i++) expect((await signIn(username, 'wrong guess!!', from)).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      // Even the right password is refused while backing off: a guess then tells nothing.
      const limited = await signIn(username, PASSWORD, from);
      expect([limited.statusCode, limited.json().error.code]).toEqual([429, 'RATE_LIMITED']);
      const wait = Number(limited.headers['retry-after']);
      waits.push(wait);
      now += wait * 1000;
      expect((await signIn(username, 'wrong guess!!', from)).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    now += 16_000;
    expect((await signIn(username, PASSWORD, from)).statusCode).toBe(200); // and a success clears it
    expect((await signIn(username, 'wrong guess!!', from)).statusCode).toBe(401);
  });
});
