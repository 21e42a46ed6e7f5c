/**
 * Stored scans re-checked against new indicators: a phone checked clean in March is flagged in
 * May when the indicator for March's infection is published. Re-matching the saved records is
 * the evidence adapter's work (it reads the result folders); this service decides which jobs
 * still need the new set and records each outcome once: the alerts the saved scan did not
 * have, an incident (with its notice) for a new critical one, and `scan.rechecked`.
 */
import { type Instant, toIso } from '../../core/time.ts';
import { openIncidentInTx } from '../incidents/incident.service.ts';
import type { Clock, IdSource, UnitOfWork } from '../kernel/ports.ts';
import type { ScanJobRecord, ScanRecheckRecord } from './ports.ts';

export interface IndicatorSetRef {
  /** SHA-256 over the sorted SHA-256s of the files: names the set. */
  readonly sha256: string;
  readonly files: readonly { file: string; sha256: string; count: number }[];
}

export interface RecheckOutcome {
  readonly jobId: string;
  /** Alerts the saved scan did not have. */
  readonly newAlerts: readonly { level: string; module: string; message: string }[];
}

/** How many finished jobs one pass looks at: the newest, which are the ones that still matter. */
const PASS_LIMIT = 10_000;

export class ScanRecheckService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;

  constructor(deps: { uow: UnitOfWork; clock: Clock; ids: IdSource }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
  }

  /** Finished scan jobs not yet re-checked against the set, newest first. */
  async pending(set: IndicatorSetRef): Promise<ScanJobRecord[]> {
    return this.#uow.read(async (tx) => {
      const done = await tx.scanJobs.list({ state: 'done', limit: PASS_LIMIT });
      const checked = await tx.scanRechecks.jobsChecked(set.sha256);
      return done.filter((j) => !checked.has(j.id));
    });
  }

  async forJob(jobId: string): Promise<ScanRecheckRecord[]> {
    return this.#uow.read((tx) => tx.scanRechecks.forJob(jobId));
  }

  /**
   * Records one job's re-check against the set, once: a second worker that re-checked the same
   * job against the same set records nothing and gets null. A new critical alert opens an
   * incident on the device unless one is open already (the open one is then named).
   */
  async record(
    set: IndicatorSetRef,
    outcome: RecheckOutcome,
    actor: string,
  ): Promise<ScanRecheckRecord | null> {
    const now = this.#clock.now();
    const already = Symbol('already');
    try {
      return await this.#uow.run(async (tx) => {
        const job = await tx.scanJobs.get(outcome.jobId);
        if (job === null || job.state !== 'done') return null;
        const critical = outcome.newAlerts.filter((a) => a.level === 'critical');
        let incidentId: string | null = null;
        if (critical.length > 0) {
          const open = await tx.incidents.openFor(job.deviceId);
          incidentId =
            open[0] ??
            (
              await openIncidentInTx(
                tx,
                this.#ids.next('inc'),
                {
                  deviceIds: [job.deviceId],
                  compromise: 'suspected',
                  summary: summaryOf(job, critical, set).slice(0, 2000),
                  ...(job.inspectionId === null ? {} : { inspectionId: job.inspectionId }),
                },
                { actor, now },
              )
            ).id;
        }
        const record: ScanRecheckRecord = {
          id: this.#ids.next('rck'),
          jobId: job.id,
          deviceId: job.deviceId,
          indicatorsSha256: set.sha256,
          indicatorFiles: set.files.map((f) => ({ ...f })),
          newAlerts: outcome.newAlerts.map((a) => ({ level: a.level, module: a.module, message: a.message })),
          incidentId,
          recordedAt: now,
          actor,
        };
        // Unique per (job, set): a job already re-checked against the set, by this pass or a
        // concurrent worker, inserts nothing and the transaction rolls back (incident included).
        if (!(await tx.scanRechecks.insert(record))) throw already;
        const counts: Record<string, number> = {};
        for (const a of outcome.newAlerts) counts[a.level] = (counts[a.level] ?? 0) + 1;
        await tx.audit.append({
          type: 'scan.rechecked',
          at: now,
          actor,
          subject: `device:${job.deviceId}`,
          payload: {
            deviceId: job.deviceId,
            jobId: job.id,
            indicatorsSha256: set.sha256,
            indicators: set.files.map((f) => ({ ...f })),
            newAlerts: counts,
            incidentId,
          },
        });
        return record;
      });
    } catch (err) {
      if (err === already) return null;
      throw err;
    }
  }
}

function summaryOf(job: ScanJobRecord, critical: RecheckOutcome['newAlerts'], set: IndicatorSetRef): string {
  const when = job.finishedAt === null ? '' : ` of ${toIso(job.finishedAt as Instant).slice(0, 10)}`;
  const files = set.files.map((f) => f.file).join(', ');
  return `Re-check of scan ${job.id}${when} against new indicators (${files}): ${critical.length} new critical alert(s); first: ${critical[0]?.message ?? ''}`;
}
