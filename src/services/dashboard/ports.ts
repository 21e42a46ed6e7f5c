/** Ports of the dashboard read API: stored history days and targeted loads. */
import type { DeviceHistory } from '../../core/compliance/types.ts';
import type { DayCounts, HistoryBasis } from '../../core/dashboard/history.ts';
import type { Instant } from '../../core/time.ts';
import type { FleetSnapshotData } from '../compliance/ports.ts';
import type { ProtocolAssignment } from '../protocols/ports.ts';

/** One evaluated past day, as stored. */
export interface HistoryDay {
  readonly day: string;
  readonly basis: HistoryBasis;
  readonly at: Instant;
  readonly counts: DayCounts;
  /** The data version (see `dataVersion()`) when it was computed. */
  readonly dataVersion: number;
  /** Only facts recorded by this instant were counted: the day's end (`then`), the read (`now`). */
  readonly knownAt: Instant;
  readonly computedAt: Instant;
}

export interface DashboardRepository {
  /**
   * A cheap version of the facts compliance is judged on: the highest seq of an audit event
   * that can change one. Every command appends an audit event in its transaction, so the number
   * grows with every committed change of a fact; sign-ins, tokens, notices and exports
   * (`facts: false` in core/audit/events.ts) leave it, and the cached evaluation, as they were.
   */
  dataVersion(): Promise<number>;
  /** Stored days of `basis` among `days` (missing ones are left out), oldest first. */
  historyDays(days: readonly string[], basis: HistoryBasis): Promise<HistoryDay[]>;
  /**
   * Stores a day; a day already stored (another process computed it) is left as it is. A later
   * write of a fact effective at or before a `now` day's instant deletes that day (triggers:
   * schema.dashboard.ts).
   */
  putHistoryDay(day: HistoryDay): Promise<void>;
  /**
   * Asks, in this transaction, for these days of `basis` to be computed and stored by a worker
   * (a job per day on the job queue; a day already asked for and not started is asked once).
   */
  requestFill(days: readonly string[], basis: HistoryBasis): Promise<void>;
  /** Ids of the devices the person held at some time at or before `at` (custody). */
  devicesHeldBy(personId: string, at: Instant): Promise<string[]>;
  /** The full histories (facts at or before `at`) of the given devices, as the evaluator takes them. */
  histories(deviceIds: readonly string[], at: Instant): Promise<DeviceHistory[]>;
  /**
   * A page of the fleet in device id order: the full histories (facts at or before `at`) of the
   * first `limit` devices in service by `at` (a status at or before it) whose ids come after
   * `after` (from the first when null), in the database's order of ids. Fewer than `limit`: the last page.
   * `posture: false`: the posture reports are not read (each history's list is empty).
   */
  historiesAfter(
    after: string | null,
    limit: number,
    at: Instant,
    options?: { readonly posture?: boolean },
  ): Promise<DeviceHistory[]>;
  /**
   * Everything `FleetReader.load(at)` returns but the device histories: people, assignments,
   * protocols, releases and the lifecycle facts as known at `at`. Several past days are
   * evaluated from one read of the histories, a page at a time (the evaluator ignores device
   * facts after its instant), and these per day.
   */
  factsAt(at: Instant): Promise<Omit<FleetSnapshotData, 'devices'>>;
  /** Protocol assignments of these people at or before `at`, oldest first. */
  assignmentsOf(personIds: readonly string[], at: Instant): Promise<ProtocolAssignment[]>;
}
