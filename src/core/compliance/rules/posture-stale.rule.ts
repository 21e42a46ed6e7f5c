import type { CompiledRole } from '../../protocol/compiled.ts';
import type { Instant } from '../../time.ts';
import { dayCount, isoDate, spanText, wholeDays } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';

/** The finding of a device last reporting at `latest` and in service since `start` (null: none), as of `at`. */
function stale<T>(
  make: FindingMaker<T>,
  req: NonNullable<CompiledRole['posture']>,
  latest: Instant | null,
  start: Instant | null,
  at: Instant,
): T | null {
  if (latest === null) {
    if (!make.describes) return make.decide('fail', undefined, start ?? at);
    return make.make(
      'fail',
      undefined,
      start ?? at,
      start === null
        ? 'No posture report has ever been received for this device'
        : `No posture report received since the device entered service on ${isoDate(start)}`,
      { latestPostureAt: null, inServiceSince: start, maxAge: req.maxAge, cite: req.cite },
      "Enrol the device in the office's MDM (or import its posture) so its state is reported.",
    );
  }
  const since = latest + req.maxAge;
  if (at <= since) return null;
  if (!make.describes) return make.decide('fail', undefined, since);
  const age = wholeDays(at - latest);
  return make.make(
    'fail',
    undefined,
    since,
    `Posture is stale: last report ${isoDate(latest)}, ${dayCount(age)} ago (allowed ${spanText(req.maxAge)})`,
    { latestPostureAt: latest, ageDays: age, maxAge: req.maxAge, cite: req.cite },
    "Check the device's MDM enrolment and connector, or collect a posture report in person.",
  );
}

/** `posture.stale`: no posture report within the protocol's maximum age. */
export const postureStale: Rule = {
  id: 'posture.stale',
  title: 'Posture report stale',
  description:
    "Compliance is only as current as the facts: the device's latest posture report must be no older " +
    'than posture.maxAge. A device in service that never reported fails from the start of its service.',
  defaultSeverity: 'medium',
  changesAt(ctx) {
    const req = ctx.requirements?.posture;
    const latest = ctx.snapshot.latestPostureAt;
    if (req == null || latest === null) return Number.POSITIVE_INFINITY;
    const since = latest + req.maxAge;
    return ctx.at <= since ? since + 1 : Number.POSITIVE_INFINITY;
  },
  evaluate(ctx) {
    const req = ctx.requirements?.posture;
    const snap = ctx.snapshot;
    return req == null ? null : stale(DRAFTS, req, snap.latestPostureAt, snap.inServiceSince, ctx.at);
  },
  columnar(row) {
    const req = row.requirements.posture;
    return req == null ? null : stale(row.findings, req, row.latestPostureAt, row.inServiceSince, row.at);
  },
};
