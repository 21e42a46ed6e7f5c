/**
 * The notice work a worker process (or `vigil notify run`) keeps going: delivery on the job queue
 * (adapters/jobs/notices.ts), and planning every plan interval. The planning loop waits for its
 * round to finish before scheduling the next, so rounds never overlap within a process; other
 * processes are kept apart by the planner's advisory lock.
 */
import type { NotifyConfig } from '../../config.ts';
import type { Services } from '../../services/index.ts';
import { workNotices } from '../jobs/notices.ts';
import type { JobQueue } from '../jobs/queue.ts';

export interface LoopLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Loop {
  /** Stops scheduling and waits for the round in flight. */
  stop(): Promise<void>;
}

/** Runs `round` now and then `intervalMs` after each round ends, until stopped. Errors are logged, not fatal. */
export function every(
  intervalMs: number,
  round: () => Promise<unknown>,
  onError: (err: unknown) => void,
): Loop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    timer = null;
    inFlight = round()
      .then(
        () => undefined,
        (err: unknown) => onError(err),
      )
      .then(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await inFlight;
    },
  };
}

/**
 * Works the notice queue on `queue` (when given and a channel is configured) and starts planning;
 * returns one stop for the planning (the queue's own stop ends delivery).
 */
export async function startNoticeLoops(
  services: Services,
  config: NotifyConfig,
  log: LoopLogger,
  queue: JobQueue | null,
): Promise<Loop> {
  if (queue !== null && services.notices.canDeliver) {
    await workNotices(queue.boss, services.notices, { ...config, pollMs: config.intervalMs }, (r) =>
      log.info({ notices: r }, 'notices delivered'),
    );
  }
  return every(
    config.planIntervalMs,
    async () => {
      const r = await services.noticePlanner.plan();
      if (r.ran && (r.enqueued > 0 || r.transitions > 0)) log.info({ plan: r }, 'notices planned');
    },
    (err) => log.error({ err }, 'notice planning round failed'),
  );
}
