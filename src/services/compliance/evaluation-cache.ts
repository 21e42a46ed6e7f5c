/**
 * The fleet evaluated "now", cached. Evaluating 100,000 devices takes seconds on PostgreSQL
 * (loading the facts, then the rules), far over what a dashboard may wait for on every view.
 *
 * The key is (data version, time bucket, protocol override):
 * - the data version is the seq of the last audit event that can change a fact: every command
 *   appends an audit event in its transaction, so any committed change of a fact gives a new
 *   version and the next read re-evaluates (a sign-in or a notice does not);
 * - the time bucket (default five minutes) bounds how stale a time-dependent verdict can be (a
 *   check becoming overdue at 10:00:00 shows by 10:10 at the latest), and also
 *   bounds the effect of a transaction that drew a lower seq but committed after a higher one;
 *   when the clock has just moved into the next bucket, readers get the previous result while
 *   the next is computed (so a verdict is at most two buckets old); a bigger jump waits;
 * - concurrent readers of one key share a single evaluation (single flight).
 * One cache per unit of work (per database) in the process, shared by every service using it.
 */
import type { EvaluationResult } from '../../core/compliance/types.ts';
import type { Clock, UnitOfWork } from '../kernel/ports.ts';
import { evaluationInput } from './compliance.service.ts';
import { evaluateFleetChunked } from './evaluate-chunked.ts';

/**
 * Five minutes: deadlines are days, and each re-evaluation of a large fleet costs seconds of
 * database and CPU time (at 100,000 devices), even though it yields to other requests as it goes.
 */
export const DEFAULT_EVALUATION_BUCKET_MS = 5 * 60_000;
/** Protocol overrides kept at once (each holds a whole evaluation); the least recent goes. */
const MAX_SLOTS = 8;

interface Slot {
  readonly version: number;
  readonly bucket: number;
  readonly result: Promise<EvaluationResult>;
  /** The result once it is computed. */
  done: EvaluationResult | null;
  /** A newer evaluation of the same data running in the background. */
  refreshing: boolean;
}

const caches = new WeakMap<UnitOfWork, EvaluationCache>();

export class EvaluationCache {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #bucketMs: number;
  readonly #slots = new Map<string, Slot>();
  /** Evaluations computed (not served from the cache), for tests and the benchmark. */
  misses = 0;

  constructor(deps: { uow: UnitOfWork; clock: Clock }, bucketMs = DEFAULT_EVALUATION_BUCKET_MS) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#bucketMs = bucketMs;
  }

  /** The process-wide cache of this database. */
  static of(deps: { uow: UnitOfWork; clock: Clock }): EvaluationCache {
    let cache = caches.get(deps.uow);
    if (cache === undefined) {
      cache = new EvaluationCache(deps);
      caches.set(deps.uow, cache);
    }
    return cache;
  }

  /**
   * The fleet as of (about) now, every device against its holder's protocol or `protocol`.
   * After a write the caller waits for the new evaluation (it must see its own change). When
   * the clock has just moved into the next time bucket, the previous result is returned at once
   * and the next one computed in the background, so no reader pays for the clock's turn.
   */
  async current(protocol?: string): Promise<EvaluationResult> {
    const now = this.#clock.now();
    const version = await this.#uow.read((tx) => tx.dashboard.dataVersion());
    const bucket = Math.floor(now / this.#bucketMs);
    const name = protocol ?? '';
    const slot = this.#slots.get(name);
    if (slot !== undefined && slot.version === version) {
      // Most recently used last, so the eviction below drops the least recent.
      this.#slots.delete(name);
      this.#slots.set(name, slot);
      if (slot.bucket === bucket) return slot.result;
      // Stale by one bucket at most: a clock that moved further (a server that slept, a test's
      // injected clock) waits for the fresh verdicts, as expiries of days may have passed.
      if (slot.done !== null && bucket === slot.bucket + 1) {
        if (!slot.refreshing) {
          slot.refreshing = true;
          this.#start(name, version, bucket, now, protocol).then(
            () => {},
            () => {
              slot.refreshing = false;
            },
          );
        }
        return slot.done;
      }
    }
    return this.#start(name, version, bucket, now, protocol);
  }

  #start(name: string, version: number, bucket: number, now: number, protocol: string | undefined) {
    this.misses++;
    const result = this.#uow
      .run((tx) => tx.fleet.load(now))
      // In slices, so that the requests arriving meanwhile are answered (evaluate-chunked.ts).
      .then((data) => evaluateFleetChunked(evaluationInput(data, now, protocol)));
    const slot: Slot = { version, bucket, result, done: null, refreshing: false };
    const previous = this.#slots.get(name);
    // A background refresh replaces the slot only once it has its result.
    if (previous === undefined || previous.version !== version || previous.done === null) {
      this.#slots.delete(name);
      this.#slots.set(name, slot);
    }
    result.then(
      (r) => {
        slot.done = r;
        const current = this.#slots.get(name);
        if (
          current === undefined ||
          current === slot ||
          (current.version === version && current.bucket < bucket)
        )
          this.#slots.set(name, slot);
      },
      () => {
        // A failed evaluation (unknown protocol, database down) is not kept.
        if (this.#slots.get(name) === slot) this.#slots.delete(name);
      },
    );
    if (this.#slots.size > MAX_SLOTS) {
      const oldest = this.#slots.keys().next().value;
      if (oldest !== undefined) this.#slots.delete(oldest);
    }
    return result;
  }
}
