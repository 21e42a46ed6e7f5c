/** Vulnerability intelligence as the evaluator reads it (loaded as of the evaluated instant). */
import type { Platform } from '../model.ts';
import type { Instant } from '../time.ts';

/** `cveId` is fixed in `platform` `version` (an iOS version, or an Android patch level). */
export interface CveFix {
  readonly platform: Platform;
  readonly version: string;
  readonly cveId: string;
  /** The vendor says it is exploited (SOFA `ActivelyExploitedCVEs`, an Android bulletin). */
  readonly exploited: boolean;
  /** When the fixing release came out. */
  readonly releasedAt: Instant;
  /** When Vigil recorded the fix. */
  readonly recordedAt: Instant;
}

/** One entry of the CISA Known Exploited Vulnerabilities catalog. */
export interface KevEntry {
  readonly cveId: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly name: string | null;
  readonly dateAdded: Instant;
  /** The BOD 22-01 remediation deadline. */
  readonly dueDate: Instant;
  /** `knownRansomwareCampaignUse` is "Known" (null when the catalog does not say). */
  readonly ransomware: boolean | null;
  /** When Vigil recorded the entry. */
  readonly recordedAt: Instant;
}

/** The fixes and KEV entries relevant to devices: fixes of exploited CVEs, and their KEV entries. */
export interface VulnerabilityIntel {
  readonly fixes: readonly CveFix[];
  readonly kev: readonly KevEntry[];
}

/** A known-exploited vulnerability a device's OS version lacks the fix for. */
export interface Exposure {
  readonly cveId: string;
  /** The release that fixes it for this device (its own line when that line got the fix). */
  readonly fixedIn: string;
  readonly fixReleasedAt: Instant;
  /** When it became known as exploited: KEV `dateAdded`, else the vendor's fix (SOFA flag). */
  readonly knownExploitedAt: Instant;
  /** KEV due date, or null when only the vendor flags it. */
  readonly kevDueDate: Instant | null;
  /** Exposed from the later of the fix and the exploitation becoming known. */
  readonly exposedSince: Instant;
  /** The device's line never got the fix: updating means moving to a newer major version. */
  readonly needsNewerLine: boolean;
}
