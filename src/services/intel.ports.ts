/** Ports of the integrations context (issue 7): vulnerability intel and MDM connector links. */
import type { CveFix, KevEntry, VulnerabilityIntel } from '../core/intel/types.ts';
import type { Platform } from '../core/model.ts';
import type { Instant } from '../core/time.ts';

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

export interface ConnectorRepository {
  /** Devices by serial number and by IMEI (keys `serial:<s>`, `imei:<i>`). */
  devicesByIdentifiers(
    serials: readonly string[],
    imeis: readonly string[],
  ): Promise<Map<string, MatchedDevice>>;
  /** A source's own device ids -> Vigil devices, as linked before. */
  linked(source: string, externalIds: readonly string[]): Promise<Map<string, MatchedDevice>>;
  /** Links (or re-links) a source's device ids to Vigil devices. */
  link(
    source: string,
    links: readonly { externalId: string; deviceId: string }[],
    at: Instant,
  ): Promise<void>;
  /** Which of these posture report ids are already stored (re-delivery detection). */
  existingReports(ids: readonly string[]): Promise<Set<string>>;
}
