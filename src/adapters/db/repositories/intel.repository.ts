/** OS releases known to Vigil. The one table here that is updated in place (an upsert). */
import { asc } from 'drizzle-orm';
import type { OsRelease } from '../../../core/model.ts';
import type { ReleaseRepository } from '../../../services/releases/ports.ts';
import { osReleases } from '../schema.ts';
import { guard, type Tx } from './support.ts';

export const releaseColumns = {
  platform: osReleases.platform,
  version: osReleases.version,
  build: osReleases.build,
  releasedAt: osReleases.releasedAt,
  recordedAt: osReleases.recordedAt,
};

export function releaseRepository(db: Tx): ReleaseRepository {
  return {
    async upsert(release: OsRelease): Promise<void> {
      await guard(
        db
          .insert(osReleases)
          .values({ ...release })
          .onConflictDoUpdate({
            target: [osReleases.platform, osReleases.version],
            set: { build: release.build, releasedAt: release.releasedAt },
          }),
        { check: { code: 'VALIDATION_FAILED', message: `Unknown platform ${release.platform}.` } },
      );
    },

    /** By platform, then release time, then version. */
    async list(): Promise<OsRelease[]> {
      return db
        .select(releaseColumns)
        .from(osReleases)
        .orderBy(asc(osReleases.platform), asc(osReleases.releasedAt), asc(osReleases.version));
    },
  };
}
