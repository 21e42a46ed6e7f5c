/**
 * The notice loops a serving process (or `vigil notify run`) keeps going: deliver due notices
 * every interval, and plan new ones every plan interval. Each loop waits for its round to
 * finish before scheduling the next, so rounds never overlap within a process; other
 * processes are kept apart by the outbox claim and the planner's advisory lock.
 */
import type { NotifyConfig } from '../../config.ts';
import type { Services } from '../../services/index.ts';

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

/** Starts delivery (when a channel is configured) and planning; returns one stop for both. */
export function startNoticeLoops(
  services: Services,
  config: NotifyConfig,
  log: LoopLogger,
  what: { deliver: boolean; plan: boolean } = { deliver: true, plan: true },
): Loop {
  const loops: Loop[] = [];
  if (what.deliver && services.notices.canDeliver) {
    loops.push(
      every(
        config.intervalMs,
        async () => {
          const r = await services.notices.deliverAllDue(100);
          if (r.claimed > 0) log.info({ notices: r }, 'notices delivered');
        },
        (err) => log.error({ err }, 'notice delivery round failed'),
      ),
    );
  }
  if (what.plan) {
    loops.push(
      every(
        config.planIntervalMs,
        async () => {
          const r = await services.noticePlanner.plan();
          if (r.ran && (r.enqueued > 0 || r.transitions > 0)) log.info({ plan: r }, 'notices planned');
        },
        (err) => log.error({ err }, 'notice planning round failed'),
      ),
    );
  }
  return {
    async stop() {
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}
