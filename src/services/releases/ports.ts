/** The ports of the releases context: what its services need from storage (adapters/db implements them). */
import type { OsRelease } from '../../core/model.ts';

export interface ReleaseRepository {
  /** Inserts or replaces the release with the same platform and version. */
  upsert(release: OsRelease): Promise<void>;
  list(): Promise<OsRelease[]>;
}
