import type { PostureReport } from '../../model.ts';
import type { CompiledRole } from '../../protocol/compiled.ts';
import type { Instant } from '../../time.ts';
import { isoDate } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';
import { runStart } from '../snapshot.ts';

/** The finding of a device whose latest report listing its apps is `report`, as of `at`. */
function unapproved<T>(
  make: FindingMaker<T>,
  req: NonNullable<CompiledRole['apps']>,
  report: PostureReport | null,
  inServiceSince: Instant | null,
  latestPostureAt: Instant | null,
  posture: readonly PostureReport[],
  at: Instant,
): T | null {
  const apps = report === null ? null : report.apps;
  if (report === null || apps === null) {
    if (!make.describes) return make.decide('unverified', undefined, inServiceSince ?? at);
    return make.make(
      'unverified',
      undefined,
      inServiceSince ?? at,
      'Installed apps not verified: no posture report has listed them',
      { unapproved: null, latestPostureAt: latestPostureAt, cite: req.cite },
      "Report the device's app inventory from its MDM, or attest it after a physical check.",
    );
  }
  const allow = req.allow;
  let bad: string[] | null = null;
  // Indexed: a for-of here can allocate an iterator per device (this runs for every device).
  for (let i = 0; i < apps.length; i++) {
    const app = apps[i] as string;
    if (allow.has(app)) continue;
    if (bad === null) bad = [app];
    else bad.push(app);
  }
  if (bad === null) return null;
  const since =
    runStart(posture, at, (r) => {
      if (r.apps === null) return -1;
      for (const app of r.apps) if (!allow.has(app)) return 1;
      return 0;
    }) ?? report.observedAt;
  if (!make.describes) return make.decide('fail', undefined, since);
  // One app (the usual case) needs no Set, no copy and no sort.
  const unapproved = bad.length === 1 ? bad : [...new Set(bad)].sort();
  const shown =
    unapproved.length <= 5
      ? unapproved.join(', ')
      : `${unapproved.slice(0, 5).join(', ')} and ${unapproved.length - 5} more`;
  return make.make(
    'fail',
    undefined,
    since,
    `${unapproved.length === 1 ? '1 unapproved app' : `${unapproved.length} unapproved apps`} installed: ${shown} (${report.source} on ${isoDate(report.observedAt)})`,
    {
      unapproved,
      observedAt: report.observedAt,
      source: report.source,
      reportId: report.id,
      installed: apps.length,
      cite: req.cite,
    },
    'Remove the unapproved apps (or block them by MDM), or add them to the protocol allow list if they are justified.',
  );
}

/** `apps.unapproved`: the latest app inventory lists apps outside the role's allow list. */
export const appsUnapproved: Rule = {
  id: 'apps.unapproved',
  title: 'Unapproved apps installed',
  description:
    "When the protocol sets an allow list for the device's role, every app in the latest reported " +
    'inventory must be on it. An inventory that was never reported is unverified, never compliant.',
  defaultSeverity: 'medium',
  evaluate(ctx) {
    const req = ctx.requirements?.apps;
    if (req == null) return null;
    const snap = ctx.snapshot;
    return unapproved(
      DRAFTS,
      req,
      snap.posture.apps,
      snap.inServiceSince,
      snap.latestPostureAt,
      snap.history.posture,
      ctx.at,
    );
  },
  columnar(row) {
    const req = row.requirements.apps;
    if (req == null) return null;
    return unapproved(
      row.findings,
      req,
      row.posture.apps,
      row.inServiceSince,
      row.latestPostureAt,
      row.postureReports,
      row.at,
    );
  },
};
