import { isoDate } from '../format.ts';
import type { Rule } from '../rule.ts';

/** `custody.unassigned`: an active issued device whose custody names neither a holder nor a location. */
export const custodyUnassigned: Rule = {
  id: 'custody.unassigned',
  title: 'Custody unknown',
  description:
    'Every issued device in service must be accounted for: its custody record in force must name a holder ' +
    'or a storage location. No custody record at all counts as unknown.',
  defaultSeverity: 'medium',
  evaluate(ctx) {
    const snap = ctx.snapshot;
    if (ctx.device.ownership !== 'issued' || snap.status !== 'active') return null;
    const c = snap.custody;
    if (c !== null && (c.holderId !== null || c.location !== null)) return null;
    return {
      outcome: 'fail',
      since: c === null ? (snap.inServiceSince ?? ctx.at) : c.at,
      message:
        c === null
          ? 'No custody has ever been recorded for this device in service'
          : `Custody recorded on ${isoDate(c.at)} names neither a holder nor a location`,
      evidence: { custodySince: c === null ? null : c.at, holderId: null, location: null },
      remedy: 'Record who holds the device, or where it is stored.',
    };
  },
};
