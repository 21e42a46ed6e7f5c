/**
 * The person and facility pass: rules about people and places rather than one issued device
 * (a personal or unknown phone seen in a secure facility, a policy nobody acknowledged). The
 * per-device loop skips personal devices and has no place for a finding without a device, so
 * `evaluateFleet` runs this pass once after it. Who is present and which facilities are in
 * force come from `inForceAt` (in-force.ts), as for the device pass. Findings carry `deviceId: null` when they
 * concern a person or an unknown device.
 */

import type { FacilityPolicy } from '../lifecycle/zone.ts';
import type { Acknowledgement, Detection, Device, Finding, Person, Severity } from '../model.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import type { Instant } from '../time.ts';
import type { EvaluationContext } from './evaluate.ts';
import { PEOPLE_RULES } from './registry.ts';
import type { FindingDraft } from './rule.ts';
import { waiverExpired, waiverExpiredDraft } from './rules/waiver-expired.rule.ts';
import type { EvaluationInput } from './types.ts';
import { applyWaivers } from './waivers.ts';

export interface PeopleRuleContext {
  readonly at: Instant;
  /** People present at `at` (`since` at or before it), as they stood then. */
  readonly people: readonly Person[];
  /** The protocol governing a person at `at` (the what-if protocol when one is given). */
  governing(person: Person): CompiledProtocol | null;
  /** The protocols that govern someone at `at` (the what-if protocol alone when one is given). */
  readonly protocolsInUse: readonly CompiledProtocol[];
  /** Facilities declared by the protocols that govern someone at `at`, by facility id. */
  readonly facilities: ReadonlyMap<string, readonly FacilityPolicy[]>;
  /** Devices known to the inventory at `at`, by id. */
  readonly devices: ReadonlyMap<string, Device>;
  readonly detections: readonly Detection[];
  acknowledgementsOf(personId: string): readonly Acknowledgement[];
}

export interface PeopleFindingDraft extends FindingDraft {
  readonly deviceId: string | null;
  readonly personId: string | null;
  /** The protocol whose requirement is not met (its severity overrides apply). */
  readonly protocol: string | null;
}

/** A rule over people and facilities; documented like a device rule (docs/rules.md). */
export interface PeopleRule {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  evaluate(ctx: PeopleRuleContext): readonly PeopleFindingDraft[];
}

const NO_ACKS: readonly Acknowledgement[] = [];

/** Runs every person/facility rule once, appending its findings (unsorted) to `out`. */
export function evaluatePeople(input: EvaluationInput, ctx: EvaluationContext, out: Finding[]): void {
  const at = ctx.at;
  const inForce = ctx.inForce;
  const people = [...inForce.people.values()];
  const governing = (p: Person): CompiledProtocol | null => inForce.governing.get(p.id) ?? null;
  const lifecycle = input.lifecycle;
  const acks = new Map<string, Acknowledgement[]>();
  for (const a of lifecycle?.acknowledgements ?? []) {
    const list = acks.get(a.personId);
    if (list === undefined) acks.set(a.personId, [a]);
    else list.push(a);
  }
  const detections = lifecycle?.detections ?? [];
  const devices = new Map<string, Device>();
  if (detections.length > 0) for (const h of input.devices) devices.set(h.device.id, h.device);
  const rc: PeopleRuleContext = {
    at,
    people,
    governing,
    protocolsInUse: inForce.protocolsInUse,
    facilities: inForce.facilities,
    devices,
    detections,
    acknowledgementsOf: (id) => acks.get(id) ?? NO_ACKS,
  };
  for (const rule of PEOPLE_RULES) {
    for (const d of rule.evaluate(rc)) {
      const protocol = d.protocol === null ? null : (inForce.protocols.get(d.protocol) ?? null);
      const index = out.length;
      out.push({
        deviceId: d.deviceId,
        personId: d.personId,
        protocol: d.protocol,
        rule: rule.id,
        severity: protocol?.severities[rule.id] ?? d.severity ?? rule.defaultSeverity,
        status: 'open',
        outcome: d.outcome,
        since: d.since,
        message: d.message,
        evidence: d.evidence,
        remedy: d.remedy,
        waiver: null,
      });
      // Waivers scoped to the device or the person cover these findings as they cover device ones.
      const waivers = [
        ...(d.deviceId === null ? [] : (ctx.byDevice.get(d.deviceId)?.waivers ?? [])),
        ...(d.personId === null ? [] : (ctx.byPerson.get(d.personId)?.waivers ?? [])),
      ];
      if (waivers.length > 0) {
        applyWaivers(out, index, waivers, at, (f, w) => {
          const draft = waiverExpiredDraft(f, w);
          return {
            ...f,
            rule: waiverExpired.id,
            severity: draft.severity ?? waiverExpired.defaultSeverity,
            since: draft.since,
            message: draft.message,
            evidence: draft.evidence,
            remedy: draft.remedy,
          };
        });
      }
    }
  }
}
