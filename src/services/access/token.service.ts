/**
 * API tokens: random 256-bit secrets shown once, stored as SHA-256 hashes, revocable.
 * SHA-256 rather than argon2 because the secret is high-entropy random data, not a password:
 * no dictionary to slow down, and verification sits on every request.
 * Format: `vgl_<token id>_<secret>`; the id lets us fetch one row and compare in constant time.
 *
 * Verified tokens are remembered for VERIFY_CACHE_MS so a busy ingest connector does not cost a
 * database round trip per request. Revocation is therefore immediate in the process that
 * revoked the token and takes at most that long in the other processes sharing the database.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../../core/errors.ts';
import type { Clock, IdSource, RandomSource, Role, UnitOfWork } from '../kernel/ports.ts';
import type { TokenRecord } from './ports.ts';

export interface Caller {
  readonly tokenId: string;
  readonly name: string;
  readonly role: Role;
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

  constructor(deps: { uow: UnitOfWork; clock: Clock; ids: IdSource; random: RandomSource }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#random = deps.random;
  }

  /** Creates a token and returns its secret form, which is never shown again. */
  create(
    input: { name: string; role: Role; personId?: string | null | undefined },
    actor: string,
  ): Promise<{ token: string; record: TokenRecord }> {
    const now = this.#clock.now();
    const id = this.#ids.next('tok').replaceAll('_', '');
    const secret = Buffer.from(this.#random.bytes(32)).toString('base64url');
    const personId = input.personId ?? null;
    if (input.role === 'staff' && personId === null) {
      throw new VigilError('VALIDATION_FAILED', 'a staff token must name the person it belongs to', [
        { path: 'personId', message: 'required for the staff role' },
      ]);
    }
    const record: TokenRecord = {
      id,
      name: input.name,
      role: input.role,
      personId,
      secretHash: hash(secret),
      createdAt: now,
      createdBy: actor,
      revokedAt: null,
    };
    return this.#uow.run(async (tx) => {
      if (personId !== null && (await tx.people.get(personId)) === null) {
        throw new VigilError('PERSON_NOT_FOUND', `no person has the id ${personId}`);
      }
      await tx.tokens.insert(record);
      await tx.audit.append({
        type: 'token.created',
        at: now,
        actor,
        subject: `token:${id}`,
        payload: { id, name: record.name, role: record.role, personId },
      });
      return { token: `vgl_${id}_${secret}`, record };
    });
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
    else {
      record = await this.#uow.read((tx) => tx.tokens.get(id));
      if (this.#verified.size >= VERIFY_CACHE_MAX) this.#verified.clear();
      if (record !== null && record.revokedAt === null) this.#verified.set(id, { record, readAt: now });
      else this.#verified.delete(id);
    }
    const expected = Buffer.from(record?.secretHash ?? '0'.repeat(64), 'hex');
    const ok = timingSafeEqual(expected, Buffer.from(hash(secret), 'hex'));
    if (record === null || !ok || record.revokedAt !== null) {
      throw new VigilError('AUTH_INVALID_TOKEN', 'the bearer token is unknown or revoked');
    }
    return {
      tokenId: id,
      name: record.name,
      role: record.role,
      personId: record.personId,
      actor: `token:${id}`,
    };
  }

  list(): Promise<TokenRecord[]> {
    return this.#uow.run((tx) => tx.tokens.list());
  }

  revoke(id: string, actor: string): Promise<void> {
    const now = this.#clock.now();
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
    return revoked.finally(() => this.#verified.delete(id));
  }

  /**
   * `vigil start` prints a fresh admin token each time; the one it printed before is revoked,
   * so a development convenience never accumulates live admin credentials.
   */
  async issueStartToken(): Promise<string> {
    const name = 'vigil-start-admin';
    for (const t of await this.list()) {
      if (t.name === name && t.revokedAt === null) await this.revoke(t.id, 'system');
    }
    return (await this.create({ name, role: 'admin' }, 'system')).token;
  }
}
