/**
 * Re-checks the scans the server keeps (each job's result folder under the results directory)
 * against the indicators loaded now, once per indicator set: when `vigil iocs update` brings a
 * new feed, every stored scan is re-matched from its saved records, without the evidence, and
 * a new critical alert opens an incident on the device (services/scans/scan-recheck.service.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../../services/index.ts';
import type { IndicatorSetRef } from '../../services/scans/scan-recheck.service.ts';
import { every, type Loop, type LoopLogger } from '../notify/background.ts';
import { type LoadedIndicatorFiles, loadIndicatorFiles } from './indicators.ts';
import { alertView } from './output.ts';
import { recheckResults } from './recheck.ts';

export interface StoredRecheckOptions {
  /** The scan jobs' result folders, `<dir>/<job id>` (the scan worker's `resultsDir`). */
  readonly resultsDir: string;
  /** The indicator feeds of `vigil iocs update`. */
  readonly indicatorsDir: string;
  /** Who the re-checks are recorded as. */
  readonly actor: string;
}

export interface StoredRecheckPass {
  readonly indicatorsSha256: string | null;
  readonly rechecked: number;
  readonly withNewAlerts: number;
  readonly incidents: readonly string[];
  /** Jobs whose result folder is gone or unreadable, with why. */
  readonly skipped: readonly { jobId: string; reason: string }[];
}

/** The set's name: SHA-256 over its files' SHA-256s, sorted, so file names and order do not matter. */
export function indicatorSetRef(loaded: LoadedIndicatorFiles): IndicatorSetRef {
  const files = loaded.files
    .map((f) => ({ file: f.path.split(/[\\/]/).pop() ?? f.path, sha256: f.sha256, count: f.indicators }))
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  const sha256 = createHash('sha256')
    .update(files.map((f) => f.sha256).join('\n'))
    .digest('hex');
  return { sha256, files };
}

/** One pass: every finished job not yet re-checked against the indicators loaded now. */
export async function recheckStoredScans(
  services: Services,
  opts: StoredRecheckOptions,
): Promise<StoredRecheckPass> {
  const none = { rechecked: 0, withNewAlerts: 0, incidents: [], skipped: [] };
  if (!existsSync(opts.indicatorsDir)) return { indicatorsSha256: null, ...none };
  const loaded = loadIndicatorFiles([opts.indicatorsDir], opts.indicatorsDir);
  if (loaded.files.length === 0) return { indicatorsSha256: null, ...none };
  const set = indicatorSetRef(loaded);
  let rechecked = 0;
  let withNewAlerts = 0;
  const incidents: string[] = [];
  const skipped: { jobId: string; reason: string }[] = [];
  for (const job of await services.scanRechecks.pending(set)) {
    const dir = join(opts.resultsDir, job.id);
    if (!existsSync(join(dir, 'info.json'))) {
      skipped.push({ jobId: job.id, reason: 'no result folder with records was kept for this scan' });
      continue;
    }
    let newAlerts: ReturnType<typeof alertView>[];
    try {
      newAlerts = recheckResults(dir, { set: loaded.set, files: loaded.files }).newAlerts.map(alertView);
    } catch (err) {
      skipped.push({ jobId: job.id, reason: (err as Error).message });
      continue;
    }
    const record = await services.scanRechecks.record(
      set,
      {
        jobId: job.id,
        newAlerts: newAlerts.map((a) => ({ level: a.level, module: a.module, message: a.message })),
      },
      opts.actor,
    );
    if (record === null) continue;
    rechecked++;
    if (record.newAlerts.length > 0) withNewAlerts++;
    if (record.incidentId !== null && !incidents.includes(record.incidentId))
      incidents.push(record.incidentId);
  }
  return { indicatorsSha256: set.sha256, rechecked, withNewAlerts, incidents, skipped };
}

/**
 * What changes when the indicators do: each .stix2 file's name, size and modification time.
 * Cheap enough to look at every round; the set is hashed only when this changes.
 */
function folderStamp(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((n) => /\.stix2$/i.test(n))
    .sort()
    .map((n) => {
      const st = statSync(join(dir, n));
      return `${n}:${st.size}:${st.mtimeMs}`;
    })
    .join('|');
}

/** Re-checks stored scans whenever the indicators folder changes (and once at start). */
export function startStoredRecheck(
  services: Services,
  opts: StoredRecheckOptions & { readonly intervalMs: number },
  log: LoopLogger,
): Loop {
  let seen: string | null = null;
  return every(
    opts.intervalMs,
    async () => {
      const stamp = folderStamp(opts.indicatorsDir);
      if (stamp === seen) return;
      const pass = await recheckStoredScans(services, opts);
      seen = stamp;
      if (pass.rechecked > 0 || pass.skipped.length > 0)
        log.info(
          {
            indicatorsSha256: pass.indicatorsSha256,
            rechecked: pass.rechecked,
            withNewAlerts: pass.withNewAlerts,
            incidents: pass.incidents,
            skipped: pass.skipped.length,
          },
          'stored scans re-checked against new indicators',
        );
    },
    (err) => log.error({ err }, 'stored scan re-check failed'),
  );
}
