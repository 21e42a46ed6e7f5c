import type { CompiledRole } from '../../protocol/compiled.ts';
import type { Instant } from '../../time.ts';
import { dayCount, isoDate, wholeDays } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';

/** The finding of a device in service since `start` (null: unknown), as of `at`. */
function overdue<T>(
  make: FindingMaker<T>,
  req: NonNullable<CompiledRole['rotation']>,
  start: Instant | null,
  at: Instant,
): T | null {
  if (start === null) {
    if (!make.describes) return make.decide('unverified', 'medium', at);
    return make.make(
      'unverified',
      'medium',
      at,
      'Rotation cannot be checked: no record shows when the device entered service',
      { inServiceSince: null, every: req.every, grace: req.grace, cite: req.cite },
      'Record when the device was issued or activated.',
    );
  }
  const dueAt = start + req.every;
  const since = dueAt + req.grace;
  if (at <= since) return null;
  if (!make.describes) return make.decide('fail', undefined, since);
  const daysOverdue = wholeDays(at - dueAt);
  return make.make(
    'fail',
    undefined,
    since,
    `Rotation overdue by ${dayCount(daysOverdue)} (in service since ${isoDate(start)}, due ${isoDate(dueAt)})`,
    {
      inServiceSince: start,
      dueAt,
      daysOverdue,
      every: req.every,
      grace: req.grace,
      cite: req.cite,
    },
    'Swap the device for a staged replacement now, then examine and wipe this one. ' +
      'If the holder declines, record the refusal and request a waiver.',
  );
}

/** `rotation.overdue`: the device has been in service longer than the rotation period plus grace. */
export const rotationOverdue: Rule = {
  id: 'rotation.overdue',
  title: 'Rotation overdue',
  description:
    'Every issued phone is swapped for a fresh one on the schedule its role sets (rotation.every), ' +
    'counting from the start of its current service period (issue, swap-in or reactivation). ' +
    'The finding opens once the grace period after the due date has passed.',
  defaultSeverity: 'high',
  changesAt(ctx) {
    const req = ctx.requirements?.rotation;
    const start = ctx.snapshot.inServiceSince;
    if (req == null || start === null) return Number.POSITIVE_INFINITY;
    const since = start + req.every + req.grace;
    return ctx.at <= since ? since + 1 : Number.POSITIVE_INFINITY;
  },
  evaluate(ctx) {
    const req = ctx.requirements?.rotation;
    return req == null ? null : overdue(DRAFTS, req, ctx.snapshot.inServiceSince, ctx.at);
  },
  columnar(row) {
    const req = row.requirements.rotation;
    return req == null ? null : overdue(row.findings, req, row.inServiceSince, row.at);
  },
};
