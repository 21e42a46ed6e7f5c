/**
 * The OS releases Vigil knows, indexed once per evaluation for the `os.*` rules.
 *
 * Versions are compared as numbers: iOS dotted versions ("18.6.2" > "18.6" = "18.6.0"),
 * Android security patch levels ("YYYY-MM-DD", which order as their digits). Parsed versions
 * are cached: a fleet reports few distinct version strings. Unparseable versions compare as
 * null, and rules report them as unverified rather than guessing.
 *
 * Release lines (iOS major versions): Apple keeps patching the previous line for months after
 * a new one ships (SOFA lists 18.7.x releases long after 26.0). A device on a line that is
 * still maintained is measured against the newest release of ITS line, not against the newest
 * line. A line is maintained while it is the newest line, or while its latest release is at
 * most MAINTAINED_LINE_WINDOW old (120 days: the longest gap between two iOS 18 security
 * releases in the SOFA feed is 98 days). Once a line lapses, its devices count as superseded
 * from the later of the first newer release and the day the line lapsed. Android security
 * patch levels have no lines: one line, always maintained.
 *
 * Known-exploited vulnerabilities (`exposures`): see src/core/intel/README.md.
 */
import type { Exposure, KevEntry, VulnerabilityIntel } from '../intel/types.ts';
import type { OsRelease, Platform } from '../model.ts';
import { DAY, type Instant } from '../time.ts';

/** Shared by every version exposed to nothing (callers only read it). */
const NO_EXPOSURES: readonly Exposure[] = Object.freeze([]);

/** How long an older iOS line counts as maintained after its latest release (see above). */
export const MAINTAINED_LINE_WINDOW = 120 * DAY;

export interface OsCatalog {
  /** Sign of a - b (negative, 0, positive), or null when either version cannot be read. */
  compareVersions(platform: Platform, a: string, b: string): number | null;
  /** A number ordering versions of one platform, or null when the version cannot be read. */
  versionKey(platform: Platform, version: string): number | null;
  /** The newest release (highest version) released at or before `at`, or null if none. */
  newestAt(platform: Platform, at: Instant): OsRelease | null;
  /**
   * When `version` stopped being the newest: the release date of the earliest release newer
   * than it that was released at or before `at`. Null when no newer release exists by `at`
   * (or the version cannot be read).
   */
  supersededAt(platform: Platform, version: string, at: Instant): Instant | null;
  /**
   * The release a device on `version` should be on at `at`: the newest release of its own
   * line while that line is maintained, else the newest release overall.
   */
  newestFor(platform: Platform, version: string, at: Instant): OsRelease | null;
  /** Whether `version`'s release line is still maintained at `at` (always true on Android). */
  lineMaintained(platform: Platform, version: string, at: Instant): boolean;
  /**
   * The earliest instant after `at` at which any answer above for `version` may change with the
   * catalog unchanged: a release or a fix dated later, a KEV entry added later, the version's
   * line lapsing. +Infinity when none (the incremental evaluation re-evaluates then).
   */
  changesAfter(platform: Platform, version: string, at: Instant): Instant;
  /**
   * Known-exploited vulnerabilities (KEV, or flagged exploited by the vendor) that `version`
   * lacks the fix for, as known at `at`; oldest exposure first. Empty for unreadable versions.
   */
  exposures(platform: Platform, version: string, at: Instant): readonly Exposure[];
}

const IOS = /^(\d{1,4})(?:\.(\d{1,4}))?(?:\.(\d{1,4}))?$/;
const PATCH = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseKey(platform: Platform, version: string): number | null {
  if (platform === 'ios') {
    const m = IOS.exec(version);
    if (m === null) return null;
    return Number(m[1]) * 1e8 + Number(m[2] ?? 0) * 1e4 + Number(m[3] ?? 0);
  }
  const m = PATCH.exec(version);
  if (m === null) return null;
  return Number(m[1]) * 10_000 + Number(m[2]) * 100 + Number(m[3]);
}

/** The release line: the iOS major version; Android has a single line. */
function lineOf(platform: Platform, key: number): number {
  return platform === 'ios' ? Math.floor(key / 1e8) : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface PlatformIndex {
  readonly keys: Map<string, number | null>;
  /** Releases by ascending version key. */
  readonly byVersion: readonly { readonly key: number; readonly release: OsRelease }[];
  /** suffixMinReleased[i] = earliest release date among byVersion[i..]. */
  readonly suffixMinReleased: Float64Array;
  /** Releases by ascending release date. */
  readonly byTime: readonly OsRelease[];
  /** newestUpTo[i] = the release with the highest version among byTime[0..i]. */
  readonly newestUpTo: readonly OsRelease[];
  /** Cache: version string -> earliest release date of a newer version (Infinity if none). */
  readonly superseded: Map<string, number>;
  /** Per release line, the same indexes restricted to the line. */
  readonly lines: Map<number, LineIndex>;
  /** Lines in ascending order, with the first release date of each. */
  readonly lineStarts: readonly { readonly line: number; readonly firstReleasedAt: number }[];
  /** Known-exploited CVEs with their fixes on this platform. */
  readonly vulns: readonly VulnIndex[];
  /** Cache: instant -> version -> exposures. */
  readonly exposures: Map<Instant, Map<string, readonly Exposure[]>>;
}

interface LineIndex {
  /** Keys and release dates by ascending key. */
  readonly keys: readonly number[];
  /** suffixMin[i] = earliest release date among keys[i..]. */
  readonly suffixMin: Float64Array;
  /** Releases by ascending release date, and the highest version released up to each. */
  readonly byTime: readonly OsRelease[];
  readonly newestUpTo: readonly OsRelease[];
}

interface VulnIndex {
  readonly cveId: string;
  readonly kev: KevEntry | null;
  /** Fixes by ascending version key. */
  readonly fixes: readonly { readonly key: number; readonly line: number; readonly fix: VulnFix }[];
}

interface VulnFix {
  readonly version: string;
  readonly releasedAt: Instant;
  readonly exploited: boolean;
}

/** Index of the last element with time <= at in an array sorted by time, or -1. */
function lastAtOrBefore(list: readonly OsRelease[], at: Instant): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.releasedAt ?? 0) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first key strictly above `key` in an ascending list. */
function firstAbove(keys: readonly number[], key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? 0) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildLines(platform: Platform, byVersion: readonly { key: number; release: OsRelease }[]) {
  const grouped = new Map<number, { key: number; release: OsRelease }[]>();
  for (const e of byVersion) {
    const line = lineOf(platform, e.key);
    let g = grouped.get(line);
    if (g === undefined) {
      g = [];
      grouped.set(line, g);
    }
    g.push(e);
  }
  const lines = new Map<number, LineIndex>();
  const lineStarts: { line: number; firstReleasedAt: number }[] = [];
  for (const [line, entries] of grouped) {
    const suffixMin = new Float64Array(entries.length);
    let min = Number.POSITIVE_INFINITY;
    for (let i = entries.length - 1; i >= 0; i--) {
      min = Math.min(min, entries[i]?.release.releasedAt ?? min);
      suffixMin[i] = min;
    }
    const byTime = entries
      .slice()
      .sort((a, b) => a.release.releasedAt - b.release.releasedAt || a.key - b.key);
    const newestUpTo: OsRelease[] = [];
    let best: { key: number; release: OsRelease } | null = null;
    for (const e of byTime) {
      if (best === null || e.key >= best.key) best = e;
      newestUpTo.push(best.release);
    }
    lines.set(line, {
      keys: entries.map((e) => e.key),
      suffixMin,
      byTime: byTime.map((e) => e.release),
      newestUpTo,
    });
    lineStarts.push({ line, firstReleasedAt: min });
  }
  lineStarts.sort((a, b) => a.line - b.line);
  return { lines, lineStarts };
}

function buildVulns(platform: Platform, intel: VulnerabilityIntel | undefined): VulnIndex[] {
  if (intel === undefined) return [];
  const kev = new Map<string, KevEntry>();
  for (const k of intel.kev) kev.set(k.cveId, k);
  const byCve = new Map<string, { key: number; line: number; fix: VulnFix }[]>();
  for (const f of intel.fixes) {
    if (f.platform !== platform) continue;
    if (!f.exploited && !kev.has(f.cveId)) continue;
    const key = parseKey(platform, f.version);
    if (key === null) continue;
    let list = byCve.get(f.cveId);
    if (list === undefined) {
      list = [];
      byCve.set(f.cveId, list);
    }
    list.push({
      key,
      line: lineOf(platform, key),
      fix: { version: f.version, releasedAt: f.releasedAt, exploited: f.exploited },
    });
  }
  return [...byCve]
    .sort(([a], [b]) => compareText(a, b))
    .map(([cveId, fixes]) => ({
      cveId,
      kev: kev.get(cveId) ?? null,
      fixes: fixes.sort((a, b) => a.key - b.key || a.fix.releasedAt - b.fix.releasedAt),
    }));
}

function keyOf(index: PlatformIndex, platform: Platform, version: string): number | null {
  let k = index.keys.get(version);
  if (k === undefined) {
    k = parseKey(platform, version);
    index.keys.set(version, k);
  }
  return k;
}

function buildIndex(
  platform: Platform,
  releases: readonly OsRelease[],
  intel: VulnerabilityIntel | undefined,
): PlatformIndex {
  const keys = new Map<string, number | null>();
  const withKeys: { key: number; release: OsRelease }[] = [];
  for (const r of releases) {
    if (r.platform !== platform) continue;
    let key = keys.get(r.version);
    if (key === undefined) {
      key = parseKey(platform, r.version);
      keys.set(r.version, key);
    }
    if (key !== null) withKeys.push({ key, release: r });
  }
  // Deterministic whatever the input order: version, then release date, then build.
  const byVersion = withKeys.sort(
    (a, b) =>
      a.key - b.key ||
      a.release.releasedAt - b.release.releasedAt ||
      compareText(a.release.build ?? '', b.release.build ?? ''),
  );
  const suffixMinReleased = new Float64Array(byVersion.length);
  let min = Number.POSITIVE_INFINITY;
  for (let i = byVersion.length - 1; i >= 0; i--) {
    const entry = byVersion[i];
    if (entry !== undefined && entry.release.releasedAt < min) min = entry.release.releasedAt;
    suffixMinReleased[i] = min;
  }
  const byTime = byVersion
    .slice()
    .sort((a, b) => a.release.releasedAt - b.release.releasedAt || a.key - b.key)
    .map((e) => e.release);
  const newestUpTo: OsRelease[] = [];
  let best: OsRelease | null = null;
  let bestKey = Number.NEGATIVE_INFINITY;
  for (const r of byTime) {
    const k = keys.get(r.version) ?? Number.NEGATIVE_INFINITY;
    if (best === null || k >= bestKey) {
      best = r;
      bestKey = k;
    }
    newestUpTo.push(best);
  }
  const { lines, lineStarts } = buildLines(platform, byVersion);
  return {
    keys,
    byVersion,
    suffixMinReleased,
    byTime,
    newestUpTo,
    superseded: new Map(),
    lines,
    lineStarts,
    vulns: buildVulns(platform, intel),
    exposures: new Map(),
  };
}

/** Whether `line` is maintained at `at`, and when it lapsed if not (-Infinity: never had a release). */
function lineState(
  index: PlatformIndex,
  line: number,
  at: Instant,
): { maintained: boolean; lapsedAt: number } {
  let newestLine = Number.NEGATIVE_INFINITY;
  for (const s of index.lineStarts) if (s.firstReleasedAt <= at && s.line > newestLine) newestLine = s.line;
  if (line >= newestLine) return { maintained: true, lapsedAt: Number.POSITIVE_INFINITY };
  const li = index.lines.get(line);
  const last = li === undefined ? -1 : lastAtOrBefore(li.byTime, at);
  const lastAt = li === undefined || last < 0 ? null : (li.byTime[last]?.releasedAt ?? null);
  if (lastAt === null) return { maintained: false, lapsedAt: Number.NEGATIVE_INFINITY };
  const lapsedAt = lastAt + MAINTAINED_LINE_WINDOW;
  return { maintained: at <= lapsedAt, lapsedAt };
}

/** The exposures of one version (see `OsCatalog.exposures` and src/core/intel/README.md). */
function computeExposures(index: PlatformIndex, platform: Platform, key: number, at: Instant): Exposure[] {
  const line = lineOf(platform, key);
  const out: Exposure[] = [];
  for (const v of index.vulns) {
    const kev = v.kev !== null && v.kev.dateAdded <= at ? v.kev : null;
    let sameLine: VulnFix | null = null;
    let newerLine: VulnFix | null = null;
    let flaggedAt = Number.POSITIVE_INFINITY;
    for (const f of v.fixes) {
      if (f.fix.releasedAt > at) continue;
      if (f.fix.exploited && f.fix.releasedAt < flaggedAt) flaggedAt = f.fix.releasedAt;
      // Fixes are by ascending key: the first on a line is that line's earliest fixed version.
      if (f.line === line && sameLine === null) {
        if (key >= f.key) {
          sameLine = null;
          newerLine = null;
          flaggedAt = Number.NaN; // fixed: skip this CVE
          break;
        }
        sameLine = f.fix;
      } else if (f.line > line && newerLine === null) {
        newerLine = f.fix;
      }
    }
    if (Number.isNaN(flaggedAt)) continue;
    // A device on a newer line than every fix is taken as fixed: Apple lists a fix on each
    // line it affects, and a new line ships with the fixes released before it.
    const fix = sameLine ?? newerLine;
    if (fix === null) continue;
    const knownExploitedAt = kev !== null ? kev.dateAdded : flaggedAt;
    if (!Number.isFinite(knownExploitedAt)) continue; // in KEV only after `at`, and not flagged
    out.push({
      cveId: v.cveId,
      fixedIn: fix.version,
      fixReleasedAt: fix.releasedAt,
      knownExploitedAt,
      kevDueDate: kev === null ? null : kev.dueDate,
      exposedSince: Math.max(fix.releasedAt, knownExploitedAt),
      needsNewerLine: sameLine === null,
    });
  }
  return out.sort((a, b) => a.exposedSince - b.exposedSince || compareText(a.cveId, b.cveId));
}

export function buildOsCatalog(releases: readonly OsRelease[], intel?: VulnerabilityIntel): OsCatalog {
  const indexes: Record<Platform, PlatformIndex> = {
    ios: buildIndex('ios', releases, intel),
    android: buildIndex('android', releases, intel),
  };

  function versionKey(platform: Platform, version: string): number | null {
    return keyOf(indexes[platform], platform, version);
  }

  function supersededAt(platform: Platform, version: string, at: Instant): Instant | null {
    const index = indexes[platform];
    const key = keyOf(index, platform, version);
    if (key === null) return null;
    const state = lineState(index, lineOf(platform, key), at);
    if (state.maintained) {
      const li = index.lines.get(lineOf(platform, key));
      if (li === undefined) return null;
      const i = firstAbove(li.keys, key);
      const first =
        i < li.keys.length ? (li.suffixMin[i] ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
      return first <= at ? first : null;
    }
    let first = index.superseded.get(version);
    if (first === undefined) {
      // First release with a strictly higher version, whatever its line.
      const list = index.byVersion;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((list[mid]?.key ?? 0) <= key) lo = mid + 1;
        else hi = mid;
      }
      first =
        lo < list.length
          ? (index.suffixMinReleased[lo] ?? Number.POSITIVE_INFINITY)
          : Number.POSITIVE_INFINITY;
      index.superseded.set(version, first);
    }
    const since = Math.max(first, state.lapsedAt);
    return since <= at ? since : null;
  }

  let memoAt = Number.NaN;
  const supersededMemo: Record<Platform, Map<string, Instant | null>> = {
    ios: new Map(),
    android: new Map(),
  };

  const catalog: OsCatalog = {
    versionKey,
    compareVersions(platform, a, b) {
      const ka = versionKey(platform, a);
      const kb = versionKey(platform, b);
      if (ka === null || kb === null) return null;
      return Math.sign(ka - kb);
    },
    newestAt(platform, at) {
      const index = indexes[platform];
      const times = index.byTime;
      // Last release with releasedAt <= at.
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((times[mid]?.releasedAt ?? 0) <= at) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? null : (index.newestUpTo[lo - 1] ?? null);
    },
    supersededAt(platform, version, at) {
      // Asked for every device with OS requirements, with few distinct versions and (in one
      // evaluation) one instant: remember the answers for the last instant asked.
      if (at !== memoAt) {
        memoAt = at;
        supersededMemo.ios.clear();
        supersededMemo.android.clear();
      }
      const memo = supersededMemo[platform];
      let found = memo.get(version);
      if (found === undefined) {
        found = supersededAt(platform, version, at);
        memo.set(version, found);
      }
      return found;
    },
    newestFor(platform, version, at) {
      const index = indexes[platform];
      const key = keyOf(index, platform, version);
      const line = key === null ? null : lineOf(platform, key);
      if (line !== null && lineState(index, line, at).maintained) {
        const li = index.lines.get(line);
        const i = li === undefined ? -1 : lastAtOrBefore(li.byTime, at);
        if (li !== undefined && i >= 0) return li.newestUpTo[i] ?? null;
      }
      return catalog.newestAt(platform, at);
    },
    changesAfter(platform, version, at) {
      const index = indexes[platform];
      let next = Number.POSITIVE_INFINITY;
      const times = index.byTime;
      const i = lastAtOrBefore(times, at) + 1;
      if (i < times.length) next = (times[i] as OsRelease).releasedAt;
      for (const v of index.vulns) {
        if (v.kev !== null && v.kev.dateAdded > at && v.kev.dateAdded < next) next = v.kev.dateAdded;
        for (const f of v.fixes)
          if (f.fix.releasedAt > at && f.fix.releasedAt < next) next = f.fix.releasedAt;
      }
      const key = keyOf(index, platform, version);
      if (key !== null) {
        const { maintained, lapsedAt } = lineState(index, lineOf(platform, key), at);
        // Maintained while `at <= lapsedAt`: the answer may change just after.
        if (maintained && lapsedAt + 1 < next) next = lapsedAt + 1;
      }
      return next;
    },
    lineMaintained(platform, version, at) {
      const index = indexes[platform];
      const key = keyOf(index, platform, version);
      return key === null || lineState(index, lineOf(platform, key), at).maintained;
    },
    exposures(platform, version, at) {
      const index = indexes[platform];
      if (index.vulns.length === 0) return NO_EXPOSURES;
      const key = keyOf(index, platform, version);
      if (key === null) return NO_EXPOSURES;
      // By instant, then version: no key string to build (and hash) per device.
      let atCache = index.exposures.get(at);
      if (atCache === undefined) {
        atCache = new Map();
        index.exposures.set(at, atCache);
      }
      let found = atCache.get(version);
      if (found === undefined) {
        found = computeExposures(index, platform, key, at);
        atCache.set(version, found);
      }
      return found;
    },
  };
  return catalog;
}
