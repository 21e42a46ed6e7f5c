/**
 * The fleet's evaluation kept up to date one change at a time (docs/adr/0029-incremental-evaluation.md).
 *
 * A `FleetState` holds, per device, its summary, its findings and the instant until which they
 * stay true by the passage of time alone (`until`: a deadline plus grace, a staleness limit, a
 * waiver's window, a fact dated later, from each rule's `changesAt` and the device's facts), and
 * the same for the person and facility pass. A change of facts re-evaluates only the devices it
 * names (`Changed`); moving the clock re-evaluates only the devices whose `until` has passed. What
 * is open (which findings, their status, outcome and severity, each device's verdict) then equals
 * a full evaluation at the same instant; the wording that counts days (`overdue by 3 days`) is as
 * of the device's last evaluation.
 *
 * Pure and synchronous like the evaluator: the caller loads the changed facts and says what they
 * name. Evaluating "as known at" stays the full evaluator's business.
 */
import type { Device, Finding, Ownership, Platform } from '../model.ts';
import type { Instant } from '../time.ts';
import { BlockList } from './block-list.ts';
import { blockResult, deviceCount } from './block-result.ts';
import {
  type EvaluationContext,
  evaluateDevice,
  prepareEvaluation,
  reprepareEvaluation,
  retimeEvaluation,
} from './evaluate.ts';
import { compareFindings, sortFindings } from './evaluate-order.ts';
import { evaluatePeople } from './evaluate-people.ts';
import { noteChanges } from './result-changes.ts';
import type { DeviceLifecycle } from './rule.ts';
import { DETECTION_WINDOW } from './rules/zone-personal-device.rule.ts';
import { keepSame } from './same-finding.ts';
import type {
  DeviceHistory,
  DeviceSummary,
  EvaluationInput,
  EvaluationResult,
  LifecycleFacts,
} from './types.ts';

/** What a change of facts names; each field selects the devices it can affect. */
export interface Changed {
  /**
   * Devices whose own facts changed (a posture report, custody, status, a check, a rotation, a
   * waiver or refusal scoped to the device, an incident or detection naming it).
   */
  readonly devices?: Iterable<string>;
  /** People whose facts changed (an assignment, a waiver or refusal scoped to them): the devices they hold. */
  readonly people?: Iterable<string>;
  /** Protocols with a new version (their facilities too): the devices they governed or now govern. */
  readonly protocols?: Iterable<string>;
  /** Platforms with a new OS release or exploited-vulnerability entry: the devices on them. */
  readonly platforms?: Iterable<Platform>;
  /** Detections or acknowledgements changed: the person and facility pass. */
  readonly facilities?: boolean;
}

/** What changed in the state between two calls of `changes()` (see there). */
export interface StateChanges {
  readonly at: Instant;
  /** The lengths of the lists once the edits are made. */
  readonly deviceCount: number;
  readonly findingCount: number;
  /** Summaries set at their place, in order (the place after the last: one added). */
  readonly devices: readonly (readonly [number, DeviceSummary])[];
  /** In order: a finding inserted at a place, or (null) the one at a place removed. */
  readonly findings: readonly (readonly [number, Finding | null])[];
}

interface Entry {
  /** Its place in the summaries. */
  readonly index: number;
  readonly id: string;
  /** As last evaluated: a change naming its platform re-evaluates it. */
  platform: Platform;
  /** As last evaluated: the person pass tells a sighting of it by this alone when not personal. */
  ownership: Ownership;
  /**
   * The device as last evaluated, when the person pass may name it (personal) or the state keeps
   * histories; else null: its serial, model and the rest were most of an entry's bytes.
   */
  device: Device | null;
  /** Its history as last evaluated; null when the state does not keep histories (`keepHistories`). */
  history: DeviceHistory | null;
  summary: DeviceSummary;
  findings: readonly Finding[];
  until: Instant;
}

const NONE: readonly Finding[] = [];

/** How a state is built and what it keeps. */
export interface StateOptions {
  /**
   * Keep each device's history (the default), so that a change re-evaluates any device from
   * what the state holds. False: the state keeps the summary, findings and `until` alone (the
   * history is most of a device's bytes), and a change must bring the history of every device it
   * re-evaluates: `wants` says which, before `apply`.
   */
  readonly keepHistories?: boolean;
  /** The first input's histories arrive in pages (`add`, then `finish`): see `step`. */
  readonly paged?: boolean;
}
/** Summaries and findings noted as changed since the last result at most (see `#boundChanges`). */
const CHANGES_LIMIT = 100_000;
/** Edits kept in the change log at most; beyond, `changes()` says to take the result whole. */
const LOG_LIMIT = 10_000;
/** Distinct strings interned at most (holders may be as many as devices: then few repeat). */
const MAX_INTERNED = 100_000;
/** Devices re-evaluated at once beyond which the findings are sorted again rather than merged. */
const REPLACE_LIMIT = 1_000;

/** The earliest of `instant` and `next` when `instant` is after `at`. */
function after(next: Instant, instant: Instant | null, at: Instant): Instant {
  return instant !== null && instant > at && instant < next ? instant : next;
}

/** The earliest fact of the device (or about it) that takes effect after `at`. */
function factsAfter(history: DeviceHistory, lifecycle: DeviceLifecycle | null, at: Instant): Instant {
  let next = after(Number.POSITIVE_INFINITY, history.device.issuedAt, at);
  for (const s of history.statuses) next = after(next, s.at, at);
  for (const c of history.custody) next = after(next, c.at, at);
  for (const p of history.posture) next = after(next, p.observedAt, at);
  for (const i of history.inspections) next = after(next, i.at, at);
  for (const r of history.rotations) next = after(next, r.at, at);
  if (lifecycle !== null) {
    next = lifecycleAfter(next, lifecycle, at);
    for (const i of lifecycle.incidents) next = after(after(next, i.openedAt, at), i.closedAt, at);
  }
  return next;
}

/** The earliest instant after `at` at which a waiver, refusal or detection starts or ends. */
function lifecycleAfter(
  from: Instant,
  l: Pick<DeviceLifecycle, 'waivers' | 'refusals' | 'detections'>,
  at: Instant,
): Instant {
  let next = from;
  for (const w of l.waivers) {
    next = after(next, w.approvedAt, at);
    next = after(next, w.startsAt, at);
    next = after(next, w.expiresAt, at);
    next = after(next, w.endedAt, at);
  }
  for (const r of l.refusals) next = after(next, r.at, at);
  for (const d of l.detections) {
    next = after(next, d.at, at);
    // A sighting keeps its facility finding open for the window, then it resolves.
    next = after(next, d.at + DETECTION_WINDOW, at);
  }
  return next;
}

/** The earliest instant after `at` at which the person and facility pass may answer otherwise. */
function peopleAfter(facts: LifecycleFacts | undefined, at: Instant): Instant {
  if (facts === undefined) return Number.POSITIVE_INFINITY;
  let next = lifecycleAfter(Number.POSITIVE_INFINITY, facts, at);
  for (const a of facts.acknowledgements) next = after(next, a.at, at);
  return next;
}

export class FleetState {
  readonly #entries = new Map<string, Entry>();
  /** The summaries in the order devices came (the first input's, then devices added later), edited in place (a result gets a copy). */
  readonly #summaries: DeviceSummary[] = [];
  /** Holder id -> the ids of the devices they hold (as evaluated). */
  readonly #held = new Map<string, Set<string>>();
  #input: EvaluationInput;
  #ctx: EvaluationContext;
  #people: readonly Finding[] = NONE;
  #peopleUntil: Instant = Number.NEGATIVE_INFINITY;
  /**
   * Findings in `EvaluationResult` order, kept up to date change by change in blocks (an edit
   * moves one block, not the list: block-list.ts); null: sort anew.
   */
  #sorted: BlockList<Finding> | null = null;
  /**
   * The summaries in blocks, kept with every summary set (`#logDevice`) once a result was taken:
   * a result shares their blocks (block-result.ts) rather than copying a million summaries.
   */
  #summaryBlocks: BlockList<DeviceSummary> | null = null;
  /** Findings taken out and put in since the sorted list was last brought up to date (`#merge`). */
  #out: Finding[] = [];
  #in: Finding[] = [];
  /**
   * What differs from the last result: the places of the summaries replaced, the findings gone
   * and come (one put in and taken out again in between is in neither); null: not known.
   */
  #changes: { devices: Set<number>; removed: Finding[]; added: Set<Finding> } | null = null;
  /** The least `until` of the entries (and the person pass), or earlier. */
  #next: Instant = Number.POSITIVE_INFINITY;
  /**
   * The entries by `until`, least first (a binary heap in two parallel lists), so that moving
   * the clock finds the devices due without a pass over the fleet. An item whose instant is no
   * longer its entry's `until` is stale and skipped when it surfaces; never-changing entries
   * (an infinite `until`) are not in it.
   */
  readonly #dueAt: Instant[] = [];
  readonly #dueEntry: Entry[] = [];
  #result: EvaluationResult | null = null;
  /** The last result given out: the one `#changes` are counted from. */
  #last: EvaluationResult | null = null;
  /** What changed since `changes()` was last called, in order; null: not kept (or too much to say). */
  #log: { devices: [number, DeviceSummary][]; findings: [number, Finding | null][] } | null = null;
  /**
   * Strings repeated across devices (platform, ownership, role, holder, why not evaluated), one
   * copy each: each device's history is parsed on its own, and so were its copies of them.
   */
  readonly #strings = new Map<string, string>();
  /** Devices evaluated since the state was built, for tests and the benchmark. */
  evaluated = 0;

  /** Devices of the first input (its current page) not evaluated yet (see `step`). */
  #pending: readonly DeviceHistory[];
  #started = 0;
  /** Built: every device of the first input evaluated, and the person pass. */
  #built = false;
  /** More pages of the first input may come (`add`), until `finish`. */
  #open: boolean;
  readonly #keep: boolean;

  /**
   * Evaluates every device of `input` (no `knownAt`: the state is about facts as recorded).
   * `deferred`: nothing yet, `step` does it a slice at a time (a serving process keeps answering).
   */
  constructor(input: EvaluationInput, deferred = false, options: StateOptions = {}) {
    this.#input = { ...input, devices: [] };
    this.#ctx = prepareEvaluation(this.#input);
    this.#pending = input.devices;
    this.#keep = options.keepHistories ?? true;
    this.#open = options.paged ?? false;
    if (!deferred) this.step(Number.POSITIVE_INFINITY);
  }

  /**
   * Evaluates about `budget` more devices of the first input; false once all are done (paged:
   * once the pages given so far are; the state is built at `finish`).
   */
  step(budget: number): boolean {
    if (this.#built) return false;
    const pending = this.#pending;
    const end = Math.min(pending.length, this.#started + Math.max(1, budget));
    for (let i = this.#started; i < end; i++) {
      this.#evaluate(pending[i] as DeviceHistory);
    }
    this.#started = end;
    if (end < pending.length) return true;
    // A page done: its histories go (only the entries keep what they keep).
    this.#pending = [];
    this.#started = 0;
    if (this.#open) return false;
    this.#evaluatePeople();
    if (this.#peopleUntil < this.#next) this.#next = this.#peopleUntil;
    this.#built = true;
    return false;
  }

  /**
   * The next page of the first input (a paged state, before `finish`): `step` evaluates it.
   * Devices come in the order of the summaries; a device given twice is evaluated again.
   */
  add(histories: readonly DeviceHistory[]): void {
    if (!this.#open) throw new Error('the state is not taking pages');
    if (this.#started < this.#pending.length) throw new Error('the previous page is not evaluated yet');
    this.#pending = histories;
    this.#started = 0;
  }

  /** No more pages: evaluates what is left and the person pass (the state is then built). */
  finish(): void {
    this.#open = false;
    this.step(Number.POSITIVE_INFINITY);
  }

  get at(): Instant {
    return this.#input.at;
  }

  /** Every device of the first input evaluated (all its pages), and the person pass. */
  get built(): boolean {
    return this.#built;
  }

  /** Devices in the state (evaluated, or pending in the first input). */
  get size(): number {
    return this.#summaries.length + this.#pending.length - this.#started;
  }

  /**
   * An instant at or before `until()`, known without a pass over the fleet: nothing needs
   * re-evaluating before it.
   */
  get due(): Instant {
    return this.#next;
  }

  /**
   * The earliest instant after `at` at which some device's or the person pass's answer may
   * change with the facts unchanged; `advance` to it (or later) before trusting `result`.
   */
  until(): Instant {
    let next = this.#peopleUntil;
    for (const e of this.#entries.values()) if (e.until < next) next = e.until;
    this.#next = next;
    return next;
  }

  /**
   * Takes in a change of facts: `input` is the fleet's facts now, its `devices` only the
   * histories that changed or are new; `changed` names what the change can affect. A later
   * `input.at` also re-evaluates what time has changed; an earlier one re-evaluates everything.
   */
  apply(input: EvaluationInput, changed: Changed = {}): void {
    if (!this.#built) throw new Error('the state is not built yet: step until it returns false');
    const { redo, people: named, fresh } = this.#redo(input, changed, true);
    // Every history first: a missing one leaves the state as it was.
    const histories: DeviceHistory[] = [];
    for (const id of redo) {
      const entry = this.#entries.get(id);
      const history = fresh.get(id) ?? entry?.history ?? null;
      if (history !== null) histories.push(history);
      else if (entry !== undefined) throw new Error(`the history of device ${id} is needed (see wants)`);
    }
    const previous = this.#input;
    this.#input = { ...input, devices: [] };
    // What every device shares (the OS catalog, lifecycle indexes, holders resolved): each part
    // built again only when its facts changed (a waiver, its lifecycle index; an assignment, the holders).
    if (!sameFacts(previous, input)) this.#ctx = reprepareEvaluation(this.#ctx, previous, this.#input);
    else if (input.at !== this.#ctx.at) this.#ctx = retimeEvaluation(this.#ctx, input.at);
    let people = named;
    // The person and facility pass also covers findings about devices: waivers of a device cover them.
    if (!people && redo.size > 0)
      for (const f of this.#people) if (f.deviceId !== null && redo.has(f.deviceId)) people = true;
    // The findings swapped are merged into the sorted list once (`#merge`), each old one found by
    // a search: past a thousand devices (an OS release, a protocol version), one sort of all costs less.
    if (redo.size > REPLACE_LIMIT) this.#unsort();
    for (const history of histories) this.#evaluate(history);
    if (people) this.#evaluatePeople();
    if (this.#peopleUntil < this.#next) this.#next = this.#peopleUntil;
    this.#merge();
    this.#result = null;
  }

  /**
   * The devices `apply(input, changed)` would re-evaluate whose histories neither the state
   * keeps nor `input.devices` brings: the caller reads them (as of `input.at`) and adds them to
   * `input.devices`. Empty for a state that keeps histories.
   */
  wants(input: EvaluationInput, changed: Changed = {}): string[] {
    if (!this.#built) throw new Error('the state is not built yet: step until it returns false');
    const { redo, fresh } = this.#redo(input, changed, false);
    const wanted: string[] = [];
    for (const id of redo) if (!fresh.has(id) && this.#entries.get(id)?.history === null) wanted.push(id);
    return wanted;
  }

  /**
   * The devices a change re-evaluates, whether the person pass runs, and the histories it
   * brings by id. `take`: the devices due come off the heap (`apply`); else they are only looked at.
   */
  #redo(
    input: EvaluationInput,
    changed: Changed,
    take: boolean,
  ): { redo: Set<string>; people: boolean; fresh: Map<string, DeviceHistory> } {
    const back = input.at < this.#input.at;
    const redo = new Set<string>();
    let people = changed.facilities === true || input.at >= this.#peopleUntil || back;
    const fresh = new Map<string, DeviceHistory>();
    for (const h of input.devices) {
      const id = h.device.id;
      fresh.set(id, h);
      if (!this.#entries.has(id)) people = true;
      redo.add(id);
    }
    for (const id of changed.devices ?? []) redo.add(id);
    const named = new Set(changed.people ?? []);
    if (named.size > 0) {
      people = true;
      // Staff are governed through their principal: a principal's assignment reaches them too.
      input.inForce.people.forEach((p, id) => {
        if (p.principalId !== null && named.has(p.principalId)) named.add(id);
      });
      for (const id of named) for (const d of this.#held.get(id) ?? []) redo.add(d);
    }
    const protocols = new Set(changed.protocols ?? []);
    if (protocols.size > 0) {
      people = true;
      input.inForce.governing.forEach((p, personId) => {
        if (p !== null && protocols.has(p.name)) for (const d of this.#held.get(personId) ?? []) redo.add(d);
      });
    }
    const platforms = new Set(changed.platforms ?? []);
    // One pass over the fleet only when a change names a protocol or a platform (or the clock
    // went back); the devices the clock reached come off the heap, so a posture report costs
    // its own device and those falling due alone.
    if (back || protocols.size > 0 || platforms.size > 0) {
      for (const [id, e] of this.#entries) {
        if (
          back ||
          e.until <= input.at ||
          (protocols.size > 0 && e.summary.protocol !== null && protocols.has(e.summary.protocol)) ||
          (platforms.size > 0 && platforms.has(e.platform))
        )
          redo.add(id);
      }
    }
    if (input.at >= this.#next) {
      if (take) {
        for (const e of this.#popDue(input.at)) redo.add(e.id);
        this.#next = this.#least();
      } else this.#peekDue(input.at, 0, redo);
    }
    return { redo, people, fresh };
  }

  /** Adds the ids of the entries due at `at` in the heap below item `i` (none taken off). */
  #peekDue(at: Instant, i: number, into: Set<string>): void {
    // Iterative: a heap a million deep on one side cannot be, but a recursion per item due could be deep.
    const stack = [i];
    while (stack.length > 0) {
      const k = stack.pop() as number;
      if (k >= this.#dueAt.length || (this.#dueAt[k] as Instant) > at) continue;
      const entry = this.#dueEntry[k] as Entry;
      if (entry.until === this.#dueAt[k]) into.add(entry.id);
      stack.push(2 * k + 1, 2 * k + 2);
    }
  }

  /** Moves the clock to `input.at` (the facts unchanged): `apply` with nothing named. */
  advance(input: EvaluationInput): void {
    this.apply({ ...input, devices: [] });
  }

  /**
   * What changed since the last call, as edits in order (a summary set at a place, a place at
   * the end adding one; a finding removed at, or inserted at, a place in the sorted list), so a
   * copy of the last `result()` (or of the copy kept up to date with these edits) becomes
   * `result()` without either list being copied or compared here. Null on the first call, after
   * a re-sort or a merge of many findings at once, or past LOG_LIMIT edits: take `result()` whole
   * (or diff it) this time. Each call starts a new log.
   */
  changes(): StateChanges | null {
    if (!this.#built) throw new Error('the state is not built yet: step until it returns false');
    const log = this.#log;
    this.#log = { devices: [], findings: [] };
    if (log === null || this.#sorted === null) return null;
    return {
      at: this.#input.at,
      deviceCount: this.#summaries.length,
      findingCount: this.#sorted.length,
      devices: log.devices,
      findings: log.findings,
    };
  }

  #logDevice(index: number, summary: DeviceSummary): void {
    const blocks = this.#summaryBlocks;
    if (blocks !== null) {
      if (index === blocks.length) blocks.insert(index, summary);
      else blocks.set(index, summary);
    }
    const log = this.#log;
    if (log === null) return;
    if (log.devices.length + log.findings.length >= LOG_LIMIT) this.#log = null;
    else log.devices.push([index, summary]);
  }

  #logFinding(place: number, finding: Finding | null): void {
    const log = this.#log;
    if (log === null) return;
    if (log.devices.length + log.findings.length >= LOG_LIMIT) this.#log = null;
    else log.findings.push([place, finding]);
  }

  /** The findings are sorted anew at the next `result()`: the log of places ends. */
  #unsort(): void {
    this.#sorted = null;
    this.#log = null;
  }

  /** The evaluation as a full one at `at` would give it (the findings' wording aside, see above). */
  result(): EvaluationResult {
    if (!this.#built) throw new Error('the state is not built yet: step until it returns false');
    if (this.#result !== null) return this.#result;
    if (this.#sorted === null) {
      const all: Finding[] = [];
      for (const e of this.#entries.values()) for (const f of e.findings) all.push(f);
      for (const f of this.#people) all.push(f);
      this.#sorted = BlockList.from(sortFindings(all));
    }
    if (this.#summaryBlocks?.length !== this.#summaries.length)
      this.#summaryBlocks = BlockList.from(this.#summaries);
    // Copies: the lists are edited in place by later changes, a result never is (a copy shares
    // the blocks; the list copies one before it edits it).
    const result = blockResult(this.#input.at, this.#summaryBlocks.copy(), this.#sorted.copy());
    const previous = this.#last;
    const changes = this.#changes;
    const known = previous === null ? 0 : deviceCount(previous);
    if (previous !== null && changes !== null)
      noteChanges(result, {
        previous,
        // A device added since is new to the previous result, replaced or not.
        devices: [...changes.devices].filter((i) => i < known).sort((a, b) => a - b),
        removed: changes.removed,
        added: [...changes.added],
      });
    this.#changes = { devices: new Set(), removed: [], added: new Set() };
    this.#last = result;
    this.#result = result;
    return result;
  }

  #evaluate(history: DeviceHistory): void {
    const ctx = this.#ctx;
    const at = ctx.at;
    const findings: Finding[] = [];
    const summary = this.#interned(evaluateDevice(history, ctx, findings));
    this.evaluated++;
    let until: Instant;
    if (summary.verdict === 'not-evaluated') until = factsAfter(history, null, at);
    else {
      // The rule context still holds this device (evaluateDevice refills it per device).
      const rc = ctx.scratch;
      until = factsAfter(history, rc.lifecycle, at);
      for (const rule of ctx.rules) {
        if (rule.changesAt === undefined) continue;
        const next = rule.changesAt(rc);
        if (next < until) until = next;
      }
    }
    if (until < this.#next) this.#next = until;
    const id = history.device.id;
    let entry = this.#entries.get(id);
    if (entry !== undefined) {
      this.#replace(entry.findings, findings);
      if (entry.summary.personId !== null && entry.summary.personId !== summary.personId)
        this.#held.get(entry.summary.personId)?.delete(id);
      if (entry.summary !== summary) {
        this.#changes?.devices.add(entry.index);
        this.#boundChanges();
      }
      entry.summary = summary;
      this.#summaries[entry.index] = summary;
      this.#logDevice(entry.index, summary);
      entry.findings = kept(findings);
      const same = entry.until === until;
      entry.until = until;
      entry.platform = this.#intern(history.device.platform);
      entry.ownership = this.#intern(history.device.ownership);
      entry.device = this.#deviceKept(history.device);
      entry.history = this.#keep ? history : null;
      // Its item in the heap still stands when the instant did not move.
      if (!same) this.#pushDue(entry);
    } else {
      entry = {
        index: this.#summaries.length,
        id,
        platform: this.#intern(history.device.platform),
        ownership: this.#intern(history.device.ownership),
        device: this.#deviceKept(history.device),
        history: this.#keep ? history : null,
        summary,
        findings: kept(findings),
        until,
      };
      this.#entries.set(id, entry);
      this.#summaries.push(summary);
      this.#logDevice(entry.index, summary);
      // Its place is past the last result's list: `retally` (tally.ts) counts such devices as new.
      this.#replace(NONE, findings);
      this.#pushDue(entry);
    }
    if (summary.personId !== null) {
      let held = this.#held.get(summary.personId);
      if (held === undefined) {
        held = new Set();
        this.#held.set(summary.personId, held);
      }
      held.add(id);
    }
  }

  /** One copy of a string repeated across devices (see `#strings`). */
  #intern<T extends string | null>(s: T): T {
    if (s === null) return s;
    const kept = this.#strings.get(s);
    if (kept !== undefined) return kept as T;
    if (this.#strings.size < MAX_INTERNED) this.#strings.set(s, s);
    return s;
  }

  /** The summary with its repeated strings shared (a copy when one was not). */
  #interned(d: DeviceSummary): DeviceSummary {
    const personId = this.#intern(d.personId);
    const role = this.#intern(d.role);
    const reason = this.#intern(d.reason);
    if (personId === d.personId && role === d.role && reason === d.reason) return d;
    return {
      deviceId: d.deviceId,
      personId,
      protocol: d.protocol,
      role,
      verdict: d.verdict,
      reason,
      openFindings: d.openFindings,
    };
  }

  /** What an entry keeps of its device (see `Entry.device`). */
  #deviceKept(device: Device): Device | null {
    return this.#keep || device.ownership === 'personal' ? device : null;
  }

  #pushDue(entry: Entry): void {
    const at = entry.until;
    if (at === Number.POSITIVE_INFINITY) return;
    const heapAt = this.#dueAt;
    const heapEntry = this.#dueEntry;
    // Stale items beyond the entries' count: rebuilt from the entries (amortised, once per as many pushes).
    if (heapAt.length > 2 * this.#entries.size + 16) {
      heapAt.length = 0;
      heapEntry.length = 0;
      for (const e of this.#entries.values())
        if (e.until !== Number.POSITIVE_INFINITY && e !== entry) {
          heapAt.push(e.until);
          heapEntry.push(e);
        }
      for (let i = (heapAt.length >>> 1) - 1; i >= 0; i--) this.#siftDown(i);
    }
    let i = heapAt.length;
    heapAt.push(at);
    heapEntry.push(entry);
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      const pa = heapAt[parent] as Instant;
      if (pa <= at) break;
      heapAt[i] = pa;
      heapEntry[i] = heapEntry[parent] as Entry;
      i = parent;
    }
    heapAt[i] = at;
    heapEntry[i] = entry;
  }

  #siftDown(from: number): void {
    const heapAt = this.#dueAt;
    const heapEntry = this.#dueEntry;
    const n = heapAt.length;
    const at = heapAt[from] as Instant;
    const entry = heapEntry[from] as Entry;
    let i = from;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (heapAt[right] as Instant) < (heapAt[child] as Instant)) child = right;
      const ca = heapAt[child] as Instant;
      if (ca >= at) break;
      heapAt[i] = ca;
      heapEntry[i] = heapEntry[child] as Entry;
      i = child;
    }
    heapAt[i] = at;
    heapEntry[i] = entry;
  }

  /** Removes the heap's least item. */
  #popTop(): void {
    const heapAt = this.#dueAt;
    const heapEntry = this.#dueEntry;
    const lastAt = heapAt.pop() as Instant;
    const lastEntry = heapEntry.pop() as Entry;
    if (heapAt.length === 0) return;
    heapAt[0] = lastAt;
    heapEntry[0] = lastEntry;
    this.#siftDown(0);
  }

  /** The entries whose `until` is at or before `at`, taken off the heap. */
  #popDue(at: Instant): Entry[] {
    const due: Entry[] = [];
    const heapAt = this.#dueAt;
    while (heapAt.length > 0 && (heapAt[0] as Instant) <= at) {
      const entry = this.#dueEntry[0] as Entry;
      const itemAt = heapAt[0] as Instant;
      this.#popTop();
      if (entry.until === itemAt) due.push(entry);
    }
    return due;
  }

  /** The least `until` of the entries and the person pass (stale heap items dropped on the way). */
  #least(): Instant {
    const heapAt = this.#dueAt;
    while (heapAt.length > 0 && (this.#dueEntry[0] as Entry).until !== heapAt[0]) this.#popTop();
    const top = heapAt.length > 0 ? (heapAt[0] as Instant) : Number.POSITIVE_INFINITY;
    return Math.min(top, this.#peopleUntil);
  }

  #evaluatePeople(): void {
    const findings: Finding[] = [];
    const devices: DeviceHistory[] = [];
    // The pass looks devices up only for detections (known device or not).
    if ((this.#input.lifecycle?.detections.length ?? 0) > 0)
      for (const e of this.#entries.values())
        devices.push(
          e.history ?? {
            device: e.device ?? standIn(e),
            custody: [],
            statuses: [],
            posture: [],
            inspections: [],
            rotations: [],
          },
        );
    evaluatePeople({ ...this.#input, devices }, this.#ctx, findings);
    this.#replace(this.#people, findings);
    this.#people = findings;
    this.#peopleUntil = peopleAfter(this.#input.lifecycle, this.#input.at);
  }

  /**
   * Notes one device's (or the person pass's) findings swapped: `#merge` then edits the sorted
   * list once for the whole change. A finding of `next` the same as one of `old` is that one
   * (put in its place in `next`), and neither goes nor comes: a pass that made every finding
   * anew swaps only those that differ.
   */
  #replace(old: readonly Finding[], next: Finding[]): void {
    let gone = old;
    let come: readonly Finding[] = next;
    if (keepSame(old, next) > 0) {
      const kept = new Set(next);
      gone = old.filter((f) => !kept.has(f));
      const was = new Set(old);
      come = next.filter((f) => !was.has(f));
    }
    this.#note(gone, come);
    if (this.#sorted === null) {
      // Places in a list not sorted yet mean nothing: the log cannot say this change.
      this.#log = null;
      return;
    }
    for (const f of gone) this.#out.push(f);
    for (const f of come) this.#in.push(f);
  }

  /** Counts findings swapped into the changes since the last result. */
  #note(old: readonly Finding[], next: readonly Finding[]): void {
    const changes = this.#changes;
    if (changes === null) return;
    for (const f of old) if (!changes.added.delete(f)) changes.removed.push(f);
    for (const f of next) changes.added.add(f);
    this.#boundChanges();
  }

  /**
   * Past CHANGES_LIMIT, the changes since the last result are not kept (its reader compares the
   * lists instead): a state whose result is seldom taken (the evaluation worker's, which sends
   * its change log) would otherwise hold every finding ever removed.
   */
  #boundChanges(): void {
    const c = this.#changes;
    if (c !== null && c.devices.size + c.removed.length + c.added.size > CHANGES_LIMIT) this.#changes = null;
  }

  /**
   * Brings the sorted list up to date with the findings swapped since: each taken out by
   * identity, each put in after its equals (so the order is the full sort's, which is stable).
   * A few at a time in place; more in one pass building the list anew: splicing one by one moved
   * the whole list for each finding (a person pass's thousand findings cost most of a second at
   * 100,000 devices).
   */
  #merge(): void {
    const sorted = this.#sorted;
    const out = this.#out;
    const put = this.#in;
    this.#out = [];
    this.#in = [];
    if (sorted === null || out.length + put.length === 0) return;
    if (out.length + put.length <= SPLICE_LIMIT) {
      for (const f of out) {
        const i = sorted.placeOf(f, compareFindings);
        if (i < 0) {
          this.#unsort();
          return;
        }
        sorted.removeAt(i);
        this.#logFinding(i, null);
      }
      for (const f of put) {
        const j = sorted.bound(f, compareFindings, true);
        sorted.insert(j, f);
        this.#logFinding(j, f);
      }
      return;
    }
    // Many at once: the log would move the mirror's list once per edit; it says "take it whole".
    this.#log = null;
    const list = sorted.toArray();
    const drop: number[] = [];
    for (const f of out) {
      const i = sorted.placeOf(f, compareFindings);
      if (i < 0) {
        this.#unsort();
        return;
      }
      drop.push(i);
    }
    drop.sort((a, b) => a - b);
    // Stable: equal findings put in keep their order, after the equals already there.
    const add = put.slice().sort(compareFindings);
    const at = add.map((f) => upperBound(list, f));
    const merged: Finding[] = new Array(list.length - drop.length + add.length);
    let w = 0;
    let a = 0;
    let d = 0;
    for (let i = 0; i < list.length; i++) {
      while (a < add.length && (at[a] as number) <= i) merged[w++] = add[a++] as Finding;
      if (d < drop.length && drop[d] === i) {
        d++;
        continue;
      }
      merged[w++] = list[i] as Finding;
    }
    while (a < add.length) merged[w++] = add[a++] as Finding;
    this.#sorted = BlockList.from(merged);
  }
}

/**
 * A device's findings as an entry keeps them: none shared, else a list of their exact length (a
 * list grown by pushes has room for 17), each message one flat string (a rule's template makes it
 * a tree of pieces, about 40% more bytes; reading a character flattens it in place, V8).
 */
function kept(findings: Finding[]): readonly Finding[] {
  if (findings.length === 0) return NONE;
  for (const f of findings) f.message.charCodeAt(0);
  return findings.slice();
}

/**
 * A device the state did not keep (not personal): the person pass reads only its id and
 * ownership (a sighting of a device the organisation issued is allowed, core/lifecycle/zone.ts);
 * the rest is blank, never shown.
 */
function standIn(e: Entry): Device {
  return {
    id: e.id,
    platform: e.platform,
    ownership: e.ownership,
    serial: '',
    imei: null,
    model: '',
    role: 'general',
    issuedAt: null,
    createdAt: 0,
  };
}

/**
 * Up to this many findings swapped, the sorted list is edited in place (a block each); more
 * are merged in one pass building it anew.
 */
const SPLICE_LIMIT = 64;

/** Whether two inputs share everything `prepareEvaluation` builds from (the same objects). */
function sameFacts(a: EvaluationInput, b: EvaluationInput): boolean {
  return (
    a.inForce === b.inForce &&
    a.releases === b.releases &&
    a.intel === b.intel &&
    a.lifecycle === b.lifecycle &&
    a.corrections === b.corrections &&
    a.pushes === b.pushes
  );
}

/** The first index whose finding is after `f`. */
function upperBound(sorted: readonly Finding[], f: Finding): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareFindings(sorted[mid] as Finding, f) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
