/** Passkeys of dashboard users and the challenges handed out to sessions. */
import { and, asc, eq, lt } from 'drizzle-orm';
import type { Instant } from '../../../core/time.ts';
import type {
  ChallengePurpose,
  PasskeyChallengeRecord,
  PasskeyRecord,
  PasskeyRepository,
} from '../../../services/access/ports.ts';
import { authPasskeyChallenges, authPasskeys, authSessions } from '../schema.ts';
import { guard, type Tx } from './support.ts';

const columns = {
  id: authPasskeys.id,
  userId: authPasskeys.userId,
  credentialId: authPasskeys.credentialId,
  publicKey: authPasskeys.publicKey,
  counter: authPasskeys.counter,
  transports: authPasskeys.transports,
  createdAt: authPasskeys.createdAt,
  lastUsedAt: authPasskeys.lastUsedAt,
};

export function passkeyRepository(db: Tx): PasskeyRepository {
  return {
    async insert(passkey: PasskeyRecord): Promise<void> {
      await guard(db.insert(authPasskeys).values({ ...passkey, transports: [...passkey.transports] }), {
        unique: {
          code: 'PASSKEY_INVALID',
          message: 'this passkey is already registered',
          path: 'id',
        },
      });
    },

    async listFor(userId: string): Promise<PasskeyRecord[]> {
      return db
        .select(columns)
        .from(authPasskeys)
        .where(eq(authPasskeys.userId, userId))
        .orderBy(asc(authPasskeys.createdAt), asc(authPasskeys.id));
    },

    async getByCredentialId(credentialId: string): Promise<PasskeyRecord | null> {
      const rows = await db
        .select(columns)
        .from(authPasskeys)
        .where(eq(authPasskeys.credentialId, credentialId));
      return rows[0] ?? null;
    },

    async useCounter(id: string, from: number, to: number, at: Instant): Promise<boolean> {
      const rows = await db
        .update(authPasskeys)
        .set({ counter: to, lastUsedAt: at })
        .where(and(eq(authPasskeys.id, id), eq(authPasskeys.counter, from)))
        .returning({ id: authPasskeys.id });
      return rows.length > 0;
    },

    async putChallenge(c: PasskeyChallengeRecord): Promise<void> {
      await db
        .insert(authPasskeyChallenges)
        .values({ ...c })
        .onConflictDoUpdate({
          target: [authPasskeyChallenges.sessionId, authPasskeyChallenges.purpose],
          set: { challenge: c.challenge, expiresAt: c.expiresAt },
        });
    },

    async takeChallenge(
      sessionId: string,
      purpose: ChallengePurpose,
    ): Promise<PasskeyChallengeRecord | null> {
      const rows = await db
        .delete(authPasskeyChallenges)
        .where(
          and(eq(authPasskeyChallenges.sessionId, sessionId), eq(authPasskeyChallenges.purpose, purpose)),
        )
        .returning({
          sessionId: authPasskeyChallenges.sessionId,
          purpose: authPasskeyChallenges.purpose,
          challenge: authPasskeyChallenges.challenge,
          expiresAt: authPasskeyChallenges.expiresAt,
        });
      return rows[0] ?? null;
    },

    async pruneChallenges(before: Instant): Promise<void> {
      await db.delete(authPasskeyChallenges).where(lt(authPasskeyChallenges.expiresAt, before));
    },

    async completeSession(sessionId: string): Promise<boolean> {
      const rows = await db
        .update(authSessions)
        .set({ pendingFactor: null })
        .where(eq(authSessions.id, sessionId))
        .returning({ id: authSessions.id });
      return rows.length > 0;
    },
  };
}
