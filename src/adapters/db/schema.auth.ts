/**
 * Tables of the dashboard's sign-in. Re-exported by schema.ts. Like the other context
 * files it cannot import schema.ts (a cycle), so `person_id` names a person without a foreign
 * key (the user service checks it exists).
 *
 * Only hashes of secrets are stored: the argon2id hash of each password, the SHA-256 of each
 * session's opaque cookie value and of its CSRF token.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { PENDING_FACTORS, USER_ROLES } from '../../services/access/ports.ts';
import { instant } from './columns.ts';

export const authUsers = pgTable(
  'auth_users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull(),
    personId: text('person_id'),
    passwordHash: text('password_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    passwordChangedAt: instant('password_changed_at').notNull(),
    disabledAt: instant('disabled_at'),
  },
  (t) => [
    uniqueIndex('auth_users_username_key').on(t.username),
    check('auth_users_role_check', sql.raw(`"role" in (${USER_ROLES.map((r) => `'${r}'`).join(', ')})`)),
    check('auth_users_staff_person_check', sql`${t.role} <> 'staff' or ${t.personId} is not null`),
  ],
);

export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id),
    secretHash: text('secret_hash').notNull(),
    csrfHash: text('csrf_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    ip: text('ip').notNull(),
    /** What the session still owes after the password (null: complete); see schema.passkeys.ts. */
    pendingFactor: text('pending_factor', { enum: PENDING_FACTORS }),
  },
  (t) => [
    uniqueIndex('auth_sessions_secret_hash_key').on(t.secretHash),
    index('auth_sessions_user_idx').on(t.userId),
  ],
);

/** Failed sign-ins for the rate limiter; in the database so every Vigil process counts the same. */
export const authSignInFailures = pgTable(
  'auth_signin_failures',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    index('auth_signin_failures_key_at_idx').on(t.key, t.at),
    index('auth_signin_failures_at_idx').on(t.at),
  ],
);

/** OpenID provider identities linked to users (single sign-on): one user per issuer and subject. */
export const authIdentities = pgTable(
  'auth_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id),
    createdAt: instant('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('auth_identities_user_idx').on(t.userId)],
);
