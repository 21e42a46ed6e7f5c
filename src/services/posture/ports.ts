/** The ports of the posture context: what its services need from storage (adapters/db implements them). */
import type { PostureReport } from '../../core/model.ts';

export interface PostureRepository {
  append(report: PostureReport): Promise<void>;
  /** Several reports in one statement (the ingest path batches concurrent requests). */
  appendMany(reports: readonly PostureReport[]): Promise<void>;
  /** Newest first. */
  listFor(deviceId: string, limit: number): Promise<PostureReport[]>;
}
