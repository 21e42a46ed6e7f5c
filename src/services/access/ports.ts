/** The ports of the access context: what its services need from storage (adapters/db implements them). */
import type { Instant } from '../../core/time.ts';
import type { Role } from '../kernel/ports.ts';

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /**
   * The person behind the token (its user's): whose devices a staff token may see, and who
   * acts in two-person checks. Null for ingest tokens and unlinked tokens minted before.
   */
  readonly personId: string | null;
  /** The user it was minted for; null for ingest tokens (machines) and tokens minted before users owned them. */
  readonly userId: string | null;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  readonly secretHash: string;
  readonly createdAt: Instant;
  readonly createdBy: string;
  readonly revokedAt: Instant | null;
}

export interface TokenRepository {
  insert(token: TokenRecord): Promise<void>;
  get(id: string): Promise<TokenRecord | null>;
  list(): Promise<TokenRecord[]>;
  /** Returns false when the token does not exist or was already revoked. */
  revoke(id: string, at: Instant): Promise<boolean>;
}

/** Roles a person signing in may hold: every API role but `ingest` (machines only). */
export const USER_ROLES = ['admin', 'officer', 'technician', 'auditor', 'staff'] as const;

export type UserRole = (typeof USER_ROLES)[number];

export interface UserRecord {
  readonly id: string;
  /** Lower case, unique; what the person types to sign in. */
  readonly username: string;
  readonly name: string;
  readonly role: UserRole;
  /**
   * Who they are: required for every user created now (whose devices a staff user may see; the
   * person two-person checks compare). Null only for users created before, until linked.
   */
  readonly personId: string | null;
  /** argon2id PHC string. The password itself is never stored. */
  readonly passwordHash: string;
  readonly createdAt: Instant;
  readonly createdBy: string;
  readonly passwordChangedAt: Instant;
  readonly disabledAt: Instant | null;
}

export interface UserRepository {
  /** Throws USER_EXISTS when the id or the user name is taken. */
  insert(user: UserRecord): Promise<void>;
  get(id: string): Promise<UserRecord | null>;
  getByUsername(username: string): Promise<UserRecord | null>;
  /** Ordered by user name. */
  list(): Promise<UserRecord[]>;
  /** Returns false when there is no such user. */
  setPassword(id: string, passwordHash: string, at: Instant): Promise<boolean>;
  /** Links a user to the person they are; returns false when there is no such user. */
  setPerson(id: string, personId: string): Promise<boolean>;
  /** Returns false when there is no such user or it is already disabled. */
  disable(id: string, at: Instant): Promise<boolean>;
  /** Changes the role (single sign-on: the provider's claim decides it). False: no such user. */
  setRole(id: string, role: UserRole): Promise<boolean>;
}

/** An identity at an OpenID provider, linked to the Vigil user who signs in through it. */
export interface IdentityRecord {
  /** The provider's issuer identifier (`iss`), exactly as its ID tokens carry it. */
  readonly issuer: string;
  /** The provider's stable identifier of the person (`sub`), unique per issuer. */
  readonly subject: string;
  readonly userId: string;
  readonly createdAt: Instant;
  readonly createdBy: string;
}

export interface IdentityRepository {
  /** Throws IDENTITY_EXISTS when the issuer and subject are already linked. */
  insert(identity: IdentityRecord): Promise<void>;
  get(issuer: string, subject: string): Promise<IdentityRecord | null>;
}

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  /** SHA-256 (hex) of the opaque session secret in the cookie; the secret is never stored. */
  readonly secretHash: string;
  /** SHA-256 (hex) of the session's CSRF token. */
  readonly csrfHash: string;
  readonly createdAt: Instant;
  /** Last request seen (updated at most once a minute): the idle timeout counts from it. */
  readonly lastSeenAt: Instant;
  /** Absolute end of the session, whatever the activity. */
  readonly expiresAt: Instant;
  readonly revokedAt: Instant | null;
  /** Client address at sign-in. */
  readonly ip: string;
  /** What the session still owes after the password (null or absent: nothing, it is complete). */
  readonly pendingFactor?: PendingFactor | null;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  /** The session whose secret has this hash, with its user; null when there is none. */
  getBySecretHash(secretHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touch(id: string, at: Instant): Promise<void>;
  /** Returns false when there is no such session or it is already revoked. */
  revoke(id: string, at: Instant): Promise<boolean>;
  /** Revokes every unrevoked session of the user; returns how many. */
  revokeAllFor(userId: string, at: Instant): Promise<number>;
  /** Deletes sessions that ended (revoked or expired) before `before`. */
  prune(before: Instant): Promise<void>;
}

/** Failed sign-ins, counted per key (`user:<name>`, `ip:<address>`) over a sliding window. */
export interface SignInFailureRepository {
  /** Records one attempt per key; returns the rows' ids (for `forget`). */
  record(keys: readonly string[], at: Instant): Promise<number[]>;
  /** Forgets the attempts `record` returned (one that turned out not to be a failure). */
  forget(ids: readonly number[]): Promise<void>;
  /** Failures of `key` at or after `since` (but those `excluding`), the oldest and newest of them. */
  count(
    key: string,
    since: Instant,
    excluding?: readonly number[],
  ): Promise<{ count: number; oldest: Instant | null; newest: Instant | null }>;
  /** Forgets the failures of `key` (a successful sign-in clears its user name's). */
  clear(key: string): Promise<void>;
  /** Deletes failures older than `before`. */
  prune(before: Instant): Promise<void>;
}

/** Password hashing (argon2id). A port: the service never imports the native module. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a malformed hash; never throws for those. */
  verify(hash: string, password: string): Promise<boolean>;
  /**
   * How hard the password is to guess, 0 (trivial) to 4 (very hard), knowing the words the
   * user's own records give an attacker (user name, name).
   */
  strength(password: string, userInputs: readonly string[]): number;
}

/**
 * What a session may still owe after the password: its passkey, or (a user who must use one
 * but has none yet) the registration of a first passkey.
 */
export const PENDING_FACTORS = ['passkey', 'passkey-registration'] as const;

export type PendingFactor = (typeof PENDING_FACTORS)[number];

/** A registered WebAuthn credential. Binary values are base64url. */
export interface PasskeyRecord {
  readonly id: string;
  readonly userId: string;
  /** The credential id the authenticator chose; unique. */
  readonly credentialId: string;
  /** COSE public key. */
  readonly publicKey: string;
  /** The authenticator's signature counter as last seen (0: it keeps none). */
  readonly counter: number;
  readonly transports: readonly string[];
  readonly createdAt: Instant;
  readonly lastUsedAt: Instant | null;
}

export type ChallengePurpose = 'registration' | 'authentication';

/** A challenge handed out to one session for one purpose; single use (taken), expires. */
export interface PasskeyChallengeRecord {
  readonly sessionId: string;
  readonly purpose: ChallengePurpose;
  /** base64url. */
  readonly challenge: string;
  readonly expiresAt: Instant;
}

export interface PasskeyRepository {
  /** Throws PASSKEY_INVALID when the credential id is already registered. */
  insert(passkey: PasskeyRecord): Promise<void>;
  listFor(userId: string): Promise<PasskeyRecord[]>;
  getByCredentialId(credentialId: string): Promise<PasskeyRecord | null>;
  /** Sets the counter from `from` to `to` (compare and set); false when another use got there first. */
  useCounter(id: string, from: number, to: number, at: Instant): Promise<boolean>;
  /** Stores the session's challenge for the purpose, replacing any earlier one. */
  putChallenge(challenge: PasskeyChallengeRecord): Promise<void>;
  /** Removes and returns the session's challenge for the purpose (single use). */
  takeChallenge(sessionId: string, purpose: ChallengePurpose): Promise<PasskeyChallengeRecord | null>;
  /** Deletes challenges that expired before `before`. */
  pruneChallenges(before: Instant): Promise<void>;
  /** Clears the session's pending factor; false when there is no such session. */
  completeSession(sessionId: string): Promise<boolean>;
}

/** A registration answer that verified: the credential to store. */
export interface VerifiedRegistration {
  readonly credentialId: string;
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: readonly string[];
}

/**
 * WebAuthn verification (attestation and assertion: CBOR, COSE keys, signatures). A port: the
 * adapter wraps @simplewebauthn/server. Both return null for an answer that does not verify.
 */
export interface WebAuthnVerifier {
  verifyRegistration(input: {
    response: unknown;
    expectedChallenge: string;
    expectedOrigin: string;
    expectedRpId: string;
  }): Promise<VerifiedRegistration | null>;
  verifyAuthentication(input: {
    response: unknown;
    expectedChallenge: string;
    expectedOrigin: string;
    expectedRpId: string;
    credential: PasskeyRecord;
  }): Promise<{ newCounter: number } | null>;
}
