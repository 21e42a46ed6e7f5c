import type { Inspection } from '../../model.ts';
import { dayCount, isoDate, wholeDays } from '../format.ts';
import type { Rule } from '../rule.ts';
import { laterInspection } from '../snapshot.ts';

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
  evaluate(ctx) {
    const req = ctx.requirements?.inspection;
    if (req == null) return null;
    const snap = ctx.snapshot;
    const any = snap.lastInspection;
    let last: Inspection | null = any;
    if (any !== null && req.methods.length > 0 && !req.methods.includes(any.method)) {
      last = null;
      const inspections = snap.history.inspections;
      for (let k = 0; k < inspections.length; k++) {
        const i = inspections[k] as Inspection;
        if (i.at <= ctx.at && req.methods.includes(i.method) && (last === null || laterInspection(i, last)))
          last = i;
      }
    }
    const start = last === null ? snap.inServiceSince : last.at;
    if (start === null) {
      return {
        outcome: 'unverified',
        severity: 'medium',
        since: ctx.at,
        message:
          'Security checks cannot be scheduled: the device was never checked and no record shows when it entered service',
        evidence: { lastInspectionAt: null, inServiceSince: null, methods: req.methods, cite: req.cite },
        remedy: 'Run a security check and record when the device entered service.',
      };
    }
    const dueAt = start + req.every;
    const since = dueAt + req.grace;
    if (ctx.at <= since) return null;
    const daysOverdue = wholeDays(ctx.at - dueAt);
    const basis =
      last === null
        ? `never checked since entering service on ${isoDate(start)}`
        : `last check ${isoDate(start)}`;
    const methods = req.methods.length > 0 ? req.methods.join(' or ') : 'any method';
    return {
      outcome: 'fail',
      since,
      message: `Inspection overdue by ${dayCount(daysOverdue)} (${basis}, due ${isoDate(dueAt)})`,
      evidence: {
        lastInspectionAt: last === null ? null : last.at,
        lastInspectionId: last === null ? null : last.id,
        lastInspectionMethod: last === null ? null : last.method,
        /** A later check by a method the protocol does not accept, if any. */
        nonQualifyingInspectionAt: any !== null && any !== last ? any.at : null,
        inServiceSince: snap.inServiceSince,
        methods: req.methods,
        dueAt,
        daysOverdue,
        every: req.every,
        grace: req.grace,
        cite: req.cite,
      },
      remedy: `Run a security check (${methods}) on the device and record its result. If the holder declines, record the refusal and request a waiver.`,
    };
  },
};
