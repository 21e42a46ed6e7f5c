/**
 * Background forensic scans: a scan of evidence on the server, requested over the
 * API, run by a worker process and recorded against the device when it finishes.
 *
 * The job is a durable row, and a job on the queue carrying its id is sent in the same
 * transaction (the repository's `insert`). A worker holding the queue job claims the row
 * (attempts + 1, the fencing token), runs the scan outside any transaction (reading evidence is
 * the evidence adapter's job: see src/adapters/evidence/scan-worker.ts), reports progress, and
 * completes it: in ONE transaction the job is settled (fenced on its claim, so a worker whose job
 * was run again elsewhere records nothing) and the scan is recorded as the device's inspection
 * with its verdict, an incident opened when it failed, and `scan.completed` with every input's
 * SHA-256 (recordScanInTx, shared with `vigil scan`). The queue runs a job whose worker died
 * again; a row claimed `maxAttempts` times fails instead of running again, so one poisonous
 * input cannot take down worker after worker.
 */
import { VigilError } from '../../core/errors.ts';
import type { Instant } from '../../core/time.ts';
import type { Tx } from '../kernel/command-service.ts';
import type { Clock, IdSource, UnitOfWork } from '../kernel/ports.ts';
import type { ScanJobProgress, ScanJobRecord, ScanJobState, ScanJobSummary } from './ports.ts';
import { recordScanInTx, type ScanSummary } from './scan.service.ts';
import type { ScanRequest } from './schemas.ts';

/** Checks evidence paths against the evidence folder (src/adapters/evidence/evidence-root.ts). */
export interface EvidenceLocator {
  /**
   * The path's normal form, relative to the evidence folder, when it names something inside
   * it (after resolving links); throws SCAN_PATH_REFUSED otherwise.
   */
  locate(path: string): string;
}

export interface ScanJobSettings {
  /** Null: the server has no evidence folder and refuses scan requests (SCAN_NOT_CONFIGURED). */
  readonly evidence: EvidenceLocator | null;
  /** Claims before a job whose workers keep dying is failed. */
  readonly maxAttempts: number;
}

export const DEFAULT_SCAN_JOB_SETTINGS: ScanJobSettings = {
  evidence: null,
  maxAttempts: 3,
};

/** A job as the worker that claimed it holds it: `attempts` is the claim's fencing token. */
export type ClaimedScanJob = Pick<
  ScanJobRecord,
  'id' | 'deviceId' | 'path' | 'iocs' | 'performedBy' | 'requestedBy' | 'attempts'
>;

/** What the worker hands over when the scan finished. */
export interface ScanJobResult {
  readonly scan: ScanSummary;
  readonly inputsCount: number;
  readonly indicatorFiles: number;
  /** The exact alerts.json and info.json; their SHA-256 is the inspection's evidence. */
  readonly alertsJson: string;
  readonly infoJson: string;
  readonly evidence: readonly { name: string; sha256: string; size: number }[];
}

export class ScanJobService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #settings: ScanJobSettings;

  constructor(deps: { uow: UnitOfWork; clock: Clock; ids: IdSource; scanJobs?: ScanJobSettings }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#settings = deps.scanJobs ?? DEFAULT_SCAN_JOB_SETTINGS;
  }

  /** True when this process can accept scan requests (an evidence folder is configured). */
  get configured(): boolean {
    return this.#settings.evidence !== null;
  }

  /** Queues a scan of evidence on the server; the worker picks it up. */
  async request(input: ScanRequest, actor: string): Promise<ScanJobRecord> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      if ((await tx.devices.get(input.deviceId)) === null)
        throw new VigilError('DEVICE_NOT_FOUND', `no device has the id ${input.deviceId}`);
      const evidence = this.#settings.evidence;
      if (evidence === null) {
        throw new VigilError(
          'SCAN_NOT_CONFIGURED',
          'this server has no evidence folder: set VIGIL_EVIDENCE_DIR to scan from the API, or run `vigil scan`',
        );
      }
      const path = evidence.locate(input.path);
      const iocs = (input.iocs ?? []).map((p) => evidence.locate(p));
      const job = await tx.scanJobs.insert({
        id: this.#ids.next('scn'),
        deviceId: input.deviceId,
        path,
        iocs,
        performedBy: input.performedBy ?? actor,
        requestedBy: actor,
        createdAt: now,
      });
      await tx.audit.append({
        type: 'scan.requested',
        at: now,
        actor,
        subject: `device:${input.deviceId}`,
        payload: { jobId: job.id, deviceId: job.deviceId, path, iocs },
      });
      return job;
    });
  }

  async get(id: string): Promise<ScanJobRecord> {
    const job = await this.#uow.read((r) => r.scanJobs.get(id));
    if (job === null) throw new VigilError('SCAN_JOB_NOT_FOUND', `no scan job has the id ${id}`);
    return job;
  }

  list(filter: {
    readonly state?: ScanJobState;
    readonly deviceId?: string;
    readonly limit?: number;
    readonly offset?: number;
  }): Promise<ScanJobRecord[]> {
    return this.#uow.read((r) =>
      r.scanJobs.list({
        ...(filter.state === undefined ? {} : { state: filter.state }),
        ...(filter.deviceId === undefined ? {} : { deviceId: filter.deviceId }),
        limit: filter.limit ?? 100,
        offset: filter.offset ?? 0,
      }),
    );
  }

  /** Claims before a job whose workers keep dying is failed (the queue's retry budget). */
  get maxAttempts(): number {
    return this.#settings.maxAttempts;
  }

  /** The ids of the jobs queued or running, whose queue jobs a starting worker re-sends. */
  unfinished(): Promise<string[]> {
    return this.#uow.read((r) => r.scanJobs.unfinished());
  }

  /**
   * Claims job `id` for the worker holding its queue job; null when it is finished or missing,
   * or when it was claimed `maxAttempts` times already (it is failed here rather than run again).
   */
  async claim(id: string): Promise<ClaimedScanJob | null> {
    const now = this.#clock.now();
    const j = await this.#uow.run(async (tx) => {
      const job = await tx.scanJobs.claim(id, now);
      if (job === null || job.attempts <= this.#settings.maxAttempts) return job;
      // This claim never ran: the attempts reported are the runs its workers died in.
      const started = job.attempts - 1;
      const error = `the scan was started ${started} times and its worker stopped each time`;
      await failInTx(tx, job, now, { code: 'SCAN_WORKER_LOST', error, attempts: started });
      return null;
    });
    return j === null
      ? null
      : {
          id: j.id,
          deviceId: j.deviceId,
          path: j.path,
          iocs: j.iocs,
          performedBy: j.performedBy,
          requestedBy: j.requestedBy,
          attempts: j.attempts,
        };
  }

  /** Records progress; false when the claim was lost (stop working on it). */
  progress(job: ClaimedScanJob, p: ScanJobProgress): Promise<boolean> {
    const now = this.#clock.now();
    return this.#uow.run((tx) => tx.scanJobs.progress(job.id, job.attempts, p, now));
  }

  /**
   * Settles the job as done and records the scan (posture, inspection with the verdict and the
   * result files' hashes as evidence, incident when it failed, `scan.completed`), together.
   * Returns null, recording nothing, when the claim was lost to another worker.
   */
  async complete(job: ClaimedScanJob, result: ScanJobResult): Promise<ScanJobRecord | null> {
    const now = this.#clock.now();
    const lost = Symbol('lost');
    try {
      return await this.#uow.run(async (tx) => {
        const recorded = await recordScanInTx(
          tx,
          this.#ids,
          job.deviceId,
          result.scan,
          { actor: job.requestedBy, now, jobId: job.id },
          {
            performedBy: job.performedBy,
            evidence: result.evidence,
            notes: `Background scan ${job.id} of ${result.scan.kind} at ${job.path}`,
          },
        );
        const summary: ScanJobSummary = {
          kind: result.scan.kind,
          encrypted: result.scan.encrypted,
          verdict: recorded.verdict,
          alertCounts: { ...result.scan.alertCounts },
          modules: result.scan.modules.map((m) => ({ module: m.module, status: m.status })),
          coverage: {
            complete: recorded.coverage.complete,
            required: [...recorded.coverage.required],
            missing: [...recorded.coverage.missing],
            failed: recorded.coverage.modules.flatMap((m) =>
              m.status === 'failed' ? [{ module: m.module, error: m.error ?? '' }] : [],
            ),
          },
          inputs: result.inputsCount,
          indicatorFiles: result.indicatorFiles,
          postureReportId: recorded.posture?.id ?? null,
          evidence: result.evidence.map((e) => ({ ...e })),
        };
        const settled = await tx.scanJobs.finish(job.id, job.attempts, {
          state: 'done',
          at: now,
          summary,
          alertsJson: result.alertsJson,
          infoJson: result.infoJson,
          inspectionId: recorded.inspection?.id ?? null,
          incidentId: recorded.incidentId,
        });
        // Thrown, not returned, so the transaction rolls the recording back.
        if (!settled) throw lost;
        return await tx.scanJobs.get(job.id);
      });
    } catch (err) {
      if (err === lost) return null;
      throw err;
    }
  }

  /** Settles the job as failed (with a stable code) and appends `scan.failed`; false when the claim was lost. */
  async fail(job: ClaimedScanJob, code: string, message: string): Promise<boolean> {
    const now = this.#clock.now();
    return this.#uow.run((tx) =>
      failInTx(tx, job, now, { code, error: message.slice(0, 2000), attempts: job.attempts }),
    );
  }
}

/**
 * Settles a job as failed, fenced on its claim, and appends `scan.failed` in the same
 * transaction; false, appending nothing, when the claim was lost.
 */
async function failInTx(
  tx: Tx<'audit' | 'scanJobs'>,
  job: Pick<ScanJobRecord, 'id' | 'deviceId' | 'requestedBy' | 'attempts'>,
  now: Instant,
  failure: { readonly code: string; readonly error: string; readonly attempts: number },
): Promise<boolean> {
  const { code, error, attempts } = failure;
  const settled = await tx.scanJobs.finish(job.id, job.attempts, {
    state: 'failed',
    at: now,
    errorCode: code,
    error,
  });
  if (!settled) return false;
  await tx.audit.append({
    type: 'scan.failed',
    at: now,
    actor: job.requestedBy,
    subject: `device:${job.deviceId}`,
    payload: { jobId: job.id, deviceId: job.deviceId, code, error, attempts },
  });
  return true;
}
