import type { Platform, PostureReport } from '../../model.ts';
import type { CompiledRole } from '../../protocol/compiled.ts';
import type { Instant } from '../../time.ts';
import { dayCount, isoDate, spanText, wholeDays } from '../format.ts';
import type { OsCatalog } from '../os-catalog.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';

/** The finding of a device of `platform` whose latest report stating its version is `field`, as of `at`. */
function outdated<T>(
  make: FindingMaker<T>,
  req: NonNullable<CompiledRole['os']>,
  platform: Platform,
  field: PostureReport | null,
  inServiceSince: Instant | null,
  catalog: OsCatalog,
  at: Instant,
): T | null {
  const ios = platform === 'ios';
  const what = ios ? 'iOS version' : 'Security patch level';
  const value = field === null ? null : ios ? field.osVersion : field.patchLevel;
  const min = ios ? req.minVersion.ios : req.minVersion.android;
  const key = value === null ? null : catalog.versionKey(platform, value);
  if (field === null || value === null || key === null) {
    const since = field === null ? (inServiceSince ?? at) : field.observedAt;
    if (!make.describes) return make.decide('unverified', 'medium', since);
    return make.make(
      'unverified',
      'medium',
      since,
      field === null
        ? `${what} not verified: no posture report has stated it`
        : `${what} "${value}" cannot be read (${field.source} on ${isoDate(field.observedAt)})`,
      {
        platform,
        version: value,
        observedAt: field === null ? null : field.observedAt,
        source: field === null ? null : field.source,
        minVersion: min,
        cite: req.cite,
      },
      `Report the device's ${what.toLowerCase()} from its MDM.`,
    );
  }
  const version = value;
  // As compareVersions(version, min) < 0, without parsing `version` again (this runs per device).
  const minKey = min === null ? null : catalog.versionKey(platform, min);
  const belowMin = minKey !== null && key < minKey;
  let supersededAt: Instant | null = null;
  let behindSince: Instant | null = null;
  if (req.maxBehindLatest !== null) {
    supersededAt = catalog.supersededAt(platform, version, at);
    if (supersededAt !== null && at > supersededAt + req.maxBehindLatest) {
      behindSince = supersededAt + req.maxBehindLatest;
    }
  }
  if (!belowMin && behindSince === null) return null;
  // Versions only move forward, so a device below the minimum now was below it all along.
  const minSince = inServiceSince ?? field.observedAt;
  const since = behindSince === null ? minSince : belowMin ? Math.min(minSince, behindSince) : behindSince;
  if (!make.describes) return make.decide('fail', undefined, since);
  // The newest release of the device's own line while that line is maintained (os-catalog.ts).
  const newest = catalog.newestFor(platform, version, at);
  const newestVersion = newest === null ? null : newest.version;
  const subject = ios ? `iOS ${version}` : `Security patch level ${version}`;
  const behindText =
    supersededAt === null || behindSince === null
      ? ''
      : `behind the newest release${newestVersion === null ? '' : ` (${newestVersion})`} for ${dayCount(wholeDays(at - supersededAt))} (superseded ${isoDate(supersededAt)}; allowed ${spanText(req.maxBehindLatest ?? 0)})`;
  const message = belowMin
    ? `${subject} is below the protocol minimum ${min}${behindText === '' ? '' : `, and ${behindText}`}`
    : `${subject} is ${behindText}`;
  return make.make(
    'fail',
    undefined,
    since,
    message,
    {
      platform,
      version,
      observedAt: field.observedAt,
      source: field.source,
      minVersion: min,
      belowMinimum: belowMin,
      newestVersion,
      lineMaintained: catalog.lineMaintained(platform, version, at),
      supersededAt,
      maxBehindLatest: req.maxBehindLatest,
      cite: req.cite,
    },
    ios
      ? `Update the device to iOS ${newestVersion ?? min ?? 'the newest release'} and confirm it in a new posture report.`
      : `Install the latest security update${newestVersion === null ? '' : ` (patch level ${newestVersion})`}, or replace the device if the vendor no longer supplies updates.`,
  );
}

/**
 * `os.outdated`: iOS version (Android: security patch level) below the protocol minimum, or
 * behind the newest known release for longer than the protocol allows.
 */
export const osOutdated: Rule = {
  id: 'os.outdated',
  title: 'Operating system out of date',
  description:
    'The latest reported iOS version (for Android, the security patch level) must not be below the ' +
    "protocol's minimum for the platform, and must not stay behind the newest known release for longer " +
    'than os.maxBehindLatest, counted from the release that superseded it. While an older iOS line is ' +
    'still maintained (a release within the last 120 days), the newest release of that line is the target, ' +
    'not the newest line. An unreported or unreadable version is unverified.',
  defaultSeverity: 'high',
  changesAt(ctx) {
    const req = ctx.requirements?.os;
    if (req == null) return Number.POSITIVE_INFINITY;
    const platform = ctx.device.platform;
    const field = platform === 'ios' ? ctx.snapshot.posture.osVersion : ctx.snapshot.posture.patchLevel;
    const value = field === null ? null : platform === 'ios' ? field.osVersion : field.patchLevel;
    if (field === null || value === null) return Number.POSITIVE_INFINITY;
    let next = ctx.catalog.changesAfter(platform, value, ctx.at);
    if (req.maxBehindLatest !== null) {
      const supersededAt = ctx.catalog.supersededAt(platform, value, ctx.at);
      const behindSince = supersededAt === null ? null : supersededAt + req.maxBehindLatest;
      if (behindSince !== null && ctx.at <= behindSince && behindSince + 1 < next) next = behindSince + 1;
    }
    return next;
  },
  evaluate(ctx) {
    const req = ctx.requirements?.os;
    if (req == null) return null;
    const platform = ctx.device.platform;
    const posture = ctx.snapshot.posture;
    const field = platform === 'ios' ? posture.osVersion : posture.patchLevel;
    return outdated(DRAFTS, req, platform, field, ctx.snapshot.inServiceSince, ctx.catalog, ctx.at);
  },
  columnar(row) {
    const req = row.requirements.os;
    if (req == null) return null;
    return outdated(
      row.findings,
      req,
      row.device.platform,
      row.osReport,
      row.inServiceSince,
      row.catalog,
      row.at,
    );
  },
};
