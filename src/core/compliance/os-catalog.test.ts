import { describe, expect, it } from 'vitest';
import type { OsRelease } from '../model.ts';
import { buildOsCatalog, MAINTAINED_LINE_WINDOW } from './os-catalog.ts';
import { ANDROID_RELEASES, IOS_RELEASES } from './test-helpers.ts';

const catalog = buildOsCatalog([...IOS_RELEASES].reverse().concat(ANDROID_RELEASES));

describe('compareVersions', () => {
  it('compares iOS versions as dotted numbers', () => {
    expect(catalog.compareVersions('ios', '18.6.2', '18.6')).toBe(1);
    expect(catalog.compareVersions('ios', '18.6', '18.6.0')).toBe(0);
    expect(catalog.compareVersions('ios', '18.10', '18.9.9')).toBe(1);
    expect(catalog.compareVersions('ios', '9.3', '18.0')).toBe(-1);
  });
  it('compares Android patch levels as dates', () => {
    expect(catalog.compareVersions('android', '2026-10-01', '2026-09-05')).toBe(1);
    expect(catalog.compareVersions('android', '2026-10-01', '2026-10-01')).toBe(0);
  });
  it('refuses versions it cannot read', () => {
    expect(catalog.compareVersions('ios', '18.6 beta', '18.6')).toBeNull();
    expect(catalog.compareVersions('android', '15', '2026-10-01')).toBeNull();
    expect(catalog.versionKey('ios', '')).toBeNull();
  });
});

describe('newestAt', () => {
  it('is the highest version released by the instant', () => {
    expect(catalog.newestAt('ios', Date.UTC(2026, 7, 19))?.version).toBe('18.6');
    expect(catalog.newestAt('ios', Date.UTC(2026, 7, 20))?.version).toBe('18.6.2');
    expect(catalog.newestAt('ios', Date.UTC(2020, 0, 1))).toBeNull();
    expect(catalog.newestAt('android', Date.UTC(2026, 10, 18))?.version).toBe('2026-11-01');
  });
  it('is not fooled by a late release of an older line', () => {
    const c = buildOsCatalog([
      { platform: 'ios', version: '26.0', build: null, releasedAt: 100, recordedAt: 100 },
      { platform: 'ios', version: '18.7', build: null, releasedAt: 200, recordedAt: 200 },
    ]);
    expect(c.newestAt('ios', 300)?.version).toBe('26.0');
  });
});

describe('supersededAt', () => {
  it('is the release date of the earliest newer release known by the instant', () => {
    expect(catalog.supersededAt('ios', '18.5', Date.UTC(2026, 10, 18))).toBe(Date.UTC(2026, 6, 29));
    expect(catalog.supersededAt('ios', '18.6.1', Date.UTC(2026, 10, 18))).toBe(Date.UTC(2026, 7, 20));
    expect(catalog.supersededAt('ios', '18.6.2', Date.UTC(2026, 10, 18))).toBeNull();
    // Before 18.6 came out, 18.5 was still the newest.
    expect(catalog.supersededAt('ios', '18.5', Date.UTC(2026, 6, 28))).toBeNull();
    expect(catalog.supersededAt('android', '2026-09-01', Date.UTC(2026, 10, 18))).toBe(Date.UTC(2026, 9, 6));
    expect(catalog.supersededAt('ios', 'garbage', Date.UTC(2026, 10, 18))).toBeNull();
  });
  it('measures a maintained older line against its own newest release, not the newest line', () => {
    const releases: OsRelease[] = [
      { platform: 'ios', version: '18.7', build: null, releasedAt: 300, recordedAt: 300 },
      { platform: 'ios', version: '26.0', build: null, releasedAt: 200, recordedAt: 200 },
      { platform: 'ios', version: '18.6', build: null, releasedAt: 100, recordedAt: 100 },
    ];
    const c = buildOsCatalog(releases);
    // 18.x still gets releases: 18.6 is superseded by 18.7, and 18.7 is current.
    expect(c.supersededAt('ios', '18.6', 1000)).toBe(300);
    expect(c.supersededAt('ios', '18.6', 150)).toBeNull();
    expect(c.supersededAt('ios', '18.7', 1000)).toBeNull();
    expect(c.newestFor('ios', '18.6', 1000)?.version).toBe('18.7');
    // Once 18.x has had no release for MAINTAINED_LINE_WINDOW, the newest line is the target,
    // from the day the line lapsed.
    const lapsed = 300 + MAINTAINED_LINE_WINDOW;
    expect(c.lineMaintained('ios', '18.7', lapsed)).toBe(true);
    expect(c.lineMaintained('ios', '18.7', lapsed + 1)).toBe(false);
    expect(c.supersededAt('ios', '18.7', lapsed + 1)).toBe(lapsed);
    expect(c.supersededAt('ios', '18.6', lapsed + 1)).toBe(lapsed);
    expect(c.newestFor('ios', '18.7', lapsed + 1)?.version).toBe('26.0');
  });
  it('answers as a fresh catalog does, whatever instants were asked before (it remembers answers)', () => {
    const releases = [...IOS_RELEASES, ...ANDROID_RELEASES];
    const shared = buildOsCatalog(releases);
    const instants = [
      Date.UTC(2026, 10, 18),
      Date.UTC(2026, 6, 28),
      Date.UTC(2026, 10, 18),
      Date.UTC(2027, 6, 1),
    ];
    const asked: ['ios' | 'android', string][] = [
      ['ios', '18.5'],
      ['ios', '18.6.2'],
      ['ios', 'garbage'],
      ['android', '2026-09-01'],
    ];
    for (const at of instants) {
      for (const [platform, version] of asked) {
        expect(shared.supersededAt(platform, version, at)).toBe(
          buildOsCatalog(releases).supersededAt(platform, version, at),
        );
      }
    }
  });
});
