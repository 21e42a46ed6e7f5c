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
import { evaluatePeopleAlone } from '../../core/compliance/evaluate.ts';
import type { DeviceHistory, EvaluationInput, EvaluationResult } from '../../core/compliance/types.ts';
import {
  addCounts,
  countDay,
  type Day,
  type DayCounts,
  dayOf,
  daysBetween,
  type HistoryBasis,
  NO_COUNTS,
} from '../../core/dashboard/history.ts';
import { type DeviceTimeline, type ProtocolPeriod, personTimeline } from '../../core/dashboard/timeline.ts';
import { deadlinesCouldRank, rankToday, type TodayItem } from '../../core/dashboard/today.ts';
import { VigilError } from '../../core/errors.ts';
import type { Person } from '../../core/model.ts';
import { DAY, type Instant } from '../../core/time.ts';
import { evaluationInput, inForceFrom } from '../compliance/compliance.service.ts';
import { evaluateFleetChunked } from '../compliance/evaluate-chunked.ts';
import { EvaluationCache, type EvaluationCacheDeps } from '../compliance/evaluation-cache.ts';
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
  /** Devices per page of a history fill's read of the fleet (`HISTORY_PAGE` when omitted). */
  readonly historyPage?: number;
  /** Days a history fill computes in one read of the fleet (`HISTORY_DAYS_PER_PASS` when omitted). */
  readonly historyDaysPerPass?: number;
}

/**
 * Devices a history fill reads and evaluates at a time: its memory is a page of histories, not
 * the fleet's; large enough that each page's fixed cost per day (the evaluation's shared
 * context) stays small beside its devices.
 */
export const HISTORY_PAGE = 5_000;

/**
 * Days evaluated in one read of the fleet: each holds its people, protocols and lifecycle facts
 * for the whole pass. The default window (29 past days) is one pass.
 */
export const HISTORY_DAYS_PER_PASS = 32;

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
  readonly #page: number;
  readonly #daysPerPass: number;
  readonly #schedule: ScheduleService;

  constructor(deps: EvaluationCacheDeps & { dashboard?: DashboardOptions }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#cache = EvaluationCache.of(deps);
    this.#waitMs = deps.dashboard?.historyWaitMs ?? 2000;
    this.#pollMs = deps.dashboard?.historyPollMs ?? 100;
    this.#page = Math.max(1, deps.dashboard?.historyPage ?? HISTORY_PAGE);
    this.#daysPerPass = Math.max(1, deps.dashboard?.historyDaysPerPass ?? HISTORY_DAYS_PER_PASS);
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
   * Starts, without waiting, the evaluation of now, and once it is done (or failed) asks the job
   * queue for the default history window's missing days as true then (a worker process calls it
   * at start). The fills after it: filling a month of days over the fleet competes with the first
   * evaluation for the same cores and database, and the first summary waits on that evaluation.
   * Failures are left to the first real request.
   */
  warm(): void {
    const now = this.#clock.now();
    const past = daysBetween(now - (DEFAULT_HISTORY_DAYS - 1) * DAY, now).filter((d) => d.end < now);
    this.#cache
      .current()
      .catch(() => {})
      .then(() => this.#stored(past, 'now'))
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
    // Newest first: the end of the chart is what a reader looks at.
    const order = batch.map((w, i) => ({ w, i })).sort((a, b) => b.w.day.start - a.w.day.start);
    const computed: boolean[] = batch.map(() => false);
    for (let k = 0; k < order.length; k += this.#daysPerPass) {
      const group = order.slice(k, k + this.#daysPerPass);
      const done = await this.#fillPass(group.map((o) => o.w));
      group.forEach((o, j) => {
        computed[o.i] = done[j] === true;
      });
    }
    return computed;
  }

  /**
   * Evaluates and stores days (newest first) in one read of the device histories, a page of
   * `historyPage` devices at a time, so that memory holds a page and each day's other facts,
   * whatever the fleet's size. The histories are read as of the newest day: the evaluator
   * ignores device facts after its instant (core/compliance/properties.test.ts, property a)
   * and, given a knowledge instant, those recorded after it (known.ts), so each older day, on
   * either basis, needs only its own people, protocols and lifecycle facts. Each page is
   * evaluated for every day without the person and facility pass, and counted: a day's counts
   * are sums over its devices and findings (`addCounts`), so the pages add up to the whole
   * fleet's; that pass runs once per day at the end, over the few devices its detections name.
   *
   * `readAt` is an instant taken before any of the facts were read: everything recorded by then
   * is in them, so "as true then" is exactly "as of the day's end, known at `readAt`" (and is
   * stored with that knowledge instant); a fact recorded later but back-dated into the day is
   * left out here and deletes the stored day when it is written.
   */
  async #fillPass(wanted: readonly Wanted[]): Promise<boolean[]> {
    const readAt = this.#clock.now();
    const days: {
      readonly w: Wanted;
      readonly input: EvaluationInput;
      readonly dataVersion: number;
      readonly knownAt: Instant;
      /** Device ids the day's detections name: the person and facility pass looks them up. */
      readonly detected: ReadonlySet<string>;
      readonly seen: DeviceHistory[];
      counts: DayCounts;
    }[] = [];
    const computed: boolean[] = [];
    for (const w of wanted) {
      const read = await this.#uow.read(async (tx) =>
        (await tx.dashboard.historyDays([w.day.date], w.basis)).length > 0
          ? null
          : { dataVersion: await tx.dashboard.dataVersion(), facts: await tx.dashboard.factsAt(w.day.end) },
      );
      computed.push(read !== null);
      if (read === null) continue;
      const knownAt = w.basis === 'then' ? w.day.end : readAt;
      days.push({
        w,
        input: evaluationInput({ ...read.facts, devices: [] }, w.day.end, undefined, knownAt),
        dataVersion: read.dataVersion,
        knownAt,
        detected: new Set(
          (read.facts.detections ?? []).flatMap((d) => (d.deviceId === null ? [] : [d.deviceId])),
        ),
        seen: [],
        counts: NO_COUNTS,
      });
    }
    if (days.length === 0) return computed;
    const newest = Math.max(...days.map((d) => d.w.day.end));
    const page = this.#page;
    for (let after: string | null = null; ; ) {
      // Outside any transaction (on PGlite one open transaction holds every other query).
      const histories = await this.#uow.read((tx) => tx.dashboard.historiesAfter(after, page, newest));
      for (const d of days) {
        const end = d.w.day.end;
        // As FleetReader.load does: only devices with a status recorded by then.
        const devices = histories.filter((h) => h.statuses.some((s) => s.at <= end));
        // In slices: a worker of role `all` also serves requests (evaluate-chunked.ts). The
        // counts need no sorted findings.
        const result = await evaluateFleetChunked({ ...d.input, devices }, { unsorted: true, people: false });
        d.counts = addCounts(d.counts, countDay(result));
        if (d.detected.size > 0) for (const h of devices) if (d.detected.has(h.device.id)) d.seen.push(h);
      }
      const last = histories.at(-1);
      if (last === undefined || histories.length < page) break;
      after = last.device.id;
    }
    for (const d of days) {
      const people = evaluatePeopleAlone({ ...d.input, devices: d.seen });
      const counts = addCounts(d.counts, countDay({ at: d.w.day.end, findings: people, devices: [] }));
      // Another process may have stored the day meanwhile: the first one stays.
      await this.#uow.run((tx) =>
        tx.dashboard.putHistoryDay({
          day: d.w.day.date,
          basis: d.w.basis,
          at: d.w.day.end,
          counts,
          dataVersion: d.dataVersion,
          knownAt: d.knownAt,
          computedAt: this.#clock.now(),
        }),
      );
    }
    return computed;
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
