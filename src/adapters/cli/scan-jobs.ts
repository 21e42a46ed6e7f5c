/**
 * Starts the scan-job worker of a serving process on its job queue when the configuration asks for it, with
 * the re-check of stored scans beside it: each job's result folder is kept under
 * `$VIGIL_DATA_DIR/scan-results`, and when the indicators folder changes every stored scan is
 * re-matched against the new set.
 */
import { join } from 'node:path';
import type { Runtime } from '../../runtime.ts';
import { evidenceRoot } from '../evidence/evidence-root.ts';
import { startScanWorker } from '../evidence/scan-worker.ts';
import { startStoredRecheck } from '../evidence/stored-recheck.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Loop, LoopLogger } from '../notify/background.ts';

/** True when this process runs scan jobs: an evidence folder, and VIGIL_SCAN_WORKER not off. */
export function runsScans(rt: Runtime): boolean {
  return rt.config.scans.worker && rt.config.scans.evidenceDir !== null;
}

/**
 * Works the scan queue on `queue` and starts the re-check, when this process runs scans (else
 * null); the stop ends the re-check (the queue's own stop ends the scans).
 */
export async function scanWorkerFor(
  rt: Runtime,
  log: LoopLogger,
  queue: JobQueue | null,
): Promise<Loop | null> {
  const c = rt.config.scans;
  if (queue === null || !runsScans(rt) || c.evidenceDir === null) return null;
  const indicatorsDir = join(rt.config.dataDir, 'indicators');
  const resultsDir = join(rt.config.dataDir, 'scan-results');
  await startScanWorker(
    queue.boss,
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
  return recheck;
}
