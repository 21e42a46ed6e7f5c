/**
 * Dashboard users and their sign-in sessions: people who use the web dashboard sign in with a
 * password instead of carrying an API token.
 *
 * Passwords are hashed with argon2id by the injected PasswordHasher. A session is an opaque
 * 256-bit secret in an HttpOnly cookie, stored as its SHA-256 (high-entropy random data needs no
 * slow hash, like API tokens). Its CSRF token is derived from the secret (SHA-256 of a label and
 * the secret), so GET /session can hand it out again without storing it, and an attacker who
 * cannot read the cookie cannot compute it; the session row keeps only the token's own SHA-256.
 *
 * A session ends at the first of: sign-out, sign-out everywhere, the user being disabled or
 * their password reset, `idleMs` without a request, `lifetimeMs` after sign-in. Session checks
 * read the database on every request (no cache), so a revocation is immediate in every process.
 *
 * Failed sign-ins are slowed here rather than with @fastify/rate-limit: the limit is on
 * FAILURES (known only after the body is parsed), and the counts live in the database so every
 * Vigil process sharing it enforces one limit (an in-memory counter per process would multiply
 * it). Two keys, neither of which lets an attacker lock the real user out:
 * - per (user name, client address): after a few free failures each further one doubles the
 *   wait before the next attempt from that address for that name (exponential backoff, capped);
 *   a success clears it. The same name from another address is not slowed at all.
 * - per client address: a fixed allowance of failures in a window, whatever the names tried.
 * A user already signed in is never touched (failures do not end sessions). Guessing from many
 * addresses stays slow through argon2id and the strength check on every password set.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../../core/errors.ts';
import type { Instant } from '../../core/time.ts';
import { createPersonInTx } from '../inventory/inventory.service.ts';
import type { Tx } from '../kernel/command-service.ts';
import type { Clock, IdSource, RandomSource, Repositories, UnitOfWork } from '../kernel/ports.ts';
import { sha256 } from '../protocols/protocol.service.ts';
import { DEFAULT_PASSKEYS, type PasskeySettings, pendingFactorFor } from './passkey.service.ts';
import type {
  IdentityRecord,
  PasswordHasher,
  SessionRecord,
  UserRecord,
  UserRole,
  WebAuthnVerifier,
} from './ports.ts';
import type { Caller } from './token.service.ts';

export interface SignInLimits {
  /** Failures of one user name from one address before the backoff starts. */
  readonly freePerPair: number;
  /** The first backoff wait; each further failure doubles it. */
  readonly backoffMs: number;
  /** The longest backoff wait. */
  readonly maxBackoffMs: number;
  /** Failed sign-ins per client address within the window before 429. */
  readonly perIp: number;
  /** How long a failure counts (both keys). */
  readonly windowMs: number;
}

export interface AuthOptions {
  readonly passwords?: PasswordHasher;
  /** A session ends after this long without a request. Default 30 minutes. */
  readonly idleMs?: number;
  /** A session ends this long after sign-in, whatever the activity. Default 12 hours. */
  readonly lifetimeMs?: number;
  /** Default: 3 free failures per (name, address), then 1 s doubling up to 15 min; 20 per address in 15 minutes. */
  readonly limits?: Partial<SignInLimits>;
  /** Relying party, origin and the roles that must use a passkey (default: optional for all). */
  readonly passkeys?: PasskeySettings;
  /** WebAuthn verification (the adapter over @simplewebauthn/server). */
  readonly webauthn?: WebAuthnVerifier;
}

export const DEFAULT_IDLE_MS = 30 * 60_000;
export const DEFAULT_LIFETIME_MS = 12 * 3_600_000;
export const DEFAULT_LIMITS: SignInLimits = {
  freePerPair: 3,
  backoffMs: 1000,
  maxBackoffMs: 15 * 60_000,
  perIp: 20,
  windowMs: 15 * 60_000,
};
/** The least zxcvbn score (0 to 4) a chosen password must have: 3, "safely unguessable". */
export const PASSWORD_MIN_SCORE = 3;
/** lastSeenAt is written at most this often: one write per minute of activity, not per request. */
const TOUCH_EVERY_MS = 60_000;

export const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const PASSWORD_MIN = 12;
/** argon2 hashes any length, but a megabyte password per attempt is a cheap way to burn CPU. */
export const PASSWORD_MAX = 1024;
/** The cookie value: 32 random bytes, base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** 429 with the seconds after which an attempt may succeed (the HTTP layer sends Retry-After). */
export class RateLimitedError extends VigilError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `too many failed sign-ins; retry in ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface UserInput {
  readonly username: string;
  readonly name: string;
  readonly role: UserRole;
  /** The person the user is: required (null is refused too, for callers that are not typed). */
  readonly personId: string | null;
  /** Omitted: a random one is generated and returned once. */
  readonly password?: string | undefined;
}

/** A signed-in request: who, through which session, and the session's CSRF token. */
export interface SessionContext {
  readonly caller: Caller;
  readonly user: UserRecord;
  readonly session: SessionRecord;
  readonly csrfToken: string;
}

/** Who the provider vouched for, and the role its claim maps to (null: none). */
export interface ExternalSignIn {
  readonly issuer: string;
  readonly subject: string;
  readonly role: UserRole | null;
  /** Create a user at the first sign-in of an unlinked identity (else it is refused). */
  readonly provision: boolean;
  /** The provider's `preferred_username` and `name`, for a user created at first sign-in. */
  readonly preferredUsername?: string | undefined;
  readonly name?: string | undefined;
  readonly ip: string;
}

type RefusalCode = 'OIDC_NO_ROLE' | 'OIDC_NOT_LINKED' | 'OIDC_USER_DISABLED';
interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
}
const refusal = (code: RefusalCode, message: string): Refusal => ({ code, message });

/** The actor of what a first single sign-on creates. */
const SSO_ACTOR = 'sso';
/** The password hash of a user created by single sign-on: matches no password. */
const NO_PASSWORD = '!sso';

const csrfOf = (secret: string): string =>
  createHash('sha256').update(`vigil-csrf\0${secret}`).digest('base64url');

export class UserService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #random: RandomSource;
  readonly #passwords: PasswordHasher | undefined;
  readonly #idleMs: number;
  readonly #lifetimeMs: number;
  readonly #limits: SignInLimits;
  readonly #passkeys: PasskeySettings;
  /** Verified against for unknown user names, so they take as long as known ones. */
  #dummyHash: Promise<string> | null = null;

  constructor(deps: {
    uow: UnitOfWork;
    clock: Clock;
    ids: IdSource;
    random: RandomSource;
    auth?: AuthOptions | undefined;
  }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#random = deps.random;
    this.#passwords = deps.auth?.passwords;
    this.#idleMs = deps.auth?.idleMs ?? DEFAULT_IDLE_MS;
    this.#lifetimeMs = deps.auth?.lifetimeMs ?? DEFAULT_LIFETIME_MS;
    this.#limits = { ...DEFAULT_LIMITS, ...deps.auth?.limits };
    this.#passkeys = deps.auth?.passkeys ?? DEFAULT_PASSKEYS;
  }

  get sessionIdleMs(): number {
    return this.#idleMs;
  }

  get sessionLifetimeMs(): number {
    return this.#lifetimeMs;
  }

  #hasher(): PasswordHasher {
    // Wired in runtime.ts and the test harness; a service bundle built without it has no users.
    if (this.#passwords === undefined)
      throw new Error('no password hasher was configured (ServiceDeps.auth)');
    return this.#passwords;
  }

  #secret(bytes: number): string {
    return Buffer.from(this.#random.bytes(bytes)).toString('base64url');
  }

  /**
   * Checks a chosen password (length, then strength knowing the user's own words), or
   * generates one (24 characters, 144 bits).
   */
  #password(given: string | undefined, words: readonly string[]): { password: string; generated: boolean } {
    if (given === undefined) return { password: this.#secret(18), generated: true };
    if (given.length < PASSWORD_MIN || given.length > PASSWORD_MAX) {
      const message = `a password has ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;
      throw new VigilError('VALIDATION_FAILED', message, [{ path: 'password', message }]);
    }
    const score = this.#hasher().strength(given, words);
    if (score < PASSWORD_MIN_SCORE) {
      const message = `too easy to guess (strength ${score} of 4, at least ${PASSWORD_MIN_SCORE} needed): use a few unrelated words`;
      throw new VigilError('PASSWORD_WEAK', `the password is ${message}`, [{ path: 'password', message }]);
    }
    return { password: given, generated: false };
  }

  // ------------------------------------------------------------------ users

  /** Creates a user; returns the generated password when none was given (shown once). */
  async create(input: UserInput, actor: string): Promise<{ user: UserRecord; password: string | null }> {
    const username = input.username;
    if (!USERNAME.test(username)) {
      const message = 'a user name is 1 to 64 lower-case letters, digits, ".", "_" or "-"';
      throw new VigilError('VALIDATION_FAILED', message, [{ path: 'username', message }]);
    }
    if ((input.role as string) === 'ingest') {
      throw new VigilError('USER_INVALID', 'ingest is a role for machines: create a token instead', [
        { path: 'role', message: 'not a user role' },
      ]);
    }
    const personId = input.personId ?? null;
    // Separation of duties compares people: a credential that is no one could act as anyone.
    if (personId === null) {
      throw new VigilError('USER_INVALID', 'a user must name the person they are', [
        { path: 'personId', message: 'required: the person (kind operator for the security office)' },
      ]);
    }
    const { password, generated } = this.#password(input.password, [username, input.name]);
    const passwordHash = await this.#hasher().hash(password);
    const now = this.#clock.now();
    const user: UserRecord = {
      id: this.#ids.next('usr'),
      username,
      name: input.name,
      role: input.role,
      personId,
      passwordHash,
      createdAt: now,
      createdBy: actor,
      passwordChangedAt: now,
      disabledAt: null,
    };
    await this.#uow.run(async (tx) => {
      await requirePersonFor(tx, input.role, personId);
      if ((await tx.users.getByUsername(username)) !== null) {
        throw new VigilError('USER_EXISTS', `a user named ${username} already exists`, [
          { path: 'username', message: 'taken' },
        ]);
      }
      await tx.users.insert(user);
      await tx.audit.append({
        type: 'user.created',
        at: now,
        actor,
        subject: `user:${user.id}`,
        payload: { id: user.id, username, name: user.name, role: user.role, personId },
      });
    });
    return { user, password: generated ? password : null };
  }

  list(): Promise<UserRecord[]> {
    return this.#uow.run((tx) => tx.users.list());
  }

  get(id: string): Promise<UserRecord> {
    return this.#uow.run((tx) => requireUser(tx, id));
  }

  /** Disables a user: no more sign-ins, every session revoked at once. Idempotent. */
  disable(id: string, actor: string): Promise<UserRecord> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const user = await requireUser(tx, id);
      if (user.disabledAt !== null) return user;
      await tx.users.disable(id, now);
      const sessionsRevoked = await tx.sessions.revokeAllFor(id, now);
      await tx.audit.append({
        type: 'user.disabled',
        at: now,
        actor,
        subject: `user:${id}`,
        payload: { id, username: user.username, sessionsRevoked },
      });
      return { ...user, disabledAt: now };
    });
  }

  /**
   * Links a user created before every user had to be a person (or corrects the link). Their
   * existing sessions stay: the link only adds what they may do (two-person actions).
   */
  linkPerson(id: string, personId: string, actor: string): Promise<UserRecord> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const user = await requireUser(tx, id);
      await requirePersonFor(tx, user.role, personId);
      await tx.users.setPerson(id, personId);
      await tx.audit.append({
        type: 'user.linked',
        at: now,
        actor,
        subject: `user:${id}`,
        payload: { id, username: user.username, personId, previous: user.personId },
      });
      return { ...user, personId };
    });
  }

  /** Replaces a password (given, or generated and returned once) and revokes every session. */
  async resetPassword(
    id: string,
    given: string | undefined,
    actor: string,
  ): Promise<{ user: UserRecord; password: string | null }> {
    const target = await this.get(id);
    const { password, generated } = this.#password(given, [target.username, target.name]);
    const passwordHash = await this.#hasher().hash(password);
    const now = this.#clock.now();
    const user = await this.#uow.run(async (tx) => {
      const u = await requireUser(tx, id);
      await tx.users.setPassword(id, passwordHash, now);
      const sessionsRevoked = await tx.sessions.revokeAllFor(id, now);
      await tx.audit.append({
        type: 'user.password-reset',
        at: now,
        actor,
        subject: `user:${id}`,
        payload: { id, username: u.username, sessionsRevoked },
      });
      return { ...u, passwordHash, passwordChangedAt: now };
    });
    return { user, password: generated ? password : null };
  }

  /**
   * `vigil start` makes sure a demo admin `admin` exists and gives it a fresh random password
   * at each start (the previous one stops working, its sessions end), printed once.
   */
  async ensureStartAdmin(): Promise<{ username: string; password: string } | null> {
    const username = 'admin';
    const existing = await this.#uow.run((tx) => tx.users.getByUsername(username));
    if (existing === null) {
      const name = 'Demo Admin';
      const personId = await this.#uow.run(async (tx) => {
        const id = 'operator-admin';
        if ((await tx.people.get(id)) !== null) return id;
        const ctx = { actor: 'system', now: this.#clock.now() };
        return (await createPersonInTx(tx, id, { name, kind: 'operator' }, ctx)).id;
      });
      const { password } = await this.create({ username, name, role: 'admin', personId }, 'system');
      return { username, password: password ?? '' };
    }
    // Someone disabled `admin` or made it something else: a start must not undo that.
    if (existing.disabledAt !== null || existing.role !== 'admin') return null;
    const { password } = await this.resetPassword(existing.id, undefined, 'system');
    return { username, password: password ?? '' };
  }

  // ------------------------------------------------------------------ sessions

  /**
   * Seconds to wait before `attempt` may be tried, or null. The attempt's own rows are left out
   * of the counts; concurrent attempts see each other (each is committed before it is counted).
   */
  async #limited(
    tx: Repositories,
    pair: string,
    ip: string,
    attempt: readonly number[],
    now: Instant,
  ): Promise<number | null> {
    const l = this.#limits;
    const since = now - l.windowMs + 1;
    let retryAt: number | null = null;
    const byIp = await tx.signInFailures.count(ip, since, attempt);
    // A failure counts for exactly `windowMs`: gone at oldest + windowMs, when Retry-After points.
    if (byIp.count >= l.perIp && byIp.oldest !== null) retryAt = byIp.oldest + l.windowMs;
    const byPair = await tx.signInFailures.count(pair, since, attempt);
    if (byPair.count >= l.freePerPair && byPair.newest !== null) {
      const doublings = Math.min(byPair.count - l.freePerPair, 30);
      const wait = Math.min(l.backoffMs * 2 ** doublings, l.maxBackoffMs);
      retryAt = Math.max(retryAt ?? 0, byPair.newest + wait);
    }
    return retryAt === null || retryAt <= now ? null : Math.max(1, Math.ceil((retryAt - now) / 1000));
  }

  /**
   * Signs in: 429 RateLimitedError while this user name from this address is backing off, or
   * the address failed too often lately;
   * 401 AUTH_INVALID_CREDENTIALS for an unknown user name, a wrong password or a disabled user
   * (one answer, and about the same time: an unknown name is verified against a dummy hash).
   * Returns the cookie's secret (never stored) and the session's CSRF token.
   */
  async signIn(input: {
    username: string;
    password: string;
    ip: string;
  }): Promise<{ secret: string; context: SessionContext }> {
    const username = input.username.trim().toLowerCase();
    const pair = `pair:${input.ip} ${username}`;
    const ip = `ip:${input.ip}`;
    const before = this.#clock.now();
    // The attempt is recorded (committed) before it is counted and before the password is
    // checked: of concurrent attempts the k-th to commit sees the k-1 before it, so parallel
    // guesses cannot all pass under the limit. It stays as the failure, or is forgotten below.
    const attempt = await this.#uow.run((tx) => tx.signInFailures.record([pair, ip], before));
    const wait = await this.#uow.read((tx) => this.#limited(tx, pair, ip, attempt, before));
    if (wait !== null) {
      await this.#uow.run((tx) => tx.signInFailures.forget(attempt));
      throw new RateLimitedError(wait);
    }

    const user = USERNAME.test(username)
      ? await this.#uow.read((tx) => tx.users.getByUsername(username))
      : null;
    this.#dummyHash ??= this.#hasher().hash(this.#secret(18));
    const stored = user?.passwordHash ?? (await this.#dummyHash);
    const valid =
      input.password.length <= PASSWORD_MAX && (await this.#hasher().verify(stored, input.password));
    const now = this.#clock.now();
    if (user === null || !valid || user.disabledAt !== null) {
      await this.#uow.run(async (tx) => {
        await tx.signInFailures.prune(now - this.#limits.windowMs);
        await tx.audit.append({
          type: 'session.failed',
          at: now,
          actor: 'anonymous',
          subject: `username:${username}`,
          payload: { username, ip: input.ip },
        });
      });
      throw new VigilError('AUTH_INVALID_CREDENTIALS', 'the user name or password is wrong');
    }

    const fresh = this.#newSession(user.id, input.ip, now);
    const { secret, csrfToken } = fresh;
    let session = fresh.session;
    await this.#uow.run(async (tx) => {
      await tx.signInFailures.forget(attempt);
      await tx.signInFailures.clear(pair);
      await tx.sessions.prune(now - this.#lifetimeMs);
      // Where passkeys are required for the role, the password only opens a pending session.
      session = { ...session, pendingFactor: await this.#pendingFactor(tx, user) };
      await tx.sessions.insert(session);
      await tx.audit.append({
        type: 'session.started',
        at: now,
        actor: `user:${username}`,
        subject: `user:${user.id}`,
        payload: { sessionId: session.id, userId: user.id, username, ip: input.ip },
      });
    });
    return { secret, context: { caller: callerOf(user), user, session, csrfToken } };
  }

  /** What a new session of the user owes before it is complete (docs/adr/0027). */
  async #pendingFactor(tx: Repositories, user: UserRecord) {
    return pendingFactorFor(this.#passkeys, user, (await tx.passkeys.listFor(user.id)).length);
  }

  /** A new session of the user: the cookie's secret (never stored), its CSRF token, the row. */
  #newSession(userId: string, ip: string, now: Instant) {
    const secret = this.#secret(32);
    const csrfToken = csrfOf(secret);
    const session: SessionRecord = {
      id: this.#ids.next('ses'),
      userId,
      secretHash: sha256(secret),
      csrfHash: sha256(csrfToken),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.#lifetimeMs,
      revokedAt: null,
      ip,
    };
    return { secret, csrfToken, session };
  }

  /**
   * Signs in a person the OpenID provider vouched for (single sign-on, docs/adr/0025): the
   * same kind of session as a password sign-in. The identity (issuer, subject) must be linked
   * to a user, or, with `provision`, a first sign-in creates one with the mapped role and no
   * usable password. The mapped role (null: none) becomes the user's role. Refusals
   * (OIDC_NO_ROLE, OIDC_NOT_LINKED, OIDC_USER_DISABLED) are audited.
   */
  async signInExternal(input: ExternalSignIn): Promise<{ secret: string; context: SessionContext }> {
    const { issuer, subject, role, ip } = input;
    const now = this.#clock.now();
    const outcome = await this.#uow.run(
      async (
        tx,
      ): Promise<
        Refusal | { user: UserRecord; secret: string; csrfToken: string; session: SessionRecord }
      > => {
        if (role === null)
          return refusal('OIDC_NO_ROLE', 'your groups at the sign-in provider give you no Vigil role');
        const identity = await tx.identities.get(issuer, subject);
        let user: UserRecord;
        let previousRole: UserRole | null = null;
        if (identity !== null) {
          const linked = await requireUser(tx, identity.userId);
          if (linked.disabledAt !== null) return refusal('OIDC_USER_DISABLED', 'your Vigil user is disabled');
          if (role === 'staff' && linked.personId === null) {
            return refusal('OIDC_NO_ROLE', 'the staff role needs a person, and your Vigil user names none');
          }
          user = linked;
          if (linked.role !== role) {
            await tx.users.setRole(linked.id, role);
            previousRole = linked.role;
            user = { ...linked, role };
          }
        } else if (input.provision) {
          if (role === 'staff') {
            return refusal(
              'OIDC_NOT_LINKED',
              'a staff user must name their person: ask an admin to link you',
            );
          }
          user = await this.#provision(tx, input, role, now);
        } else {
          return refusal('OIDC_NOT_LINKED', 'your sign-in provider identity is linked to no Vigil user');
        }
        const fresh = this.#newSession(user.id, ip, now);
        const { secret, csrfToken } = fresh;
        // The provider vouches for the password step only: where passkeys are required for the
        // role, single sign-on opens a pending session too, as a password does.
        const session: SessionRecord = {
          ...fresh.session,
          pendingFactor: await this.#pendingFactor(tx, user),
        };
        await tx.sessions.prune(now - this.#lifetimeMs);
        await tx.sessions.insert(session);
        await tx.audit.append({
          type: 'session.oidc-started',
          at: now,
          actor: `user:${user.username}`,
          subject: `user:${user.id}`,
          payload: {
            sessionId: session.id,
            userId: user.id,
            username: user.username,
            issuer,
            subject,
            role,
            previousRole,
            provisioned: identity === null,
            ip,
          },
        });
        return { user, secret, csrfToken, session };
      },
    );
    if ('code' in outcome) {
      await this.#uow.run((tx) =>
        tx.audit.append({
          type: 'session.oidc-refused',
          at: now,
          actor: 'anonymous',
          subject: `oidc:${subject}`,
          payload: { issuer, subject, code: outcome.code, ip },
        }),
      );
      throw new VigilError(outcome.code, outcome.message);
    }
    const { user, secret, csrfToken, session } = outcome;
    return { secret, context: { caller: callerOf(user), user, session, csrfToken } };
  }

  /** Creates the user of a first single sign-on, linked to its identity. */
  async #provision(
    tx: Repositories,
    input: ExternalSignIn,
    role: UserRole,
    now: Instant,
  ): Promise<UserRecord> {
    let username: string | null = null;
    for (const candidate of usernameFor(input.issuer, input.subject, input.preferredUsername)) {
      if ((await tx.users.getByUsername(candidate)) === null) {
        username = candidate;
        break;
      }
    }
    if (username === null) {
      throw new VigilError('USER_EXISTS', 'no free user name for this identity: ask an admin to link you');
    }
    const user: UserRecord = {
      id: this.#ids.next('usr'),
      username,
      name: input.name?.trim() || username,
      role,
      personId: null,
      // Not a PHC string: no password verifies against it, until an admin sets one.
      passwordHash: NO_PASSWORD,
      createdAt: now,
      createdBy: SSO_ACTOR,
      passwordChangedAt: now,
      disabledAt: null,
    };
    await tx.users.insert(user);
    await tx.identities.insert({
      issuer: input.issuer,
      subject: input.subject,
      userId: user.id,
      createdAt: now,
      createdBy: SSO_ACTOR,
    });
    await tx.audit.append({
      type: 'user.created',
      at: now,
      actor: SSO_ACTOR,
      subject: `user:${user.id}`,
      payload: { id: user.id, username, name: user.name, role, personId: null },
    });
    return user;
  }

  /** Links an OpenID provider identity to a user (an admin's act): they may then sign in through it. */
  linkIdentity(
    id: string,
    identity: { issuer: string; subject: string },
    actor: string,
  ): Promise<IdentityRecord> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const user = await requireUser(tx, id);
      const record: IdentityRecord = { ...identity, userId: id, createdAt: now, createdBy: actor };
      await tx.identities.insert(record);
      await tx.audit.append({
        type: 'user.identity-linked',
        at: now,
        actor,
        subject: `user:${id}`,
        payload: { id, username: user.username, issuer: identity.issuer, subject: identity.subject },
      });
      return record;
    });
  }

  /**
   * The session a cookie names, or AUTH_REQUIRED when it is unknown, revoked, expired (idle
   * or absolute) or its user is disabled.
   */
  async authenticate(secret: string): Promise<SessionContext> {
    if (!SECRET.test(secret)) throw new VigilError('AUTH_REQUIRED', 'the session cookie is malformed');
    const found = await this.#uow.read((tx) => tx.sessions.getBySecretHash(sha256(secret)));
    const now = this.#clock.now();
    if (
      found === null ||
      found.session.revokedAt !== null ||
      found.user.disabledAt !== null ||
      now >= found.session.expiresAt ||
      now - found.session.lastSeenAt >= this.#idleMs
    ) {
      throw new VigilError('AUTH_REQUIRED', 'the session has ended: sign in again');
    }
    let session = found.session;
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      await this.#uow.read((tx) => tx.sessions.touch(session.id, now));
      session = { ...session, lastSeenAt: now };
    }
    return { caller: callerOf(found.user), user: found.user, session, csrfToken: csrfOf(secret) };
  }

  /** Whether `token` is the session's CSRF token (constant-time comparison of the hashes). */
  checkCsrf(session: SessionRecord, token: string | undefined): boolean {
    if (token === undefined || token === '' || token.length > 128) return false;
    return timingSafeEqual(Buffer.from(sha256(token), 'hex'), Buffer.from(session.csrfHash, 'hex'));
  }

  /** Ends one session (sign-out). */
  signOut(ctx: SessionContext): Promise<void> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      if (!(await tx.sessions.revoke(ctx.session.id, now))) return;
      await tx.audit.append({
        type: 'session.ended',
        at: now,
        actor: ctx.caller.actor,
        subject: `user:${ctx.user.id}`,
        payload: { sessionId: ctx.session.id, userId: ctx.user.id, username: ctx.user.username },
      });
    });
  }

  /** Ends every session of the signed-in user, this one included; returns how many. */
  signOutEverywhere(ctx: SessionContext): Promise<number> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const count = await tx.sessions.revokeAllFor(ctx.user.id, now);
      await tx.audit.append({
        type: 'sessions.revoked',
        at: now,
        actor: ctx.caller.actor,
        subject: `user:${ctx.user.id}`,
        payload: { userId: ctx.user.id, username: ctx.user.username, count },
      });
      return count;
    });
  }
}

/** The person a user is must exist; a staff user's must be staff or a principal, not an operator. */
async function requirePersonFor(tx: Tx<'people'>, role: UserRole, personId: string): Promise<void> {
  const person = await tx.people.get(personId);
  if (person === null) {
    throw new VigilError('USER_INVALID', `no person has the id ${personId}`, [
      { path: 'personId', message: 'unknown person' },
    ]);
  }
  if (role === 'staff' && person.kind === 'operator') {
    throw new VigilError('USER_INVALID', 'a staff user is someone of the office, not an operator', [
      { path: 'personId', message: 'expected a principal or staff person' },
    ]);
  }
}

async function requireUser(tx: Tx<'users'>, id: string): Promise<UserRecord> {
  const user = await tx.users.get(id);
  if (user === null) throw new VigilError('USER_NOT_FOUND', `no user has the id ${id}`);
  return user;
}

/** A signed-in user as an API caller: same role and person as a token; `tokenId` is the user id. */
function callerOf(user: UserRecord): Caller {
  return {
    tokenId: user.id,
    userId: user.id,
    name: user.name,
    role: user.role,
    personId: user.personId,
    actor: `user:${user.username}`,
  };
}

/**
 * The user names to try for a user created by single sign-on: the provider's
 * `preferred_username` when it is a valid Vigil user name, then one derived from the identity
 * (stable, so a retry lands on the same name).
 */
function usernameFor(issuer: string, subject: string, preferred: string | undefined): string[] {
  const derived = `sso-${sha256(`${issuer}\0${subject}`).slice(0, 12)}`;
  const wanted = preferred?.trim().toLowerCase();
  return wanted !== undefined && USERNAME.test(wanted) ? [wanted, derived] : [derived];
}
