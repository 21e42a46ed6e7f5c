/** The schedule context's records as JSON: instants as ISO strings. */
import type { ScheduleItem } from '../../core/lifecycle/plan.ts';
import { toIso } from '../../core/time.ts';

export const scheduleItemView = ({ stageBy, ...i }: ScheduleItem) => ({
  ...i,
  dueAt: toIso(i.dueAt),
  graceUntil: toIso(i.graceUntil),
  ...(stageBy === undefined ? {} : { stageBy: toIso(stageBy) }),
});
