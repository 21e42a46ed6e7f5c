/** API tokens. Only the SHA-256 of each secret is stored. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Instant } from '../../../core/time.ts';
import type { TokenRecord, TokenRepository } from '../../../services/access/ports.ts';
import { authTokens } from '../schema.ts';
import { guard, type Tx } from './support.ts';

const tokenColumns = {
  id: authTokens.id,
  name: authTokens.name,
  role: authTokens.role,
  personId: authTokens.personId,
  userId: authTokens.userId,
  secretHash: authTokens.secretHash,
  createdAt: authTokens.createdAt,
  createdBy: authTokens.createdBy,
  revokedAt: authTokens.revokedAt,
};

export function tokenRepository(db: Tx): TokenRepository {
  return {
    async insert(token: TokenRecord): Promise<void> {
      await guard(db.insert(authTokens).values({ ...token }), {
        foreignKeys: {
          auth_tokens_person_id_inventory_people_id_fk: {
            code: 'PERSON_INVALID',
            message: `No person has id ${token.personId}.`,
            path: 'personId',
          },
          auth_tokens_user_id_auth_users_id_fk: {
            code: 'TOKEN_INVALID',
            message: `No user has id ${token.userId}.`,
            path: 'userId',
          },
        },
        check: { code: 'VALIDATION_FAILED', message: `Unknown role ${token.role}.` },
      });
    },

    async get(id: string): Promise<TokenRecord | null> {
      const rows = await db.select(tokenColumns).from(authTokens).where(eq(authTokens.id, id));
      return rows[0] ?? null;
    },

    /** Oldest first. */
    async list(): Promise<TokenRecord[]> {
      return db.select(tokenColumns).from(authTokens).orderBy(asc(authTokens.createdAt), asc(authTokens.id));
    },

    async revoke(id: string, at: Instant): Promise<boolean> {
      const rows = await db
        .update(authTokens)
        .set({ revokedAt: at })
        .where(and(eq(authTokens.id, id), isNull(authTokens.revokedAt)))
        .returning({ id: authTokens.id });
      return rows.length > 0;
    },
  };
}
