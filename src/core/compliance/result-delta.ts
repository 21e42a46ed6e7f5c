/**
 * What changed between two evaluations of the fleet "now", as data that crosses a thread
 * (docs/adr/0039-evaluation-worker.md): the device summaries that are other objects than before
 * (by their place in the list) and the findings opened and closed (by their place in each
 * list), so a mirror of the earlier result becomes the later one without the whole result being
 * copied. Split into parts of bounded size, so that no single message is long to copy or apply.
 *
 * Identity is the measure of change: the incremental state (incremental.ts) keeps every summary
 * and finding object it did not re-evaluate, so a posture report's delta is its device's
 * summary and findings alone. Making and applying one is a walk over each list (a few
 * milliseconds at 100,000 devices), no sets or sorts.
 */
import type { Finding } from '../model.ts';
import type { Instant } from '../time.ts';
import { BlockList } from './block-list.ts';
import { blockResult, blocksOf } from './block-result.ts';
import { compareFindings } from './evaluate-order.ts';
import type { StateChanges } from './incremental.ts';
import { noteChanges } from './result-changes.ts';
import type { DeviceSummary, EvaluationResult } from './types.ts';

/** One bounded slice of a delta; the last one carries `last: true`. */
export interface ResultPart {
  readonly at: Instant;
  /** The lengths of the later result's lists. */
  readonly deviceCount: number;
  readonly findingCount: number;
  /** Summaries replaced or added, at their place in the later list. */
  readonly devices: readonly (readonly [number, DeviceSummary])[];
  /** Places in the earlier findings list of those closed. */
  readonly removed: readonly number[];
  /** Findings opened, at their place in the later list. */
  readonly added: readonly (readonly [number, Finding])[];
  /**
   * Present on every part of a delta told as edits (`changesDelta`): the findings inserted at a
   * place or (null) removed at one, in order; `devices` are then set in order, and `removed`
   * and `added` are empty.
   */
  readonly edits?: readonly (readonly [number, Finding | null])[];
  readonly last: boolean;
}

const EMPTY: EvaluationResult = { at: 0, findings: [], devices: [] };

/**
 * The parts that turn `prev` (null: nothing yet) into `next`, each holding at most `size`
 * summaries, indices and findings together (at least one part, even when nothing changed but
 * the instant).
 */
export function resultDelta(
  prev: EvaluationResult | null,
  next: EvaluationResult,
  size: number,
): ResultPart[] {
  const before = prev ?? EMPTY;
  const devices: [number, DeviceSummary][] = [];
  next.devices.forEach((d, i) => {
    if (before.devices[i] !== d) devices.push([i, d]);
  });
  const { removed, added } = findingsDelta(before.findings, next.findings);
  const parts: ResultPart[] = [];
  const header = { at: next.at, deviceCount: next.devices.length, findingCount: next.findings.length };
  let d = 0;
  let r = 0;
  let a = 0;
  do {
    let room = Math.max(1, size);
    const ds = devices.slice(d, d + room);
    d += ds.length;
    room -= ds.length;
    const rs = removed.slice(r, r + room);
    r += rs.length;
    room -= rs.length;
    const as = added.slice(a, a + room);
    a += as.length;
    const last = d === devices.length && r === removed.length && a === added.length;
    parts.push({ ...header, devices: ds, removed: rs, added: as, last });
  } while (parts[parts.length - 1]?.last !== true);
  return parts;
}

/**
 * The parts that tell the fleet state's change log (`FleetState.changes()`) as edits, each
 * holding at most `size` summaries and edits: no list is walked or copied to make them, so a
 * posture report's delta costs its device.
 */
export function changesDelta(changes: StateChanges, size: number): ResultPart[] {
  const parts: ResultPart[] = [];
  const header = { at: changes.at, deviceCount: changes.deviceCount, findingCount: changes.findingCount };
  let d = 0;
  let e = 0;
  do {
    let room = Math.max(1, size);
    const ds = changes.devices.slice(d, d + room);
    d += ds.length;
    room -= ds.length;
    const es = changes.findings.slice(e, e + room);
    e += es.length;
    const last = d === changes.devices.length && e === changes.findings.length;
    parts.push({ ...header, devices: ds, removed: [], added: [], edits: es, last });
  } while (parts[parts.length - 1]?.last !== true);
  return parts;
}

/**
 * Findings closed (places in `prev`, ascending) and opened (places in `next`, ascending), such
 * that the findings of `prev` not closed are, in order, those of `next` not opened. One walk
 * over both lists, which are in `compareFindings` order: where they differ, the earlier one in
 * that order was closed or opened; among equals, a small set says which. Whatever the order of
 * the lists, the answer is right (a finding is kept only where both lists hold it at the same
 * step); the order only keeps it small.
 */
function findingsDelta(
  prev: readonly Finding[],
  next: readonly Finding[],
): { removed: number[]; added: [number, Finding][] } {
  const removed: number[] = [];
  const added: [number, Finding][] = [];
  let i = 0;
  let j = 0;
  while (i < prev.length && j < next.length) {
    const a = prev[i] as Finding;
    const b = next[j] as Finding;
    if (a === b) {
      i++;
      j++;
      continue;
    }
    const c = compareFindings(a, b);
    if (c < 0) removed.push(i++);
    else if (c > 0) added.push([j, next[j++] as Finding]);
    else {
      // The run of equals in each list: kept where both hold it in the same order, else all of it goes again.
      let ie = i + 1;
      while (ie < prev.length && compareFindings(prev[ie] as Finding, a) === 0) ie++;
      let je = j + 1;
      while (je < next.length && compareFindings(next[je] as Finding, a) === 0) je++;
      const inNext = new Set(next.slice(j, je));
      const inPrev = new Set(prev.slice(i, ie));
      const keptPrev = prev.slice(i, ie).filter((f) => inNext.has(f));
      const keptNext = next.slice(j, je).filter((f) => inPrev.has(f));
      const same = keptPrev.every((f, k) => keptNext[k] === f);
      for (let k = i; k < ie; k++) if (!same || !inNext.has(prev[k] as Finding)) removed.push(k);
      for (let k = j; k < je; k++) {
        const f = next[k] as Finding;
        if (!same || !inPrev.has(f)) added.push([k, f]);
      }
      i = ie;
      j = je;
    }
  }
  for (; i < prev.length; i++) removed.push(i);
  for (; j < next.length; j++) added.push([j, next[j] as Finding]);
  return { removed, added };
}

/**
 * Gathers the parts of one delta; `take` returns the later result once the last part is in
 * (a mirror never shows half a delta), null before.
 */
export class DeltaReader {
  #devices: (readonly [number, DeviceSummary])[] = [];
  #removed: number[] = [];
  #added: (readonly [number, Finding])[] = [];
  #edits: (readonly [number, Finding | null])[] | null = null;
  /**
   * The lists of the last result this reader made, in blocks: the next delta told as edits
   * edits them (a block each) and its result shares the blocks not edited (block-result.ts),
   * rather than a copy of both lists per delta.
   */
  #kept: {
    readonly of: EvaluationResult;
    readonly devices: BlockList<DeviceSummary>;
    readonly findings: BlockList<Finding>;
  } | null = null;

  take(prev: EvaluationResult | null, part: ResultPart): EvaluationResult | null {
    for (const x of part.devices) this.#devices.push(x);
    for (const x of part.removed) this.#removed.push(x);
    for (const x of part.added) this.#added.push(x);
    if (part.edits !== undefined) {
      this.#edits ??= [];
      for (const x of part.edits) this.#edits.push(x);
    }
    if (!part.last) return null;
    const devices = this.#devices;
    const removed = this.#removed;
    const added = this.#added;
    const edits = this.#edits;
    this.#devices = [];
    this.#removed = [];
    this.#added = [];
    this.#edits = null;
    const before = prev ?? EMPTY;
    const kept = this.#kept;
    // Taken: a delta that does not fit leaves the list half edited.
    this.#kept = null;
    if (edits === null) return applyDelta(before, part, devices, removed, added);
    let lists: { devices: BlockList<DeviceSummary>; findings: BlockList<Finding> };
    if (kept !== null && kept.of === before) lists = kept;
    else {
      const blocks = blocksOf(before);
      lists =
        blocks === undefined
          ? { devices: BlockList.from(before.devices), findings: BlockList.from(before.findings) }
          : { devices: blocks.devices.copy(), findings: blocks.findings.copy() };
    }
    const result = applyEdits(before, part, devices, edits, lists);
    this.#kept = { of: result, ...lists };
    return result;
  }
}

const misfit = (what: string) => new Error(`the delta does not fit the mirrored result: ${what}`);

/**
 * A delta told as edits, made in order on `lists` (the earlier result's, in blocks, which no
 * result holds: the earlier result is kept as it was); the result made holds copies of them.
 */
function applyEdits(
  prev: EvaluationResult,
  header: ResultPart,
  changed: readonly (readonly [number, DeviceSummary])[],
  edits: readonly (readonly [number, Finding | null])[],
  lists: { readonly devices: BlockList<DeviceSummary>; readonly findings: BlockList<Finding> },
): EvaluationResult {
  const { devices, findings: list } = lists;
  const before = devices.length;
  const replaced = new Set<number>();
  for (const [i, d] of changed) {
    if (!(i >= 0 && i <= devices.length)) throw misfit('device place beyond the list');
    if (i === devices.length) devices.insert(i, d);
    else devices.set(i, d);
    if (i < before) replaced.add(i);
  }
  if (devices.length !== header.deviceCount) throw misfit('device count');
  // What the edits took out and put in (one put in and taken out again is in neither).
  const removed: Finding[] = [];
  const added = new Set<Finding>();
  for (const [i, f] of edits) {
    if (f === null) {
      if (!(i >= 0 && i < list.length)) throw misfit('finding removed beyond the list');
      const gone = list.removeAt(i);
      if (!added.delete(gone)) removed.push(gone);
    } else {
      if (!(i >= 0 && i <= list.length)) throw misfit('finding inserted beyond the list');
      list.insert(i, f);
      added.add(f);
    }
  }
  if (list.length !== header.findingCount) throw misfit('finding count');
  const result = blockResult(header.at, devices.copy(), list.copy());
  // The readers that count results (dashboard/tally.ts) take these rather than compare both.
  noteChanges(result, {
    previous: prev,
    devices: [...replaced].sort((a, b) => a - b),
    removed,
    added: [...added],
  });
  return result;
}

function applyDelta(
  prev: EvaluationResult,
  header: ResultPart,
  changed: readonly (readonly [number, DeviceSummary])[],
  removed: readonly number[],
  added: readonly (readonly [number, Finding])[],
): EvaluationResult {
  const devices = prev.devices.slice(0, header.deviceCount);
  for (const [i, d] of changed) devices[i] = d;
  if (devices.length !== header.deviceCount) throw misfit('device count');
  // Places beyond the earlier list must all be given (a loop, not `some`: it skips holes).
  for (let i = prev.devices.length; i < header.deviceCount; i++)
    if (devices[i] === undefined) throw misfit('device places missing');
  // Both index lists ascend: one merge builds the findings.
  const findings: Finding[] = [];
  const from = prev.findings;
  let r = 0;
  let a = 0;
  let src = 0;
  while (findings.length < header.findingCount) {
    const next = added[a];
    if (next !== undefined && next[0] === findings.length) {
      findings.push(next[1]);
      a++;
      continue;
    }
    while (r < removed.length && removed[r] === src) {
      r++;
      src++;
    }
    if (src >= from.length) throw misfit('findings missing');
    findings.push(from[src++] as Finding);
  }
  while (r < removed.length && removed[r] === src) {
    r++;
    src++;
  }
  if (a !== added.length || r !== removed.length || src !== from.length) throw misfit('findings left over');
  return { at: header.at, findings, devices };
}
