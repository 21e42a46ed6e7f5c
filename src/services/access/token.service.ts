/**
 * API tokens: random 256-bit secrets shown once, stored as SHA-256 hashes, revocable.
 * SHA-256 rather than argon2 because the secret is high-entropy random data, not a password:
 * no dictionary to slow down, and verification sits on every request.
 * Format: `vgl_<token id>_<secret>`; the id lets us fetch one row and compare in constant time.
 *
 * Verified tokens are remembered for VERIFY_CACHE_MS so a busy ingest connector does not cost a
 * database round trip per request; when the entry expires, the requests that miss it together
 * share one read. Revocation is therefore immediate in the process that
 * revoked the token and takes at most that long in the other processes sharing the database.
 *
 * Every token but an ingest token belongs to a user and carries that user's role and person
 * (docs/adr/0021-people-behind-credentials.md): over the API a token is minted only for the user
 * who asks (`mint`), so no one can make a credential that acts as someone else; an admin alone
 * mints ingest tokens, which belong to no one and may only send posture.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../../core/errors.ts';
import type { Clock, IdSource, RandomSource, Role, UnitOfWork } from '../kernel/ports.ts';
import type { TokenRecord } from './ports.ts';

export interface Caller {
  readonly tokenId: string;
  /** The user behind the credential; null for ingest tokens and tokens minted before users owned them. */
  readonly userId: string | null;
  readonly name: string;
  readonly role: Role;
  /** The person behind the credential; null when none (two-person actions then refuse it). */
  readonly personId: string | null;
  /** How the caller appears in the audit log. */
  readonly actor: string;
}

/** How long another process may still accept a token after it was revoked. */
export const VERIFY_CACHE_MS = 2000;
/** Bound on remembered tokens; the cache is cleared when full (tokens are few, connectors many requests). */
const VERIFY_CACHE_MAX = 10_000;

const TOKEN = /^vgl_([A-Za-z0-9_-]{1,64})_([A-Za-z0-9_-]{43})$/;

const hash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export class TokenService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #random: RandomSource;
  /** Token id -> the record and when it was read; only ever holds unrevoked tokens. */
  readonly #verified = new Map<string, { record: TokenRecord; readAt: number }>();
  /**
   * Token id -> its read in flight, shared by every request that misses the cache meanwhile: a
   * busy connector's concurrent requests all missed at once when the entry expired, each paying a
   * round trip. Tagged with the revocation epoch it began in, so no request joins (and nothing
   * caches) a read that began before a revocation in this process.
   */
  readonly #reading = new Map<string, { epoch: number; read: Promise<TokenRecord | null> }>();
  /** Bumped by every revocation in this process. */
  #epoch = 0;

  constructor(deps: { uow: UnitOfWork; clock: Clock; ids: IdSource; random: RandomSource }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#random = deps.random;
  }

  /**
   * Creates a token and returns its secret form, which is never shown again. A token of any
   * role but ingest is `userId`'s: it takes their role (a different `role` is refused) and
   * person. The operator path (CLI, start-up); the API goes through `mint`.
   */
  create(
    input: { name: string; role?: Role | undefined; userId?: string | null | undefined },
    actor: string,
  ): Promise<{ token: string; record: TokenRecord }> {
    const now = this.#clock.now();
    const id = this.#ids.next('tok').replaceAll('_', '');
    const secret = Buffer.from(this.#random.bytes(32)).toString('base64url');
    const userId = input.userId ?? null;
    return this.#uow.run(async (tx) => {
      let role: Role;
      let personId: string | null = null;
      if (userId === null) {
        if (input.role !== 'ingest') {
          throw new VigilError(
            'TOKEN_INVALID',
            'a token belongs to a user: name the user (only ingest tokens belong to no one)',
            [{ path: 'userId', message: `required for the ${input.role ?? 'chosen'} role` }],
          );
        }
        role = 'ingest';
      } else {
        if (input.role === 'ingest') {
          throw new VigilError('TOKEN_INVALID', 'an ingest token is a machine’s: it belongs to no user', [
            { path: 'userId', message: 'must be absent for the ingest role' },
          ]);
        }
        const user = await tx.users.get(userId);
        if (user === null || user.disabledAt !== null) {
          throw new VigilError('TOKEN_INVALID', `no enabled user has the id ${userId}`, [
            { path: 'userId', message: 'unknown or disabled user' },
          ]);
        }
        if (input.role !== undefined && input.role !== user.role) {
          throw new VigilError(
            'TOKEN_INVALID',
            `a token takes its user's role (${user.role}), not ${input.role}`,
            [{ path: 'role', message: `expected ${user.role} or nothing` }],
          );
        }
        role = user.role;
        personId = user.personId;
      }
      const record: TokenRecord = {
        id,
        name: input.name,
        role,
        personId,
        userId,
        secretHash: hash(secret),
        createdAt: now,
        createdBy: actor,
        revokedAt: null,
      };
      await tx.tokens.insert(record);
      await tx.audit.append({
        type: 'token.created',
        at: now,
        actor,
        subject: `token:${id}`,
        payload: { id, name: record.name, role, personId, userId },
      });
      return { token: `vgl_${id}_${secret}`, record };
    });
  }

  /**
   * Mints a token over the API, for the caller's own user in the caller's own role; an admin
   * may instead mint an ingest token (a machine's, no one's). Anything else, a token for
   * another user or in another role, is TOKEN_FOR_OTHER: a credential is never made for
   * someone else, so no one can act as a second officer.
   */
  async mint(
    input: { name: string; role?: Role | undefined; userId?: string | null | undefined },
    caller: Caller,
  ): Promise<{ token: string; record: TokenRecord }> {
    if (input.role === 'ingest') {
      if (caller.role !== 'admin' || (input.userId ?? null) !== null) {
        throw new VigilError(
          'TOKEN_FOR_OTHER',
          'only an admin mints ingest tokens, and they belong to no user',
        );
      }
      return this.create({ name: input.name, role: 'ingest' }, caller.actor);
    }
    if (caller.userId === null) {
      throw new VigilError(
        'TOKEN_FOR_OTHER',
        'this credential belongs to no user: sign in to mint a token of your own',
      );
    }
    if ((input.userId ?? caller.userId) !== caller.userId) {
      throw new VigilError('TOKEN_FOR_OTHER', 'a token is minted only for the user who asks');
    }
    if (input.role !== undefined && input.role !== caller.role) {
      throw new VigilError(
        'TOKEN_FOR_OTHER',
        `a token takes your own role (${caller.role}), not ${input.role}`,
      );
    }
    return this.create({ name: input.name, userId: caller.userId }, caller.actor);
  }

  /** Resolves a bearer token to its caller, or throws AUTH_INVALID_TOKEN. */
  async verify(token: string): Promise<Caller> {
    const m = TOKEN.exec(token);
    if (m === null) throw new VigilError('AUTH_INVALID_TOKEN', 'the bearer token is malformed');
    const [, id = '', secret = ''] = m;
    const now = this.#clock.now();
    const cached = this.#verified.get(id);
    let record: TokenRecord | null;
    if (cached !== undefined && now - cached.readAt < VERIFY_CACHE_MS) record = cached.record;
    else record = await this.#read(id, now);
    const expected = Buffer.from(record?.secretHash ?? '0'.repeat(64), 'hex');
    const ok = timingSafeEqual(expected, Buffer.from(hash(secret), 'hex'));
    if (record === null || !ok || record.revokedAt !== null) {
      throw new VigilError('AUTH_INVALID_TOKEN', 'the bearer token is unknown or revoked');
    }
    return {
      tokenId: id,
      userId: record.userId,
      name: record.name,
      role: record.role,
      personId: record.personId,
      actor: `token:${id}`,
    };
  }

  /** The token's record from the database, one read at a time per token; remembered if unrevoked. */
  #read(id: string, now: number): Promise<TokenRecord | null> {
    const epoch = this.#epoch;
    const inFlight = this.#reading.get(id);
    if (inFlight !== undefined && inFlight.epoch === epoch) return inFlight.read;
    const read = this.#uow
      .read((tx) => tx.tokens.get(id))
      .then((record) => {
        // A revocation since the read began may not be in it: use it, but do not remember it.
        if (this.#epoch !== epoch) return record;
        if (this.#verified.size >= VERIFY_CACHE_MAX) this.#verified.clear();
        if (record !== null && record.revokedAt === null) this.#verified.set(id, { record, readAt: now });
        else this.#verified.delete(id);
        return record;
      })
      .finally(() => {
        if (this.#reading.get(id)?.read === read) this.#reading.delete(id);
      });
    this.#reading.set(id, { epoch, read });
    return read;
  }

  list(): Promise<TokenRecord[]> {
    return this.#uow.run((tx) => tx.tokens.list());
  }

  revoke(id: string, actor: string): Promise<void> {
    const now = this.#clock.now();
    this.#epoch++;
    this.#verified.delete(id);
    const revoked = this.#uow.run(async (tx) => {
      if (!(await tx.tokens.revoke(id, now))) {
        throw new VigilError('TOKEN_NOT_FOUND', `no active token has the id ${id}`);
      }
      await tx.audit.append({
        type: 'token.revoked',
        at: now,
        actor,
        subject: `token:${id}`,
        payload: { id },
      });
    });
    // Forget it again once committed: a verification that raced the commit may have re-read it.
    return revoked.finally(() => {
      this.#epoch++;
      this.#verified.delete(id);
    });
  }

  /**
   * `vigil start` prints a fresh admin token each time, the user `admin`'s; the one it printed
   * before is revoked, so a development convenience never accumulates live admin credentials.
   */
  async issueStartToken(): Promise<string | null> {
    const name = 'vigil-start-admin';
    for (const t of await this.list()) {
      if (t.name === name && t.revokedAt === null) await this.revoke(t.id, 'system');
    }
    const admin = (await this.#uow.read((tx) => tx.users.getByUsername('admin'))) ?? null;
    // The token is the start admin's (UserService.ensureStartAdmin, called first); none if it is gone.
    if (admin === null || admin.role !== 'admin' || admin.disabledAt !== null) return null;
    return (await this.create({ name, userId: admin.id }, 'system')).token;
  }
}
