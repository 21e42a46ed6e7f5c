/** The ports of the notices context: what its services need from storage (adapters/db implements them). */
import type { Instant } from '../../core/time.ts';
import type { Role } from '../kernel/ports.ts';

/** Who a notice is for: everyone holding a role, or one person. */
export type NoticeAudience = { readonly role: Role } | { readonly personId: string };

/**
 * A notice to deliver (e-mail and webhook). Enqueued, with its job on the job queue, in the same
 * transaction as the event that causes it, and delivered later by a worker, at least once.
 */
export interface NoticeInput {
  /**
   * One logical notice per key: enqueueing a key that already exists does nothing, so a planner
   * that runs every minute, in several processes, still sends one reminder. E.g.
   * `swap-reminder:dev_123:2026-12-01`, `incident-opened:inc_9`.
   */
  readonly key: string;
  /** What kind of notice, e.g. `swap.due-soon`, `check.overdue`, `incident.opened`. */
  readonly kind: string;
  readonly audience: NoticeAudience;
  /** One line, for the e-mail subject. */
  readonly subject: string;
  /** Plain text body. */
  readonly text: string;
  /** Machine-readable details, sent as the webhook payload's `data`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Not delivered before this instant (escalations wait). */
  readonly notBefore: Instant;
  readonly createdAt: Instant;
}

export const NOTICE_STATES = ['pending', 'sent', 'failed', 'cancelled'] as const;

export type NoticeState = (typeof NOTICE_STATES)[number];

/** A stored notice with its delivery state. */
export interface NoticeRecord extends NoticeInput {
  readonly id: number;
  readonly state: NoticeState;
  /** Claims made so far; also the fencing token of the latest claim. */
  readonly attempts: number;
  /** When its job was last due: `notBefore`, or when it was put back; the queue times the retries. */
  readonly nextAttemptAt: Instant;
  readonly lastError: string | null;
  readonly sentAt: Instant | null;
  /** Per channel, what happened last: `sent`, `no-recipient`, or the error. */
  readonly outcome: Readonly<Record<string, string>>;
}

export interface OutboxRepository {
  /**
   * Stores the notice and sends its job (due at `notBefore`) in the same transaction. Returns
   * false when a notice with the same key already exists (nothing is changed).
   */
  enqueue(notice: NoticeInput): Promise<boolean>;
  /**
   * `enqueue` for many notices in a few statements, in order (the first of a key wins); returns
   * the keys stored, those that did not exist yet.
   */
  enqueueMany(notices: readonly NoticeInput[]): Promise<Set<string>>;
  /**
   * Claims pending notice `id` for one delivery attempt: attempts + 1, returned as the claim's
   * fencing token; null (and nothing changed) when it is not pending. The job queue keeps two
   * workers from holding one notice's job at once (adapters/jobs/notices.ts).
   */
  claim(id: number): Promise<NoticeRecord | null>;
  /**
   * Settles the claim `attempts` made: `sent`, `failed`, or back to `pending` (the queue retries it).
   * Returns false (and changes nothing) when the claim is no longer the latest or the notice
   * is no longer pending (another worker re-claimed it after its job expired, or it was cancelled).
   */
  settle(
    id: number,
    attempts: number,
    result: {
      readonly state: 'sent' | 'failed' | 'pending';
      readonly at: Instant;
      readonly error: string | null;
      readonly outcome: Readonly<Record<string, string>>;
    },
  ): Promise<boolean>;
  /** Every pending notice, oldest first (a worker re-sends their jobs: a backup leaves the queue out). */
  pending(): Promise<{ id: number; notBefore: Instant }[]>;
  /** Cancels a pending notice by key; returns false when there is none pending. */
  cancel(key: string): Promise<boolean>;
  /** `cancel` for many keys in a few statements; returns the keys cancelled. */
  cancelMany(keys: readonly string[]): Promise<Set<string>>;
  /** Puts a failed (or pending) notice back to pending, due at `at`, with a fresh retry budget and job. */
  requeue(id: number, at: Instant): Promise<NoticeRecord | null>;
  get(id: number): Promise<NoticeRecord | null>;
  getByKey(key: string): Promise<NoticeRecord | null>;
  /** Newest first. */
  list(filter: {
    state?: NoticeState;
    kind?: string;
    limit: number;
    offset?: number;
  }): Promise<NoticeRecord[]>;
}

/** A role's e-mail recipient (persons have their own address on the person record). */
export interface RoleRecipient {
  readonly role: Role;
  readonly email: string;
  readonly createdAt: Instant;
  readonly createdBy: string;
}

export interface RecipientRepository {
  /** Returns false when the pair already exists. */
  add(r: RoleRecipient): Promise<boolean>;
  /** Returns false when there was no such pair. */
  remove(role: Role, email: string): Promise<boolean>;
  list(role?: Role): Promise<RoleRecipient[]>;
}

/** The last state the planner saw of one finding (device or person + rule). */
export interface FindingState {
  readonly key: string;
  readonly deviceId: string | null;
  readonly personId: string | null;
  readonly rule: string;
  readonly status: 'open' | 'waived' | 'resolved';
  readonly waiverId: string | null;
  readonly since: Instant;
  readonly updatedAt: Instant;
}

export interface FindingStateRepository {
  list(): Promise<FindingState[]>;
  /**
   * The stored states a round may change, given the findings open or waived now (key to status):
   * in `stored`, those neither resolved nor in `current` (they resolve) and those of `current`
   * stored with another status (resolved ones included: they reopen); in `absent`, the keys of
   * `current` never stored (they open). A key of `current` stored with its status is in neither.
   */
  changing(
    current: ReadonlyMap<string, 'open' | 'waived'>,
  ): Promise<{ stored: FindingState[]; absent: string[] }>;
  upsertMany(states: readonly FindingState[]): Promise<void>;
  /**
   * Takes a transaction-scoped advisory lock for the planner; false when another transaction
   * holds it (that process is planning right now).
   */
  tryPlannerLock(): Promise<boolean>;
}

/** Where a notice goes: its audience resolved to e-mail addresses (may be empty). */
export interface NoticeDelivery {
  readonly notice: NoticeRecord;
  readonly emails: readonly string[];
}

/** A delivery channel (e-mail, webhooks): adapters/notify implements it. */
export interface NoticeChannel {
  readonly name: string;
  /**
   * Delivers or throws. Returns `no-recipient` when the channel has nowhere to send this
   * notice (nothing was sent; not an error).
   */
  deliver(d: NoticeDelivery): Promise<'sent' | 'no-recipient'>;
}
