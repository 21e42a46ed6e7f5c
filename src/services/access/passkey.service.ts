/**
 * Passkeys (WebAuthn) as the second factor of a dashboard session.
 *
 * A signed-in user registers a passkey: the service hands out a challenge (32 random bytes,
 * stored server side for this session and purpose, single use: taken from the store before the
 * answer is checked, whatever the outcome; expired after `challengeTtlMs`), the browser has the
 * authenticator sign it, and the verified public key is stored.
 *
 * Where the configuration requires passkeys for the user's role, the password alone yields a
 * session that is still pending (SessionRecord.pendingFactor): `passkey` when the user has one,
 * `passkey-registration` when they have none yet. The HTTP auth hook lets a pending session call
 * only the passkey routes (and sign-out). Asserting a passkey of the session's own user (right
 * origin, relying party, challenge, signature, and a signature counter that went up, set by
 * compare-and-set so two uses of one answer cannot both pass) completes the session; so does
 * registering the first passkey. Every outcome is audited.
 *
 * The cryptography (CBOR, COSE keys, attestation, signatures) sits behind the WebAuthnVerifier
 * port; the policy (challenges, ownership, counter, session state) is here.
 */
import { VigilError } from '../../core/errors.ts';
import type { Clock, IdSource, RandomSource, UnitOfWork } from '../kernel/ports.ts';
import type {
  ChallengePurpose,
  PasskeyRecord,
  PendingFactor,
  UserRecord,
  UserRole,
  WebAuthnVerifier,
} from './ports.ts';
import type { SessionContext } from './user.service.ts';

/** The audit event of a passkey registered or proved in a session. */
function passkeyEvent(
  type: 'passkey.registered' | 'passkey.verified',
  ctx: SessionContext,
  passkeyId: string,
  now: number,
) {
  return {
    type,
    at: now,
    actor: ctx.caller.actor,
    subject: `user:${ctx.user.id}`,
    payload: { passkeyId, userId: ctx.user.id, username: ctx.user.username, sessionId: ctx.session.id },
  };
}

export interface PasskeySettings {
  /** The relying party id: the host name users reach Vigil at (no scheme, no port). */
  readonly rpId: string;
  /** The exact origin the browser reports (`https://vigil.example.org`, `http://localhost:8080`). */
  readonly origin: string;
  readonly rpName?: string;
  /** Roles that must prove a passkey after the password; empty: passkeys are optional. */
  readonly requiredFor: readonly UserRole[];
  /** How long a challenge may be answered. Default 5 minutes. */
  readonly challengeTtlMs?: number;
}

export const DEFAULT_PASSKEYS: PasskeySettings = {
  rpId: 'localhost',
  origin: 'http://localhost:8080',
  requiredFor: [],
};

const DEFAULT_CHALLENGE_TTL_MS = 5 * 60_000;

/** The factor a password sign-in leaves pending for this user, given how many passkeys they have. */
export function pendingFactorFor(
  settings: Pick<PasskeySettings, 'requiredFor'>,
  user: UserRecord,
  passkeys: number,
): PendingFactor | null {
  if (!settings.requiredFor.includes(user.role)) return null;
  return passkeys > 0 ? 'passkey' : 'passkey-registration';
}

/** An answer from the browser: what the service reads of it before the verifier parses the rest. */
export interface PasskeyAnswer {
  readonly id: string;
}

export class PasskeyService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #random: RandomSource;
  readonly #verifier: WebAuthnVerifier | undefined;
  readonly #settings: PasskeySettings;
  readonly #ttl: number;

  constructor(deps: {
    uow: UnitOfWork;
    clock: Clock;
    ids: IdSource;
    random: RandomSource;
    auth?: { passkeys?: PasskeySettings; webauthn?: WebAuthnVerifier } | undefined;
  }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#random = deps.random;
    this.#verifier = deps.auth?.webauthn;
    this.#settings = deps.auth?.passkeys ?? DEFAULT_PASSKEYS;
    this.#ttl = this.#settings.challengeTtlMs ?? DEFAULT_CHALLENGE_TTL_MS;
  }

  get settings(): PasskeySettings {
    return this.#settings;
  }

  #webauthn(): WebAuthnVerifier {
    // Wired in runtime.ts and the test harness; a bundle built without it has no passkeys.
    if (this.#verifier === undefined)
      throw new Error('no WebAuthn verifier was configured (ServiceDeps.auth)');
    return this.#verifier;
  }

  /** The signed-in user's passkeys. */
  list(ctx: SessionContext): Promise<PasskeyRecord[]> {
    return this.#uow.read((tx) => tx.passkeys.listFor(ctx.user.id));
  }

  async #challenge(ctx: SessionContext, purpose: ChallengePurpose): Promise<string> {
    const challenge = Buffer.from(this.#random.bytes(32)).toString('base64url');
    const now = this.#clock.now();
    await this.#uow.run(async (tx) => {
      await tx.passkeys.pruneChallenges(now);
      await tx.passkeys.putChallenge({
        sessionId: ctx.session.id,
        purpose,
        challenge,
        expiresAt: now + this.#ttl,
      });
    });
    return challenge;
  }

  /** Takes the session's challenge for the purpose (it is gone after this), or null when none is live. */
  async #take(ctx: SessionContext, purpose: ChallengePurpose): Promise<string | null> {
    const taken = await this.#uow.run((tx) => tx.passkeys.takeChallenge(ctx.session.id, purpose));
    if (taken === null || this.#clock.now() >= taken.expiresAt) return null;
    return taken.challenge;
  }

  async #refuse(ctx: SessionContext, reason: string): Promise<never> {
    const now = this.#clock.now();
    await this.#uow.run((tx) =>
      tx.audit.append({
        type: 'passkey.failed',
        at: now,
        actor: ctx.caller.actor,
        subject: `user:${ctx.user.id}`,
        payload: { userId: ctx.user.id, username: ctx.user.username, sessionId: ctx.session.id, reason },
      }),
    );
    throw new VigilError('PASSKEY_INVALID', `the passkey was refused: ${reason}`);
  }

  /** PublicKeyCredentialCreationOptionsJSON for the browser (@simplewebauthn/browser startRegistration). */
  async registrationOptions(ctx: SessionContext) {
    const existing = await this.list(ctx);
    const challenge = await this.#challenge(ctx, 'registration');
    return {
      challenge,
      rp: { id: this.#settings.rpId, name: this.#settings.rpName ?? 'Vigil' },
      user: {
        id: Buffer.from(ctx.user.id).toString('base64url'),
        name: ctx.user.username,
        displayName: ctx.user.name,
      },
      // ES256 and RS256: what every platform and roaming authenticator offers.
      pubKeyCredParams: [
        { type: 'public-key' as const, alg: -7 },
        { type: 'public-key' as const, alg: -257 },
      ],
      timeout: this.#ttl,
      attestation: 'none' as const,
      excludeCredentials: existing.map((p) => ({
        id: p.credentialId,
        type: 'public-key' as const,
        transports: [...p.transports],
      })),
      authenticatorSelection: { residentKey: 'preferred' as const, userVerification: 'preferred' as const },
    };
  }

  /** Verifies a registration answer and stores the passkey; completes a session pending registration. */
  async verifyRegistration(ctx: SessionContext, response: PasskeyAnswer): Promise<PasskeyRecord> {
    const challenge = await this.#take(ctx, 'registration');
    if (challenge === null) return this.#refuse(ctx, 'no live registration challenge');
    const verified = await this.#webauthn().verifyRegistration({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.#settings.origin,
      expectedRpId: this.#settings.rpId,
    });
    if (verified === null) return this.#refuse(ctx, 'the registration does not verify');
    const now = this.#clock.now();
    const passkey: PasskeyRecord = {
      id: this.#ids.next('pk'),
      userId: ctx.user.id,
      credentialId: verified.credentialId,
      publicKey: verified.publicKey,
      counter: verified.counter,
      transports: verified.transports,
      createdAt: now,
      lastUsedAt: null,
    };
    await this.#uow.run(async (tx) => {
      await tx.passkeys.insert(passkey);
      if (ctx.session.pendingFactor === 'passkey-registration')
        await tx.passkeys.completeSession(ctx.session.id);
      await tx.audit.append(passkeyEvent('passkey.registered', ctx, passkey.id, now));
    });
    return passkey;
  }

  /** PublicKeyCredentialRequestOptionsJSON for the browser (@simplewebauthn/browser startAuthentication). */
  async authenticationOptions(ctx: SessionContext) {
    const passkeys = await this.list(ctx);
    if (passkeys.length === 0) return this.#refuse(ctx, 'the user has no passkey');
    const challenge = await this.#challenge(ctx, 'authentication');
    return {
      challenge,
      rpId: this.#settings.rpId,
      timeout: this.#ttl,
      allowCredentials: passkeys.map((p) => ({
        id: p.credentialId,
        type: 'public-key' as const,
        transports: [...p.transports],
      })),
      userVerification: 'preferred' as const,
    };
  }

  /** Verifies an assertion by a passkey of the session's user; completes the session. */
  async verifyAuthentication(ctx: SessionContext, response: PasskeyAnswer): Promise<PasskeyRecord> {
    const challenge = await this.#take(ctx, 'authentication');
    if (challenge === null) return this.#refuse(ctx, 'no live authentication challenge');
    const passkey = await this.#uow.read((tx) => tx.passkeys.getByCredentialId(response.id));
    // One answer for "unknown" and "someone else's": which credentials exist is not the caller's business.
    if (passkey === null || passkey.userId !== ctx.user.id) {
      return this.#refuse(ctx, 'not a passkey of this user');
    }
    const result = await this.#webauthn().verifyAuthentication({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.#settings.origin,
      expectedRpId: this.#settings.rpId,
      credential: passkey,
    });
    if (result === null) return this.#refuse(ctx, 'the assertion does not verify');
    // A counter that does not go up means a cloned authenticator (or a replay); 0 and 0: it keeps none.
    if (!(result.newCounter > passkey.counter || (result.newCounter === 0 && passkey.counter === 0))) {
      return this.#refuse(ctx, 'the signature counter did not increase');
    }
    const now = this.#clock.now();
    const used = await this.#uow.run(async (tx) => {
      if (!(await tx.passkeys.useCounter(passkey.id, passkey.counter, result.newCounter, now))) return false;
      await tx.passkeys.completeSession(ctx.session.id);
      await tx.audit.append(passkeyEvent('passkey.verified', ctx, passkey.id, now));
      return true;
    });
    if (!used) return this.#refuse(ctx, 'the signature counter was already used');
    return { ...passkey, counter: result.newCounter, lastUsedAt: now };
  }
}
