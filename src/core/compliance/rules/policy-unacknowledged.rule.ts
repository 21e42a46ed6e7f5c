import { hasAcknowledged, requiredAcknowledgements } from '../../lifecycle/acknowledgement.ts';
import type { PeopleFindingDraft, PeopleRule } from '../evaluate-people.ts';

export const policyUnacknowledged: PeopleRule = {
  id: 'policy.unacknowledged',
  title: 'Facility policy not acknowledged',
  description:
    'Everyone governed by a protocol (directly, or for staff through their principal) must acknowledge each facility policy that says `acknowledgement: required`, in the version in force (`<protocol>@<version>`; a new protocol version asks again unless the facility pins its own `policyVersion`). One finding per person and facility; it resolves when the person acknowledges.',
  defaultSeverity: 'medium',
  evaluate(ctx) {
    const out: PeopleFindingDraft[] = [];
    for (const person of ctx.people) {
      const protocol = ctx.governing(person);
      for (const req of requiredAcknowledgements(protocol)) {
        const acks = ctx.acknowledgementsOf(person.id);
        if (hasAcknowledged(acks, person.id, req.facility.id, req.policyVersion)) continue;
        const previous = acks.filter((a) => a.facility === req.facility.id).map((a) => a.policyVersion);
        out.push({
          deviceId: null,
          personId: person.id,
          protocol: protocol?.name ?? null,
          outcome: 'fail',
          since: person.createdAt,
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
