/**
 * Starts the scan-job worker of a serving process when the configuration asks for it, with
 * the re-check of stored scans beside it: each job's result folder is kept under
 * `$VIGIL_DATA_DIR/scan-results`, and when the indicators folder changes every stored scan is
 * re-matched against the new set.
 */
import { join } from 'node:path';
import type { Runtime } from '../../runtime.ts';
import { evidenceRoot } from '../evidence/evidence-root.ts';
import { startScanWorker } from '../evidence/scan-worker.ts';
import { startStoredRecheck } from '../evidence/stored-recheck.ts';
import type { Loop, LoopLogger } from '../notify/background.ts';

/** The worker, or null when there is no evidence folder or VIGIL_SCAN_WORKER=off. */
export function scanWorkerFor(rt: Runtime, log: LoopLogger): Loop | null {
  const c = rt.config.scans;
  if (!c.worker || c.evidenceDir === null) return null;
  const indicatorsDir = join(rt.config.dataDir, 'indicators');
  const resultsDir = join(rt.config.dataDir, 'scan-results');
  const worker = startScanWorker(
    rt.services,
    {
      root: evidenceRoot(c.evidenceDir),
      indicatorsDir,
      resultsDir,
      password: c.backupPassword,
      intervalMs: c.intervalMs,
      limits: c.limits,
    },
    log,
  );
  const recheck = startStoredRecheck(
    rt.services,
    { resultsDir, indicatorsDir, actor: 'system', intervalMs: c.intervalMs },
    log,
  );
  return {
    async stop() {
      await Promise.all([worker.stop(), recheck.stop()]);
    },
  };
}
