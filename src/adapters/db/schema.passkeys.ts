/**
 * Passkeys (WebAuthn credentials) of dashboard users, and the challenges handed out to sessions.
 * Re-exported by schema.ts. Only public keys are stored; a challenge row lives from its options
 * request to its answer (taken, single use) or its expiry, and dies with its session.
 */
import { bigint, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { authSessions, authUsers } from './schema.auth.ts';

export const authPasskeys = pgTable(
  'auth_passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull(),
    transports: jsonb('transports').$type<string[]>().notNull(),
    createdAt: instant('created_at').notNull(),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [
    uniqueIndex('auth_passkeys_credential_id_key').on(t.credentialId),
    index('auth_passkeys_user_idx').on(t.userId),
  ],
);

export const authPasskeyChallenges = pgTable(
  'auth_passkey_challenges',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => authSessions.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['registration', 'authentication'] }).notNull(),
    challenge: text('challenge').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.purpose] }),
    index('auth_passkey_challenges_expires_idx').on(t.expiresAt),
  ],
);
