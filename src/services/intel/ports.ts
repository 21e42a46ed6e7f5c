/** The ports of the intel context: what its services need from storage (adapters/db implements them). */
import type { CveFix, KevEntry, VulnerabilityIntel } from '../../core/intel/types.ts';
import type { Platform } from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';

export interface IntelRepository {
  /** Inserts or replaces (platform, version, CVE) rows: a feed may correct the exploited flag. */
  upsertFixes(fixes: readonly Omit<CveFix, 'releasedAt'>[]): Promise<void>;
  /** Inserts or replaces KEV entries by CVE id. */
  upsertKev(entries: readonly KevEntry[]): Promise<void>;
  /**
   * What `os.exploited` needs as of `at`: fixes of CVEs flagged exploited or listed in KEV,
   * from releases out by `at`, with their release dates; and the KEV entries added by `at`.
   */
  loadAt(at: Instant): Promise<VulnerabilityIntel>;
  /** Counts, for `vigil intel status` and GET /intel. */
  summary(): Promise<IntelSummary>;
}

export interface IntelSummary {
  readonly releases: Readonly<Record<Platform, number>>;
  readonly newest: Readonly<Record<Platform, string | null>>;
  readonly fixes: number;
  readonly exploitedFixes: number;
  readonly kev: number;
}

/** A Vigil device as a connector matches it. */
export interface MatchedDevice {
  readonly id: string;
  readonly platform: Platform;
}
