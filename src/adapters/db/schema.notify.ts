/**
 * Tables for the notice outbox, role recipients and finding transitions. Re-exported
 * by schema.ts. Times are epoch milliseconds in `bigint` columns: the worker computes leases
 * and backoff in milliseconds, and this file cannot import `instant` from schema.ts (cycle).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

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
    /** pending -> sent | failed (gave up after the retry budget) | cancelled (no longer needed). */
    state: text('state').notNull().default('pending'),
    /** Also the claim's fencing token: a worker completes only the claim it made. */
    attempts: integer('attempts').notNull().default(0),
    /** Next attempt not before this instant (backoff), and the claim's expiry while claimed. */
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    lastError: text('last_error'),
    sentAt: bigint('sent_at', { mode: 'number' }),
    /** Per channel, what happened last (`sent`, `no-recipient`, an error): retries skip channels already sent. */
    outcome: jsonb('outcome').$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    index('notify_outbox_due_idx').on(t.state, t.nextAttemptAt),
    check('notify_outbox_state_check', sql`${t.state} in ('pending', 'sent', 'failed', 'cancelled')`),
  ],
);

/** Who receives e-mail for a role (persons have their own address). Managed by admins. */
export const notifyRecipients = pgTable(
  'notify_recipients',
  {
    role: text('role').notNull(),
    email: text('email').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.role, t.email] })],
);

/**
 * The last known state of each finding (device or person + rule), so the planner can append
 * one audit event per transition. Findings themselves stay computed, not stored.
 */
export const complianceFindingStates = pgTable(
  'compliance_finding_states',
  {
    /** `device:<id>|<rule>` or `person:<id>|<rule>`. */
    key: text('key').primaryKey(),
    deviceId: text('device_id'),
    personId: text('person_id'),
    rule: text('rule').notNull(),
    /** open | waived | resolved */
    status: text('status').notNull(),
    waiverId: text('waiver_id'),
    /** When the current status began (as the planner saw it). */
    since: bigint('since', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    check('compliance_finding_states_status_check', sql`${t.status} in ('open', 'waived', 'resolved')`),
  ],
);
