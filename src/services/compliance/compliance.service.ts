/**
 * Compliance: loads the facts in force at an instant, derives what is in force then with the
 * one pure definition (core/compliance/in-force.ts), hands both to the evaluator and filters
 * the answer. Evaluating "as of T" reads only facts effective at or before T and the
 * protocol versions and assignments in force at T, so a past day is re-evaluated exactly.
 * "Known at K" further keeps only what had been recorded by K (core/compliance/known.ts).
 */
import { evaluateFleet } from '../../core/compliance/evaluate.ts';
import { type InForce, inForceAt } from '../../core/compliance/in-force.ts';
import { knownBy, knownCorrections, knownHistory } from '../../core/compliance/known.ts';
import { RULES } from '../../core/compliance/registry.ts';
import { type DeviceSnapshot, snapshotAt } from '../../core/compliance/snapshot.ts';
import type { EvaluationInput, EvaluationResult } from '../../core/compliance/types.ts';
import { VigilError } from '../../core/errors.ts';
import type { DeviceRole, FindingStatus } from '../../core/model.ts';
import { type Instant, toIso } from '../../core/time.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, Repositories, UnitOfWork } from '../kernel/ports.ts';
import { compileInForce } from '../protocols/protocol.service.ts';
import { evaluateFleetChunked } from './evaluate-chunked.ts';
import { EvaluationCache, type EvaluationCacheDeps } from './evaluation-cache.ts';
import type { FleetSnapshotData } from './ports.ts';
import type { EvaluationQuery } from './schemas.ts';

/**
 * What the findings list filters on besides the evaluation's own query: the role of the device
 * a finding is about, and the finding's status (the dashboard's overview asks for one page of
 * open findings of one role, so it never needs the device list).
 */
export type FindingsQuery = EvaluationQuery & { role?: DeviceRole; status?: FindingStatus };

/**
 * What is in force at `at` (in-force.ts), from loaded facts: the one path every evaluation
 * takes, with or without a what-if protocol; with `knownAt`, from the people, assignments and
 * protocol versions Vigil had recorded by then.
 */
export function inForceFrom(
  data: Pick<FleetSnapshotData, 'people' | 'assignments' | 'protocols'>,
  at: Instant,
  whatIf?: string,
  knownAt?: Instant,
): InForce {
  const known = knownAt ?? Number.POSITIVE_INFINITY;
  const protocols = compileInForce(data.protocols, at, known);
  if (whatIf !== undefined && !data.protocols.some((v) => v.name === whatIf && knownBy(v, known)))
    throw new VigilError('PROTOCOL_NOT_FOUND', `No protocol is named "${whatIf}".`);
  return inForceAt({
    at,
    people: data.people,
    assignments: data.assignments,
    protocols,
    ...(whatIf === undefined ? {} : { whatIf }),
    ...(knownAt === undefined ? {} : { knownAt }),
  });
}

/** What is in force at `at`, read inside a transaction (people, assignments, protocol versions). */
export async function governingInTx(
  tx: Pick<Repositories, 'people' | 'assignments' | 'protocols'>,
  at: Instant,
): Promise<InForce> {
  // One after another: a transaction is one connection, which runs one query at a time.
  const people = await tx.people.list();
  const assignments = await tx.assignments.list(at);
  const protocols = await tx.protocols.listVersions();
  return inForceFrom({ people, assignments, protocols }, at);
}

/** The ids of the compliance rules: refusals and waivers must name one of them. */
export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

export function evaluateData(
  data: FleetSnapshotData,
  at: Instant,
  protocolOverride?: string,
  knownAt?: Instant,
): EvaluationResult {
  return evaluateFleet(evaluationInput(data, at, protocolOverride, knownAt));
}

/**
 * The evaluator's input for loaded facts: what is in force at `at` (`inForceFrom`), under the
 * what-if protocol when one is named; with `knownAt`, as known then (the evaluator cuts the
 * other facts). Serving paths pass it to `evaluateFleetChunked` (evaluate-chunked.ts).
 */
export function evaluationInput(
  data: FleetSnapshotData,
  at: Instant,
  protocolOverride?: string,
  knownAt?: Instant,
): EvaluationInput {
  return {
    at,
    ...(knownAt === undefined ? {} : { knownAt }),
    devices: data.devices,
    inForce: inForceFrom(data, at, protocolOverride, knownAt),
    releases: data.releases,
    ...(data.intel === undefined ? {} : { intel: data.intel }),
    lifecycle: {
      refusals: data.refusals ?? [],
      waivers: data.waivers ?? [],
      incidents: data.incidents ?? [],
      detections: data.detections ?? [],
      acknowledgements: data.acknowledgements ?? [],
    },
    ...(data.corrections === undefined || data.corrections.length === 0
      ? {}
      : { corrections: data.corrections }),
    ...(data.pushes === undefined || data.pushes.length === 0 ? {} : { pushes: data.pushes }),
  };
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
  readonly #cacheDeps: EvaluationCacheDeps;

  constructor(deps: EvaluationCacheDeps) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#cacheDeps = deps;
  }

  async evaluate(query: FindingsQuery = {}): Promise<EvaluationResult> {
    return (await this.evaluateWithFacts(query, false)).result;
  }

  /** Evaluates, and when `withFacts` also returns the facts each evaluated device was judged on. */
  async evaluateWithFacts(
    query: FindingsQuery,
    withFacts: boolean,
  ): Promise<{ result: EvaluationResult; facts: Record<string, FactsView> }> {
    // "Now" without facts comes from the process's evaluation cache (evaluation-cache.ts); a
    // knowledge instant is always evaluated afresh.
    if (query.asOf === undefined && query.knownAt === undefined && !withFacts) {
      const cache = EvaluationCache.of(this.#cacheDeps);
      return { result: filterResult(await cache.current(query.protocol), query), facts: {} };
    }
    const at = instantOr(query.asOf, this.#clock.now());
    const knownAt = query.knownAt === undefined ? undefined : instantOr(query.knownAt, at);
    // Loaded by effective time, whenever recorded: the evaluator decides what was known (the
    // pushes, of which only the latest are loaded, are cut at `knownAt` by the loader).
    const data = await this.#uow.run((tx) => tx.fleet.load(at, knownAt));
    const result = filterResult(
      await evaluateFleetChunked(evaluationInput(data, at, query.protocol, knownAt)),
      query,
    );
    const facts: Record<string, FactsView> = {};
    if (withFacts) {
      const corrections = knownCorrections(data.corrections, knownAt);
      const wanted = new Set(
        result.devices.filter((d) => d.verdict !== 'not-evaluated').map((d) => d.deviceId),
      );
      for (const h of data.devices) {
        if (!wanted.has(h.device.id)) continue;
        const known = knownHistory(h, knownAt ?? Number.POSITIVE_INFINITY, corrections, at);
        facts[h.device.id] = factsView(snapshotAt(known, at));
      }
    }
    return { result, facts };
  }
}

/**
 * What is derived from one evaluation, kept with it: "now" comes from the evaluation cache, so
 * the same result serves every request until a fact changes or a deadline passes, and the dashboard asks the same
 * few filters again and again (a pass over a 100,000-device fleet's findings costs tens of ms).
 */
interface Derived {
  roles: ReadonlyMap<string, string> | null;
  readonly filtered: Map<string, EvaluationResult>;
}
const derivedByResult = new WeakMap<EvaluationResult, Derived>();
/** Filtered results kept per evaluation; the least recently asked one goes first. */
const MAX_FILTERED = 32;

function derived(result: EvaluationResult): Derived {
  let d = derivedByResult.get(result);
  if (d === undefined) {
    d = { roles: null, filtered: new Map() };
    derivedByResult.set(result, d);
  }
  return d;
}

/**
 * Keeps the devices and findings the query's filters select. `role` keeps the devices of that
 * role and the findings about them (so not the findings about a person or an unknown device);
 * `status` filters the findings only. Without filters the result itself is returned, so the
 * summary's per-result cache (compliance.routes.ts) still hits.
 */
function filterResult(result: EvaluationResult, query: FindingsQuery): EvaluationResult {
  const { deviceId, personId, rule, severity, role, status } = query;
  const filters = [deviceId, personId, rule, severity, role, status];
  if (filters.every((f) => f === undefined)) return result;
  const memo = derived(result);
  const key = JSON.stringify(filters);
  const seen = memo.filtered.get(key);
  if (seen !== undefined) {
    memo.filtered.delete(key);
    memo.filtered.set(key, seen);
    return seen;
  }
  if (role !== undefined && memo.roles === null)
    memo.roles = new Map(result.devices.map((d) => [d.deviceId, d.role]));
  const roles = role === undefined ? null : memo.roles;
  const keep = <T extends { deviceId: string | null; personId: string | null }>(x: T) =>
    (deviceId === undefined || x.deviceId === deviceId) &&
    (personId === undefined || x.personId === personId);
  const filtered: EvaluationResult = {
    at: result.at,
    findings: result.findings.filter(
      (f) =>
        keep(f) &&
        (rule === undefined || f.rule === rule) &&
        (severity === undefined || f.severity === severity) &&
        (status === undefined || f.status === status) &&
        (roles === null || (f.deviceId !== null && roles.get(f.deviceId) === role)),
    ),
    devices: result.devices.filter((d) => keep(d) && (role === undefined || d.role === role)),
  };
  memo.filtered.set(key, filtered);
  if (memo.filtered.size > MAX_FILTERED) {
    const oldest = memo.filtered.keys().next().value;
    if (oldest !== undefined) memo.filtered.delete(oldest);
  }
  return filtered;
}
