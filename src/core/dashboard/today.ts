/**
 * "The top three things to do today": open incidents, open findings and swaps or checks coming
 * due, ranked into one short list an officer can act on. Pure: the caller passes the facts and
 * the instant.
 *
 * The order: worst severity first; at equal severity an incident (already burning) before a
 * finding before a deadline, then the oldest first. A device under an open incident is the
 * incident's business (its playbook says what to do), so its findings are left out, and each
 * device, person or incident appears once, at its most urgent.
 */
import { SEVERITY_RANK } from '../compliance/evaluate-order.ts';
import type { Incident } from '../lifecycle/incident.ts';
import type { ScheduleItem } from '../lifecycle/plan.ts';
import type { Finding, Severity } from '../model.ts';
import { DAY, type Instant, toIso } from '../time.ts';

export interface TodayItem {
  readonly kind: 'incident' | 'finding' | 'deadline';
  readonly severity: Severity;
  /** What to do, in a few words. */
  readonly title: string;
  /** Why, or the next step. */
  readonly detail: string;
  /** Since when (incident opened, finding began) or when due. */
  readonly at: Instant;
  readonly deviceId: string | null;
  readonly personId: string | null;
  readonly incidentId: string | null;
  /** The rule of a finding; null otherwise. */
  readonly rule: string | null;
}

export interface TodayInput {
  readonly findings: readonly Finding[];
  readonly deadlines: readonly ScheduleItem[];
  readonly incidents: readonly Incident[];
}

const KIND_RANK: Readonly<Record<TodayItem['kind'], number>> = { incident: 0, finding: 1, deadline: 2 };
/** How far ahead a swap or check counts as today's business. */
export const DUE_SOON = DAY;

const isoDay = (t: Instant) => toIso(t).slice(0, 10);

function incidentItem(i: Incident): TodayItem {
  const next = i.steps.find((s) => s.status === 'pending' || s.status === 'in-progress');
  const device = i.devices[0];
  return {
    kind: 'incident',
    severity: i.severity,
    title: `Work incident ${i.id}: ${i.summary}`,
    detail:
      next === undefined ? 'Every playbook step is done: review and close it.' : `Next step: ${next.title}.`,
    at: i.openedAt,
    deviceId: device === undefined ? null : device.deviceId,
    personId: i.personIds[0] ?? null,
    incidentId: i.id,
    rule: null,
  };
}

const findingItem = (f: Finding): TodayItem => ({
  kind: 'finding',
  severity: f.severity,
  title: f.message,
  detail: f.remedy,
  at: f.since,
  deviceId: f.deviceId,
  personId: f.personId,
  incidentId: null,
  rule: f.rule,
});

function deadlineItem(d: ScheduleItem, now: Instant): TodayItem {
  const what = d.kind === 'swap' ? `Swap ${d.deviceId}` : `Security check of ${d.deviceId}`;
  const staged =
    d.kind === 'swap' && d.stageBy !== undefined && d.stageBy <= now + DUE_SOON
      ? ` Stage the replacement by ${isoDay(d.stageBy)}.`
      : '';
  return {
    kind: 'deadline',
    // Late but within the grace period is one step from a finding.
    severity: d.dueAt <= now ? 'high' : 'medium',
    title: d.dueAt <= now ? `${what}: due since ${isoDay(d.dueAt)}` : `${what}: due ${isoDay(d.dueAt)}`,
    detail: `Reported as overdue after ${isoDay(d.graceUntil)} (${d.protocol}).${staged}`,
    at: d.dueAt,
    deviceId: d.deviceId,
    personId: d.personId,
    incidentId: null,
    rule: null,
  };
}

const subjectOf = (i: TodayItem): string =>
  i.incidentId !== null
    ? `incident ${i.incidentId}`
    : i.deviceId !== null
      ? `device ${i.deviceId}`
      : `person ${i.personId ?? ''}`;

/** Whether `f`'s item would rank strictly before `item` (`compareItems`), without building it. */
function findingBefore(f: Finding, item: TodayItem): boolean {
  const severity = SEVERITY_RANK[f.severity] - SEVERITY_RANK[item.severity];
  if (severity !== 0) return severity < 0;
  const kind = KIND_RANK.finding - KIND_RANK[item.kind];
  if (kind !== 0) return kind < 0;
  if (f.since !== item.at) return f.since < item.at;
  // Two devices' subjects compare as their ids (the same prefix): no string built per finding.
  if (f.deviceId !== null && item.incidentId === null && item.deviceId !== null)
    return f.deviceId < item.deviceId;
  return (f.deviceId !== null ? `device ${f.deviceId}` : `person ${f.personId ?? ''}`) < subjectOf(item);
}

/** Most urgent first: severity, then kind (incident, finding, deadline), then the oldest, then the subject. */
function compareItems(a: TodayItem, b: TodayItem): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    a.at - b.at ||
    (subjectOf(a) < subjectOf(b) ? -1 : subjectOf(a) > subjectOf(b) ? 1 : 0)
  );
}

/**
 * Pure. The `limit` most urgent things to do as of `now`, most urgent first: each subject at its
 * most urgent item. One pass keeping the best `limit` subjects (a fleet has hundreds of thousands
 * of findings, and only three are wanted): a subject pushed out can come back only with a more
 * urgent item, which is then weighed like a new one.
 */
export function rankToday(input: TodayInput, now: Instant, limit = 3): TodayItem[] {
  if (limit <= 0) return [];
  const incidents = input.incidents.filter((i) => i.status !== 'closed');
  const handled = new Set(incidents.flatMap((i) => i.devices.map((d) => d.deviceId)));
  const top: TodayItem[] = [];
  const offer = (c: TodayItem) => {
    const key = subjectOf(c);
    const same = top.findIndex((t) => subjectOf(t) === key);
    if (same >= 0) {
      if (compareItems(c, top[same] as TodayItem) >= 0) return;
      top.splice(same, 1);
    } else if (top.length >= limit) {
      if (compareItems(c, top[top.length - 1] as TodayItem) >= 0) return;
      top.pop();
    }
    let at = top.length;
    while (at > 0 && compareItems(c, top[at - 1] as TodayItem) < 0) at--;
    top.splice(at, 0, c);
  };
  for (const i of incidents) offer(incidentItem(i));
  for (const f of input.findings) {
    if (f.status !== 'open' || (f.deviceId !== null && handled.has(f.deviceId))) continue;
    // A full list whose last item ranks before this finding keeps it out: a fleet's findings
    // stop here, before an item is built for them (most share their severity with the list's
    // last, and many their start too).
    const last = top.length >= limit ? top[top.length - 1] : undefined;
    if (last !== undefined && !findingBefore(f, last)) continue;
    offer(findingItem(f));
  }
  // Past the grace period the finding says it; due later than tomorrow is not today's business.
  for (const d of input.deadlines) {
    if (d.graceUntil >= now && d.dueAt <= now + DUE_SOON && !handled.has(d.deviceId))
      offer(deadlineItem(d, now));
  }
  return top;
}

/**
 * Whether swaps and checks coming due could change `top`, the list ranked without them: a
 * deadline is at worst of high severity and ranks after an incident or finding of equal
 * severity, so a full list whose last item is high or critical leaves no room for one. Lets the
 * caller skip computing the fleet's schedule when the findings already fill the list.
 */
export function deadlinesCouldRank(top: readonly TodayItem[], limit = 3): boolean {
  const last = top[limit - 1];
  return top.length < limit || last === undefined || SEVERITY_RANK[last.severity] > SEVERITY_RANK.high;
}
