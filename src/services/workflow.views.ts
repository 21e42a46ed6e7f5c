/** Workflow records to their JSON shapes (workflow.schemas.ts): instants become ISO strings. */
import type { ScheduleItem } from '../core/lifecycle/plan.ts';
import type { Swap, SwapTransition } from '../core/lifecycle/swap.ts';
import type { WaiverRecord, WaiverTransition } from '../core/lifecycle/waiver.ts';
import { type Instant, toIso } from '../core/time.ts';
import type { RefusalRecord } from './ports.ts';

const isoOrNull = (t: Instant | null): string | null => (t === null ? null : toIso(t));

export const swapView = (s: Swap) => ({
  ...s,
  custody: { old: { ...s.custody.old }, new: s.custody.new === null ? null : { ...s.custody.new } },
  dueAt: isoOrNull(s.dueAt),
  stageBy: isoOrNull(s.stageBy),
  plannedAt: toIso(s.plannedAt),
  updatedAt: toIso(s.updatedAt),
});

export const transitionView = (t: SwapTransition | WaiverTransition) => ({
  from: t.from,
  to: t.to,
  command: t.command,
  at: toIso(t.at),
  actor: t.actor,
  details: { ...t.details },
});

export const refusalView = (r: RefusalRecord) => ({ ...r, at: toIso(r.at), recordedAt: toIso(r.recordedAt) });

export const waiverView = (w: WaiverRecord) => ({
  ...w,
  scope: { ...w.scope },
  requestedAt: toIso(w.requestedAt),
  approvedAt: isoOrNull(w.approvedAt),
  startsAt: toIso(w.startsAt),
  expiresAt: toIso(w.expiresAt),
  endedAt: isoOrNull(w.endedAt),
});

export const scheduleItemView = ({ stageBy, ...i }: ScheduleItem) => ({
  ...i,
  dueAt: toIso(i.dueAt),
  graceUntil: toIso(i.graceUntil),
  ...(stageBy === undefined ? {} : { stageBy: toIso(stageBy) }),
});
