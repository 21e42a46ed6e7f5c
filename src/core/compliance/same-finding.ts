/**
 * Whether two findings say the same thing, field by field (the evidence compared as data). The
 * fleet state (incremental.ts) keeps a finding object that a re-evaluation made again the same,
 * so that a change swaps only the findings that differ: the person and facility pass makes all
 * of its findings anew each time it runs, and a posture report that ran it swapped them all,
 * which took the sorted list whole rather than as a few edits (docs/adr/0046-findings-in-blocks.md).
 */
import type { Finding } from '../model.ts';

export function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a === b ||
    (a.rule === b.rule &&
      a.deviceId === b.deviceId &&
      a.personId === b.personId &&
      a.protocol === b.protocol &&
      a.severity === b.severity &&
      a.status === b.status &&
      a.outcome === b.outcome &&
      a.since === b.since &&
      a.message === b.message &&
      a.remedy === b.remedy &&
      a.waiver === b.waiver &&
      sameData(a.evidence, b.evidence))
  );
}

/** Plain data (strings, numbers, booleans, null, arrays, records) equal by value. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN equals itself here, as it would once sent as data.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    // The same keys in the same order: the result shows them so.
    if (k !== kb[i]) return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Puts in `next`, in place of each finding the same as one of `old` (each of `old` matched once),
 * that one; returns how many were put back.
 */
export function keepSame(old: readonly Finding[], next: Finding[]): number {
  if (old.length === 0 || next.length === 0) return 0;
  let kept = 0;
  const taken = new Set<Finding>();
  // Most often the same findings come in the same order.
  const rest: number[] = [];
  for (let i = 0; i < next.length; i++) {
    const o = old[i];
    if (o !== undefined && sameFinding(o, next[i] as Finding)) {
      next[i] = o;
      taken.add(o);
      kept++;
    } else rest.push(i);
  }
  if (rest.length === 0) return kept;
  const byKey = new Map<string, Finding[]>();
  const key = (f: Finding) =>
    `${f.rule}\u0000${f.deviceId}\u0000${f.personId}\u0000${f.since}\u0000${f.message}`;
  for (const o of old) {
    if (taken.has(o)) continue;
    const k = key(o);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [o]);
    else list.push(o);
  }
  for (const i of rest) {
    const f = next[i] as Finding;
    const list = byKey.get(key(f));
    if (list === undefined) continue;
    const j = list.findIndex((o) => !taken.has(o) && sameFinding(o, f));
    if (j < 0) continue;
    const o = list[j] as Finding;
    next[i] = o;
    taken.add(o);
    kept++;
  }
  return kept;
}
