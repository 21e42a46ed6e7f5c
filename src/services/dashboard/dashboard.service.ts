/**
 * The dashboard's read API: compliance over time and a principal's timeline.
 *
 * History: each past UTC day is the fleet evaluated as of the day's last millisecond, stored
 * in `dashboard_history_days` once computed (a past instant only sees facts effective by then;
 * facts back-dated into a stored day later do not change it: see schema.dashboard.ts). Missing
 * days are computed in the background by one worker per process, from one load of the device
 * histories; a request waits for them up to `historyWaitMs` and returns the days not computed
 * yet with `counts: null` (the client asks again). Today is the cached evaluation of now.
 */
import type { EvaluationResult } from '../../core/compliance/types.ts';
import { countDay, type Day, type DayCounts, dayOf, daysBetween } from '../../core/dashboard/history.ts';
import { type DeviceTimeline, type ProtocolPeriod, personTimeline } from '../../core/dashboard/timeline.ts';
import { VigilError } from '../../core/errors.ts';
import type { Person } from '../../core/model.ts';
import { DAY, type Instant } from '../../core/time.ts';
import { evaluationInput, inForceFrom } from '../compliance/compliance.service.ts';
import { evaluateFleetChunked } from '../compliance/evaluate-chunked.ts';
import { EvaluationCache } from '../compliance/evaluation-cache.ts';
import type { FleetSnapshotData } from '../compliance/ports.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, Role, UnitOfWork } from '../kernel/ports.ts';

/** The longest window either endpoint accepts, in days. */
export const MAX_WINDOW_DAYS = 366;
export const DEFAULT_HISTORY_DAYS = 30;
/** The principal page shows half a year by default: long enough for a check five months old. */
export const DEFAULT_TIMELINE_DAYS = 180;

export interface DashboardOptions {
  /** How long a history request waits for missing days before answering with what it has. */
  readonly historyWaitMs?: number;
}

export interface HistoryPoint {
  readonly date: string;
  /** The instant the fleet was evaluated as of. */
  readonly at: Instant;
  /** `stored`: a past day; `live`: today, as of now; `pending`: not computed yet. */
  readonly source: 'stored' | 'live' | 'pending';
  readonly counts: DayCounts | null;
}

export interface TimelineResult {
  readonly person: Person;
  readonly from: Instant;
  readonly to: Instant;
  readonly devices: readonly DeviceTimeline[];
}

const todayCounts = new WeakMap<EvaluationResult, DayCounts>();

function windowOf(query: { from?: string; to?: string }, now: Instant, defaultDays: number) {
  const to = Math.min(instantOr(query.to, now), now);
  const from = instantOr(query.from, to - (defaultDays - 1) * DAY);
  const details = [];
  if (from > to) details.push({ path: 'from', message: 'must not be after `to` (nor after now)' });
  else if (dayOf(to).start - dayOf(from).start >= MAX_WINDOW_DAYS * DAY)
    details.push({ path: 'from', message: `the window spans at most ${MAX_WINDOW_DAYS} days` });
  if (details.length > 0) throw new VigilError('VALIDATION_FAILED', 'invalid time window', details);
  return { from, to };
}

export class DashboardService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #cache: EvaluationCache;
  readonly #waitMs: number;
  /** The background worker filling missing history days, while one runs. */
  #filling: Promise<void> | null = null;
  readonly #wanted = new Map<string, Day>();

  constructor(deps: { uow: UnitOfWork; clock: Clock; dashboard?: DashboardOptions }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#cache = EvaluationCache.of(deps);
    this.#waitMs = deps.dashboard?.historyWaitMs ?? 2000;
  }

  /** Verdict counts per UTC day of the window (default: the last 30 days, today included). */
  async history(query: { from?: string; to?: string }) {
    const now = this.#clock.now();
    const { from, to } = windowOf(query, now, DEFAULT_HISTORY_DAYS);
    const days = daysBetween(from, to);
    const past = days.filter((d) => d.end < now);
    let stored = await this.#stored(past);
    const missing = past.filter((d) => !stored.has(d.date));
    if (missing.length > 0) {
      await this.#waitFor(this.#fill(missing));
      stored = await this.#stored(past);
    }
    const today = days.find((d) => d.end >= now);
    const points: HistoryPoint[] = past.map((d) => {
      const counts = stored.get(d.date) ?? null;
      return { date: d.date, at: d.end, source: counts === null ? 'pending' : 'stored', counts };
    });
    if (today !== undefined) {
      const result = await this.#cache.current();
      // Counted once per cached evaluation (100,000 devices take a while to count).
      let counts = todayCounts.get(result);
      if (counts === undefined) {
        counts = countDay(result);
        todayCounts.set(result, counts);
      }
      points.push({ date: today.date, at: result.at, source: 'live', counts });
    }
    return { from, to, days: points, pending: points.filter((p) => p.source === 'pending').length };
  }

  /**
   * Starts, without waiting, the evaluation of now and of the default history window's missing
   * days (a serving process calls it at start). Failures are left to the first real request.
   */
  warm(): void {
    const now = this.#clock.now();
    this.#cache.current().catch(() => {});
    const past = daysBetween(now - (DEFAULT_HISTORY_DAYS - 1) * DAY, now).filter((d) => d.end < now);
    this.#stored(past).then(
      (stored) => this.#fill(past.filter((d) => !stored.has(d.date))),
      () => {},
    );
  }

  async #stored(days: readonly Day[]) {
    const rows = await this.#uow.read((tx) => tx.dashboard.historyDays(days.map((d) => d.date)));
    return new Map(rows.map((r) => [r.day, r.counts]));
  }

  async #waitFor(work: Promise<void>) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#waitMs);
      timer.unref();
    });
    await Promise.race([work, timeout]);
    clearTimeout(timer);
  }

  /** Queues days for the background worker and returns the worker's promise (never rejects). */
  #fill(days: readonly Day[]): Promise<void> {
    for (const d of days) this.#wanted.set(d.date, d);
    if (this.#filling === null) {
      this.#filling = this.#work().finally(() => {
        this.#filling = null;
      });
    }
    return this.#filling;
  }

  async #work(): Promise<void> {
    try {
      for (;;) {
        // Newest first: the end of the chart is what a reader looks at.
        const batch = [...this.#wanted.values()].sort((a, b) => b.start - a.start);
        const newest = batch[0];
        if (newest === undefined) return;
        this.#wanted.clear();
        // The device histories (the bulk of a load) are read once, as of the newest day: the
        // evaluator ignores device facts after its instant (core/compliance/properties.test.ts,
        // property a), so each older day needs only its own people, protocols and lifecycle facts.
        const devices = await this.#uow.read((tx) => tx.dashboard.histories(undefined, newest.end));
        for (const day of batch) await this.#computeDay(day, devices);
      }
    } catch {
      // The database went away (shutdown) or failed: the days stay missing and the next
      // request queues them again.
      this.#wanted.clear();
    }
  }

  async #computeDay(day: Day, histories: FleetSnapshotData['devices']): Promise<void> {
    const read = await this.#uow.read(async (tx) =>
      (await tx.dashboard.historyDays([day.date])).length > 0
        ? null
        : { dataVersion: await tx.dashboard.dataVersion(), facts: await tx.dashboard.factsAt(day.end) },
    );
    if (read === null) return;
    // As FleetReader.load does: only devices with a status recorded by then.
    const devices = histories.filter((h) => h.statuses.some((s) => s.at <= day.end));
    // Outside any transaction (on PGlite one open transaction holds every other query), and in
    // slices: this background fill runs in the serving process (evaluate-chunked.ts). The
    // counts need no sorted findings.
    const result = await evaluateFleetChunked(evaluationInput({ ...read.facts, devices }, day.end), {
      unsorted: true,
    });
    // Another process may have stored the day meanwhile: the first one stays.
    await this.#uow.run((tx) =>
      tx.dashboard.putHistoryDay({
        day: day.date,
        at: day.end,
        counts: countDay(result),
        dataVersion: read.dataVersion,
        computedAt: this.#clock.now(),
      }),
    );
  }

  /**
   * Each device the person held during the window (default: the last 180 days): service
   * periods, swaps, checks, refusals, waivers, the protocol's limits, and days since the last
   * swap and check per day. Staff callers see only their own; anyone else's id is answered as
   * unknown, so staff cannot probe who exists.
   */
  async timeline(
    personId: string,
    query: { from?: string; to?: string },
    caller: { readonly role: Role; readonly personId: string | null },
  ): Promise<TimelineResult> {
    if (caller.role === 'staff' && caller.personId !== personId)
      throw new VigilError('PERSON_NOT_FOUND', `no person has id ${personId}`);
    const now = this.#clock.now();
    const { from, to } = windowOf(query, now, DEFAULT_TIMELINE_DAYS);
    return this.#uow.run(async (tx) => {
      const person = await tx.people.get(personId);
      if (person === null) throw new VigilError('PERSON_NOT_FOUND', `no person has id ${personId}`);
      const principal = person.principalId === null ? null : await tx.people.get(person.principalId);
      const people = principal === null ? [person] : [person, principal];
      const ids = await tx.dashboard.devicesHeldBy(personId, to);
      const histories = await tx.dashboard.histories(ids, to);
      const assignments = await tx.dashboard.assignmentsOf(
        people.map((p) => p.id),
        to,
      );
      const versions = await tx.protocols.listVersions();
      const refusals = await tx.refusals.list({ personId });
      // One query at a time: a transaction is one connection.
      const waivers = [...(await tx.waivers.list({ personId }))];
      for (const id of ids) waivers.push(...(await tx.waivers.list({ deviceId: id })));

      // The protocol governing the person at `from` and at every change inside the window.
      const changes = new Set<Instant>([from]);
      for (const a of assignments) if (a.at > from && a.at <= to) changes.add(a.at);
      for (const v of versions) if (v.effectiveAt > from && v.effectiveAt <= to) changes.add(v.effectiveAt);
      const protocols: ProtocolPeriod[] = [...changes]
        .sort((a, b) => a - b)
        .map((t) => {
          return {
            from: t,
            protocol:
              inForceFrom({ people, assignments, protocols: versions }, t).governing.get(person.id) ?? null,
          };
        });
      return {
        person,
        from,
        to,
        devices: personTimeline({ personId, from, to, histories, protocols, refusals, waivers }),
      };
    });
  }
}
