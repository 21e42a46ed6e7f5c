/** Tables for the notice outbox and finding transitions (issue 3). Re-exported by schema.ts. */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The durable outbox: one row per logical notice (unique `key`). Workers claim due rows with
 * `FOR UPDATE SKIP LOCKED`, so several Vigil processes never send the same delivery twice at
 * once; a claim that is not completed (the process died) expires and is claimed again.
 */
export const notifyOutbox = pgTable(
  'notify_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    audience: jsonb('audience').$type<Record<string, string>>().notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    notBefore: bigint('not_before', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** pending -> sent | failed (gave up after the retry budget). */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Next attempt not before this instant (backoff), and the claim's expiry while claimed. */
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    lastError: text('last_error'),
    sentAt: bigint('sent_at', { mode: 'number' }),
  },
  (t) => [
    index('notify_outbox_due_idx').on(t.state, t.nextAttemptAt),
    check('notify_outbox_state_check', sql`${t.state} in ('pending', 'sent', 'failed')`),
  ],
);
