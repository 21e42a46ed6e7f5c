/** The ports of the posture context: what its services need from storage (adapters/db implements them). */
import type { PostureReport } from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';
import type { AuditEventInput } from '../audit/ports.ts';

export interface PostureRepository {
  append(report: PostureReport): Promise<void>;
  /** Several reports in one statement (the ingest path batches concurrent requests). */
  appendMany(reports: readonly PostureReport[]): Promise<void>;
  /**
   * Reports and their audit events in one statement (the ingest path's batch): one round trip,
   * all written or none.
   */
  appendReported(reports: readonly PostureReport[], events: readonly AuditEventInput[]): Promise<void>;
  /**
   * The reports of `deviceIds` observed in (from, to], and those of `ids` (theirs) observed at or
   * before `to`, in a history's order (observed, received, id): what a history read as of `from`
   * lacks of them as of `to`, when they gained no other fact meanwhile.
   */
  since(
    deviceIds: readonly string[],
    ids: readonly string[],
    from: Instant,
    to: Instant,
  ): Promise<PostureReport[]>;
  /** Newest first; with `observedBy`, only the reports observed at or before it (a past day's). */
  listFor(deviceId: string, limit: number, observedBy?: Instant): Promise<PostureReport[]>;
}
