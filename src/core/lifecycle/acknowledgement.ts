/**
 * Policy acknowledgements: a person accepts a facility policy in one version,
 * `<protocol>@<version>` (the facility's `policyVersion` when the protocol sets one, else the
 * protocol's version). A new protocol version therefore needs a new acknowledgement wherever
 * the facility says `acknowledgement: required`, unless the facility pins its own
 * `policyVersion` and leaves it unchanged (a protocol edit elsewhere does not re-ask staff).
 */
import { VigilError } from '../errors.ts';
import type { Acknowledgement } from '../model.ts';
import type { CompiledFacility, CompiledProtocol } from '../protocol/compiled.ts';
import { policyVersionOf } from './zone.ts';

export interface RequiredAcknowledgement {
  readonly facility: CompiledFacility;
  readonly policyVersion: string;
}

/** The acknowledgements a person governed by `protocol` owes. */
export function requiredAcknowledgements(protocol: CompiledProtocol | null): RequiredAcknowledgement[] {
  if (protocol === null) return [];
  return protocol.facilities
    .filter((f) => f.acknowledgement === 'required')
    .map((facility) => ({ facility, policyVersion: policyVersionOf(protocol, facility) }));
}

/** Whether `acks` (of anyone) include this person's acceptance of this facility policy version. */
export function hasAcknowledged(
  acks: readonly Acknowledgement[],
  personId: string,
  facility: string,
  policyVersion: string,
): boolean {
  return acks.some(
    (a) => a.personId === personId && a.facility === facility && a.policyVersion === policyVersion,
  );
}

/**
 * The policy version a person acknowledges for `facility` under `protocol` (the one governing
 * them now). Throws ACKNOWLEDGEMENT_INVALID when the protocol declares no such facility, or
 * when `claimed` names another version than the one in force (an old version is not accepted).
 */
export function acknowledgementVersion(
  protocol: CompiledProtocol | null,
  facility: string,
  claimed: string | null,
): string {
  const f = protocol?.facilities.find((x) => x.id === facility);
  if (protocol === null || f === undefined) {
    throw new VigilError(
      'ACKNOWLEDGEMENT_INVALID',
      `no protocol governing this person declares the facility ${facility}`,
      [{ path: 'facility', message: 'expected a facility of the protocol governing the person' }],
    );
  }
  const version = policyVersionOf(protocol, f);
  if (claimed !== null && claimed !== version) {
    throw new VigilError('ACKNOWLEDGEMENT_INVALID', `the policy in force is ${version}, not ${claimed}`, [
      { path: 'policyVersion', message: `expected ${version}` },
    ]);
  }
  return version;
}
