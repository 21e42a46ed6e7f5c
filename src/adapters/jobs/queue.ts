/**
 * The job queue of worker processes: pg-boss in its own schema of the same database (PGlite
 * through its adapter, PostgreSQL through its own small pool). Scheduled work runs once per
 * interval across every worker process, one run at a time, retried with exponential backoff
 * and, when every retry failed, copied to a dead-letter queue (docs/adr/0030-job-queue.md).
 */
import { type ConstructorOptions, PgBoss } from 'pg-boss';

export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Where pg-boss keeps its tables: the database's own connection or URL, and a schema. */
export type JobStore = Pick<ConstructorOptions, 'db' | 'connectionString' | 'max'> & {
  readonly schema: string;
};

/** A run that ends without an answer, or whose worker died, is retried after this long. */
const EXPIRE_SECONDS = 3600;

/** Retries of a failed run, the first after `retryDelaySeconds`, then doubling (capped at the interval). */
export interface RetryPolicy {
  readonly retries: number;
  readonly retryDelaySeconds: number;
}

const RETRY: RetryPolicy = { retries: 3, retryDelaySeconds: 30 };

export interface JobQueue {
  /** The started pg-boss, for queues worked beside the scheduled ones (notices.ts). */
  readonly boss: PgBoss;
  /**
   * Runs `run` now and then once per `intervalMs` window, whichever worker process claims it;
   * a failed run is logged (`<name> failed`) and retried with backoff, a run that succeeds is
   * logged as `<name> done`. `name` is a queue name (letters, digits, `-`).
   */
  every(name: string, intervalMs: number, run: () => Promise<unknown>): Promise<void>;
  /** Stops scheduling and claiming, and waits for the runs in progress. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  readonly retry?: RetryPolicy;
  /**
   * How often expired jobs (a worker died holding one) are found and retried; at most a job's
   * lease, so a notice's short lease is honoured (default 60 s).
   */
  readonly superviseSeconds?: number;
}

export async function startJobQueue(
  store: JobStore,
  log: JobLogger,
  opts: JobQueueOptions = {},
): Promise<JobQueue> {
  const { schema, ...connection } = store;
  const retry = opts.retry ?? RETRY;
  const supervise = Math.max(1, Math.min(60, Math.floor(opts.superviseSeconds ?? 60)));
  const boss = new PgBoss({
    ...connection,
    schema,
    // Expiry is checked by the monitor pass of the supervisor: both at this pace.
    superviseIntervalSeconds: supervise,
    monitorIntervalSeconds: supervise,
  });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  const timers: NodeJS.Timeout[] = [];
  return {
    boss,
    async every(name, intervalMs, run) {
      const seconds = Math.max(1, Math.round(intervalMs / 1000));
      const dead = `${name}-failed`;
      await boss.createQueue(dead);
      await boss.createQueue(name, {
        // One run at a time: a slow pull is never overlapped by the next window's.
        policy: 'singleton',
        expireInSeconds: EXPIRE_SECONDS,
        retryLimit: retry.retries,
        retryDelay: retry.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: Math.max(retry.retryDelaySeconds, seconds),
        deadLetter: dead,
      });
      await boss.work(name, { pollingIntervalSeconds: 2 }, async () => {
        try {
          const result = await run();
          log.info({ result }, `${name} done`);
        } catch (err) {
          log.error({ err }, `${name} failed`);
          throw err; // pg-boss retries it, then dead-letters it
        }
      });
      // Every worker offers a job per window; the throttle keeps one per window in all.
      const offer = () =>
        boss.sendThrottled(name, {}, null, seconds).catch((err: unknown) => {
          log.error({ err }, `${name} could not be scheduled`);
        });
      await offer();
      const timer = setInterval(() => void offer(), Math.min(intervalMs, seconds * 1000));
      timer.unref();
      timers.push(timer);
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, timeout: 30_000 });
    },
  };
}
