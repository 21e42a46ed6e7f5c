/**
 * Scan jobs on the job queue. Every `scan_jobs` row has a job carrying only its id, sent in the
 * transaction that writes the row (`scanJobSender`); workers claim the jobs with `SKIP LOCKED`,
 * one at a time, and run the scan (src/adapters/evidence/scan-worker.ts). While a scan runs, the
 * worker's heartbeat keeps the job claimed; a worker that died stops beating, and pg-boss runs the
 * job again, so another worker claims the row (attempts + 1, the fencing token). The row stays the
 * record GET /scans/:id shows (docs/adr/0030-job-queue.md).
 */
import { type Db, PgBoss, type SendOptions } from 'pg-boss';

export const SCAN_QUEUE = 'scan';
const SCAN_DEAD = `${SCAN_QUEUE}-failed`;

/**
 * A running scan's job is run again when its worker's heartbeat (every half of this) stopped
 * this long: pg-boss's least. Fixed, as a job takes it when it is sent, by any process.
 */
export const SCAN_HEARTBEAT_SECONDS = 10;

/**
 * Runs of one scan before the row is failed: a worker that claims a row already claimed
 * `maxAttempts` times fails it (SCAN_WORKER_LOST) instead, so pg-boss needs one retry more.
 */
const DEFAULT_MAX_ATTEMPTS = 3;

/** Past the scan's own time limit (30 min by default), a job still claimed is given up by pg-boss. */
const EXPIRE_SECONDS = 4 * 3600;

function queueOptions(maxAttempts: number) {
  return {
    expireInSeconds: EXPIRE_SECONDS,
    retryLimit: maxAttempts,
    retryDelay: 1,
    retryBackoff: false,
    deadLetter: SCAN_DEAD,
  };
}

/** Creates the scan queue (called by migrate(), beside the notice queue), when missing. */
export async function installScanQueue(boss: PgBoss): Promise<void> {
  if ((await boss.getQueue(SCAN_QUEUE)) !== null) return;
  await boss.createQueue(SCAN_DEAD);
  // `exclusive`: at most one queued or running job per scan (its id is the singleton key), so
  // re-sending the jobs of every unfinished scan never doubles one.
  await boss.createQueue(SCAN_QUEUE, {
    policy: 'exclusive',
    heartbeatSeconds: SCAN_HEARTBEAT_SECONDS,
    ...queueOptions(DEFAULT_MAX_ATTEMPTS),
  });
}

const jobOptions = (id: string): SendOptions => ({ singletonKey: id });

/** Sends scan `id`'s job through `db`, the caller's transaction (a PgBoss that is never started). */
export function scanJobSender(db: Db, schema: string): (id: string) => Promise<void> {
  let boss: PgBoss | null = null;
  return async (id) => {
    boss ??= new PgBoss({ db, schema });
    await boss.send(SCAN_QUEUE, { id }, jobOptions(id));
  };
}

/**
 * Applies this worker's retry budget to the queue, and re-sends the job of every unfinished scan
 * (a restored database has the rows but not their jobs; a scan that still has one is left alone).
 */
async function prepare(boss: PgBoss, maxAttempts: number, unfinished: () => Promise<string[]>) {
  const { deadLetter: _, ...settings } = queueOptions(maxAttempts);
  await boss.updateQueue(SCAN_QUEUE, settings);
  for (const id of await unfinished()) await boss.send(SCAN_QUEUE, { id }, jobOptions(id));
}

export interface ScanQueueWork {
  readonly maxAttempts: number;
  /** The ids of the scans queued or running (to re-send their jobs). */
  unfinished(): Promise<string[]>;
  /**
   * Runs scan `id`: false when there was nothing to run (finished, or claimed too often); throws
   * only when the run could not be settled (pg-boss retries it).
   */
  run(id: string): Promise<boolean>;
}

/** Prepares the queue (above), then works it one scan at a time, polling every `pollMs`. */
export async function workScans(boss: PgBoss, work: ScanQueueWork, pollMs: number): Promise<void> {
  await prepare(boss, work.maxAttempts, work.unfinished);
  await boss.work<{ id: string }>(
    SCAN_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: Math.max(0.5, pollMs / 1000) },
    async ([job]) => {
      if (job !== undefined) await work.run(job.data.id);
    },
  );
}

/** Prepares the queue (above), then runs every scan job due now, one at a time; returns how many. */
export async function drainScans(boss: PgBoss, work: ScanQueueWork): Promise<number> {
  await prepare(boss, work.maxAttempts, work.unfinished);
  let n = 0;
  for (;;) {
    const [job] = await boss.fetch<{ id: string }>(SCAN_QUEUE, { batchSize: 1, includeMetadata: true });
    if (job === undefined) return n;
    const attempt = { id: job.id, retryCount: job.retryCount };
    // What `work()` does by itself: keep the claim alive while the scan runs.
    const beat = setInterval(
      () => void boss.touch(SCAN_QUEUE, attempt).catch(() => {}),
      (SCAN_HEARTBEAT_SECONDS * 1000) / 2,
    );
    try {
      if (await work.run(job.data.id)) n++;
      await boss.complete(SCAN_QUEUE, attempt);
    } catch (err) {
      await boss.fail(SCAN_QUEUE, attempt);
      throw err;
    } finally {
      clearInterval(beat);
    }
  }
}
