/** Dashboard users, their sessions and failed sign-ins. Only hashes of secrets are stored. */
import { and, asc, count, eq, gte, inArray, isNull, lt, max, min, notInArray, or } from 'drizzle-orm';
import type { Instant } from '../../../core/time.ts';
import type {
  IdentityRecord,
  IdentityRepository,
  SessionRecord,
  SessionRepository,
  SignInFailureRepository,
  UserRecord,
  UserRepository,
  UserRole,
} from '../../../services/access/ports.ts';
import { authIdentities, authSessions, authSignInFailures, authUsers } from '../schema.ts';
import { guard, type Tx } from './support.ts';

const userColumns = {
  id: authUsers.id,
  username: authUsers.username,
  name: authUsers.name,
  role: authUsers.role,
  personId: authUsers.personId,
  passwordHash: authUsers.passwordHash,
  createdAt: authUsers.createdAt,
  createdBy: authUsers.createdBy,
  passwordChangedAt: authUsers.passwordChangedAt,
  disabledAt: authUsers.disabledAt,
};

const sessionColumns = {
  id: authSessions.id,
  userId: authSessions.userId,
  secretHash: authSessions.secretHash,
  csrfHash: authSessions.csrfHash,
  createdAt: authSessions.createdAt,
  lastSeenAt: authSessions.lastSeenAt,
  expiresAt: authSessions.expiresAt,
  revokedAt: authSessions.revokedAt,
  ip: authSessions.ip,
  pendingFactor: authSessions.pendingFactor,
};

export function userRepository(db: Tx): UserRepository {
  return {
    async insert(user: UserRecord): Promise<void> {
      await guard(db.insert(authUsers).values({ ...user }), {
        unique: {
          code: 'USER_EXISTS',
          message: `a user named ${user.username} already exists`,
          path: 'username',
        },
        check: { code: 'USER_INVALID', message: 'a staff user must name a person; ingest is no user role' },
      });
    },

    async get(id: string): Promise<UserRecord | null> {
      const rows = await db.select(userColumns).from(authUsers).where(eq(authUsers.id, id));
      return rows[0] ?? null;
    },

    async getByUsername(username: string): Promise<UserRecord | null> {
      const rows = await db.select(userColumns).from(authUsers).where(eq(authUsers.username, username));
      return rows[0] ?? null;
    },

    async list(): Promise<UserRecord[]> {
      return db.select(userColumns).from(authUsers).orderBy(asc(authUsers.username));
    },

    async setPassword(id: string, passwordHash: string, at: Instant): Promise<boolean> {
      const rows = await db
        .update(authUsers)
        .set({ passwordHash, passwordChangedAt: at })
        .where(eq(authUsers.id, id))
        .returning({ id: authUsers.id });
      return rows.length > 0;
    },

    async setPerson(id: string, personId: string): Promise<boolean> {
      const rows = await db
        .update(authUsers)
        .set({ personId })
        .where(eq(authUsers.id, id))
        .returning({ id: authUsers.id });
      return rows.length > 0;
    },

    async setRole(id: string, role: UserRole): Promise<boolean> {
      const rows = await guard(
        db.update(authUsers).set({ role }).where(eq(authUsers.id, id)).returning({ id: authUsers.id }),
        { check: { code: 'USER_INVALID', message: 'a staff user must name a person' } },
      );
      return rows.length > 0;
    },

    async disable(id: string, at: Instant): Promise<boolean> {
      const rows = await db
        .update(authUsers)
        .set({ disabledAt: at })
        .where(and(eq(authUsers.id, id), isNull(authUsers.disabledAt)))
        .returning({ id: authUsers.id });
      return rows.length > 0;
    },
  };
}

export function sessionRepository(db: Tx): SessionRepository {
  return {
    async insert(session: SessionRecord): Promise<void> {
      await db.insert(authSessions).values({ ...session });
    },

    async getBySecretHash(secretHash: string) {
      const rows = await db
        .select({ session: sessionColumns, user: userColumns })
        .from(authSessions)
        .innerJoin(authUsers, eq(authUsers.id, authSessions.userId))
        .where(eq(authSessions.secretHash, secretHash));
      return rows[0] ?? null;
    },

    async touch(id: string, at: Instant): Promise<void> {
      await db.update(authSessions).set({ lastSeenAt: at }).where(eq(authSessions.id, id));
    },

    async revoke(id: string, at: Instant): Promise<boolean> {
      const rows = await db
        .update(authSessions)
        .set({ revokedAt: at })
        .where(and(eq(authSessions.id, id), isNull(authSessions.revokedAt)))
        .returning({ id: authSessions.id });
      return rows.length > 0;
    },

    async revokeAllFor(userId: string, at: Instant): Promise<number> {
      const rows = await db
        .update(authSessions)
        .set({ revokedAt: at })
        .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))
        .returning({ id: authSessions.id });
      return rows.length;
    },

    async prune(before: Instant): Promise<void> {
      await db
        .delete(authSessions)
        .where(or(lt(authSessions.expiresAt, before), lt(authSessions.revokedAt, before)));
    },
  };
}

export function signInFailureRepository(db: Tx): SignInFailureRepository {
  return {
    async record(keys: readonly string[], at: Instant): Promise<number[]> {
      if (keys.length === 0) return [];
      const rows = await db
        .insert(authSignInFailures)
        .values(keys.map((key) => ({ key, at })))
        .returning({ seq: authSignInFailures.seq });
      return rows.map((r) => r.seq);
    },

    async forget(ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      await db.delete(authSignInFailures).where(inArray(authSignInFailures.seq, [...ids]));
    },

    async count(key: string, since: Instant, excluding: readonly number[] = []) {
      const rows = await db
        .select({ n: count(), oldest: min(authSignInFailures.at), newest: max(authSignInFailures.at) })
        .from(authSignInFailures)
        .where(
          and(
            eq(authSignInFailures.key, key),
            gte(authSignInFailures.at, since),
            excluding.length === 0 ? undefined : notInArray(authSignInFailures.seq, [...excluding]),
          ),
        );
      const row = rows[0];
      return { count: Number(row?.n ?? 0), oldest: row?.oldest ?? null, newest: row?.newest ?? null };
    },

    async clear(key: string): Promise<void> {
      await db.delete(authSignInFailures).where(eq(authSignInFailures.key, key));
    },

    async prune(before: Instant): Promise<void> {
      await db.delete(authSignInFailures).where(lt(authSignInFailures.at, before));
    },
  };
}

export function identityRepository(db: Tx): IdentityRepository {
  return {
    async insert(identity: IdentityRecord): Promise<void> {
      await guard(db.insert(authIdentities).values({ ...identity }), {
        unique: {
          code: 'IDENTITY_EXISTS',
          message: 'this provider identity is already linked to a user',
          path: 'subject',
        },
      });
    },

    async get(issuer: string, subject: string): Promise<IdentityRecord | null> {
      const rows = await db
        .select()
        .from(authIdentities)
        .where(and(eq(authIdentities.issuer, issuer), eq(authIdentities.subject, subject)));
      return rows[0] ?? null;
    },
  };
}
