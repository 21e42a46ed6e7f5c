import type { Inspection } from '../../model.ts';
import type { CompiledRole } from '../../protocol/compiled.ts';
import type { Instant } from '../../time.ts';
import { dayCount, isoDate, wholeDays } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule, type RuleContext } from '../rule.ts';
import { laterInspection } from '../snapshot.ts';

/**
 * The latest check by one of `methods` (any method when none are listed) as of `at`: `any`, the
 * latest check of any method, when it qualifies, else the latest qualifying one of `inspections`.
 */
function lastQualifying(
  any: Inspection | null,
  inspections: readonly Inspection[],
  at: Instant,
  methods: readonly string[],
): Inspection | null {
  if (any === null || methods.length === 0 || methods.includes(any.method)) return any;
  let last: Inspection | null = null;
  for (let k = 0; k < inspections.length; k++) {
    const i = inspections[k] as Inspection;
    if (i.at <= at && methods.includes(i.method) && (last === null || laterInspection(i, last))) last = i;
  }
  return last;
}

/** Where the inspection period counts from: the last qualifying check, else the start of service. */
function periodStart(ctx: RuleContext, methods: readonly string[]): number | null {
  const snap = ctx.snapshot;
  const last = lastQualifying(snap.lastInspection, snap.history.inspections, ctx.at, methods);
  return last === null ? snap.inServiceSince : last.at;
}

/** The finding of a device whose latest check is `any` and in service since `inServiceSince`, as of `at`. */
function overdue<T>(
  make: FindingMaker<T>,
  req: NonNullable<CompiledRole['inspection']>,
  any: Inspection | null,
  inspections: readonly Inspection[],
  inServiceSince: Instant | null,
  at: Instant,
): T | null {
  const last = lastQualifying(any, inspections, at, req.methods);
  const start = last === null ? inServiceSince : last.at;
  if (start === null) {
    if (!make.describes) return make.decide('unverified', 'medium', at);
    return make.make(
      'unverified',
      'medium',
      at,
      'Security checks cannot be scheduled: the device was never checked and no record shows when it entered service',
      { lastInspectionAt: null, inServiceSince: null, methods: req.methods, cite: req.cite },
      'Run a security check and record when the device entered service.',
    );
  }
  const dueAt = start + req.every;
  const since = dueAt + req.grace;
  if (at <= since) return null;
  if (!make.describes) return make.decide('fail', undefined, since);
  const daysOverdue = wholeDays(at - dueAt);
  const basis =
    last === null
      ? `never checked since entering service on ${isoDate(start)}`
      : `last check ${isoDate(start)}`;
  const methods = req.methods.length > 0 ? req.methods.join(' or ') : 'any method';
  return make.make(
    'fail',
    undefined,
    since,
    `Inspection overdue by ${dayCount(daysOverdue)} (${basis}, due ${isoDate(dueAt)})`,
    {
      lastInspectionAt: last === null ? null : last.at,
      lastInspectionId: last === null ? null : last.id,
      lastInspectionMethod: last === null ? null : last.method,
      /** A later check by a method the protocol does not accept, if any. */
      nonQualifyingInspectionAt: any !== null && any !== last ? any.at : null,
      inServiceSince,
      methods: req.methods,
      dueAt,
      daysOverdue,
      every: req.every,
      grace: req.grace,
      cite: req.cite,
    },
    `Run a security check (${methods}) on the device and record its result. If the holder declines, record the refusal and request a waiver.`,
  );
}

/** `inspection.overdue`: no qualifying security check within the inspection period plus grace. */
export const inspectionOverdue: Rule = {
  id: 'inspection.overdue',
  title: 'Security check overdue',
  description:
    'Every phone is checked for compromise at least as often as its role requires (inspection.every), ' +
    'counting from the last check by a qualifying method (inspection.methods; any method when none are ' +
    'listed), or from the start of its service period if it was never checked. The finding opens once ' +
    'the grace period after the due date has passed. A forensic scan that missed evidence the protocol ' +
    'requires (inspection.coverage) is not recorded as a check, so it does not reset the period, even ' +
    'when it raised alerts (those open an incident instead).',
  defaultSeverity: 'high',
  changesAt(ctx) {
    const req = ctx.requirements?.inspection;
    if (req == null) return Number.POSITIVE_INFINITY;
    const start = periodStart(ctx, req.methods);
    if (start === null) return Number.POSITIVE_INFINITY;
    // Opens once `at` is past due plus grace, and stays open while the facts stay.
    const since = start + req.every + req.grace;
    return ctx.at <= since ? since + 1 : Number.POSITIVE_INFINITY;
  },
  evaluate(ctx) {
    const req = ctx.requirements?.inspection;
    if (req == null) return null;
    const snap = ctx.snapshot;
    return overdue(DRAFTS, req, snap.lastInspection, snap.history.inspections, snap.inServiceSince, ctx.at);
  },
  columnar(row) {
    const req = row.requirements.inspection;
    return req == null
      ? null
      : overdue(row.findings, req, row.lastInspection, row.inspections, row.inServiceSince, row.at);
  },
};
