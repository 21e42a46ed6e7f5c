/** The swaps context's records as JSON: instants as ISO strings. */
import type { Swap } from '../../core/lifecycle/swap.ts';
import { toIso } from '../../core/time.ts';
import { isoOrNull } from '../kernel/views.ts';

export const swapView = (s: Swap) => ({
  ...s,
  custody: { old: { ...s.custody.old }, new: s.custody.new === null ? null : { ...s.custody.new } },
  dueAt: isoOrNull(s.dueAt),
  stageBy: isoOrNull(s.stageBy),
  plannedAt: toIso(s.plannedAt),
  updatedAt: toIso(s.updatedAt),
});
