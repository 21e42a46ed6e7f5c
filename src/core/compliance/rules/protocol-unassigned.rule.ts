import type { Rule } from '../rule.ts';

/** `protocol.unassigned`: a device in service that no protocol governs. */
export const protocolUnassigned: Rule = {
  id: 'protocol.unassigned',
  title: 'No protocol governs the device',
  description:
    "An issued device in service is governed by its holder's protocol (staff inherit their principal's). " +
    'A device with no holder, whose holder is not a known person at that date (not yet in effect: see `since`), ' +
    'or whose holder has no protocol or names one not in force then, would ' +
    'otherwise escape every check, so it is a finding in itself.',
  defaultSeverity: 'high',
  evaluate(ctx) {
    const snap = ctx.snapshot;
    if (ctx.protocol !== null || ctx.device.ownership !== 'issued' || snap.status !== 'active') return null;
    const holderId = snap.custody === null ? null : snap.custody.holderId;
    const h = ctx.holder;
    let message: string;
    if (holderId === null) message = 'In service with no holder, so no protocol governs it';
    else if (h === null)
      message = `Held by ${holderId}, who is not a known person at this date, so no protocol governs it`;
    else if (h.protocol !== null) message = `${h.name}'s protocol "${h.protocol}" is not a known protocol`;
    else if (h.principalId !== null)
      message = `Neither ${h.name} nor their principal (${h.principalId}) has a known protocol`;
    else message = `${h.name} has no protocol assigned`;
    const custodySince = snap.custody === null ? null : snap.custody.at;
    const start = snap.inServiceSince;
    return {
      outcome: 'fail',
      since:
        start === null && custodySince === null
          ? ctx.at
          : Math.max(start ?? Number.NEGATIVE_INFINITY, custodySince ?? Number.NEGATIVE_INFINITY),
      message,
      evidence: {
        holderId,
        holderProtocol: h === null ? null : h.protocol,
        principalId: h === null ? null : h.principalId,
        inServiceSince: start,
        custodySince,
      },
      remedy: 'Assign a protocol to the holder (or their principal), or record who holds the device.',
    };
  },
};
