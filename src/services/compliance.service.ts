/**
 * Compliance: loads the facts in force at an instant, hands them to the pure evaluator and
 * filters the answer. Evaluating "as of T" reads only facts effective at or before T and the
 * protocol versions and assignments in force at T, so a past day is re-evaluated exactly.
 */
import { evaluateFleet } from '../core/compliance/evaluate.ts';
import { type DeviceSnapshot, snapshotAt } from '../core/compliance/snapshot.ts';
import type { EvaluationResult } from '../core/compliance/types.ts';
import { VigilError } from '../core/errors.ts';
import type { Person } from '../core/model.ts';
import { type Instant, toIso } from '../core/time.ts';
import { EvaluationCache } from './evaluation-cache.ts';
import { instantOr } from './instant.ts';
import type { Clock, FleetSnapshotData, ProtocolAssignment, UnitOfWork } from './ports.ts';
import { compileInForce } from './protocol.service.ts';
import type { EvaluationQuery } from './schemas.ts';

/** People as they stood at `at`: each with the protocol assigned most recently at or before it. */
export function peopleAt(people: readonly Person[], assignments: readonly ProtocolAssignment[], at: Instant) {
  const latest = new Map<string, ProtocolAssignment>();
  for (const a of assignments) {
    if (a.at > at) continue;
    const seen = latest.get(a.personId);
    if (seen === undefined || a.at >= seen.at) latest.set(a.personId, a);
  }
  const map = new Map<string, Person>();
  for (const p of people) map.set(p.id, { ...p, protocol: latest.get(p.id)?.protocol ?? null });
  return map;
}

export function evaluateData(
  data: FleetSnapshotData,
  at: Instant,
  protocolOverride?: string,
): EvaluationResult {
  const protocols = compileInForce(data.protocols, at);
  if (protocolOverride !== undefined && !protocols.has(protocolOverride)) {
    // A what-if comparison uses the newest version of the named protocol, whatever was in force at T.
    const newest = compileInForce(data.protocols, Number.MAX_SAFE_INTEGER).get(protocolOverride);
    if (newest === undefined)
      throw new VigilError('PROTOCOL_NOT_FOUND', `no protocol is named ${protocolOverride}`);
    protocols.set(protocolOverride, newest);
  }
  return evaluateFleet({
    at,
    devices: data.devices,
    people: peopleAt(data.people, data.assignments, at),
    protocols,
    releases: data.releases,
    ...(data.intel === undefined ? {} : { intel: data.intel }),
    lifecycle: {
      refusals: data.refusals ?? [],
      waivers: data.waivers ?? [],
      incidents: data.incidents ?? [],
      detections: data.detections ?? [],
      acknowledgements: data.acknowledgements ?? [],
    },
    ...(protocolOverride === undefined ? {} : { protocolOverride }),
  });
}

/** The facts a device was judged on, for people reading a report (passing checks included). */
export function factsView(s: DeviceSnapshot) {
  const iso = (t: number | null | undefined) => (t == null ? null : toIso(t));
  return {
    status: s.status,
    holderId: s.custody?.holderId ?? null,
    location: s.custody?.location ?? null,
    inServiceSince: iso(s.inServiceSince),
    lastInspection:
      s.lastInspection === null
        ? null
        : {
            at: toIso(s.lastInspection.at),
            method: s.lastInspection.method,
            result: s.lastInspection.result,
          },
    latestPostureAt: iso(s.latestPostureAt),
    osVersion: s.osVersion?.value ?? null,
    patchLevel: s.patchLevel?.value ?? null,
    lockdownMode: s.lockdownMode?.value ?? null,
    sensors: Object.fromEntries(
      Object.entries(s.sensors).map(([k, o]) => [
        k,
        o === null ? null : { state: o.value, provenance: o.provenance, observedAt: toIso(o.observedAt) },
      ]),
    ),
  };
}
export type FactsView = ReturnType<typeof factsView>;

export class ComplianceService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;

  constructor(deps: { uow: UnitOfWork; clock: Clock }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
  }

  async evaluate(query: EvaluationQuery = {}): Promise<EvaluationResult> {
    return (await this.evaluateWithFacts(query, false)).result;
  }

  /** Evaluates, and when `withFacts` also returns the facts each evaluated device was judged on. */
  async evaluateWithFacts(
    query: EvaluationQuery,
    withFacts: boolean,
  ): Promise<{ result: EvaluationResult; facts: Record<string, FactsView> }> {
    // "Now" without facts comes from the process's evaluation cache (evaluation-cache.ts).
    if (query.asOf === undefined && !withFacts) {
      const cache = EvaluationCache.of({ uow: this.#uow, clock: this.#clock });
      return { result: filterResult(await cache.current(query.protocol), query), facts: {} };
    }
    const at = instantOr(query.asOf, this.#clock.now());
    const data = await this.#uow.run((tx) => tx.fleet.load(at));
    const result = filterResult(evaluateData(data, at, query.protocol), query);
    const facts: Record<string, FactsView> = {};
    if (withFacts) {
      const wanted = new Set(
        result.devices.filter((d) => d.verdict !== 'not-evaluated').map((d) => d.deviceId),
      );
      for (const h of data.devices)
        if (wanted.has(h.device.id)) facts[h.device.id] = factsView(snapshotAt(h, at));
    }
    return { result, facts };
  }
}

/** Keeps the devices and findings the query's filters select. */
function filterResult(result: EvaluationResult, query: EvaluationQuery): EvaluationResult {
  if (
    query.deviceId === undefined &&
    query.personId === undefined &&
    query.rule === undefined &&
    query.severity === undefined
  )
    return result;
  const keep = <T extends { deviceId: string | null; personId: string | null }>(x: T) =>
    (query.deviceId === undefined || x.deviceId === query.deviceId) &&
    (query.personId === undefined || x.personId === query.personId);
  return {
    at: result.at,
    findings: result.findings.filter(
      (f) =>
        keep(f) &&
        (query.rule === undefined || f.rule === query.rule) &&
        (query.severity === undefined || f.severity === query.severity),
    ),
    devices: result.devices.filter(keep),
  };
}
