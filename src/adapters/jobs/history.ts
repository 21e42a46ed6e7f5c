/**
 * History fills on the job queue. Each missing or stale day of the dashboard's history, on one
 * basis, is a job (`{ date, basis }`, its singleton key `basis:date`), sent in the transaction of
 * what made it missing: the write whose triggers deleted it (adapters/db/client.ts), the request
 * that found it missing, a worker's start (DashboardService.warm). Workers claim the jobs with
 * `SKIP LOCKED`, a batch at a time, and compute the batch in one read of the fleet, a page of
 * devices at a time (DashboardService.fill, docs/adr/0045); a day already stored is skipped.
 * The queue is `stately`: one queued and one running job per day, so two processes never fill
 * the same day at once, and a day made stale while it is being filled is queued once more
 * (docs/adr/0030-job-queue.md).
 */
import { type Db, type JobResult, PgBoss } from 'pg-boss';
import type { HistoryBasis } from '../../core/dashboard/history.ts';
import type { JobLogger } from './queue.ts';

export const HISTORY_QUEUE = 'history-fill';
const HISTORY_DEAD = `${HISTORY_QUEUE}-failed`;

/** A running fill's job is run again when its worker's heartbeat stopped this long (pg-boss's least). */
export const HISTORY_HEARTBEAT_SECONDS = 10;

/** Days claimed at once: one read of the fleet serves up to 32 of them (DashboardService.fill). */
const BATCH = 64;

export interface HistoryFillJob {
  /** The UTC date, YYYY-MM-DD. */
  readonly date: string;
  readonly basis: HistoryBasis;
}

/** Creates the history-fill queue (called by migrate(), beside the notice queue), when missing. */
export async function installHistoryQueue(boss: PgBoss): Promise<void> {
  if ((await boss.getQueue(HISTORY_QUEUE)) !== null) return;
  await boss.createQueue(HISTORY_DEAD);
  await boss.createQueue(HISTORY_QUEUE, {
    policy: 'stately',
    heartbeatSeconds: HISTORY_HEARTBEAT_SECONDS,
    // A backstop beyond the heartbeat: a batch over a million devices takes minutes.
    expireInSeconds: 3600,
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 300,
    deadLetter: HISTORY_DEAD,
  });
}

/** Sends the fill jobs of `days` through `db`, the caller's transaction (a PgBoss that is never started). */
export function historyFillSender(
  db: Db,
  schema: string,
): (days: readonly HistoryFillJob[]) => Promise<void> {
  let boss: PgBoss | null = null;
  return async (days) => {
    if (days.length === 0) return;
    boss ??= new PgBoss({ db, schema });
    // One statement; a day that already has a queued job is left out (ON CONFLICT DO NOTHING).
    await boss.insert(
      HISTORY_QUEUE,
      days.map((d) => ({ data: { date: d.date, basis: d.basis }, singletonKey: `${d.basis}:${d.date}` })),
    );
  };
}

/**
 * Days deleted by the history triggers in the current transaction, as the triggers note them in
 * the transaction-local setting `vigil.history_refill` (`basis:date`, comma-separated).
 */
export function parseRefill(setting: string | null | undefined): HistoryFillJob[] {
  if (setting === null || setting === undefined || setting === '') return [];
  const seen = new Set<string>();
  const out: HistoryFillJob[] = [];
  for (const item of setting.split(',')) {
    const [basis, date] = item.split(':');
    if ((basis !== 'now' && basis !== 'then') || date === undefined || seen.has(item)) continue;
    seen.add(item);
    out.push({ basis, date });
  }
  return out;
}

/** Computes days (skipping those stored meanwhile); true per day it computed and stored. */
export type HistoryFiller = (days: readonly HistoryFillJob[]) => Promise<boolean[]>;

/**
 * Works the queue, a batch of days at a time, polling every second. Each job's output says
 * whether this claim computed its day (`{ computed }`); a batch that failed is retried with
 * backoff and, after the last retry, dead-lettered to `history-fill-failed`.
 */
export async function workHistoryFills(boss: PgBoss, fill: HistoryFiller, log: JobLogger): Promise<string> {
  return boss.work<HistoryFillJob>(
    HISTORY_QUEUE,
    { batchSize: BATCH, pollingIntervalSeconds: 1, perJobResults: true },
    async (jobs): Promise<JobResult[]> => {
      let computed: boolean[];
      try {
        computed = await fill(jobs.map((j) => j.data));
      } catch (err) {
        log.error({ err, days: jobs.length }, 'history fill failed');
        throw err; // pg-boss retries the batch, then dead-letters it
      }
      const n = computed.filter(Boolean).length;
      if (n > 0) log.info({ days: n }, 'history days filled');
      return jobs.map((j, i) => ({
        id: j.id,
        status: 'completed',
        output: { computed: computed[i] === true },
      }));
    },
  );
}
