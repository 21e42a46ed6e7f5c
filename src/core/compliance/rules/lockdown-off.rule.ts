import { isoDate } from '../format.ts';
import type { Rule } from '../rule.ts';
import { runStart } from '../snapshot.ts';

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
    const mode = snap.posture.lockdownMode;
    if (mode === null || mode.lockdownMode === null) {
      return {
        outcome: 'unverified',
        severity: 'medium',
        since: snap.inServiceSince ?? ctx.at,
        message: 'Lockdown Mode not verified: no posture report has stated it',
        evidence: {
          required: true,
          lockdownMode: null,
          latestPostureAt: snap.latestPostureAt,
          cite: req.cite,
        },
        remedy: 'Report Lockdown Mode from the MDM, or attest it after a physical check.',
      };
    }
    if (mode.lockdownMode) return null;
    const since =
      runStart(snap.history.posture, ctx.at, (r) =>
        r.lockdownMode === null ? -1 : r.lockdownMode ? 0 : 1,
      ) ?? mode.observedAt;
    return {
      outcome: 'fail',
      since,
      message: `Lockdown Mode is off (${mode.source} on ${isoDate(mode.observedAt)}); the protocol requires it`,
      evidence: {
        required: true,
        lockdownMode: false,
        observedAt: mode.observedAt,
        source: mode.source,
        reportId: mode.id,
        offSince: since,
        cite: req.cite,
      },
      remedy:
        'Turn on Lockdown Mode (Settings > Privacy & Security > Lockdown Mode) and confirm it in a new posture report.',
    };
  },
};
