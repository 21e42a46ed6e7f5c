/**
 * The notice planner: run on an interval by serving processes (and `vigil notify plan`), in one
 * transaction under a transaction-scoped advisory lock, so several processes plan once.
 *
 * 1. Takes the fleet evaluated now from the process's evaluation cache (evaluation-cache.ts:
 *    the worker's mirrored result where it is offloaded), and diffs its findings against
 *    `compliance_finding_states`, appending `finding.opened|resolved|waived|reopened` for
 *    every transition. It never loads nor evaluates the fleet itself: at a million devices
 *    that was most of the serving thread's heap (docs/adr/0005-outbox-and-job-leases.md).
 * 2. Enqueues notices, each under a deterministic key (re-planning never duplicates):
 *    reminders before a swap or check is due, an overdue notice when `rotation.overdue` or
 *    `inspection.overdue` opens, an escalation to the officers `escalateAfter` later (with
 *    `notBefore`; cancelled if the finding is resolved or waived first), and warnings before
 *    an approved waiver expires. Reminders walk the fleet a page of devices at a time
 *    (`schedulePages`, as the schedule does); waiver warnings read the non-device facts alone.
 */
import { taskAnchor } from '../../core/lifecycle/self-service.ts';
import { waiverCovers } from '../../core/lifecycle/waiver.ts';
import type { Finding, Waiver } from '../../core/model.ts';
import { DAY, type Instant, toIso } from '../../core/time.ts';
import type { AuditEventInput } from '../audit/ports.ts';
import { EvaluationCache, type EvaluationCacheDeps } from '../compliance/evaluation-cache.ts';
import type { Repositories } from '../kernel/ports.ts';
import { SCHEDULE_PAGE, schedulePages } from '../schedule/schedule.service.ts';
import type { FindingState, NoticeInput } from './ports.ts';

export interface PlannerOptions {
  /** Reminders go out this long before a swap or check is due (default P7D). */
  readonly remindBeforeMs: number;
  /** An overdue finding still open this long after it began is escalated (default P2D). */
  readonly escalateAfterMs: number;
  /** Waiver-expiry warnings this long before expiry (default P7D). */
  readonly waiverWarnMs: number;
}

export const DEFAULT_PLANNER: PlannerOptions = {
  remindBeforeMs: 7 * DAY,
  escalateAfterMs: 2 * DAY,
  waiverWarnMs: 7 * DAY,
};

/** Audit events per statement (5 parameters each; a statement takes at most 65,535). */
const AUDIT_CHUNK = 2000;

/**
 * Findings walked between two turns of the event loop: at a million devices one walk is over a
 * second of the serving thread, which its requests would otherwise wait out.
 */
const WALK_SLICE = 20_000;
/** Findings that changed, handled between two turns (each makes its events and notices: ~40 µs). */
const CHANGE_SLICE = 1_000;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rules whose opening is announced and, if it stays open, escalated. */
const OVERDUE_RULES: Readonly<Record<string, string>> = {
  'rotation.overdue': 'swap',
  'inspection.overdue': 'security check',
};

export interface PlanResult {
  /** False when another process held the planner lock (it is planning). */
  readonly ran: boolean;
  readonly transitions: number;
  readonly enqueued: number;
  readonly cancelled: number;
}

export function findingKey(f: {
  deviceId: string | null;
  personId: string | null;
  rule: string;
  evidence?: Readonly<Record<string, unknown>>;
}): string {
  if (f.deviceId !== null) return `device:${f.deviceId}|${f.rule}`;
  // Person and facility findings (no device): one per facility, and per identifier for unknown
  // devices seen in a zone, so two strangers' phones are two findings, not one.
  const facility = f.evidence?.facility;
  const identifier = f.evidence?.identifier;
  const where = typeof facility === 'string' ? `|${facility}` : '';
  const what = typeof identifier === 'string' ? `|${identifier}` : '';
  return `person:${f.personId ?? '-'}|${f.rule}${where}${what}`;
}

const day = (t: Instant) => toIso(t).slice(0, 10);
export const escalationKey = (key: string, since: Instant) => `escalate:${key}:${toIso(since)}`;

export class NoticePlanner {
  readonly #cacheDeps: EvaluationCacheDeps;
  readonly #opts: PlannerOptions;
  readonly #page: number;

  constructor(deps: EvaluationCacheDeps & { planner?: PlannerOptions; schedulePage?: number }) {
    this.#cacheDeps = deps;
    this.#opts = deps.planner ?? DEFAULT_PLANNER;
    this.#page = Math.max(1, deps.schedulePage ?? SCHEDULE_PAGE);
  }

  async plan(): Promise<PlanResult> {
    // The fleet evaluated now, as the summary gets it: exact at `now` and including every change
    // committed before the call. Taken before the planner's transaction (the cache reads on its
    // own connection); a fact committed between the two is planned by the next round, as one
    // committed after the round would be.
    // (Its `at` is the instant the state last changed, not the call's: the findings are the same.)
    const now = this.#cacheDeps.clock.now();
    const result = await EvaluationCache.of(this.#cacheDeps).current();
    return this.#cacheDeps.uow.run(async (tx) => {
      if (!(await tx.findingStates.tryPlannerLock()))
        return { ran: false, transitions: 0, enqueued: 0, cancelled: 0 };
      // People, protocols and waivers as `fleet.load(now)` gives them, without the devices.
      const facts = await tx.dashboard.factsAt(now);
      const counts = { transitions: 0, enqueued: 0, cancelled: 0 };
      // Many notices per statement: one round trip per notice made a round at 100,000 devices
      // take seconds, most of them reminders that already existed.
      const enqueue = async (notices: readonly Omit<NoticeInput, 'createdAt'>[]) => {
        if (notices.length === 0) return;
        counts.enqueued += (await tx.outbox.enqueueMany(notices.map((n) => ({ ...n, createdAt: now })))).size;
      };
      await this.#transitions(tx, result.findings, now, counts, enqueue);

      // Reminders: due within remindBefore, not yet due; one page of devices at a time.
      const read = <T>(fn: (r: Repositories) => Promise<T>) => fn(tx);
      for await (const items of schedulePages(read, facts, now, this.#page)) {
        const reminders: Omit<NoticeInput, 'createdAt'>[] = [];
        for (const item of items) {
          if (item.overdue || now >= item.dueAt || now < item.dueAt - this.#opts.remindBeforeMs) continue;
          const what = item.kind === 'swap' ? 'swap' : 'security check';
          reminders.push({
            key: `remind:${item.kind}:${item.deviceId}:${day(item.dueAt)}`,
            kind: `${item.kind}.due-soon`,
            audience: { role: 'technician' },
            subject: `Device ${item.deviceId}: ${what} due ${day(item.dueAt)}`,
            text: `The ${what} of device ${item.deviceId}${item.personId === null ? '' : ` (held by ${item.personId})`} is due on ${toIso(item.dueAt)} under protocol ${item.protocol}.${item.stageBy === undefined ? '' : ` Stage the replacement by ${toIso(item.stageBy)}.`}`,
            data: {
              deviceId: item.deviceId,
              personId: item.personId,
              dueAt: toIso(item.dueAt),
              // The holder's page, at the task this reminder is about (web/src/views/Me.tsx).
              link: `/me#${taskAnchor(item.kind, item.deviceId)}`,
              ...(item.stageBy === undefined ? {} : { stageBy: toIso(item.stageBy) }),
            },
            notBefore: now,
          });
        }
        await enqueue(reminders);
      }

      // Waiver-expiry warnings: approved waivers in force that lapse within the warning window.
      const waivers: readonly Waiver[] = facts.waivers ?? [];
      const warnings: Omit<NoticeInput, 'createdAt'>[] = [];
      for (const w of waivers) {
        if (!waiverCovers(w, now) || w.expiresAt > now + this.#opts.waiverWarnMs) continue;
        const scope = 'deviceId' in w.scope ? `device ${w.scope.deviceId}` : `person ${w.scope.personId}`;
        warnings.push({
          key: `waiver-expiry:${w.id}:${toIso(w.expiresAt)}`,
          kind: 'waiver.expiring',
          audience: { role: 'officer' },
          subject: `Waiver ${w.id} (${w.rule}, ${scope}) expires ${day(w.expiresAt)}`,
          text: `Waiver ${w.id} for ${w.rule} on ${scope} expires at ${toIso(w.expiresAt)}; after that the finding reopens.`,
          data: { waiverId: w.id, rule: w.rule, scope: w.scope, expiresAt: toIso(w.expiresAt) },
          notBefore: now,
        });
      }
      await enqueue(warnings);
      return { ran: true, ...counts };
    });
  }

  async #transitions(
    tx: Repositories,
    findings: readonly Finding[],
    now: Instant,
    counts: { transitions: number; cancelled: number },
    enqueue: (notices: readonly Omit<NoticeInput, 'createdAt'>[]) => Promise<void>,
  ): Promise<void> {
    const current = new Map<string, Finding>();
    const statuses = new Map<string, 'open' | 'waived'>();
    // Findings are sorted worst first: the first per key stands for it.
    for (let i = 0; i < findings.length; i++) {
      if (i % WALK_SLICE === WALK_SLICE - 1) await pause();
      const f = findings[i] as Finding;
      if (f.status === 'resolved') continue;
      const key = findingKey(f);
      if (current.has(key)) continue;
      current.set(key, f);
      statuses.set(key, f.status === 'waived' ? 'waived' : 'open');
    }
    // Only the states this round changes: the database diffs them against the findings now.
    const { stored: storedChanging, absent } = await tx.findingStates.changing(statuses);
    const stored = new Map(storedChanging.map((s) => [s.key, s]));
    const changed: FindingState[] = [];
    // Audit events are appended in order at the end, many per statement: a first plan over a
    // large fleet has one transition per finding, and one round trip each made it take minutes.
    // A cancellation's event stands in the order as the escalation's key until the cancelling
    // statement says whether there was a pending escalation to cancel.
    const events: (AuditEventInput | { readonly cancel: string; readonly reason: string })[] = [];
    const notices: Omit<NoticeInput, 'createdAt'>[] = [];
    const event = (
      type: 'finding.opened' | 'finding.resolved' | 'finding.waived' | 'finding.reopened',
      key: string,
      payload: Record<string, unknown>,
    ) => {
      counts.transitions++;
      events.push({ type, at: now, actor: 'system', subject: `finding:${key}`, payload });
    };
    const cancelEscalation = (s: FindingState, reason: string) => {
      if (OVERDUE_RULES[s.rule] !== undefined) events.push({ cancel: escalationKey(s.key, s.since), reason });
    };

    const opening = new Set(absent);
    let walked = 0;
    let handled = 0;
    for (const [key, f] of current) {
      if (++walked % WALK_SLICE === 0) await pause();
      const before = stored.get(key);
      // Neither stored with another status nor never stored: unchanged.
      if (before === undefined && !opening.has(key)) continue;
      if (++handled % CHANGE_SLICE === 0) await pause();
      const status = statuses.get(key) ?? 'open';
      if (before !== undefined && before.status === status) continue;
      const ids = { deviceId: f.deviceId, personId: f.personId, rule: f.rule };
      // An open episode starts when the finding began, or now when it reopens (after a waiver
      // lapsed, say): the notice keys carry it, so a reopened finding is announced and escalated again.
      const since = status === 'open' && before === undefined ? f.since : now;
      changed.push({ key, ...ids, status, waiverId: f.waiver, since, updatedAt: now });
      if (status === 'waived') {
        event('finding.waived', key, { ...ids, waiverId: f.waiver });
        if (before !== undefined) cancelEscalation(before, 'finding waived');
        continue;
      }
      if (before === undefined)
        event('finding.opened', key, { ...ids, severity: f.severity, since: toIso(f.since) });
      else event('finding.reopened', key, { ...ids, previous: before.status });
      const what = OVERDUE_RULES[f.rule];
      if (what === undefined) continue;
      const holder = f.personId === null ? '' : ` (held by ${f.personId})`;
      const task = taskAnchor(f.rule === 'rotation.overdue' ? 'swap' : 'check', f.deviceId ?? '-');
      const data = { findingKey: key, ...ids, since: toIso(f.since), link: `/me#${task}` };
      notices.push(
        {
          key: `overdue:${key}:${toIso(since)}`,
          kind: `${f.rule}`,
          audience: { role: 'technician' },
          subject: `Device ${f.deviceId ?? '-'}: ${what} overdue`,
          text: `${f.message}${holder}. ${f.remedy}`,
          data,
          notBefore: now,
        },
        {
          key: escalationKey(key, since),
          kind: 'escalation',
          audience: { role: 'officer' },
          subject: `Escalation: device ${f.deviceId ?? '-'} ${what} still overdue`,
          text: `${f.message}${holder}. Open since ${toIso(f.since)} and not resolved.`,
          data,
          notBefore: Math.max(now, since + this.#opts.escalateAfterMs),
        },
      );
    }
    for (const [key, s] of stored) {
      if (s.status === 'resolved' || current.has(key)) continue;
      changed.push({ ...s, status: 'resolved', waiverId: null, since: now, updatedAt: now });
      event('finding.resolved', key, { deviceId: s.deviceId, personId: s.personId, rule: s.rule });
      if (s.status === 'open') cancelEscalation(s, 'finding resolved');
    }
    const cancelled = await tx.outbox.cancelMany(events.flatMap((e) => ('cancel' in e ? [e.cancel] : [])));
    counts.cancelled += cancelled.size;
    const appended = events.flatMap((e): AuditEventInput[] => {
      if (!('cancel' in e)) return [e];
      if (!cancelled.has(e.cancel)) return [];
      const payload = { key: e.cancel, reason: e.reason };
      return [{ type: 'notice.cancelled', at: now, actor: 'system', subject: `notice:${e.cancel}`, payload }];
    });
    for (let i = 0; i < appended.length; i += AUDIT_CHUNK) {
      await tx.audit.appendMany(appended.slice(i, i + AUDIT_CHUNK));
    }
    await tx.findingStates.upsertMany(changed);
    await enqueue(notices);
  }
}
