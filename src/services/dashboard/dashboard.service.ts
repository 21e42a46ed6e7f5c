/**
 * The dashboard's read API: compliance over time and a principal's timeline.
 *
 * History: each past UTC day is the fleet evaluated as of the day's last millisecond, on one of
 * two bases (docs/adr/0020): `now`, "as true then", by what Vigil knew when it computed the day
 * (knownAt: the instant of the read), or `then`, "as known then", by what it had recorded by the
 * day's end. Both are stored in `dashboard_history_days` once computed; a `then` day never
 * changes, and the database deletes a `now` day when a fact back-dated into it is written
 * (schema.dashboard.ts). Missing days are computed by worker processes on the job queue
 * (`fill`, adapters/jobs/history.ts): a request that finds days missing asks for them and waits
 * for them to be stored up to `historyWaitMs`, returning the days not computed yet with
 * `counts: null` (the client asks again). Today is the cached evaluation of now on both bases
 * (what is known at the end of today is what is known now).
 */
import type { EvaluationResult } from '../../core/compliance/types.ts';
import {
  countDay,
  type Day,
  type DayCounts,
  dayOf,
  daysBetween,
  type HistoryBasis,
} from '../../core/dashboard/history.ts';
import { type DeviceTimeline, type ProtocolPeriod, personTimeline } from '../../core/dashboard/timeline.ts';
import { deadlinesCouldRank, rankToday, type TodayItem } from '../../core/dashboard/today.ts';
import { VigilError } from '../../core/errors.ts';
import type { Person } from '../../core/model.ts';
import { DAY, type Instant } from '../../core/time.ts';
import { evaluationInput, inForceFrom } from '../compliance/compliance.service.ts';
import { evaluateFleetChunked } from '../compliance/evaluate-chunked.ts';
import { EvaluationCache, type EvaluationCacheDeps } from '../compliance/evaluation-cache.ts';
import type { FleetSnapshotData } from '../compliance/ports.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, Role, UnitOfWork } from '../kernel/ports.ts';
import { ScheduleService } from '../schedule/schedule.service.ts';

/** The longest window either endpoint accepts, in days. */
export const MAX_WINDOW_DAYS = 366;
export const DEFAULT_HISTORY_DAYS = 30;
/** The principal page shows half a year by default: long enough for a check five months old. */
export const DEFAULT_TIMELINE_DAYS = 180;

export interface DashboardOptions {
  /** How long a history request waits for missing days before answering with what it has. */
  readonly historyWaitMs?: number;
  /** How often a waiting request reads whether the days are stored. */
  readonly historyPollMs?: number;
}

/** A day to compute on one basis: a history fill job's content. */
export interface WantedDay {
  /** The UTC date, YYYY-MM-DD. */
  readonly date: string;
  readonly basis: HistoryBasis;
}

export interface HistoryPoint {
  readonly date: string;
  /** The instant the fleet was evaluated as of. */
  readonly at: Instant;
  /** `stored`: a past day; `live`: today, as of now; `pending`: not computed yet. */
  readonly source: 'stored' | 'live' | 'pending';
  /**
   * Only facts recorded by this instant are counted: the day's end on the `then` basis, the
   * instant the day was computed on `now` (null while pending), now for today.
   */
  readonly knownAt: Instant | null;
  readonly counts: DayCounts | null;
}

interface StoredDay {
  readonly counts: DayCounts;
  readonly knownAt: Instant;
}

/** A day to compute, on one basis. */
interface Wanted {
  readonly day: Day;
  readonly basis: HistoryBasis;
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
  readonly #pollMs: number;
  readonly #schedule: ScheduleService;

  constructor(deps: EvaluationCacheDeps & { dashboard?: DashboardOptions }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#cache = EvaluationCache.of(deps);
    this.#waitMs = deps.dashboard?.historyWaitMs ?? 2000;
    this.#pollMs = deps.dashboard?.historyPollMs ?? 100;
    this.#schedule = new ScheduleService(deps);
  }

  /**
   * The three things most worth doing now (core/dashboard/today.ts): from the open findings of
   * the cached evaluation, the swaps and checks due by tomorrow, and the incidents not closed.
   */
  async today(limit = 3): Promise<{ at: Instant; items: TodayItem[] }> {
    const result = await this.#cache.current();
    const incidents = await this.#uow.read((tx) => tx.incidents.list());
    const facts = { findings: result.findings, deadlines: [], incidents };
    const items = rankToday(facts, result.at, limit);
    // The schedule loads every device's history: only when a swap or check due could rank.
    if (!deadlinesCouldRank(items, limit)) return { at: result.at, items };
    const { items: deadlines } = await this.#schedule.schedule(result.at);
    return { at: result.at, items: rankToday({ ...facts, deadlines }, result.at, limit) };
  }

  /**
   * Verdict counts per UTC day of the window (default: the last 30 days, today included), as
   * true then (`known: 'now'`, the default) or as known then (`known: 'then'`).
   */
  async history(query: { from?: string; to?: string; known?: HistoryBasis }) {
    const basis = query.known ?? 'now';
    const now = this.#clock.now();
    const { from, to } = windowOf(query, now, DEFAULT_HISTORY_DAYS);
    const days = daysBetween(from, to);
    const past = days.filter((d) => d.end < now);
    let stored = await this.#stored(past, basis);
    const missing = past.filter((d) => !stored.has(d.date));
    if (missing.length > 0) {
      await this.#request(missing, basis);
      // A worker, in this process or another, stores them: read until they are all there.
      const deadline = performance.now() + this.#waitMs;
      while (stored.size < past.length && performance.now() < deadline) {
        await new Promise((r) =>
          setTimeout(r, Math.min(this.#pollMs, Math.max(0, deadline - performance.now()))),
        );
        stored = await this.#stored(past, basis);
      }
    }
    const today = days.find((d) => d.end >= now);
    const points: HistoryPoint[] = past.map((d) => {
      const day = stored.get(d.date);
      return day === undefined
        ? {
            date: d.date,
            at: d.end,
            source: 'pending',
            knownAt: basis === 'then' ? d.end : null,
            counts: null,
          }
        : { date: d.date, at: d.end, source: 'stored', knownAt: day.knownAt, counts: day.counts };
    });
    if (today !== undefined) {
      const result = await this.#cache.current();
      // Counted once per cached evaluation (100,000 devices take a while to count).
      let counts = todayCounts.get(result);
      if (counts === undefined) {
        counts = countDay(result);
        todayCounts.set(result, counts);
      }
      points.push({ date: today.date, at: result.at, source: 'live', knownAt: result.at, counts });
    }
    return {
      from,
      to,
      known: basis,
      days: points,
      pending: points.filter((p) => p.source === 'pending').length,
    };
  }

  /**
   * Starts, without waiting, the evaluation of now, and asks the job queue for the default
   * history window's missing days as true then (a worker process calls it at start). Failures
   * are left to the first real request.
   */
  warm(): void {
    const now = this.#clock.now();
    this.#cache.current().catch(() => {});
    const past = daysBetween(now - (DEFAULT_HISTORY_DAYS - 1) * DAY, now).filter((d) => d.end < now);
    this.#stored(past, 'now')
      .then((stored) =>
        this.#request(
          past.filter((d) => !stored.has(d.date)),
          'now',
        ),
      )
      .catch(() => {});
  }

  async #stored(days: readonly Day[], basis: HistoryBasis): Promise<Map<string, StoredDay>> {
    const rows = await this.#uow.read((tx) =>
      tx.dashboard.historyDays(
        days.map((d) => d.date),
        basis,
      ),
    );
    return new Map(rows.map((r) => [r.day, { counts: r.counts, knownAt: r.knownAt }]));
  }

  async #request(days: readonly Day[], basis: HistoryBasis): Promise<void> {
    if (days.length === 0) return;
    await this.#uow.run((tx) =>
      tx.dashboard.requestFill(
        days.map((d) => d.date),
        basis,
      ),
    );
  }

  /**
   * Computes and stores the given days (a history fill job's batch), skipping those already
   * stored; says per day whether this call computed it. Throws when the database failed (the
   * job queue retries the batch).
   */
  async fill(wanted: readonly WantedDay[]): Promise<boolean[]> {
    const batch = wanted.map(({ date, basis }) => ({ day: dayOf(Date.parse(`${date}T00:00:00Z`)), basis }));
    const newest = batch.reduce<Day | null>((a, w) => (a === null || w.day.end > a.end ? w.day : a), null);
    if (newest === null) return [];
    // The device histories (the bulk of a load) are read once, as of the newest day: the
    // evaluator ignores device facts after its instant (core/compliance/properties.test.ts,
    // property a) and, given a knowledge instant, those recorded after it (known.ts), so each
    // older day, on either basis, needs only its own people, protocols and lifecycle facts.
    // Read after `knownAt` is taken (see #computeDay), they hold every fact known by then.
    const knownAt = this.#clock.now();
    const devices = await this.#uow.read((tx) => tx.dashboard.histories(undefined, newest.end));
    const computed: boolean[] = [];
    // Newest first: the end of the chart is what a reader looks at.
    const order = batch.map((w, i) => ({ w, i })).sort((a, b) => b.w.day.start - a.w.day.start);
    for (const { w, i } of order) computed[i] = await this.#computeDay(w, devices, knownAt);
    return computed;
  }

  /**
   * Evaluates and stores one day. `readAt` is an instant taken before any of the facts were read:
   * everything recorded by then is in them, so "as true then" is exactly "as of the day's end,
   * known at `readAt`" (and is stored with that knowledge instant); a fact recorded later but
   * back-dated into the day is left out here and deletes the stored day when it is written.
   */
  async #computeDay(
    { day, basis }: Wanted,
    histories: FleetSnapshotData['devices'],
    readAt: Instant,
  ): Promise<boolean> {
    const read = await this.#uow.read(async (tx) =>
      (await tx.dashboard.historyDays([day.date], basis)).length > 0
        ? null
        : { dataVersion: await tx.dashboard.dataVersion(), facts: await tx.dashboard.factsAt(day.end) },
    );
    if (read === null) return false;
    const knownAt = basis === 'then' ? day.end : readAt;
    // As FleetReader.load does: only devices with a status recorded by then.
    const devices = histories.filter((h) => h.statuses.some((s) => s.at <= day.end));
    // Outside any transaction (on PGlite one open transaction holds every other query), and in
    // slices: a worker of role `all` also serves requests (evaluate-chunked.ts). The counts need
    // no sorted findings.
    const result = await evaluateFleetChunked(
      evaluationInput({ ...read.facts, devices }, day.end, undefined, knownAt),
      { unsorted: true },
    );
    // Another process may have stored the day meanwhile: the first one stays.
    await this.#uow.run((tx) =>
      tx.dashboard.putHistoryDay({
        day: day.date,
        basis,
        at: day.end,
        counts: countDay(result),
        dataVersion: read.dataVersion,
        knownAt,
        computedAt: this.#clock.now(),
      }),
    );
    return true;
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
