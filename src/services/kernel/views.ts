/** The kernel context's records as JSON: instants as ISO strings. */

import type { SwapTransition } from '../../core/lifecycle/swap.ts';
import type { WaiverTransition } from '../../core/lifecycle/waiver.ts';
import { DAY, HOUR, toIso } from '../../core/time.ts';

export const isoOrNull = (t: number | null): string | null => (t === null ? null : toIso(t));

/** A duration in milliseconds as ISO 8601, the way protocols write it (P30D, PT12H). */
export function isoDuration(ms: number): string {
  if (ms % DAY === 0) return `P${ms / DAY}D`;
  if (ms % HOUR === 0) return `PT${ms / HOUR}H`;
  return `PT${ms / 1000}S`;
}

export const transitionView = (t: SwapTransition | WaiverTransition) => ({
  from: t.from,
  to: t.to,
  command: t.command,
  at: toIso(t.at),
  actor: t.actor,
  details: { ...t.details },
});
