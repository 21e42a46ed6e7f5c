/**
 * Notice delivery and its administration.
 *
 * The job queue (adapters/jobs/notices.ts) hands a worker one notice id at a time; `deliver`
 * claims the outbox row in one short transaction (attempts + 1, the claim's fencing token),
 * delivers OUTSIDE any transaction, then settles the claim in a second transaction with its audit
 * event. The queue retries a notice left `pending` with backoff, and one whose worker died once
 * its job expires; a worker that outlived its job changes nothing, as `settle` is fenced on
 * `attempts`. Channels already `sent` for a notice are skipped on a retry, so one failing
 * receiver does not make the others receive the notice again.
 */
import { VigilError } from '../../core/errors.ts';
import type { Tx } from '../kernel/command-service.ts';
import type { Clock, Role, UnitOfWork } from '../kernel/ports.ts';
import type { NoticeChannel, NoticeRecord, NoticeState, RoleRecipient } from './ports.ts';

/** How notices are delivered; when they are retried and given up is the job queue's to say. */
export interface NoticeOptions {
  readonly channels: readonly NoticeChannel[];
}

const NO_DELIVERY: NoticeOptions = { channels: [] };

/**
 * What one delivery did: `sent`, `pending` (to be retried), `failed` (given up), or `skipped`
 * (the notice was no longer pending, or a later claim superseded this one).
 */
export type DeliveryOutcome = 'sent' | 'pending' | 'failed' | 'skipped';

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
  readonly #opts: NoticeOptions;

  constructor(deps: { uow: UnitOfWork; clock: Clock; notices?: NoticeOptions }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#opts = deps.notices ?? NO_DELIVERY;
  }

  /** Whether any channel is configured (without one, the worker has nothing to do). */
  get canDeliver(): boolean {
    return this.#opts.channels.length > 0;
  }

  /**
   * Claims, delivers and settles notice `id`. `last`: the queue will not retry it, so a failed
   * attempt gives the notice up (`failed`).
   */
  async deliver(id: number, last: boolean): Promise<DeliveryOutcome> {
    const claimed = await this.#uow.run(async (tx) => {
      const notice = await tx.outbox.claim(id);
      return notice === null ? null : { notice, emails: await addressesFor(tx, notice) };
    });
    if (claimed === null) return 'skipped';
    const { notice, emails } = claimed;
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
      state = last ? 'failed' : 'pending';
    }
    const settled = await this.#uow.run(async (tx) => {
      const ok = await tx.outbox.settle(notice.id, notice.attempts, {
        state,
        at: now,
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
    return settled ? state : 'skipped';
  }

  /** The pending notices' ids and due times, for a worker to re-send their jobs (after a restore). */
  pending(): Promise<{ id: number; notBefore: number }[]> {
    return this.#uow.read((tx) => tx.outbox.pending());
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
