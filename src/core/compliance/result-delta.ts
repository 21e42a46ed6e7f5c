/**
 * What changed between two evaluations of the fleet "now", as data that crosses a thread
 * (docs/adr/0039-evaluation-worker.md): the device summaries that are other objects than before
 * (by their place in the list) and the findings opened and closed (by their place in each
 * list), so a mirror of the earlier result becomes the later one without the whole result being
 * copied. Split into parts of bounded size, so that no single message is long to copy or apply.
 *
 * Identity is the measure of change: the incremental state (incremental.ts) keeps every summary
 * and finding object it did not re-evaluate, so a posture report's delta is its device's
 * summary and findings alone.
 */
import type { Finding } from '../model.ts';
import type { Instant } from '../time.ts';
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
  let { removed, added } = findingsDelta(before.findings, next.findings);
  if (removed === null || added === null) {
    // The findings kept changed their order: all of them go again.
    removed = before.findings.map((_, i) => i);
    added = next.findings.map((f, i) => [i, f]);
  }
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

/** Findings closed (places in `prev`) and opened (places in `next`); nulls when the kept ones moved. */
function findingsDelta(
  prev: readonly Finding[],
  next: readonly Finding[],
): { removed: number[] | null; added: [number, Finding][] | null } {
  const inNext = new Set(next);
  const inPrev = new Set(prev);
  const removed: number[] = [];
  const added: [number, Finding][] = [];
  prev.forEach((f, i) => {
    if (!inNext.has(f)) removed.push(i);
  });
  next.forEach((f, i) => {
    if (!inPrev.has(f)) added.push([i, f]);
  });
  // The findings kept must come in the same order in both lists for places to suffice.
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < prev.length && !inNext.has(prev[i] as Finding)) i++;
    while (j < next.length && !inPrev.has(next[j] as Finding)) j++;
    if (i >= prev.length || j >= next.length) break;
    if (prev[i] !== next[j]) return { removed: null, added: null };
    i++;
    j++;
  }
  // Both walks ended together, unless one list repeats a finding.
  while (i < prev.length && !inNext.has(prev[i] as Finding)) i++;
  while (j < next.length && !inPrev.has(next[j] as Finding)) j++;
  if (i < prev.length || j < next.length) return { removed: null, added: null };
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

  take(prev: EvaluationResult | null, part: ResultPart): EvaluationResult | null {
    for (const x of part.devices) this.#devices.push(x);
    for (const x of part.removed) this.#removed.push(x);
    for (const x of part.added) this.#added.push(x);
    if (!part.last) return null;
    const devices = this.#devices;
    const removed = this.#removed;
    const added = this.#added;
    this.#devices = [];
    this.#removed = [];
    this.#added = [];
    return applyDelta(prev ?? EMPTY, part, devices, removed, added);
  }
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
  // A loop, not `some`: holes (places the delta left out) must be seen.
  for (let i = 0; i < header.deviceCount; i++)
    if (devices[i] === undefined)
      throw new Error('the delta does not fit the mirrored result: device places missing');
  if (devices.length !== header.deviceCount)
    throw new Error('the delta does not fit the mirrored result: device count');
  for (const i of removed)
    if (i >= prev.findings.length)
      throw new Error('the delta does not fit the mirrored result: finding closed');
  const gone = new Set(removed);
  const findings = new Array<Finding>(header.findingCount);
  const placed = new Uint8Array(header.findingCount);
  for (const [i, f] of added) {
    if (i >= header.findingCount)
      throw new Error('the delta does not fit the mirrored result: finding place');
    findings[i] = f;
    placed[i] = 1;
  }
  let j = 0;
  prev.findings.forEach((f, i) => {
    if (gone.has(i)) return;
    while (j < placed.length && placed[j] === 1) j++;
    if (j >= placed.length)
      throw new Error('the delta does not fit the mirrored result: too many findings kept');
    findings[j++] = f;
  });
  while (j < placed.length && placed[j] === 1) j++;
  if (j !== placed.length) throw new Error('the delta does not fit the mirrored result: findings missing');
  return { at: header.at, findings, devices };
}
