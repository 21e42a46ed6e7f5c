/**
 * The scan-job worker a worker process runs (VIGIL_SCAN_WORKER): takes scan jobs from the job
 * queue one at a time (src/adapters/jobs/scans.ts), claims the row, runs the scan on the evidence
 * folder's file, reports progress and hands the result to ScanJobService.complete, which records the
 * inspection, incident and audit event. Each scan runs in its own child process with a memory
 * cap and a time limit (isolated-scan.ts), so this process's event loop keeps serving while it
 * runs. A failure of the scan (unreadable evidence, a missing or wrong backup password, an
 * indicator file that is not STIX, a zip bomb, a limit reached) fails the job with its stable
 * code; a worker that dies stops its heartbeat on the queue, and another worker takes the job again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PgBoss } from 'pg-boss';
import { VigilError } from '../../core/errors.ts';
import type { Services } from '../../services/index.ts';
import type { ClaimedScanJob } from '../../services/scans/scan-job.service.ts';
import { drainScans, type ScanQueueWork, workScans } from '../jobs/scans.ts';
import type { LoopLogger } from '../notify/background.ts';
import type { EvidenceRoot } from './evidence-root.ts';
import { type ScanLimits, scanIsolated } from './isolated-scan.ts';
import { alertView, infoJsonOf, scanSummaryOf, sha256Of } from './output.ts';
import type { ScanProgress } from './scan.ts';

export interface ScanWorkerOptions {
  readonly root: EvidenceRoot;
  /** The feeds of `vigil iocs update` ($VIGIL_DATA_DIR/indicators), used when a job names none. */
  readonly indicatorsDir: string;
  /** VIGIL_BACKUP_PASSWORD: encrypted backups fail with BACKUP_PASSWORD_REQUIRED without it. */
  readonly password: string | null;
  readonly intervalMs: number;
  /** Least time between two progress writes (default 1 s). */
  readonly progressEveryMs?: number;
  /** Memory, time and zip caps of each scan (default DEFAULT_SCAN_LIMITS). */
  readonly limits?: ScanLimits;
  /**
   * Where each job's whole result folder (records included) is kept, as `<dir>/<job id>`, so
   * stored scans can be re-checked when new indicators arrive; unset keeps only alerts.json
   * and info.json on the job.
   */
  readonly resultsDir?: string;
}

type Log = LoopLogger & { warn?(obj: object, msg?: string): void };

/** The result files whose SHA-256 the inspection lists; their exact text is kept on the job. */
const KEPT = ['alerts.json', 'info.json'] as const;

async function runJob(services: Services, job: ClaimedScanJob, opts: ScanWorkerOptions, log: Log) {
  const gap = opts.progressEveryMs ?? 1000;
  let last = Number.NEGATIVE_INFINITY;
  let lost = false;
  let chain: Promise<unknown> = Promise.resolve();
  const onProgress = (p: ScanProgress) => {
    const t = Date.now();
    if (t - last < gap && p.module !== null) return;
    last = t;
    // Written in order, without holding up the scan; a lost claim stops nothing mid-module
    // but keeps this worker from recording anything.
    chain = chain
      .then(() => services.scanJobs.progress(job, p))
      .then(
        (held) => {
          if (!held) lost = true;
        },
        (err: unknown) => log.error({ err, jobId: job.id }, 'scan job progress not recorded'),
      );
  };
  try {
    const target = opts.root.absolute(job.path);
    const iocPaths =
      job.iocs.length > 0
        ? job.iocs.map((p) => opts.root.absolute(p))
        : existsSync(opts.indicatorsDir)
          ? [opts.indicatorsDir]
          : [];
    const password = opts.password;
    const report = await scanIsolated(target, {
      iocs: {
        paths: iocPaths,
        cwd: opts.root.dir,
        confineTo: job.iocs.length > 0 ? opts.root.dir : null,
      },
      password: password === null ? null : async () => password,
      onProgress,
      confineTo: opts.root.dir,
      limits: opts.limits,
      // The job row keeps alerts.json and info.json; the records go to the result folder.
      withoutRecords: true,
      ...(opts.resultsDir === undefined
        ? {}
        : {
            results: {
              dir: join(opts.resultsDir, job.id),
              custody: { performedBy: job.performedBy, deviceId: job.deviceId },
            },
          }),
    });
    await chain;
    if (lost) {
      log.warn?.({ jobId: job.id }, 'scan job claimed by another worker; result dropped');
      return;
    }
    // Only the kept files, in the result folder's exact text (writeScanOutput's), so their
    // SHA-256 matches a CLI scan's; the per-module records can be large and are not kept.
    const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
    const rendered: Record<(typeof KEPT)[number], string> = {
      'alerts.json': json(report.alerts.map(alertView)),
      'info.json': infoJsonOf(report, { performedBy: job.performedBy, deviceId: job.deviceId }),
    };
    const text = (name: (typeof KEPT)[number]) => rendered[name];
    const done = await services.scanJobs.complete(job, {
      scan: scanSummaryOf(report, sha256Of(rendered['info.json'])),
      inputsCount: report.inputs.length,
      indicatorFiles: report.indicatorFiles.length,
      alertsJson: text('alerts.json'),
      infoJson: text('info.json'),
      evidence: KEPT.map((name) => ({
        name,
        sha256: createHash('sha256').update(text(name)).digest('hex'),
        size: Buffer.byteLength(text(name)),
      })),
    });
    if (done !== null)
      log.info(
        { jobId: job.id, verdict: done.summary?.verdict, inspectionId: done.inspectionId },
        'scan job done',
      );
  } catch (err) {
    await chain;
    const known = err instanceof VigilError;
    if (!known) log.error({ err, jobId: job.id }, 'scan job failed');
    await services.scanJobs.fail(
      job,
      known ? err.code : 'INTERNAL',
      known ? err.message : `the scan failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** What the queue runs per job: claim the row, then run the scan (false: nothing to run). */
function queueWork(services: Services, opts: ScanWorkerOptions, log: Log): ScanQueueWork {
  return {
    maxAttempts: services.scanJobs.maxAttempts,
    unfinished: () => services.scanJobs.unfinished(),
    async run(id) {
      const job = await services.scanJobs.claim(id);
      if (job === null) return false;
      await runJob(services, job, opts, log);
      return true;
    },
  };
}

/** Runs the scan jobs on the queue until none is due; returns how many ran. */
export function runScanJobs(
  boss: PgBoss,
  services: Services,
  opts: ScanWorkerOptions,
  log: Log,
): Promise<number> {
  return drainScans(boss, queueWork(services, opts, log));
}

/**
 * Works the scan queue of a started pg-boss, polling every `intervalMs`; the queue's stop ends
 * it (waiting for the scan in flight).
 */
export function startScanWorker(
  boss: PgBoss,
  services: Services,
  opts: ScanWorkerOptions,
  log: Log,
): Promise<void> {
  return workScans(boss, queueWork(services, opts, log), opts.intervalMs);
}
