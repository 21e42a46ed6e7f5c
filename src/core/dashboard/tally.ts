/**
 * The counts behind the overview (the summary and its tiles), kept from one evaluation to the
 * next. A fleet kept up to date change by change gives, after a write, a result whose `devices`
 * are at the same places with the unchanged summaries the same objects, and whose findings are
 * the same objects where unchanged: `retally` corrects the previous counts by what differs (by
 * identity) instead of counting 100,000 devices again. Whatever the two results, the counts
 * equal `tally` of the new one: each old summary or finding not matched by the same object is
 * taken out and each new one not matched is put in; the shapes lining up only makes it cheap.
 * Pure.
 */

import { deviceAt, deviceCount } from '../compliance/block-result.ts';
import { NO_STATUS_REASON, NOT_IN_SERVICE_PREFIX, PERSONAL_DEVICE_REASON } from '../compliance/evaluate.ts';
import { compareFindings } from '../compliance/evaluate-order.ts';
import { PEOPLE_RULES, RULES } from '../compliance/registry.ts';
import { changesFrom } from '../compliance/result-changes.ts';
import type { DeviceSummary, DeviceVerdict, EvaluationResult } from '../compliance/types.ts';
import type { Finding, FindingStatus, Severity } from '../model.ts';

/** Devices by verdict and open findings of one holder or one device role. */
export interface Group {
  devices: number;
  byVerdict: Record<DeviceVerdict, number>;
  openFindings: number;
}

/**
 * Counts of one evaluation. Zero entries may stay in the maps after a `retally` (a holder
 * whose last device went): readers skip them.
 */
export interface Tally {
  /** The evaluation counted. */
  readonly result: EvaluationResult;
  readonly byVerdict: Record<DeviceVerdict, number>;
  /** Per holder (null: held by nobody) and per person named by an open finding. */
  readonly people: Map<string | null, Group>;
  readonly roles: Map<string, Group>;
  readonly status: Record<FindingStatus, number>;
  /** Open findings by severity, by rule id. */
  readonly bySeverity: Record<Severity, number>;
  readonly byRule: Map<string, number>;
  /** Not-evaluated devices by what their reason comes to (`leftOut`). */
  readonly notEvaluated: Map<string, number>;
  /** Open findings on non-compliant devices, by rule title; waived findings on waived devices. */
  readonly onFailing: Map<string, number>;
  readonly onWaived: Map<string, number>;
  /** Device id -> its verdict. */
  readonly verdicts: Map<string, DeviceVerdict>;
  /** Device id -> its open and waived findings (what `onFailing` and `onWaived` depend on). */
  readonly onDevice: Map<string, Finding[]>;
  /**
   * The holders and people whose group in `people` this tally changed, carried from
   * `carriedFrom` (null: counted anew). The summary's text (summary.ts) writes only theirs again.
   */
  readonly touched: Set<string | null> | null;
  /** The tally these counts were carried from; weakly, or every tally would keep its result. */
  readonly carriedFrom: WeakRef<Tally> | null;
}

const TITLES = new Map<string, string>([...RULES, ...PEOPLE_RULES].map((r) => [r.id, r.title]));

/** A rule's title, or its id when it has none. */
const titleOf = (rule: string): string => TITLES.get(rule) ?? rule;

/** What a not-evaluated device's reason comes to, in a word or two ("personal", "wiped"). */
function leftOut(reason: string | null): string {
  if (reason === PERSONAL_DEVICE_REASON) return 'personal';
  if (reason === NO_STATUS_REASON) return 'not yet in service';
  if (reason?.startsWith(NOT_IN_SERVICE_PREFIX)) return reason.slice(NOT_IN_SERVICE_PREFIX.length);
  return 'not in service';
}

// Literals, not built from lists: one object shape for every group, which the loops read fast.
const noVerdicts = (): Record<DeviceVerdict, number> => ({
  compliant: 0,
  'non-compliant': 0,
  waived: 0,
  'not-evaluated': 0,
});
const emptyGroup = (): Group => ({ devices: 0, byVerdict: noVerdicts(), openFindings: 0 });

function add<K>(m: Map<K, number>, k: K, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function group<K>(m: Map<K, Group>, k: K): Group {
  let g = m.get(k);
  if (g === undefined) {
    g = emptyGroup();
    m.set(k, g);
  }
  return g;
}

/** Once per device of a fleet that may hold a million: no closure or spread per device. */
function countDevice(t: Tally, d: DeviceSummary, n: 1 | -1): void {
  t.byVerdict[d.verdict] += n;
  t.touched?.add(d.personId);
  const p = group(t.people, d.personId);
  p.devices += n;
  p.byVerdict[d.verdict] += n;
  const r = group(t.roles, d.role);
  r.devices += n;
  r.byVerdict[d.verdict] += n;
  r.openFindings += n * d.openFindings;
  if (d.verdict === 'not-evaluated') add(t.notEvaluated, leftOut(d.reason), n);
}

/** A finding's share of the counts that depend on its device's verdict. */
function countOnDevice(t: Tally, f: Finding, verdict: DeviceVerdict | undefined, n: 1 | -1): void {
  if (f.status === 'open' && verdict === 'non-compliant') add(t.onFailing, titleOf(f.rule), n);
  else if (f.status === 'waived' && verdict === 'waived') add(t.onWaived, titleOf(f.rule), n);
}

function countFinding(t: Tally, f: Finding, n: 1 | -1): void {
  t.status[f.status] += n;
  if (f.status === 'resolved') return;
  if (f.status === 'open') {
    t.bySeverity[f.severity] += n;
    add(t.byRule, f.rule, n);
    t.touched?.add(f.personId);
    group(t.people, f.personId).openFindings += n;
  }
  if (f.deviceId === null) return;
  let mine = t.onDevice.get(f.deviceId);
  if (n === 1) {
    if (mine === undefined) {
      mine = [];
      t.onDevice.set(f.deviceId, mine);
    }
    mine.push(f);
  } else if (mine !== undefined) {
    const i = mine.indexOf(f);
    if (i >= 0) mine.splice(i, 1);
    if (mine.length === 0) t.onDevice.delete(f.deviceId);
  }
  countOnDevice(t, f, t.verdicts.get(f.deviceId), n);
}

function empty(result: EvaluationResult): Tally {
  return {
    result,
    byVerdict: noVerdicts(),
    people: new Map(),
    roles: new Map(),
    status: { open: 0, waived: 0, resolved: 0 },
    bySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
    byRule: new Map(),
    notEvaluated: new Map(),
    onFailing: new Map(),
    onWaived: new Map(),
    verdicts: new Map(),
    onDevice: new Map(),
    touched: null,
    carriedFrom: null,
  };
}

/** Counts an evaluation from scratch. */
export function tally(result: EvaluationResult): Tally {
  const t = empty(result);
  for (const d of result.devices) {
    countDevice(t, d, 1);
    t.verdicts.set(d.deviceId, d.verdict);
  }
  for (const f of result.findings) countFinding(t, f, 1);
  return t;
}

/**
 * The counts of `result`, made from `previous` (which it takes over: `previous` counts
 * nothing once this returns). Devices are compared place by place, findings in their sorted
 * order, both by identity. Beyond `limit` differences, or when the devices moved (another
 * device at a place), counting anew costs less, and is what happens.
 */
export function retally(previous: Tally, result: EvaluationResult, limit = deviceCount(result) / 4): Tally {
  const before = previous.result;
  if (before === result) return previous;
  // Read by place (block-result.ts): a result in blocks is not made an array for a few places.
  const wasLength = deviceCount(before);
  const nowLength = deviceCount(result);
  const was = (i: number) => deviceAt(before, i) as DeviceSummary;
  const now = (i: number) => deviceAt(result, i) as DeviceSummary;
  if (nowLength < wasLength) return tally(result);
  // What the result's maker says changed (result-changes.ts), else found by walking both results.
  const known = changesFrom(before, result);
  let changed: readonly number[];
  if (known !== undefined) changed = known.devices;
  else {
    const found: number[] = [];
    const a = before.devices;
    const b = result.devices;
    for (let i = 0; i < wasLength; i++) {
      if (a[i] === b[i]) continue;
      if (found.length >= limit) return tally(result);
      found.push(i);
    }
    changed = found;
  }
  for (const i of changed) if (i >= wasLength || was(i).deviceId !== now(i).deviceId) return tally(result);
  if (changed.length + nowLength - wasLength > limit) return tally(result);
  const { removed, added } =
    known === undefined ? diffFindings(before.findings, result.findings, limit) : known;
  if (removed === null || added === null || removed.length + added.length > limit) return tally(result);

  const t: Tally = { ...previous, result, touched: new Set(), carriedFrom: new WeakRef(previous) };
  // Findings gone, under the verdicts they were counted with; then the devices, moving their
  // remaining findings' shares when their verdict changes; then the findings come.
  for (const f of removed) countFinding(t, f, -1);
  for (const i of changed) {
    const a = was(i);
    const b = now(i);
    if (a === b) continue;
    countDevice(t, a, -1);
    countDevice(t, b, 1);
    if (a.verdict !== b.verdict) {
      for (const f of t.onDevice.get(b.deviceId) ?? []) {
        countOnDevice(t, f, a.verdict, -1);
        countOnDevice(t, f, b.verdict, 1);
      }
      t.verdicts.set(b.deviceId, b.verdict);
    }
  }
  for (let i = wasLength; i < nowLength; i++) {
    const d = now(i);
    countDevice(t, d, 1);
    const old = t.verdicts.get(d.deviceId);
    for (const f of t.onDevice.get(d.deviceId) ?? []) {
      countOnDevice(t, f, old, -1);
      countOnDevice(t, f, d.verdict, 1);
    }
    t.verdicts.set(d.deviceId, d.verdict);
  }
  for (const f of added) countFinding(t, f, 1);
  return t;
}

/**
 * The findings of `was` not in `now` and those of `now` not in `was`, by identity, walking both
 * in their sorted order (a finding matched only with the same object); null beyond `limit`.
 */
function diffFindings(
  was: readonly Finding[],
  now: readonly Finding[],
  limit: number,
): { removed: Finding[] | null; added: Finding[] | null } {
  const removed: Finding[] = [];
  const added: Finding[] = [];
  let i = 0;
  let j = 0;
  while (i < was.length && j < now.length) {
    const a = was[i] as Finding;
    const b = now[j] as Finding;
    if (a === b) {
      i++;
      j++;
      continue;
    }
    if (removed.length + added.length > limit) return { removed: null, added: null };
    // The next of each list says which one is out of step: a finding inserted before `a`, or
    // `a` taken out before `b`; else both differ.
    if (now[j + 1] === a) {
      added.push(b);
      j++;
    } else if (was[i + 1] === b) {
      removed.push(a);
      i++;
    } else {
      const c = compareFindings(a, b);
      if (c <= 0) {
        removed.push(a);
        i++;
      }
      if (c >= 0) {
        added.push(b);
        j++;
      }
    }
  }
  for (; i < was.length; i++) removed.push(was[i] as Finding);
  for (; j < now.length; j++) added.push(now[j] as Finding);
  return removed.length + added.length > limit ? { removed: null, added: null } : { removed, added };
}
