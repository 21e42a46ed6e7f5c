/**
 * Notice delivery on the job queue. Every outbox row has a job carrying only its id, sent in the
 * transaction that writes the row (`sendNoticeJob`); workers claim the jobs with `SKIP LOCKED`,
 * deliver, and settle the row (NoticeService.deliver). pg-boss retries a notice left pending with
 * exponential backoff, re-runs one whose worker died once its job expires (the lease), and
 * dead-letters the job to `notice-failed` when the notice is given up. The outbox row stays the
 * record the API and the audit show (docs/adr/0030-job-queue.md).
 */
import {
  type Db,
  getConstructionPlans,
  type JobResult,
  type JobWithMetadata,
  PgBoss,
  type SendOptions,
} from 'pg-boss';
import type { NoticeService } from '../../services/notices/notice.service.ts';
import { installHistoryQueue } from './history.ts';
import { installScanQueue } from './scans.ts';

export const NOTICE_QUEUE = 'notice';
const NOTICE_DEAD = `${NOTICE_QUEUE}-failed`;

/** How a worker delivers: the lease, the retry budget and the first retry's delay (ms). */
export interface NoticeQueueSettings {
  /** A job whose worker neither settled nor failed it this long after claiming it is run again. */
  readonly leaseMs: number;
  /** Delivery attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The first retry's delay; doubled per attempt (jittered by pg-boss), capped at six hours. */
  readonly backoffMs: number;
}

const DEFAULTS: NoticeQueueSettings = { leaseMs: 120_000, maxAttempts: 8, backoffMs: 30_000 };

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

function queueOptions(s: NoticeQueueSettings) {
  return {
    expireInSeconds: seconds(s.leaseMs),
    retryLimit: s.maxAttempts - 1,
    retryDelay: seconds(s.backoffMs),
    retryBackoff: true,
    retryDelayMax: 6 * 3600,
    deadLetter: NOTICE_DEAD,
  };
}

/**
 * Creates pg-boss's schema (when missing), the notice queue, the scan queue (scans.ts) and the
 * history-fill queue (history.ts), through `exec` (one connection
 * that accepts several statements at once) and `db` (the same connection). Run by migrate(), so
 * every process and test database can send notice jobs without starting pg-boss; a worker's start
 * migrates the schema to a newer pg-boss.
 */
export async function installJobQueue(
  exec: (sql: string) => Promise<unknown>,
  db: Db,
  schema: string,
): Promise<void> {
  const { rows } = await db.executeSql('select to_regclass($1) is not null as installed', [
    `${schema}.version`,
  ]);
  if (rows[0]?.installed !== true) await exec(getConstructionPlans(schema));
  const boss = new PgBoss({ db, schema });
  await installScanQueue(boss);
  await installHistoryQueue(boss);
  if ((await boss.getQueue(NOTICE_QUEUE)) !== null) return;
  await boss.createQueue(NOTICE_DEAD);
  // `exclusive`: at most one queued or running job per notice (its id is the singleton key), so
  // re-sending the jobs of every pending notice never doubles one.
  await boss.createQueue(NOTICE_QUEUE, { policy: 'exclusive', ...queueOptions(DEFAULTS) });
}

/**
 * A notice's job: its id is the singleton key; due at `notBefore` when that is still ahead. Only
 * then: pg-boss keeps a queued job for a retention period counted from its start, so a job
 * started at a long-past `notBefore` (a restored notice) would be deleted before it ran.
 */
function jobOptions(id: number, notBefore: number): SendOptions {
  return notBefore > Date.now()
    ? { singletonKey: String(id), startAfter: new Date(notBefore) }
    : { singletonKey: String(id) };
}

/**
 * Sends notice `id`'s job through `db`, the caller's transaction (a PgBoss that is never started
 * only reads the queue's settings and inserts the job), due at `notBefore` (epoch ms).
 */
export function noticeJobSender(db: Db, schema: string): (id: number, notBefore: number) => Promise<void> {
  let boss: PgBoss | null = null;
  return async (id, notBefore) => {
    boss ??= new PgBoss({ db, schema });
    await boss.send(NOTICE_QUEUE, { id }, jobOptions(id, notBefore));
  };
}

/**
 * `noticeJobSender` for many notices: their jobs in one statement each `JOB_CHUNK` (pg-boss's
 * `insert`, which takes the queue's settings and skips a singleton key already queued, as `send` does).
 */
export function noticeJobsSender(
  db: Db,
  schema: string,
): (notices: readonly { id: number; notBefore: number }[]) => Promise<void> {
  let boss: PgBoss | null = null;
  return async (notices) => {
    boss ??= new PgBoss({ db, schema });
    for (let i = 0; i < notices.length; i += JOB_CHUNK) {
      const jobs = notices
        .slice(i, i + JOB_CHUNK)
        .map((n) => ({ data: { id: n.id }, ...jobOptions(n.id, n.notBefore) }));
      await boss.insert(NOTICE_QUEUE, jobs);
    }
  };
}

/** Jobs per `insert` (it sends them as one JSON parameter). */
const JOB_CHUNK = 5000;

type NoticeJob = JobWithMetadata<{ id: number }>;

export interface DeliveryRound {
  readonly claimed: number;
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

/** Delivers a batch of jobs concurrently; each job's result for pg-boss, and the round's counts. */
async function deliverJobs(
  notices: NoticeService,
  jobs: readonly NoticeJob[],
): Promise<{ results: JobResult[]; round: DeliveryRound }> {
  const outcomes = await Promise.all(
    jobs.map((job) => notices.deliver(job.data.id, job.retryCount >= job.retryLimit)),
  );
  const results = jobs.map(
    (job, i): JobResult => ({
      id: job.id,
      // pending: pg-boss retries it with backoff; failed: given up, to the dead letters.
      status: outcomes[i] === 'pending' ? 'failed' : outcomes[i] === 'failed' ? 'deadletter' : 'completed',
    }),
  );
  const count = (o: string) => outcomes.filter((x) => x === o).length;
  return {
    results,
    round: {
      claimed: outcomes.length - count('skipped'),
      sent: count('sent'),
      retrying: count('pending'),
      failed: count('failed'),
    },
  };
}

/**
 * Applies this worker's settings to the queue, and re-sends the job of every pending notice (a
 * restored database has the notices but not their jobs; a notice that still has one is left alone).
 */
async function prepare(boss: PgBoss, notices: NoticeService, opts: NoticeQueueSettings): Promise<void> {
  const { retryDelayMax: _, ...settings } = queueOptions(opts);
  await boss.updateQueue(NOTICE_QUEUE, settings);
  for (const n of await notices.pending()) {
    await boss.send(NOTICE_QUEUE, { id: n.id }, jobOptions(n.id, n.notBefore));
  }
}

/** Prepares the queue (above), then works it, `batch` jobs at a time, polling every `pollMs`. */
export async function workNotices(
  boss: PgBoss,
  notices: NoticeService,
  opts: NoticeQueueSettings & { readonly pollMs: number; readonly batch?: number },
  onRound: (round: DeliveryRound) => void,
): Promise<void> {
  await prepare(boss, notices, opts);
  await boss.work(
    NOTICE_QUEUE,
    {
      batchSize: opts.batch ?? 10,
      includeMetadata: true,
      perJobResults: true,
      pollingIntervalSeconds: Math.max(0.5, opts.pollMs / 1000),
    },
    async (jobs: NoticeJob[]) => {
      const { results, round } = await deliverJobs(notices, jobs);
      if (round.claimed > 0) onRound(round);
      return results;
    },
  );
}

/**
 * Prepares the queue (above), then delivers every notice job due now, a batch at a time, and
 * returns the totals (`vigil notify run --once`).
 */
export async function drainNotices(
  boss: PgBoss,
  notices: NoticeService,
  opts: NoticeQueueSettings & { readonly batch?: number },
): Promise<DeliveryRound> {
  await prepare(boss, notices, opts);
  const batch = opts.batch ?? 10;
  const total = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  for (;;) {
    const jobs = await boss.fetch<{ id: number }>(NOTICE_QUEUE, { batchSize: batch, includeMetadata: true });
    if (jobs.length === 0) return total;
    const { results, round } = await deliverJobs(notices, jobs);
    const attempt = (id: string) => {
      const job = jobs.find((j) => j.id === id);
      return { id, retryCount: job?.retryCount ?? 0 };
    };
    const by = (status: JobResult['status']) =>
      results.filter((r) => r.status === status).map((r) => attempt(r.id));
    const done = by('completed');
    if (done.length > 0) await boss.complete(NOTICE_QUEUE, done);
    // On the last attempt pg-boss dead-letters a failed job itself.
    const failed = [...by('failed'), ...by('deadletter')];
    if (failed.length > 0) await boss.fail(NOTICE_QUEUE, failed);
    total.claimed += round.claimed;
    total.sent += round.sent;
    total.retrying += round.retrying;
    total.failed += round.failed;
  }
}
