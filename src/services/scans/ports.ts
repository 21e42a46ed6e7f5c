/** Ports of the scans context: background forensic scans requested over the API. */
import type { Instant } from '../../core/time.ts';

export const SCAN_JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ScanJobState = (typeof SCAN_JOB_STATES)[number];

/** Where a running scan stands (the evidence adapter's ScanProgress). */
export interface ScanJobProgress {
  readonly module: string | null;
  readonly modulesDone: number;
  readonly modulesTotal: number;
  readonly filesRead: number;
}

/** What a finished scan recorded, shown by GET /scans/:id. */
export interface ScanJobSummary {
  readonly kind: string;
  readonly encrypted: boolean;
  readonly verdict: string;
  readonly alertCounts: Readonly<Record<string, number>>;
  readonly modules: readonly { module: string; status: string }[];
  /** Which modules ran, failed (with the error) or had no input, against what the protocol requires. */
  readonly coverage?: {
    readonly complete: boolean;
    readonly required: readonly string[];
    readonly missing: readonly string[];
    readonly failed: readonly { module: string; error: string }[];
  };
  readonly inputs: number;
  readonly indicatorFiles: number;
  readonly postureReportId: string | null;
  readonly evidence: readonly { name: string; sha256: string; size: number }[];
}

export interface ScanJobRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly path: string;
  readonly iocs: readonly string[];
  readonly performedBy: string;
  readonly requestedBy: string;
  readonly state: ScanJobState;
  /** Claims so far; also the fencing token of the latest claim. */
  readonly attempts: number;
  readonly progress: ScanJobProgress | null;
  readonly summary: ScanJobSummary | null;
  readonly alertsJson: string | null;
  readonly infoJson: string | null;
  readonly errorCode: string | null;
  readonly error: string | null;
  readonly inspectionId: string | null;
  readonly incidentId: string | null;
  readonly createdAt: Instant;
  readonly startedAt: Instant | null;
  readonly finishedAt: Instant | null;
  readonly updatedAt: Instant;
}

export type NewScanJob = Pick<
  ScanJobRecord,
  'id' | 'deviceId' | 'path' | 'iocs' | 'performedBy' | 'requestedBy' | 'createdAt'
>;

export interface ScanJobRepository {
  insert(job: NewScanJob): Promise<ScanJobRecord>;
  get(id: string): Promise<ScanJobRecord | null>;
  /** Newest first. */
  list(filter: {
    readonly state?: ScanJobState;
    readonly deviceId?: string;
    readonly limit: number;
    readonly offset?: number;
  }): Promise<ScanJobRecord[]>;
  /**
   * Claims job `id` for a worker holding its queue job: when it is queued, or running (its
   * previous worker died), state running and attempts + 1. Null when it is finished or missing.
   */
  claim(id: string, now: Instant): Promise<ScanJobRecord | null>;
  /** Records progress of the claim `attempts` made; false when it is no longer held. */
  progress(id: string, attempts: number, progress: ScanJobProgress, now: Instant): Promise<boolean>;
  /** The ids of the jobs queued or running, oldest first. */
  unfinished(): Promise<string[]>;
  /** Settles the claim `attempts` made as done or failed; false (nothing changed) when it is no longer held. */
  finish(
    id: string,
    attempts: number,
    result: {
      readonly state: 'done' | 'failed';
      readonly at: Instant;
      readonly summary?: ScanJobSummary;
      readonly alertsJson?: string;
      readonly infoJson?: string;
      readonly errorCode?: string;
      readonly error?: string;
      readonly inspectionId?: string | null;
      readonly incidentId?: string | null;
    },
  ): Promise<boolean>;
}

/** A stored scan re-checked against an indicator set: what was new and what it opened. */
export interface ScanRecheckRecord {
  readonly id: string;
  readonly jobId: string;
  readonly deviceId: string;
  /** SHA-256 over the sorted SHA-256s of the indicator files: names the set. */
  readonly indicatorsSha256: string;
  readonly indicatorFiles: readonly { file: string; sha256: string; count: number }[];
  readonly newAlerts: readonly { level: string; module: string; message: string }[];
  readonly incidentId: string | null;
  readonly recordedAt: Instant;
  readonly actor: string;
}

export interface ScanRecheckRepository {
  /** False (nothing written) when the job was already re-checked against that set. */
  insert(record: ScanRecheckRecord): Promise<boolean>;
  /** The ids of the jobs already re-checked against the set. */
  jobsChecked(indicatorsSha256: string): Promise<Set<string>>;
  /** Newest first. */
  forJob(jobId: string): Promise<ScanRecheckRecord[]>;
}
