/** Re-checks of stored scans against new indicator sets: appended once per (job, set). */
import { desc, eq } from 'drizzle-orm';
import type { ScanRecheckRepository } from '../../../services/scans/ports.ts';
import { scanRechecks } from '../schema.ts';
import type { Tx } from './support.ts';

export function scanRecheckRepository(db: Tx): ScanRecheckRepository {
  return {
    async insert(record) {
      const rows = await db
        .insert(scanRechecks)
        .values({
          ...record,
          indicatorFiles: [...record.indicatorFiles],
          newAlerts: [...record.newAlerts],
        })
        .onConflictDoNothing({ target: [scanRechecks.jobId, scanRechecks.indicatorsSha256] })
        .returning({ id: scanRechecks.id });
      return rows.length === 1;
    },

    async jobsChecked(indicatorsSha256) {
      const rows = await db
        .select({ jobId: scanRechecks.jobId })
        .from(scanRechecks)
        .where(eq(scanRechecks.indicatorsSha256, indicatorsSha256));
      return new Set(rows.map((r) => r.jobId));
    },

    async forJob(jobId) {
      return db
        .select()
        .from(scanRechecks)
        .where(eq(scanRechecks.jobId, jobId))
        .orderBy(desc(scanRechecks.recordedAt), desc(scanRechecks.id));
    },
  };
}
