/**
 * The notice outbox. A row and its job on the queue are written in the caller's transaction
 * (adapters/jobs/notices.ts); a worker holding the job claims the row (attempts + 1), delivers
 * outside any transaction, and `settle` fences on the claim's `attempts`, so a worker that
 * outlived its job cannot overwrite what the worker that re-claimed the notice decided.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import type {
  NoticeAudience,
  NoticeInput,
  NoticeRecord,
  NoticeState,
  OutboxRepository,
} from '../../../services/notices/ports.ts';
import { noticeJobSender, noticeJobsSender } from '../../jobs/notices.ts';
import { notifyOutbox } from '../schema.ts';
import type { Tx } from './support.ts';

type Row = typeof notifyOutbox.$inferSelect;

/** Notices per statement (9 parameters each; a statement takes at most 65,535). */
const ENQUEUE_CHUNK = 1000;
/** Keys per statement looking notices up or cancelling them. */
const KEY_CHUNK = 5000;

function toRecord(r: Row): NoticeRecord {
  return {
    id: r.id,
    key: r.key,
    kind: r.kind,
    // Only `enqueue` writes this column, from a NoticeAudience.
    audience: r.audience as unknown as NoticeAudience,
    subject: r.subject,
    text: r.body,
    data: r.data,
    notBefore: r.notBefore,
    createdAt: r.createdAt,
    state: r.state as NoticeState,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    sentAt: r.sentAt,
    outcome: r.outcome,
  };
}

/** The row a new notice is stored as: due, and first tried, at its `notBefore`. */
function outboxRow(notice: NoticeInput): typeof notifyOutbox.$inferInsert {
  return {
    key: notice.key,
    kind: notice.kind,
    audience: { ...notice.audience },
    subject: notice.subject,
    body: notice.text,
    data: { ...notice.data },
    notBefore: notice.notBefore,
    createdAt: notice.createdAt,
    nextAttemptAt: notice.notBefore,
  };
}

/** `jobsSchema`: where the job queue lives, to send each notice's job in the same transaction. */
export function outboxRepository(db: Tx, jobsSchema: string): OutboxRepository {
  // Drizzle's `execute` is typed loosely for either driver; pg-boss reads `rows` from both.
  const jobsDb = fromDrizzle(db as Parameters<typeof fromDrizzle>[0], sql);
  const sendJob = noticeJobSender(jobsDb, jobsSchema);
  const sendJobs = noticeJobsSender(jobsDb, jobsSchema);
  return {
    async enqueue(notice: NoticeInput): Promise<boolean> {
      const rows = await db
        .insert(notifyOutbox)
        .values(outboxRow(notice))
        .onConflictDoNothing({ target: notifyOutbox.key })
        .returning({ id: notifyOutbox.id });
      const [row] = rows;
      if (row === undefined) return false;
      await sendJob(row.id, notice.notBefore);
      return true;
    },

    async enqueueMany(notices) {
      // The first of a key wins, as one `enqueue` after another would have it.
      const unique = [...new Map(notices.toReversed().map((n) => [n.key, n])).values()].toReversed();
      // Most of a planning round's notices exist already (a reminder is planned every round until
      // it is due): their keys are looked up first, and only the others are sent to be inserted.
      const existing = new Set<string>();
      for (let i = 0; i < unique.length; i += KEY_CHUNK) {
        const keys = unique.slice(i, i + KEY_CHUNK).map((n) => n.key);
        const rows = await db
          .select({ key: notifyOutbox.key })
          .from(notifyOutbox)
          .where(inArray(notifyOutbox.key, keys));
        for (const r of rows) existing.add(r.key);
      }
      const fresh = unique.filter((n) => !existing.has(n.key));
      const stored = new Set<string>();
      for (let i = 0; i < fresh.length; i += ENQUEUE_CHUNK) {
        const chunk = fresh.slice(i, i + ENQUEUE_CHUNK);
        const rows = await db
          .insert(notifyOutbox)
          .values(chunk.map(outboxRow))
          .onConflictDoNothing({ target: notifyOutbox.key })
          .returning({ id: notifyOutbox.id, key: notifyOutbox.key, notBefore: notifyOutbox.notBefore });
        // In the notices' order, as one `enqueue` after another would have sent their jobs.
        await sendJobs(rows.toSorted((a, b) => a.id - b.id));
        for (const r of rows) stored.add(r.key);
      }
      return stored;
    },

    async cancelMany(keys) {
      const cancelled = new Set<string>();
      for (let i = 0; i < keys.length; i += KEY_CHUNK) {
        const rows = await db
          .update(notifyOutbox)
          .set({ state: 'cancelled' })
          .where(
            and(inArray(notifyOutbox.key, keys.slice(i, i + KEY_CHUNK)), eq(notifyOutbox.state, 'pending')),
          )
          .returning({ key: notifyOutbox.key });
        for (const r of rows) cancelled.add(r.key);
      }
      return cancelled;
    },

    async claim(id) {
      const [row] = await db
        .update(notifyOutbox)
        .set({ attempts: sql`${notifyOutbox.attempts} + 1` })
        .where(and(eq(notifyOutbox.id, id), eq(notifyOutbox.state, 'pending')))
        .returning();
      return row === undefined ? null : toRecord(row);
    },

    async settle(id, attempts, result) {
      const rows = await db
        .update(notifyOutbox)
        .set({
          state: result.state,
          lastError: result.error,
          outcome: { ...result.outcome },
          ...(result.state === 'sent' ? { sentAt: result.at } : {}),
        })
        .where(
          and(
            eq(notifyOutbox.id, id),
            eq(notifyOutbox.attempts, attempts),
            eq(notifyOutbox.state, 'pending'),
          ),
        )
        .returning({ id: notifyOutbox.id });
      return rows.length > 0;
    },

    async cancel(key) {
      const rows = await db
        .update(notifyOutbox)
        .set({ state: 'cancelled' })
        .where(and(eq(notifyOutbox.key, key), eq(notifyOutbox.state, 'pending')))
        .returning({ id: notifyOutbox.id });
      return rows.length > 0;
    },

    async requeue(id, at) {
      const rows = await db
        .update(notifyOutbox)
        .set({ state: 'pending', attempts: 0, nextAttemptAt: at, lastError: null })
        .where(and(eq(notifyOutbox.id, id), inArray(notifyOutbox.state, ['pending', 'failed'])))
        .returning();
      const [row] = rows;
      if (row === undefined) return null;
      await sendJob(row.id, at);
      return toRecord(row);
    },

    async pending() {
      return db
        .select({ id: notifyOutbox.id, notBefore: notifyOutbox.nextAttemptAt })
        .from(notifyOutbox)
        .where(eq(notifyOutbox.state, 'pending'))
        .orderBy(asc(notifyOutbox.id));
    },

    async get(id) {
      const [row] = await db.select().from(notifyOutbox).where(eq(notifyOutbox.id, id));
      return row === undefined ? null : toRecord(row);
    },

    async getByKey(key) {
      const [row] = await db.select().from(notifyOutbox).where(eq(notifyOutbox.key, key));
      return row === undefined ? null : toRecord(row);
    },

    async list(filter) {
      const rows = await db
        .select()
        .from(notifyOutbox)
        .where(
          and(
            filter.state === undefined ? undefined : eq(notifyOutbox.state, filter.state),
            filter.kind === undefined ? undefined : eq(notifyOutbox.kind, filter.kind),
          ),
        )
        .orderBy(desc(notifyOutbox.id))
        .limit(filter.limit)
        .offset(filter.offset ?? 0);
      return rows.map(toRecord);
    },
  };
}
