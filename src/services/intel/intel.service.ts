/**
 * Patch-currency intelligence: imports the SOFA iOS feed, the CISA KEV catalog and Android
 * patch levels (src/core/intel/feeds.ts) in one transaction each, with one audit event saying
 * what was imported from where. Fetching configured URLs is the adapters' job (they pass the
 * text here), so this service does no I/O of its own.
 */
import { createHash } from 'node:crypto';
import { type IntelKind, parseIntel } from '../../core/intel/feeds.ts';
import type { Clock, UnitOfWork } from '../kernel/ports.ts';
import type { IntelSummary } from './ports.ts';

export interface IntelImportResult {
  readonly kind: IntelKind;
  readonly origin: string;
  readonly sha256: string;
  readonly version: string | null;
  readonly releases: number;
  readonly fixes: number;
  readonly kev: number;
}

export class IntelService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;

  constructor(deps: { uow: UnitOfWork; clock: Clock }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
  }

  /**
   * Imports one feed. `origin` says where it came from (`file`, `upload` or the URL), for the
   * audit event. Throws INTEL_FEED_INVALID (nothing written) when the text is not the feed.
   */
  import(kind: IntelKind, text: string, origin: string, actor: string): Promise<IntelImportResult> {
    const batch = parseIntel(kind, text);
    const now = this.#clock.now();
    const result: IntelImportResult = {
      kind,
      origin,
      sha256: createHash('sha256').update(text).digest('hex'),
      version: batch.version,
      releases: batch.releases.length,
      fixes: batch.fixes.length,
      kev: batch.kev.length,
    };
    return this.#uow.run(async (tx) => {
      // Recorded now, whatever the feed says about when they were released or added.
      for (const release of batch.releases) await tx.releases.upsert({ ...release, recordedAt: now });
      await tx.intel.upsertFixes(batch.fixes.map((f) => ({ ...f, recordedAt: now })));
      await tx.intel.upsertKev(batch.kev.map((k) => ({ ...k, recordedAt: now })));
      await tx.audit.append({
        type: 'intel.imported',
        at: now,
        actor,
        subject: `intel:${kind}`,
        payload: { ...result },
      });
      return result;
    });
  }

  summary(): Promise<IntelSummary> {
    return this.#uow.run((tx) => tx.intel.summary());
  }
}
