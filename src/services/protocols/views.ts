/** The protocols context's records as JSON: instants as ISO strings. */
import { inForceFrom } from '../../core/compliance/in-force.ts';
import { toIso } from '../../core/time.ts';
import type { ProtocolVersion } from './ports.ts';

const stateOf = (v: ProtocolVersion) =>
  v.approval !== 'two-person'
    ? ('in-effect' as const)
    : v.decision == null
      ? ('proposed' as const)
      : v.decision.approved
        ? ('approved' as const)
        : ('rejected' as const);

export const protocolVersionView = (v: ProtocolVersion) => {
  const from = inForceFrom(v);
  const d = v.decision ?? null;
  return {
    name: v.name,
    version: v.version,
    sha256: v.sha256,
    effectiveAt: toIso(v.effectiveAt),
    recordedAt: toIso(v.recordedAt),
    recordedBy: v.recordedBy,
    approval: v.approval ?? ('none' as const),
    state: stateOf(v),
    inForceFrom: from === null ? null : toIso(from),
    decision:
      d === null
        ? null
        : {
            approved: d.approved,
            decidedBy: d.decidedBy,
            personId: d.personId,
            reason: d.reason,
            at: toIso(d.effectiveAt),
            recordedAt: toIso(d.recordedAt),
          },
  };
};
