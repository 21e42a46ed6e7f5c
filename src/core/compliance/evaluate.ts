/**
 * Evaluates a fleet against its protocols as of one instant.
 *
 * Per device: take its snapshot as of `at`, resolve the holder and the protocol that governs
 * it (in-force.ts), run every registered rule, and wrap the drafts into findings. Only issued devices that
 * are `active` at `at` are evaluated; the others get a summary saying why not. Everything
 * shared (the OS catalog, the holders' protocols) is built once per call; the per-device path
 * is a straight loop with no closures and a handful of allocations, so a million devices
 * evaluate in about two seconds on one core (bench/evaluate.bench.ts). With `knownAt`, only
 * facts recorded by then count (known.ts): the question "what did the office know that day".
 */
import { indexPushes, NO_PUSHES, type PushedTokens } from '../enforcement/pushed.ts';
import type { Device, DeviceRole, Finding, Person, Severity } from '../model.ts';
import type { CompiledProtocol, CompiledRole } from '../protocol/compiled.ts';
import type { Instant } from '../time.ts';
import { FindingsSort, SEVERITY_RANK } from './evaluate-order.ts';
import { evaluatePeople } from './evaluate-people.ts';
import type { InForce } from './in-force.ts';
import { type KnownCorrections, knownCorrections, knownHistory, knownInput } from './known.ts';
import { buildOsCatalog, type OsCatalog } from './os-catalog.ts';
import { RULES } from './registry.ts';
import type { DeviceLifecycle, FindingDraft, Rule, RuleContext } from './rule.ts';
import { waiverExpired, waiverExpiredDraft } from './rules/waiver-expired.rule.ts';
import { fillSnapshot, Snapshot } from './snapshot.ts';
import type {
  DeviceHistory,
  DeviceSummary,
  DeviceVerdict,
  EvaluationInput,
  EvaluationResult,
  LifecycleFacts,
} from './types.ts';
import { applyWaivers } from './waivers.ts';

/** What every device of one evaluation shares; build it once with `prepareEvaluation`. */
export interface EvaluationContext {
  readonly at: Instant;
  /** What is in force at `at`: people present, the protocol governing each, facilities (in-force.ts). */
  readonly inForce: InForce;
  /** The knowledge instant (+infinity when the input has none): histories are cut to it. */
  readonly knownAt: Instant;
  /** The corrections known at `knownAt`, applied to each history as it is cut; null when none. */
  readonly corrections: KnownCorrections | null;
  readonly catalog: OsCatalog;
  readonly pushed: PushedTokens;
  readonly rules: readonly Rule[];
  /**
   * Holder id -> the holder and the protocol governing them: filled up front for a fleet
   * (see `prepareEvaluation`), else as devices are evaluated. A null-prototype object rather
   * than a Map: V8 keeps its keys internalized and compares them by pointer, which makes this
   * per-device lookup markedly cheaper on large fleets. Private to one evaluation.
   */
  readonly resolved: Record<string, Resolved | undefined>;
  /** The rule context `evaluateDevice` refills for each device (see `DeviceContext`). */
  readonly scratch: DeviceContext;
  /** Lifecycle facts indexed by device id and by person id (absent keys: none). */
  readonly byDevice: ReadonlyMap<string, MutableLifecycle>;
  readonly byPerson: ReadonlyMap<string, MutableLifecycle>;
}

interface MutableLifecycle {
  refusals: DeviceLifecycle['refusals'][number][];
  waivers: DeviceLifecycle['waivers'][number][];
  incidents: DeviceLifecycle['incidents'][number][];
  detections: DeviceLifecycle['detections'][number][];
}

const EMPTY_LIFECYCLE: DeviceLifecycle = { refusals: [], waivers: [], incidents: [], detections: [] };

function emptyMutable(): MutableLifecycle {
  return { refusals: [], waivers: [], incidents: [], detections: [] };
}

/** Indexes the fleet-wide lifecycle lists once, so each device's lookup is two map reads. */
function indexLifecycle(facts: LifecycleFacts | undefined): {
  byDevice: Map<string, MutableLifecycle>;
  byPerson: Map<string, MutableLifecycle>;
} {
  const byDevice = new Map<string, MutableLifecycle>();
  const byPerson = new Map<string, MutableLifecycle>();
  if (facts === undefined) return { byDevice, byPerson };
  const slot = (map: Map<string, MutableLifecycle>, key: string): MutableLifecycle => {
    let s = map.get(key);
    if (s === undefined) {
      s = emptyMutable();
      map.set(key, s);
    }
    return s;
  };
  for (const r of facts.refusals) {
    if (r.deviceId !== null) slot(byDevice, r.deviceId).refusals.push(r);
    else slot(byPerson, r.personId).refusals.push(r);
  }
  for (const w of facts.waivers) {
    if ('deviceId' in w.scope) slot(byDevice, w.scope.deviceId).waivers.push(w);
    else slot(byPerson, w.scope.personId).waivers.push(w);
  }
  for (const i of facts.incidents) for (const d of i.deviceIds) slot(byDevice, d).incidents.push(i);
  for (const d of facts.detections) if (d.deviceId !== null) slot(byDevice, d.deviceId).detections.push(d);
  return { byDevice, byPerson };
}

/** This device's lifecycle facts, with its holder's person-scoped refusals and waivers merged in. */
function lifecycleFor(ctx: EvaluationContext, deviceId: string, holderId: string | null): DeviceLifecycle {
  const own = ctx.byDevice.size === 0 ? undefined : ctx.byDevice.get(deviceId);
  const person = holderId === null || ctx.byPerson.size === 0 ? undefined : ctx.byPerson.get(holderId);
  if (person === undefined) return own ?? EMPTY_LIFECYCLE;
  if (own === undefined) return person;
  return {
    refusals: [...own.refusals, ...person.refusals],
    waivers: [...own.waivers, ...person.waivers],
    incidents: own.incidents,
    detections: own.detections,
  };
}

interface Resolved {
  readonly holder: Person | null;
  readonly protocol: CompiledProtocol | null;
}

/**
 * The rule context, refilled in place for each device (its snapshot too) rather than allocated
 * per device: at a million devices those short-lived objects cost more in garbage collection
 * than the rules cost to run. Safe because rules are pure and retain nothing of the context.
 */
class DeviceContext implements RuleContext {
  readonly at: Instant;
  device: Device;
  readonly snapshot: Snapshot = new Snapshot();
  holder: Person | null = null;
  protocol: CompiledProtocol | null = null;
  requirements: CompiledRole | null = null;
  readonly catalog: OsCatalog;
  lifecycle: DeviceLifecycle = EMPTY_LIFECYCLE;
  readonly pushed: PushedTokens;

  constructor(at: Instant, catalog: OsCatalog, pushed: PushedTokens) {
    this.at = at;
    this.device = this.snapshot.history.device;
    this.catalog = catalog;
    this.pushed = pushed;
  }
}

/**
 * Builds the shared context. Who holds what and which protocol governs them come from
 * `input.inForce` alone (in-force.ts), the same for a what-if as for assignments.
 * With `knownAt`, pass the input through `knownInput` first (`startFleetEvaluation` does), and
 * build `inForce` with the same `knownAt`.
 */
export function prepareEvaluation(input: EvaluationInput, rules: readonly Rule[] = RULES): EvaluationContext {
  const { inForce } = input;
  const resolved = Object.create(null) as Record<string, Resolved | undefined>;
  // Resolve everyone up front when most people hold a device: one sequential pass over the
  // people is much cheaper than resolving them in device order, at random places in memory.
  if (input.devices.length * 4 >= inForce.people.size) {
    const governing = inForce.governing;
    // forEach rather than for-of: V8 does not always optimize these one-off loops, and then
    // for-of allocates an iterator result (and an entry array) per person.
    inForce.people.forEach((person, id) => {
      resolved[id] = { holder: person, protocol: governing.get(id) ?? null };
    });
  }
  const catalog = buildOsCatalog(input.releases, input.intel);
  const { byDevice, byPerson } = indexLifecycle(input.lifecycle);
  const knownAt = input.knownAt ?? Number.POSITIVE_INFINITY;
  const pushed =
    input.pushes === undefined ? NO_PUSHES : indexPushes(input.pushes, Math.min(input.at, knownAt));
  return {
    byDevice,
    byPerson,
    at: input.at,
    inForce,
    knownAt,
    corrections: knownCorrections(input.corrections, input.knownAt),
    catalog,
    pushed,
    rules,
    resolved,
    scratch: new DeviceContext(input.at, catalog, pushed),
  };
}

/**
 * The same shared context at another instant: for the incremental state (incremental.ts), when
 * what is in force, the catalog and the lifecycle facts are the same objects, the clock alone moved.
 */
export function retimeEvaluation(ctx: EvaluationContext, at: Instant): EvaluationContext {
  return { ...ctx, at, scratch: new DeviceContext(at, ctx.catalog, ctx.pushed) };
}

/**
 * The shared context for `input` from `ctx`, the one built for `previous`: what the two inputs
 * share (the same objects) is kept, the rest built again. For the incremental state
 * (incremental.ts): a waiver changes the lifecycle facts alone, an assignment what is in force
 * alone, and the OS catalog or the other indexes need not be built again for them.
 */
export function reprepareEvaluation(
  ctx: EvaluationContext,
  previous: EvaluationInput,
  input: EvaluationInput,
): EvaluationContext {
  const knownAt = input.knownAt ?? Number.POSITIVE_INFINITY;
  if (knownAt !== ctx.knownAt) return prepareEvaluation(input, ctx.rules);
  const catalog =
    previous.releases === input.releases && previous.intel === input.intel
      ? ctx.catalog
      : buildOsCatalog(input.releases, input.intel);
  const pushed =
    previous.pushes === input.pushes
      ? ctx.pushed
      : input.pushes === undefined
        ? NO_PUSHES
        : indexPushes(input.pushes, Math.min(input.at, knownAt));
  const { byDevice, byPerson } =
    previous.lifecycle === input.lifecycle
      ? { byDevice: ctx.byDevice, byPerson: ctx.byPerson }
      : indexLifecycle(input.lifecycle);
  return {
    byDevice,
    byPerson,
    at: input.at,
    inForce: input.inForce,
    knownAt,
    corrections:
      previous.corrections === input.corrections
        ? ctx.corrections
        : knownCorrections(input.corrections, input.knownAt),
    catalog,
    pushed,
    rules: ctx.rules,
    // Filled as devices are evaluated (each holder once), as for a single device.
    resolved:
      previous.inForce === input.inForce
        ? ctx.resolved
        : (Object.create(null) as Record<string, Resolved | undefined>),
    scratch: new DeviceContext(input.at, catalog, pushed),
  };
}

/** Kept for callers resolving one holder outside an evaluation; the rule is in-force.ts's. */
export { protocolFor } from './in-force.ts';

/** A rule's draft as the finding the evaluation reports (the columnar pass's too). */
export function toFinding(
  draft: FindingDraft,
  rule: Rule,
  deviceId: string,
  personId: string | null,
  protocol: CompiledProtocol | null,
): Finding {
  const override = protocol === null ? undefined : protocol.severities[rule.id];
  return {
    deviceId,
    personId,
    protocol: protocol === null ? null : protocol.name,
    rule: rule.id,
    severity: override ?? draft.severity ?? rule.defaultSeverity,
    status: 'open',
    outcome: draft.outcome,
    since: draft.since,
    message: draft.message,
    evidence: draft.evidence,
    remedy: draft.remedy,
    waiver: null,
  };
}

/** Why a device was left out (`DeviceSummary.reason`); the overview counts devices by these. */
export const PERSONAL_DEVICE_REASON = 'Personal device: governed by facility rules, not a device protocol';
export const NO_STATUS_REASON = 'Not yet in service at this date (no status recorded)';
export const NOT_IN_SERVICE_PREFIX = 'Not in service: ';

function notEvaluated(
  history: DeviceHistory,
  personId: string | null,
  protocol: string | null,
  reason: string,
): DeviceSummary {
  return {
    deviceId: history.device.id,
    personId,
    protocol,
    role: history.device.role,
    verdict: 'not-evaluated',
    reason,
    openFindings: 0,
  };
}

/**
 * Evaluates one device, appending its findings (unsorted) to `out`, and returns its summary.
 * The verdict is `compliant` only when no rule produced a finding (unverified counts against).
 */
export function evaluateDevice(
  recorded: DeviceHistory,
  ctx: EvaluationContext,
  out: Finding[],
): DeviceSummary {
  // Cut to what was known and corrected as known then (no copy unless a fact is lost or
  // corrected; two comparisons when nothing is asked and nothing was ever corrected).
  const history =
    ctx.knownAt === Number.POSITIVE_INFINITY && ctx.corrections === null
      ? recorded
      : knownHistory(recorded, ctx.knownAt, ctx.corrections, ctx.at);
  const device = history.device;
  const ruleCtx = ctx.scratch;
  // `ctx.at` as the rule context holds it (set once, boxed once): read from `ctx`, the number
  // would be boxed anew for every device to pass it to `fillSnapshot`.
  const at = ruleCtx.at;
  const snapshot = ruleCtx.snapshot;
  fillSnapshot(snapshot, history, at);
  const holderId = snapshot.custody === null ? null : snapshot.custody.holderId;
  if (device.ownership !== 'issued') {
    return notEvaluated(history, holderId, null, PERSONAL_DEVICE_REASON);
  }
  if (snapshot.status !== 'active') {
    return notEvaluated(
      history,
      holderId,
      null,
      snapshot.status === null ? NO_STATUS_REASON : `${NOT_IN_SERVICE_PREFIX}${snapshot.status}`,
    );
  }
  let holder: Person | null = null;
  let protocol: CompiledProtocol | null = null;
  if (holderId !== null) {
    let resolved = ctx.resolved[holderId];
    if (resolved === undefined) {
      // A holder not present at `at` (unknown, or not yet in effect) is governed by nothing.
      const person = ctx.inForce.people.get(holderId) ?? null;
      resolved = { holder: person, protocol: ctx.inForce.governing.get(holderId) ?? null };
      ctx.resolved[holderId] = resolved;
    }
    holder = resolved.holder;
    protocol = resolved.protocol;
  }
  const requirements: CompiledRole | null =
    protocol === null ? null : (protocol.roles[device.role as DeviceRole] ?? null);
  ruleCtx.device = device;
  ruleCtx.holder = holder;
  ruleCtx.protocol = protocol;
  ruleCtx.requirements = requirements;
  ruleCtx.lifecycle = lifecycleFor(ctx, device.id, holderId);
  const before = out.length;
  const rules = ctx.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as Rule;
    const result = rule.evaluate(ruleCtx);
    if (result === null) continue;
    if (Array.isArray(result)) {
      for (const draft of result as readonly FindingDraft[])
        out.push(toFinding(draft, rule, device.id, holderId, protocol));
    } else {
      out.push(toFinding(result as FindingDraft, rule, device.id, holderId, protocol));
    }
  }
  let open = out.length - before;
  const waivers = ruleCtx.lifecycle.waivers;
  if (waivers.length > 0 && open > 0) {
    open = applyWaivers(out, before, waivers, at, (f, w) =>
      toFinding(waiverExpiredDraft(f, w), waiverExpired, device.id, holderId, protocol),
    );
  }
  return {
    deviceId: device.id,
    personId: holderId,
    protocol: protocol === null ? null : protocol.name,
    role: device.role,
    verdict: open > 0 ? 'non-compliant' : out.length > before ? 'waived' : 'compliant',
    reason: null,
    openFindings: open,
  };
}

/**
 * Evaluates every device as of `input.at`. Findings are sorted as `EvaluationResult` says;
 * device summaries keep the order of `input.devices`.
 */
export function evaluateFleet(input: EvaluationInput, rules: readonly Rule[] = RULES): EvaluationResult {
  const run = startFleetEvaluation(input, { rules });
  run.step(Number.POSITIVE_INFINITY);
  return run.result();
}

/**
 * An evaluation of the fleet taken a bounded amount of work at a time, so that a caller can hand
 * the thread back in between: a serving process must go on answering while 100,000 devices
 * evaluate (services/compliance/evaluate-chunked.ts). The devices, then the person and facility pass, then
 * the sort of the findings. Whatever the steps, the result is `evaluateFleet`'s.
 */
export interface FleetEvaluation {
  /**
   * Does about `budget` devices' worth of work (at least one device, or its equivalent in
   * sorting) and tells whether any remains.
   */
  step(budget: number): boolean;
  /** The result, once `step` has returned false. */
  result(): EvaluationResult;
}

/** A device's rules cost about as much as this many comparisons of findings: the sort's budget. */
const COMPARISONS_PER_DEVICE = 32;

export interface FleetEvaluationOptions {
  /**
   * Leave the findings in the order they were found (device by device, then the person and
   * facility pass) instead of `EvaluationResult`'s: for callers that only count them, as the
   * sort of a large fleet's findings costs about as much as its rules.
   */
  readonly unsorted?: boolean;
  /**
   * `false`: leave out the person and facility pass (evaluate-people.ts), for callers that
   * evaluate a fleet in parts and run that pass once on their own (`evaluatePeopleAlone`): its
   * findings concern people and places, not the devices of one part.
   */
  readonly people?: boolean;
  /** The device rules to run (all registered rules when omitted): benchmarks weigh one rule's cost. */
  readonly rules?: readonly Rule[];
}

export function startFleetEvaluation(
  asked: EvaluationInput,
  options: FleetEvaluationOptions = {},
): FleetEvaluation {
  // As known at `knownAt`: the input itself when there is none.
  const input = knownInput(asked);
  const ctx = prepareEvaluation(input, options.rules);
  const histories = input.devices;
  const findings: Finding[] = [];
  const devices: DeviceSummary[] = new Array(histories.length);
  let next = 0;
  let sort: FindingsSort | null = null;
  let sorted: readonly Finding[] | null = null;
  return {
    step(budget: number): boolean {
      if (sorted !== null) return false;
      let left = Math.max(1, budget);
      if (next < histories.length) {
        const end = Math.min(histories.length, next + left);
        for (let i = next; i < end; i++) {
          devices[i] = evaluateDevice(histories[i] as DeviceHistory, ctx, findings);
        }
        left -= end - next;
        next = end;
        if (next < histories.length || left <= 0) return true;
      }
      if (sort === null) {
        if (options.people !== false) evaluatePeople(input, ctx, findings);
        if (options.unsorted === true) {
          sorted = findings;
          return false;
        }
        sort = new FindingsSort(findings);
      }
      if (sort.step(left * COMPARISONS_PER_DEVICE)) return true;
      sorted = sort.result();
      return false;
    },
    result(): EvaluationResult {
      // A broken promise of the caller, not a finding: the findings are not all there yet.
      if (sorted === null) throw new Error('the evaluation is not finished: step until it returns false');
      return {
        at: input.at,
        ...(input.knownAt === undefined ? {} : { knownAt: input.knownAt }),
        findings: sorted,
        devices,
      };
    },
  };
}

/**
 * The person and facility pass alone (its findings unsorted): with the parts of a fleet evaluated
 * with `people: false`, the findings of `evaluateFleet` over the whole fleet. The pass looks
 * devices up only by the device ids its detections name, so `asked.devices` need hold only those
 * (of the devices the whole evaluation would have).
 */
export function evaluatePeopleAlone(asked: EvaluationInput): Finding[] {
  const input = knownInput(asked);
  const findings: Finding[] = [];
  evaluatePeople(input, prepareEvaluation(input), findings);
  return findings;
}

export interface RuleCount {
  readonly rule: string;
  readonly findings: number;
  readonly fail: number;
  readonly unverified: number;
  readonly worstSeverity: Severity;
}

export interface PersonCount {
  /** Null groups the devices no one holds. */
  readonly personId: string | null;
  readonly devices: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  /** Devices whose every finding is covered by a waiver. */
  readonly waived: number;
  readonly notEvaluated: number;
  readonly findings: number;
  readonly worstSeverity: Severity | null;
}

export interface FleetSummary {
  readonly at: Instant;
  readonly devices: number;
  readonly byVerdict: Readonly<Record<DeviceVerdict, number>>;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Sorted by rule id. */
  readonly byRule: readonly RuleCount[];
  /** Sorted by person id, the unheld devices last. */
  readonly byPerson: readonly PersonCount[];
}

function worse(a: Severity | null, b: Severity): Severity {
  return a === null || SEVERITY_RANK[b] < SEVERITY_RANK[a] ? b : a;
}

/** Counts for the overview: devices by verdict, findings by severity, by rule and by person. */
export function summarize(result: EvaluationResult): FleetSummary {
  const byVerdict: Record<DeviceVerdict, number> = {
    compliant: 0,
    'non-compliant': 0,
    waived: 0,
    'not-evaluated': 0,
  };
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const rules = new Map<
    string,
    { findings: number; fail: number; unverified: number; worst: Severity | null }
  >();
  const people = new Map<
    string | null,
    {
      devices: number;
      compliant: number;
      nonCompliant: number;
      waived: number;
      notEvaluated: number;
      findings: number;
      worst: Severity | null;
    }
  >();
  const person = (id: string | null) => {
    let p = people.get(id);
    if (p === undefined) {
      p = { devices: 0, compliant: 0, nonCompliant: 0, waived: 0, notEvaluated: 0, findings: 0, worst: null };
      people.set(id, p);
    }
    return p;
  };
  for (const d of result.devices) {
    byVerdict[d.verdict]++;
    const p = person(d.personId);
    p.devices++;
    if (d.verdict === 'compliant') p.compliant++;
    else if (d.verdict === 'not-evaluated') p.notEvaluated++;
    else if (d.verdict === 'waived') p.waived++;
    else p.nonCompliant++;
  }
  for (const f of result.findings) {
    bySeverity[f.severity]++;
    let r = rules.get(f.rule);
    if (r === undefined) {
      r = { findings: 0, fail: 0, unverified: 0, worst: null };
      rules.set(f.rule, r);
    }
    r.findings++;
    if (f.outcome === 'fail') r.fail++;
    else r.unverified++;
    r.worst = worse(r.worst, f.severity);
    const p = person(f.personId);
    p.findings++;
    p.worst = worse(p.worst, f.severity);
  }
  const byRule: RuleCount[] = [...rules]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([rule, r]) => ({
      rule,
      findings: r.findings,
      fail: r.fail,
      unverified: r.unverified,
      worstSeverity: r.worst ?? 'info',
    }));
  const byPerson: PersonCount[] = [...people]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([personId, p]) => ({
      personId,
      devices: p.devices,
      compliant: p.compliant,
      nonCompliant: p.nonCompliant,
      waived: p.waived,
      notEvaluated: p.notEvaluated,
      findings: p.findings,
      worstSeverity: p.worst,
    }));
  return { at: result.at, devices: result.devices.length, byVerdict, bySeverity, byRule, byPerson };
}
