/**
 * Applies waivers to one device's findings. A finding an approved waiver covers at the
 * evaluated instant becomes `waived` (it is still shown, never dropped or `resolved`). A finding
 * no waiver covers, but that an approved waiver for the same rule covered until it expired,
 * stays open and is reported once more as `waiver.expired`.
 */
import { waiverCovers, waiverLapsed } from '../lifecycle/waiver.ts';
import type { Finding, Waiver } from '../model.ts';
import type { Instant } from '../time.ts';

/**
 * Rewrites `out[from..]` in place and appends the `waiver.expired` findings that `expired`
 * builds. `waivers` are those scoped to the device or its holder. Returns how many of the
 * device's findings are open afterwards.
 */
export function applyWaivers(
  out: Finding[],
  from: number,
  waivers: readonly Waiver[],
  at: Instant,
  expired: (finding: Finding, waiver: Waiver) => Finding,
): number {
  const end = out.length;
  let open = 0;
  for (let i = from; i < end; i++) {
    const f = out[i] as Finding;
    let covering: Waiver | null = null;
    let lapsed: Waiver | null = null;
    for (const w of waivers) {
      if (w.rule !== f.rule) continue;
      if (waiverCovers(w, at)) {
        if (covering === null || w.id < covering.id) covering = w;
      } else if (waiverLapsed(w, at) && (lapsed === null || w.expiresAt > lapsed.expiresAt)) lapsed = w;
    }
    if (covering !== null) {
      out[i] = { ...f, status: 'waived', waiver: covering.id };
      continue;
    }
    open++;
    if (lapsed !== null) {
      out.push(expired(f, lapsed));
      open++;
    }
  }
  return open;
}
