/**
 * The OS releases Vigil knows, indexed once per evaluation for the `os.*` rules.
 *
 * Versions are compared as numbers: iOS dotted versions ("18.6.2" > "18.6" = "18.6.0"),
 * Android security patch levels ("YYYY-MM-DD", which order as their digits). Parsed versions
 * are cached: a fleet reports few distinct version strings. Unparseable versions compare as
 * null, and rules report them as unverified rather than guessing.
 */
import type { OsRelease, Platform } from '../model.ts';
import type { Instant } from '../time.ts';

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
}

function keyOf(index: PlatformIndex, platform: Platform, version: string): number | null {
  let k = index.keys.get(version);
  if (k === undefined) {
    k = parseKey(platform, version);
    index.keys.set(version, k);
  }
  return k;
}

function buildIndex(platform: Platform, releases: readonly OsRelease[]): PlatformIndex {
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
  return { keys, byVersion, suffixMinReleased, byTime, newestUpTo, superseded: new Map() };
}

export function buildOsCatalog(releases: readonly OsRelease[]): OsCatalog {
  const indexes: Record<Platform, PlatformIndex> = {
    ios: buildIndex('ios', releases),
    android: buildIndex('android', releases),
  };

  function versionKey(platform: Platform, version: string): number | null {
    return keyOf(indexes[platform], platform, version);
  }

  return {
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
      const index = indexes[platform];
      let first = index.superseded.get(version);
      if (first === undefined) {
        const key = keyOf(index, platform, version);
        if (key === null) {
          first = Number.POSITIVE_INFINITY;
        } else {
          // First release with a strictly higher version.
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
        }
        index.superseded.set(version, first);
      }
      return first <= at ? first : null;
    },
  };
}
