import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOsCatalog } from '../compliance/os-catalog.ts';
import { VigilError } from '../errors.ts';
import type { OsRelease } from '../model.ts';
import type { Instant } from '../time.ts';
import { parseAndroidPatchLevels, parseKevCatalog, parseSofaFeed } from './feeds.ts';
import type { CveFix, VulnerabilityIntel } from './types.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'intel');
const sofaText = readFileSync(join(FIXTURES, 'sofa_ios_data_feed.json'), 'utf8');
const kevText = readFileSync(join(FIXTURES, 'known_exploited_vulnerabilities.json'), 'utf8');
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Parsed entries as stored: recorded at `at` (the service stamps its clock). */
const recorded = <T extends object>(list: readonly T[], at: Instant = 0): (T & { recordedAt: Instant })[] =>
  list.map((x) => ({ ...x, recordedAt: at }));

/** The whole intel as the fleet reader would load it: fixes carry their release's date. */
function intelFrom(
  releases: readonly Omit<OsRelease, 'recordedAt'>[],
  fixes: readonly Omit<CveFix, 'releasedAt' | 'recordedAt'>[],
  kevText?: string,
) {
  const dates = new Map(releases.map((r) => [`${r.platform} ${r.version}`, r.releasedAt]));
  const intel: VulnerabilityIntel = {
    fixes: recorded(fixes.map((f) => ({ ...f, releasedAt: dates.get(`${f.platform} ${f.version}`) ?? 0 }))),
    kev: kevText === undefined ? [] : recorded(parseKevCatalog(kevText).kev),
  };
  return intel;
}

describe('parseSofaFeed (macadmins/sofa v2 fixture)', () => {
  const sofa = parseSofaFeed(sofaText);

  it('reads every release with its build and date, once per version', () => {
    const v = new Map(sofa.releases.map((r) => [r.version, r]));
    expect(v.get('26.6.1')).toEqual({
      platform: 'ios',
      version: '26.6.1',
      build: '23G83',
      releasedAt: day('2026-08-17'),
    });
    expect(v.get('18.6.2')?.build).toBeNull(); // the feed has no build for older releases
    // 18.7.7 and 17.0.2 are listed twice; the earliest date is kept.
    expect(sofa.releases.filter((r) => r.version === '17.0.2')).toHaveLength(1);
    expect(v.get('17.0.2')?.releasedAt).toBe(day('2023-09-21'));
    expect(sofa.releases.length).toBe(70);
    expect(sofa.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it('marks the actively exploited CVEs of each release', () => {
    const fix = (version: string, cve: string) =>
      sofa.fixes.find((f) => f.version === version && f.cveId === cve);
    expect(fix('18.6.2', 'CVE-2025-43300')).toEqual({
      platform: 'ios',
      version: '18.6.2',
      cveId: 'CVE-2025-43300',
      exploited: true,
    });
    expect(fix('17.7.10', 'CVE-2025-43300')?.exploited).toBe(true);
    expect(fix('26.0', 'CVE-2025-31255')?.exploited).toBe(false);
  });

  it('refuses a malformed feed, naming the field', () => {
    const bad = JSON.parse(sofaText) as { OSVersions: { SecurityReleases: { ReleaseDate: string }[] }[] };
    const first = bad.OSVersions[0]?.SecurityReleases[0];
    if (first) first.ReleaseDate = 'last tuesday';
    let err: unknown;
    try {
      parseSofaFeed(JSON.stringify(bad));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('INTEL_FEED_INVALID');
    expect((err as VigilError).details?.[0]?.path).toBe('OSVersions.0.SecurityReleases.0.ReleaseDate');
    expect(() => parseSofaFeed('{"OSVersions": 3}')).toThrow(/OSVersions/);
    expect(() => parseSofaFeed('<html>')).toThrow(/not JSON/);
  });

  it('ignores unknown fields', () => {
    const feed = { Extra: 1, OSVersions: [{ OSVersion: '26', New: true, SecurityReleases: [] }] };
    expect(parseSofaFeed(JSON.stringify(feed)).releases).toEqual([]);
  });
});

describe('parseKevCatalog (cisagov/kev-data fixture)', () => {
  it('reads every entry with its dates', () => {
    const kev = parseKevCatalog(kevText);
    expect(kev.version).toBe('2025.08.25');
    expect(kev.kev).toHaveLength(1404);
    const e = kev.kev.find((k) => k.cveId === 'CVE-2025-43300');
    expect(e).toMatchObject({
      vendorProject: 'Apple',
      dateAdded: day('2025-08-21'),
      dueDate: day('2025-09-11'),
    });
  });
  it('refuses a bad CVE id or date', () => {
    const bad = {
      catalogVersion: 'x',
      vulnerabilities: [
        { cveID: 'CVE-1', vendorProject: 'a', product: 'b', dateAdded: '2025-01-01', dueDate: '2025-01-02' },
      ],
    };
    expect(() => parseKevCatalog(JSON.stringify(bad))).toThrow(/vulnerabilities\.0\.cveID/);
  });
});

describe('parseAndroidPatchLevels', () => {
  it('reads levels, defaulting the publication date to the level', () => {
    const batch = parseAndroidPatchLevels(
      JSON.stringify({
        patchLevels: [{ level: '2025-09-01', cves: ['CVE-2025-38352'], exploited: ['CVE-2025-48543'] }],
      }),
    );
    expect(batch.releases).toEqual([
      { platform: 'android', version: '2025-09-01', build: null, releasedAt: day('2025-09-01') },
    ]);
    expect(batch.fixes).toEqual([
      { platform: 'android', version: '2025-09-01', cveId: 'CVE-2025-38352', exploited: false },
      { platform: 'android', version: '2025-09-01', cveId: 'CVE-2025-48543', exploited: true },
    ]);
  });
  it('is strict: unknown keys are refused (it is our own format)', () => {
    expect(() => parseAndroidPatchLevels('{"patchLevels":[{"level":"2025-9-1"}]}')).toThrow(
      /patchLevels\.0\.level/,
    );
    expect(() => parseAndroidPatchLevels('{"levels":[]}')).toThrow(VigilError);
  });
});

describe('the catalog over real feeds', () => {
  const sofa = parseSofaFeed(sofaText);
  const catalog = buildOsCatalog(recorded(sofa.releases), intelFrom(sofa.releases, sofa.fixes, kevText));
  const at = day('2026-08-22');

  it('measures a maintained older line against its own newest release (the 18.x gap)', () => {
    expect(catalog.lineMaintained('ios', '18.7.10', at)).toBe(true);
    expect(catalog.supersededAt('ios', '18.7.10', at)).toBeNull();
    expect(catalog.newestFor('ios', '18.6', at)?.version).toBe('18.7.10');
    expect(catalog.newestFor('ios', '26.5', at)?.version).toBe('26.6.1');
    // 18.6.1 was superseded by 18.6.2, not by 26.0.
    expect(catalog.supersededAt('ios', '18.6.1', at)).toBe(day('2025-08-20'));
    // 17.x: last release 2026-05-11, so it lapsed 120 days later.
    expect(catalog.lineMaintained('ios', '17.7.11', at)).toBe(true);
    expect(catalog.lineMaintained('ios', '17.7.11', day('2026-09-09'))).toBe(false);
    expect(catalog.supersededAt('ios', '17.7.11', day('2026-10-01'))).toBe(
      day('2026-05-11') + 120 * 86_400_000,
    );
    // A line with no releases at all (16.x) is superseded by the first newer release.
    expect(catalog.supersededAt('ios', '16.7', at)).toBe(day('2023-09-18'));
  });

  it('finds the known-exploited CVEs a version lacks, with KEV dates', () => {
    const e = catalog.exposures('ios', '18.6', at);
    const cve = e.find((x) => x.cveId === 'CVE-2025-43300');
    expect(cve).toEqual({
      cveId: 'CVE-2025-43300',
      fixedIn: '18.6.2',
      fixReleasedAt: day('2025-08-20'),
      knownExploitedAt: day('2025-08-21'),
      kevDueDate: day('2025-09-11'),
      exposedSince: day('2025-08-21'),
      needsNewerLine: false,
    });
    // Fixed in 18.6.2: not an exposure of 18.6.2 or later on the line.
    expect(catalog.exposures('ios', '18.6.2', at).some((x) => x.cveId === 'CVE-2025-43300')).toBe(false);
    // The same CVE on the 17 line: fixed in 17.7.10.
    expect(catalog.exposures('ios', '17.7.9', at).find((x) => x.cveId === 'CVE-2025-43300')?.fixedIn).toBe(
      '17.7.10',
    );
    // Flagged by SOFA but not in this (older) KEV: exploited since the fix.
    const sofaOnly = catalog.exposures('ios', '26.2', at).find((x) => x.cveId === 'CVE-2026-20700');
    expect(sofaOnly).toMatchObject({ fixedIn: '26.3', kevDueDate: null, exposedSince: day('2026-02-11') });
    // 18.x never got that fix: the device must move to 26.
    expect(catalog.exposures('ios', '18.7.10', at).find((x) => x.cveId === 'CVE-2026-20700')).toMatchObject({
      fixedIn: '26.3',
      needsNewerLine: true,
    });
    expect(catalog.exposures('ios', '26.6.1', at)).toEqual([]);
  });

  it('knows only what was known at the instant', () => {
    // Before the fix shipped nothing could be done; before KEV listed it, SOFA flagged it at the fix.
    expect(
      catalog.exposures('ios', '18.6', day('2025-08-19')).some((x) => x.cveId === 'CVE-2025-43300'),
    ).toBe(false);
    expect(
      catalog.exposures('ios', '18.6', day('2025-08-20')).find((x) => x.cveId === 'CVE-2025-43300')
        ?.knownExploitedAt,
    ).toBe(day('2025-08-20'));
  });

  it('uses a KEV-listed CVE the vendor did not flag, from its KEV date', () => {
    const releases: OsRelease[] = [
      {
        platform: 'android',
        version: '2025-08-01',
        build: null,
        releasedAt: day('2025-08-04'),
        recordedAt: 0,
      },
      {
        platform: 'android',
        version: '2025-09-01',
        build: null,
        releasedAt: day('2025-09-02'),
        recordedAt: 0,
      },
    ];
    const c = buildOsCatalog(releases, {
      fixes: [
        {
          platform: 'android',
          version: '2025-09-01',
          cveId: 'CVE-2025-48384',
          exploited: false,
          releasedAt: day('2025-09-02'),
          recordedAt: 0,
        },
      ],
      kev: recorded(parseKevCatalog(kevText).kev),
    });
    expect(c.exposures('android', '2025-08-01', at)).toMatchObject([
      { cveId: 'CVE-2025-48384', exposedSince: day('2025-09-02'), kevDueDate: day('2025-09-15') },
    ]);
    expect(c.exposures('android', '2025-09-05', at)).toEqual([]);
    expect(c.exposures('android', 'garbage', at)).toEqual([]);
  });
});
