import type { Rule } from '../rule.ts';

/** `protocol.role-uncovered`: the governing protocol says nothing about the device's role. */
export const protocolRoleUncovered: Rule = {
  id: 'protocol.role-uncovered',
  title: "Protocol does not cover the device's role",
  description:
    "A device is checked against its protocol's requirements for its role (calls, social, news, general). " +
    'When the protocol has none for that role, nothing about the device can be checked, and a device whose ' +
    'requirements are unknown must not look compliant.',
  defaultSeverity: 'medium',
  evaluate(ctx) {
    const protocol = ctx.protocol;
    if (protocol === null || ctx.requirements !== null) return null;
    const role = ctx.device.role;
    const snap = ctx.snapshot;
    const custodySince = snap.custody === null ? null : snap.custody.at;
    const start = snap.inServiceSince;
    const since =
      start === null && custodySince === null
        ? ctx.at
        : Math.max(start ?? Number.NEGATIVE_INFINITY, custodySince ?? Number.NEGATIVE_INFINITY);
    return {
      outcome: 'fail',
      since,
      message: `Protocol "${protocol.name}" has no requirements for ${role} phones, so nothing about this device can be checked`,
      evidence: { protocol: protocol.name, version: protocol.version, role },
      remedy: `Add a "roles.${role}" section to protocol "${protocol.name}" (it may extend another role's requirements), or change the device's role.`,
    };
  },
};
