/** Starts the scan-job worker of a serving process when the configuration asks for it. */
import { join } from 'node:path';
import type { Runtime } from '../../runtime.ts';
import { evidenceRoot } from '../evidence/evidence-root.ts';
import { startScanWorker } from '../evidence/scan-worker.ts';
import type { Loop, LoopLogger } from '../notify/background.ts';

/** The worker, or null when there is no evidence folder or VIGIL_SCAN_WORKER=off. */
export function scanWorkerFor(rt: Runtime, log: LoopLogger): Loop | null {
  const c = rt.config.scans;
  if (!c.worker || c.evidenceDir === null) return null;
  return startScanWorker(
    rt.services,
    {
      root: evidenceRoot(c.evidenceDir),
      indicatorsDir: join(rt.config.dataDir, 'indicators'),
      password: c.backupPassword,
      intervalMs: c.intervalMs,
      limits: c.limits,
    },
    log,
  );
}
