import {
  hasAcknowledged,
  type RequiredAcknowledgement,
  requiredAcknowledgements,
} from '../../lifecycle/acknowledgement.ts';
import type { CompiledProtocol } from '../../protocol/compiled.ts';
import type { PeopleFindingDraft, PeopleRule } from '../evaluate-people.ts';

export const policyUnacknowledged: PeopleRule = {
  id: 'policy.unacknowledged',
  title: 'Facility policy not acknowledged',
  description:
    'Everyone governed by a protocol (directly, or for staff through their principal) must acknowledge each facility policy that says `acknowledgement: required`, in the version in force (`<protocol>@<version>`; a new protocol version asks again unless the facility pins its own `policyVersion`). One finding per person and facility; it resolves when the person acknowledges.',
  defaultSeverity: 'medium',
  evaluate(ctx) {
    const out: PeopleFindingDraft[] = [];
    // Most offices require no acknowledgement at all: then there is no one to check.
    if (!ctx.protocolsInUse.some((p) => requiredAcknowledgements(p).length > 0)) return out;
    // Per protocol, not per person: a fleet's people share a handful of protocols.
    const required = new Map<CompiledProtocol | null, readonly RequiredAcknowledgement[]>();
    for (const person of ctx.people) {
      const protocol = ctx.governing(person);
      let reqs = required.get(protocol);
      if (reqs === undefined) {
        reqs = requiredAcknowledgements(protocol);
        required.set(protocol, reqs);
      }
      if (reqs.length === 0) continue;
      const acks = ctx.acknowledgementsOf(person.id);
      for (const req of reqs) {
        if (hasAcknowledged(acks, person.id, req.facility.id, req.policyVersion)) continue;
        const previous = acks.filter((a) => a.facility === req.facility.id).map((a) => a.policyVersion);
        out.push({
          deviceId: null,
          personId: person.id,
          protocol: protocol?.name ?? null,
          outcome: 'fail',
          since: person.since,
          message: `${person.name} has not acknowledged the ${req.facility.title} policy ${req.policyVersion}`,
          evidence: {
            facility: req.facility.id,
            policyVersion: req.policyVersion,
            acknowledgedVersions: previous,
          },
          remedy: `Have ${person.name} read and acknowledge the ${req.facility.title} policy (vigil ack record).`,
        });
      }
    }
    return out;
  },
};
