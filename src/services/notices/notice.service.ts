/**
 * The notice outbox worker and its administration.
 *
 * `deliverDue` claims due notices in one short transaction (a lease: attempts + 1 and
 * `nextAttemptAt = now + lease`), delivers them OUTSIDE any transaction, then settles each
 * claim in a second transaction with its audit event. A worker that dies after claiming leaves
 * the lease to expire, and the next worker claims the notice again: at least once, never lost.
 * `FOR UPDATE SKIP LOCKED` and the lease keep two workers from delivering one notice at once.
 * Channels already `sent` for a notice are skipped on a retry, so one failing receiver does not
 * make the others receive the notice again.
 */
import { VigilError } from '../../core/errors.ts';
import type { Tx } from '../kernel/command-service.ts';
import type { Clock, RandomSource, Role, UnitOfWork } from '../kernel/ports.ts';
import type { NoticeChannel, NoticeRecord, NoticeState, RoleRecipient } from './ports.ts';

export interface NoticeOptions {
  readonly channels: readonly NoticeChannel[];
  /** How long a claim holds a notice; longer than one delivery's worst case (timeouts). */
  readonly leaseMs: number;
  /** Attempts before a notice is given up as `failed`. */
  readonly maxAttempts: number;
  /** The first retry's delay; doubled per attempt, capped at `maxBackoffMs`, jittered. */
  readonly backoffMs: number;
  readonly maxBackoffMs?: number;
  /** Notices claimed (and delivered concurrently) per round. */
  readonly batch?: number;
}

export const NO_DELIVERY: NoticeOptions = {
  channels: [],
  leaseMs: 120_000,
  maxAttempts: 8,
  backoffMs: 30_000,
};

export interface DeliveryRound {
  readonly claimed: number;
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

/** Delay before retry number `attempts` (1 = the first retry): exponential, capped, half jittered. */
export function backoffDelay(attempts: number, base: number, cap: number, random: RandomSource): number {
  const exp = Math.min(cap, base * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  const bytes = random.bytes(4);
  const r =
    (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
  return Math.round(exp / 2 + (exp / 2) * (r / 0x1_0000_0000));
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

async function addressesFor(tx: Tx<'people' | 'recipients'>, n: NoticeRecord): Promise<string[]> {
  if ('personId' in n.audience) {
    const p = await tx.people.get(n.audience.personId);
    return p?.email != null && EMAIL.test(p.email) ? [p.email] : [];
  }
  return (await tx.recipients.list(n.audience.role)).map((r) => r.email);
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

export class NoticeService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #opts: NoticeOptions;

  constructor(deps: { uow: UnitOfWork; clock: Clock; random: RandomSource; notices?: NoticeOptions }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#opts = deps.notices ?? NO_DELIVERY;
  }

  /** Whether any channel is configured (without one, the worker has nothing to do). */
  get canDeliver(): boolean {
    return this.#opts.channels.length > 0;
  }

  /** One round: claim what is due, deliver, settle. */
  async deliverDue(): Promise<DeliveryRound> {
    const now = this.#clock.now();
    const batch = this.#opts.batch ?? 10;
    const claimed = await this.#uow.run(async (tx) => {
      const notices = await tx.outbox.claim(now, now + this.#opts.leaseMs, batch);
      // One after another: a transaction is one connection, which runs one query at a time.
      const out: { notice: NoticeRecord; emails: string[] }[] = [];
      for (const notice of notices) out.push({ notice, emails: await addressesFor(tx, notice) });
      return out;
    });
    const results = await Promise.all(claimed.map((d) => this.#deliverOne(d.notice, d.emails)));
    return {
      claimed: claimed.length,
      sent: results.filter((r) => r === 'sent').length,
      retrying: results.filter((r) => r === 'pending').length,
      failed: results.filter((r) => r === 'failed').length,
    };
  }

  /** Rounds until nothing is due (or `maxRounds`); returns the totals. */
  async deliverAllDue(maxRounds = 1000): Promise<DeliveryRound> {
    const total = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.deliverDue();
      total.claimed += r.claimed;
      total.sent += r.sent;
      total.retrying += r.retrying;
      total.failed += r.failed;
      if (r.claimed === 0) break;
    }
    return total;
  }

  async #deliverOne(notice: NoticeRecord, emails: readonly string[]): Promise<NoticeState | 'lost'> {
    const outcome: Record<string, string> = { ...notice.outcome };
    const errors: string[] = [];
    for (const channel of this.#opts.channels) {
      if (outcome[channel.name] === 'sent') continue;
      try {
        outcome[channel.name] = await channel.deliver({ notice, emails });
      } catch (err) {
        const text = errorText(err);
        outcome[channel.name] = `error: ${text}`;
        errors.push(text);
      }
    }
    const now = this.#clock.now();
    const delivered = Object.values(outcome).some((o) => o === 'sent');
    let state: 'sent' | 'failed' | 'pending';
    let error: string | null = errors.join('; ') || null;
    if (errors.length === 0 && delivered) state = 'sent';
    else {
      // Nowhere to deliver (no address, no receiver) counts as a failed attempt: an admin may add a recipient.
      error ??= 'no channel had a recipient for this notice';
      state = notice.attempts >= this.#opts.maxAttempts ? 'failed' : 'pending';
    }
    const retryAt =
      now +
      backoffDelay(
        notice.attempts,
        this.#opts.backoffMs,
        this.#opts.maxBackoffMs ?? 6 * 3_600_000,
        this.#random,
      );
    const settled = await this.#uow.run(async (tx) => {
      const ok = await tx.outbox.settle(notice.id, notice.attempts, {
        state,
        at: now,
        retryAt,
        error: state === 'sent' ? null : error,
        outcome,
      });
      if (!ok) return false;
      if (state === 'sent') {
        await tx.audit.append({
          type: 'notice.sent',
          at: now,
          actor: 'system',
          subject: `notice:${notice.id}`,
          payload: { id: notice.id, key: notice.key, kind: notice.kind, attempts: notice.attempts, outcome },
        });
      } else if (state === 'failed') {
        await tx.audit.append({
          type: 'notice.failed',
          at: now,
          actor: 'system',
          subject: `notice:${notice.id}`,
          payload: {
            id: notice.id,
            key: notice.key,
            kind: notice.kind,
            attempts: notice.attempts,
            error: error ?? '',
          },
        });
      }
      return true;
    });
    return settled ? state : 'lost';
  }

  list(filter: {
    state?: NoticeState;
    kind?: string;
    limit?: number;
    offset?: number;
  }): Promise<NoticeRecord[]> {
    return this.#uow.run((tx) =>
      tx.outbox.list({
        limit: filter.limit ?? 100,
        ...(filter.state === undefined ? {} : { state: filter.state }),
        ...(filter.kind === undefined ? {} : { kind: filter.kind }),
        ...(filter.offset === undefined ? {} : { offset: filter.offset }),
      }),
    );
  }

  /** Puts a failed or pending notice back in the queue, due now, with a fresh retry budget. */
  retry(id: number, actor: string): Promise<NoticeRecord> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const existing = await tx.outbox.get(id);
      if (existing === null) throw new VigilError('NOTICE_NOT_FOUND', `no notice has the id ${id}`);
      const record = await tx.outbox.requeue(id, now);
      if (record === null) {
        throw new VigilError(
          'NOTICE_NOT_RETRYABLE',
          `notice ${id} is ${existing.state}; only failed or pending notices are retried`,
        );
      }
      await tx.audit.append({
        type: 'notice.requeued',
        at: now,
        actor,
        subject: `notice:${id}`,
        payload: { id, key: record.key, previousState: existing.state },
      });
      return record;
    });
  }

  addRecipient(input: { role: Role; email: string }, actor: string): Promise<RoleRecipient> {
    const now = this.#clock.now();
    const recipient: RoleRecipient = {
      role: input.role,
      email: input.email,
      createdAt: now,
      createdBy: actor,
    };
    return this.#uow.run(async (tx) => {
      if (await tx.recipients.add(recipient)) {
        await tx.audit.append({
          type: 'notice.recipient-added',
          at: now,
          actor,
          subject: `role:${input.role}`,
          payload: { role: input.role, email: input.email },
        });
      }
      return recipient;
    });
  }

  removeRecipient(input: { role: Role; email: string }, actor: string): Promise<void> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      if (!(await tx.recipients.remove(input.role, input.email))) {
        throw new VigilError(
          'RECIPIENT_NOT_FOUND',
          `${input.email} is not a recipient for the ${input.role} role`,
        );
      }
      await tx.audit.append({
        type: 'notice.recipient-removed',
        at: now,
        actor,
        subject: `role:${input.role}`,
        payload: { role: input.role, email: input.email },
      });
    });
  }

  listRecipients(role?: Role): Promise<RoleRecipient[]> {
    return this.#uow.run((tx) => tx.recipients.list(role));
  }
}
