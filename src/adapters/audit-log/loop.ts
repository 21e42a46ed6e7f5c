/**
 * The audit log's background work in a serving process: integrate committed events into the
 * tree every ~200 ms, and sign a checkpoint every interval while the log grows. Rounds never
 * overlap within a process; across processes the integrator lock keeps them apart.
 */
import type { AuditLogService } from '../../services/audit/audit-log.service.ts';

export interface AuditLogLoopLogger {
  error(obj: object, msg?: string): void;
}

export interface AuditLogLoop {
  /** Stops, then integrates and checkpoints what is left (so a clean stop leaves it signed). */
  stop(): Promise<void>;
}

export const INTEGRATE_INTERVAL_MS = 200;

export function startAuditLogLoop(
  log: AuditLogService,
  opts: { checkpointIntervalMs: number; logger: AuditLogLoopLogger; integrateIntervalMs?: number },
): AuditLogLoop {
  const integrateMs = opts.integrateIntervalMs ?? INTEGRATE_INTERVAL_MS;
  let stopped = false;
  let wake: (() => void) | null = null;
  let lastCheckpoint = Number.NEGATIVE_INFINITY;
  const run = async () => {
    while (!stopped) {
      try {
        if (performance.now() - lastCheckpoint >= opts.checkpointIntervalMs) {
          lastCheckpoint = performance.now();
          await log.checkpoint(); // integrates first; signs only if the log grew
        } else {
          await log.integrateAll(0); // what is not settled yet waits for the next round
        }
      } catch (err) {
        opts.logger.error({ err }, 'audit log round failed');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, integrateMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  };
  const running = run();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await running;
      try {
        await log.checkpoint();
      } catch (err) {
        opts.logger.error({ err }, 'audit log final checkpoint failed');
      }
    },
  };
}
