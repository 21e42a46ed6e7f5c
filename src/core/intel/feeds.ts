/**
 * Patch-currency feeds, parsed into what the `os.*` rules need: OS releases, the CVEs each
 * release fixes (and whether the vendor says they are exploited), and the CISA KEV catalog.
 *
 * - SOFA (macadmins/sofa v2 `ios_data_feed.json`): `OSVersions[].SecurityReleases[]` with
 *   `ProductVersion`, `Build`, `ReleaseDate`, `CVEs` and `ActivelyExploitedCVEs`.
 * - CISA KEV (`known_exploited_vulnerabilities.json`): `vulnerabilities[]` with `cveID`,
 *   `dateAdded`, `dueDate`.
 * - Android security patch levels: Vigil's own small format (no public machine-readable feed
 *   maps patch levels to CVEs), documented in README.md here.
 *
 * Unknown fields are ignored (the feeds grow); a present field of the wrong shape is refused
 * with INTEL_FEED_INVALID naming it, so a truncated or foreign file never half-imports.
 */
import { z } from 'zod';
import { type ErrorDetail, VigilError } from '../errors.ts';
import type { OsRelease } from '../model.ts';
import { type Instant, parseInstant } from '../time.ts';
import type { CveFix, KevEntry } from './types.ts';

const CVE = /^CVE-\d{4}-\d{4,19}$/;
const IOS_VERSION = /^\d{1,4}(\.\d{1,4}){0,2}$/;
const PATCH_LEVEL = /^\d{4}-\d{2}-\d{2}$/;

const cveId = z.string().regex(CVE, 'expected a CVE id such as CVE-2025-43300');
const instantText = z.string().refine((s) => parseInstant(s) !== null, 'expected an ISO 8601 date');

/** What one feed contributes; an import upserts all of it. */
export interface IntelBatch {
  readonly kind: 'sofa' | 'kev' | 'android';
  /** The feed's own version (SOFA `Version`/`UpdateHash`, KEV `catalogVersion`), if stated. */
  readonly version: string | null;
  /** Without their recorded instant: the service that stores them stamps it from its clock. */
  readonly releases: readonly ParsedRelease[];
  /** CVE fixes, without their release date (the release carries it). */
  readonly fixes: readonly ParsedFix[];
  readonly kev: readonly ParsedKev[];
}

export type ParsedRelease = Omit<OsRelease, 'recordedAt'>;
export type ParsedFix = Omit<CveFix, 'releasedAt' | 'recordedAt'>;
export type ParsedKev = Omit<KevEntry, 'recordedAt'>;

function fail(kind: string, error: z.ZodError): never {
  const details: ErrorDetail[] = error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const first = details[0];
  throw new VigilError(
    'INTEL_FEED_INVALID',
    `The ${kind} file is not in its published shape${first === undefined ? '' : ` (${first.path}: ${first.message})`}.`,
    details,
  );
}

function parseJson(kind: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new VigilError('INTEL_FEED_INVALID', `The ${kind} file is not JSON: ${(err as Error).message}.`, [
      { path: '', message: 'not JSON' },
    ]);
  }
}

const sofaRelease = z.looseObject({
  ProductVersion: z.string().regex(IOS_VERSION, 'expected an iOS version such as 18.6.2'),
  Build: z.string().max(32).nullish(),
  ReleaseDate: instantText,
  // v2: { "CVE-…": { ActivelyExploited, InKEV, … } }; v1: { "CVE-…": bool }.
  CVEs: z
    .record(cveId, z.union([z.boolean(), z.looseObject({ ActivelyExploited: z.boolean().optional() })]))
    .optional(),
  ActivelyExploitedCVEs: z.array(cveId).optional(),
});

const sofaFeed = z.looseObject({
  Version: z.string().optional(),
  UpdateHash: z.string().optional(),
  OSVersions: z.array(
    z.looseObject({
      OSVersion: z.string(),
      SecurityReleases: z.array(sofaRelease),
    }),
  ),
});

/**
 * The SOFA iOS feed. A version listed twice (the feed has a few, re-released with a new date)
 * keeps its earliest date and the union of its CVEs.
 */
export function parseSofaFeed(text: string): IntelBatch {
  const parsed = sofaFeed.safeParse(parseJson('SOFA', text));
  if (!parsed.success) fail('SOFA', parsed.error);
  const releases = new Map<string, { build: string | null; releasedAt: Instant }>();
  const fixes = new Map<string, ParsedFix>();
  for (const line of parsed.data.OSVersions) {
    for (const r of line.SecurityReleases) {
      const version = r.ProductVersion;
      const releasedAt = parseInstant(r.ReleaseDate) ?? 0;
      const seen = releases.get(version);
      const build = r.Build == null || r.Build === '' ? null : r.Build;
      if (seen === undefined || releasedAt < seen.releasedAt) {
        releases.set(version, { build: build ?? seen?.build ?? null, releasedAt });
      }
      const exploited = new Set(r.ActivelyExploitedCVEs ?? []);
      for (const [cve, info] of Object.entries(r.CVEs ?? {})) {
        if (info === true || (typeof info === 'object' && info.ActivelyExploited === true))
          exploited.add(cve);
      }
      const cves = new Set([...Object.keys(r.CVEs ?? {}), ...exploited]);
      for (const cve of cves) {
        const key = `${version} ${cve}`;
        const was = fixes.get(key);
        fixes.set(key, {
          platform: 'ios',
          version,
          cveId: cve,
          exploited: exploited.has(cve) || (was?.exploited ?? false),
        });
      }
    }
  }
  return {
    kind: 'sofa',
    version: parsed.data.UpdateHash ?? parsed.data.Version ?? null,
    releases: [...releases].map(([version, r]) => ({ platform: 'ios', version, ...r })),
    fixes: [...fixes.values()],
    kev: [],
  };
}

const kevCatalog = z.looseObject({
  catalogVersion: z.string(),
  vulnerabilities: z.array(
    z.looseObject({
      cveID: cveId,
      vendorProject: z.string(),
      product: z.string(),
      vulnerabilityName: z.string().optional(),
      dateAdded: instantText,
      dueDate: instantText,
      knownRansomwareCampaignUse: z.string().optional(),
    }),
  ),
});

/** The CISA KEV catalog (its published JSON). */
export function parseKevCatalog(text: string): IntelBatch {
  const parsed = kevCatalog.safeParse(parseJson('KEV', text));
  if (!parsed.success) fail('KEV', parsed.error);
  const byCve = new Map<string, ParsedKev>();
  for (const v of parsed.data.vulnerabilities) {
    byCve.set(v.cveID, {
      cveId: v.cveID,
      vendorProject: v.vendorProject,
      product: v.product,
      name: v.vulnerabilityName ?? null,
      dateAdded: parseInstant(v.dateAdded) ?? 0,
      dueDate: parseInstant(v.dueDate) ?? 0,
      ransomware:
        v.knownRansomwareCampaignUse === undefined ? null : v.knownRansomwareCampaignUse === 'Known',
    });
  }
  return {
    kind: 'kev',
    version: parsed.data.catalogVersion,
    releases: [],
    fixes: [],
    kev: [...byCve.values()],
  };
}

const androidPatchLevels = z.strictObject({
  version: z.string().max(100).optional(),
  patchLevels: z.array(
    z.strictObject({
      level: z.string().regex(PATCH_LEVEL, 'expected a patch level such as 2025-09-01'),
      publishedAt: instantText.optional(),
      cves: z.array(cveId).default([]),
      exploited: z.array(cveId).default([]),
    }),
  ),
});

/**
 * Android security patch levels (README.md): each level, when it was published (default: the
 * level's own date) and the CVEs it fixes; `exploited` marks the ones the bulletin says are
 * under limited, targeted exploitation (KEV marks more).
 */
export function parseAndroidPatchLevels(text: string): IntelBatch {
  const parsed = androidPatchLevels.safeParse(parseJson('Android patch-level', text));
  if (!parsed.success) fail('Android patch-level', parsed.error);
  const releases: ParsedRelease[] = [];
  const fixes: ParsedFix[] = [];
  for (const p of parsed.data.patchLevels) {
    releases.push({
      platform: 'android',
      version: p.level,
      build: null,
      releasedAt: parseInstant(p.publishedAt ?? p.level) ?? 0,
    });
    const exploited = new Set(p.exploited);
    for (const cve of new Set([...p.cves, ...p.exploited])) {
      fixes.push({ platform: 'android', version: p.level, cveId: cve, exploited: exploited.has(cve) });
    }
  }
  return { kind: 'android', version: parsed.data.version ?? null, releases, fixes, kev: [] };
}

export const INTEL_KINDS = ['sofa', 'kev', 'android'] as const;
export type IntelKind = (typeof INTEL_KINDS)[number];

export function parseIntel(kind: IntelKind, text: string): IntelBatch {
  return kind === 'sofa'
    ? parseSofaFeed(text)
    : kind === 'kev'
      ? parseKevCatalog(text)
      : parseAndroidPatchLevels(text);
}
