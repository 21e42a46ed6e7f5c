/**
 * The passkey service over a real database, with a stand-in WebAuthn verifier (the
 * cryptography is the adapter's, exercised by test/browser/passkeys.test.ts): which sign-ins
 * are left pending, challenges single use, per purpose and expiring, credentials of another
 * user refused, the signature counter required to go up, sessions completed, audit events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { argon2Passwords } from '../../adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';
import type { UserRole, WebAuthnVerifier } from './ports.ts';

const MIN = 60_000;
let now = Date.UTC(2026, 10, 20, 9);
const clock = { now: () => now };
let db: Database;
let services: Services;

/** What the stand-in authenticator sends: the challenge it signed, its credential id and counter. */
interface Answer {
  readonly id: string;
  readonly challenge: string;
  readonly counter: number;
}

/** Verifies what a real verifier would: the challenge and, for assertions, the credential. */
const verifier: WebAuthnVerifier = {
  async verifyRegistration({ response, expectedChallenge }) {
    const a = response as Answer;
    if (a.challenge !== expectedChallenge) return null;
    return { credentialId: a.id, publicKey: `key-of-${a.id}`, counter: a.counter, transports: ['internal'] };
  },
  async verifyAuthentication({ response, expectedChallenge, credential }) {
    const a = response as Answer;
    if (a.challenge !== expectedChallenge || a.id !== credential.credentialId) return null;
    return { newCounter: a.counter };
  },
};

beforeAll(async () => {
  db = await openTestDatabase();
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    auth: {
      passwords: argon2Passwords,
      webauthn: verifier,
      passkeys: { rpId: 'localhost', origin: 'http://localhost:8080', requiredFor: ['admin', 'officer'] },
    },
  });
});
afterAll(() => db?.close());

const PASSWORD = 'a perfectly fine password';
let n = 0;
const fresh = async (role: UserRole = 'officer') => {
  n++;
  const username = `pk${n}`;
  const kind = role === 'staff' ? 'staff' : 'operator';
  const person = await services.inventory.createPerson({ name: `P ${n}`, kind }, 'test');
  await services.users.create(
    { username, name: `P ${n}`, role, personId: person.id, password: PASSWORD },
    'test',
  );
  return username;
};
const signIn = (username: string) => services.users.signIn({ username, password: PASSWORD, ip: '127.0.0.1' });
/** The session as the next request sees it. */
const current = (secret: string) => services.users.authenticate(secret);

/** A user with one registered passkey (credential `cred-<name>`, counter `counter`), signed out. */
async function withPasskey(role: UserRole = 'officer', counter = 1) {
  const username = await fresh(role);
  const { secret } = await signIn(username);
  const ctx = await current(secret);
  const { challenge } = await services.passkeys.registrationOptions(ctx);
  await services.passkeys.verifyRegistration(ctx, { id: `cred-${username}`, challenge, counter } as Answer);
  return username;
}

describe('which sign-ins a passkey must complete', () => {
  it('leaves an officer without a passkey pending registration; registering completes the session', async () => {
    const username = await fresh();
    const { secret, context } = await signIn(username);
    expect(context.session.pendingFactor).toBe('passkey-registration');
    const ctx = await current(secret);
    expect(ctx.session.pendingFactor).toBe('passkey-registration');
    const options = await services.passkeys.registrationOptions(ctx);
    expect(options.rp).toEqual({ id: 'localhost', name: 'Vigil' });
    expect(options.user.name).toBe(username);
    const passkey = await services.passkeys.verifyRegistration(ctx, {
      id: 'cred-first',
      challenge: options.challenge,
      counter: 0,
    } as Answer);
    expect(passkey.credentialId).toBe('cred-first');
    expect((await current(secret)).session.pendingFactor).toBeNull();
    const events = await services.audit.list({ type: 'passkey.registered' });
    expect(events.map((e) => e.payload.passkeyId)).toContain(passkey.id);
  });

  it('leaves an officer with a passkey pending its proof, and a technician not at all', async () => {
    const officer = await withPasskey('officer');
    expect((await signIn(officer)).context.session.pendingFactor).toBe('passkey');
    const technician = await withPasskey('technician');
    expect((await signIn(technician)).context.session.pendingFactor).toBeNull();
  });
});

describe('proving a passkey', () => {
  it('completes the session once; the same challenge answered again is refused', async () => {
    const username = await withPasskey('admin', 1);
    const { secret } = await signIn(username);
    const ctx = await current(secret);
    const { challenge, allowCredentials } = await services.passkeys.authenticationOptions(ctx);
    expect(allowCredentials.map((c) => c.id)).toEqual([`cred-${username}`]);
    const answer = { id: `cred-${username}`, challenge, counter: 2 } as Answer;
    const used = await services.passkeys.verifyAuthentication(ctx, answer);
    expect(used.counter).toBe(2);
    expect((await current(secret)).session.pendingFactor).toBeNull();
    // Replayed (even with a higher counter): the challenge was taken by the first answer.
    expect(
      await codeOf(services.passkeys.verifyAuthentication(ctx, { ...answer, counter: 3 } as Answer)),
    ).toBe('PASSKEY_INVALID');
    const verified = await services.audit.list({ type: 'passkey.verified' });
    expect(verified.filter((e) => e.payload.username === username)).toHaveLength(1);
  });

  it('refuses an expired challenge, and a failed answer uses the challenge up', async () => {
    const username = await withPasskey();
    const { secret } = await signIn(username);
    const ctx = await current(secret);
    let { challenge } = await services.passkeys.authenticationOptions(ctx);
    now += 5 * MIN;
    const late = { id: `cred-${username}`, challenge, counter: 5 } as Answer;
    expect(await codeOf(services.passkeys.verifyAuthentication(ctx, late))).toBe('PASSKEY_INVALID');
    ({ challenge } = await services.passkeys.authenticationOptions(ctx));
    const wrong = { id: `cred-${username}`, challenge: 'not-it', counter: 5 } as Answer;
    expect(await codeOf(services.passkeys.verifyAuthentication(ctx, wrong))).toBe('PASSKEY_INVALID');
    const right = { id: `cred-${username}`, challenge, counter: 5 } as Answer;
    expect(await codeOf(services.passkeys.verifyAuthentication(ctx, right))).toBe('PASSKEY_INVALID');
    expect((await current(secret)).session.pendingFactor).toBe('passkey');
    const failed = await services.audit.list({ type: 'passkey.failed' });
    expect(failed.filter((e) => e.payload.username === username)).toHaveLength(3);
  });

  it('does not take a registration challenge for an assertion', async () => {
    const username = await withPasskey();
    const { secret } = await signIn(username);
    const ctx = await current(secret);
    const { challenge } = await services.passkeys.registrationOptions(ctx);
    const answer = { id: `cred-${username}`, challenge, counter: 9 } as Answer;
    expect(await codeOf(services.passkeys.verifyAuthentication(ctx, answer))).toBe('PASSKEY_INVALID');
  });

  it("refuses another user's passkey, even with a valid answer", async () => {
    const alice = await withPasskey();
    const bob = await withPasskey();
    const { secret } = await signIn(bob);
    const ctx = await current(secret);
    const { challenge } = await services.passkeys.authenticationOptions(ctx);
    const answer = { id: `cred-${alice}`, challenge, counter: 9 } as Answer;
    expect(await codeOf(services.passkeys.verifyAuthentication(ctx, answer))).toBe('PASSKEY_INVALID');
    expect((await current(secret)).session.pendingFactor).toBe('passkey');
  });

  it('refuses a counter that did not go up (a cloned authenticator), and accepts 0 after 0', async () => {
    const username = await withPasskey('officer', 7);
    const { secret } = await signIn(username);
    const ctx = await current(secret);
    for (const counter of [7, 6, 0]) {
      const { challenge } = await services.passkeys.authenticationOptions(ctx);
      const answer = { id: `cred-${username}`, challenge, counter } as Answer;
      expect(await codeOf(services.passkeys.verifyAuthentication(ctx, answer))).toBe('PASSKEY_INVALID');
    }
    const { challenge } = await services.passkeys.authenticationOptions(ctx);
    await services.passkeys.verifyAuthentication(ctx, {
      id: `cred-${username}`,
      challenge,
      counter: 8,
    } as Answer);
    expect((await current(secret)).session.pendingFactor).toBeNull();

    const counterless = await withPasskey('officer', 0);
    const s = await current((await signIn(counterless)).secret);
    const o = await services.passkeys.authenticationOptions(s);
    await services.passkeys.verifyAuthentication(s, {
      id: `cred-${counterless}`,
      challenge: o.challenge,
      counter: 0,
    } as Answer);
    expect((await services.passkeys.list(s))[0]?.lastUsedAt).toBe(now);
  });

  it('refuses a passkey registered twice', async () => {
    const username = await withPasskey('technician');
    const ctx = await current((await signIn(username)).secret);
    const { challenge } = await services.passkeys.registrationOptions(ctx);
    const again = { id: `cred-${username}`, challenge, counter: 0 } as Answer;
    expect(await codeOf(services.passkeys.verifyRegistration(ctx, again))).toBe('PASSKEY_INVALID');
  });
});
