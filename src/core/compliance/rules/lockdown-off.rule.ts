import type { PostureReport } from '../../model.ts';
import type { CompiledRole } from '../../protocol/compiled.ts';
import type { Instant } from '../../time.ts';
import { isoDate } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';
import { runStart } from '../snapshot.ts';

/** The finding of an iPhone whose latest report stating Lockdown Mode is `mode`, as of `at`. */
function off<T>(
  make: FindingMaker<T>,
  req: NonNullable<CompiledRole['os']>,
  mode: PostureReport | null,
  inServiceSince: Instant | null,
  latestPostureAt: Instant | null,
  posture: readonly PostureReport[],
  at: Instant,
): T | null {
  if (mode === null || mode.lockdownMode === null) {
    if (!make.describes) return make.decide('unverified', 'medium', inServiceSince ?? at);
    return make.make(
      'unverified',
      'medium',
      inServiceSince ?? at,
      'Lockdown Mode not verified: no posture report has stated it',
      {
        required: true,
        lockdownMode: null,
        latestPostureAt: latestPostureAt,
        cite: req.cite,
      },
      'Report Lockdown Mode from the MDM, or attest it after a physical check.',
    );
  }
  if (mode.lockdownMode) return null;
  const since =
    runStart(posture, at, (r) => (r.lockdownMode === null ? -1 : r.lockdownMode ? 0 : 1)) ?? mode.observedAt;
  if (!make.describes) return make.decide('fail', undefined, since);
  return make.make(
    'fail',
    undefined,
    since,
    `Lockdown Mode is off (${mode.source} on ${isoDate(mode.observedAt)}); the protocol requires it`,
    {
      required: true,
      lockdownMode: false,
      observedAt: mode.observedAt,
      source: mode.source,
      reportId: mode.id,
      offSince: since,
      cite: req.cite,
    },
    'Turn on Lockdown Mode (Settings > Privacy & Security > Lockdown Mode) and confirm it in a new posture report.',
  );
}

/** `lockdown.off`: an iPhone whose protocol requires Lockdown Mode does not have it on. */
export const lockdownOff: Rule = {
  id: 'lockdown.off',
  title: 'Lockdown Mode off',
  description:
    "When the protocol requires Lockdown Mode (os.lockdownMode: required), an iPhone's latest report must " +
    'show it on. Unreported is unverified. Android has no Lockdown Mode, so the rule does not apply there.',
  defaultSeverity: 'high',
  evaluate(ctx) {
    if (ctx.device.platform !== 'ios') return null;
    const req = ctx.requirements?.os;
    if (req == null || req.lockdownMode !== 'required') return null;
    const snap = ctx.snapshot;
    return off(
      DRAFTS,
      req,
      snap.posture.lockdownMode,
      snap.inServiceSince,
      snap.latestPostureAt,
      snap.history.posture,
      ctx.at,
    );
  },
  columnar(row) {
    if (row.device.platform !== 'ios') return null;
    const req = row.requirements.os;
    if (req == null || req.lockdownMode !== 'required') return null;
    return off(
      row.findings,
      req,
      row.posture.lockdownMode,
      row.inServiceSince,
      row.latestPostureAt,
      row.postureReports,
      row.at,
    );
  },
};
