/**
 * The serving thread's side of the evaluation worker (worker.ts, docs/adr/0039-evaluation-worker.md):
 * starts it, keeps the mirror of its result, and answers `current()` once the worker's answer to
 * it has been applied. The worker's parts are taken one per turn of the event loop (the next is
 * asked for on the following turn), so a whole fleet arriving never blocks a request for long.
 * When the worker fails or exits, every reader waiting and every later one gets null: the
 * evaluation cache then evaluates in process (logged once).
 */
import { Worker } from 'node:worker_threads';
import { DeltaReader } from '../../core/compliance/result-delta.ts';
import type { EvaluationResult } from '../../core/compliance/types.ts';
import type { Instant } from '../../core/time.ts';
import type { OffloadedFleet } from '../../services/compliance/ports.ts';
import { PartDecoder } from './compact.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './messages.ts';

/** Summaries, indices and findings per message: about a millisecond to copy on the serving thread. */
const PART_SIZE = 2_000;
/** How long a stopping worker may take to close its connections before it is terminated. */
const STOP_MS = 2_000;

export interface EvaluationLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EvaluationWorkerOptions {
  readonly url: string;
  readonly schema: string | null;
  /** The instant the worker's clock reads (tests with a fixed clock); absent: the system clock. */
  readonly fixedNow?: Instant;
  readonly partSize?: number;
}

export class EvaluationWorker implements OffloadedFleet {
  readonly #options: EvaluationWorkerOptions;
  #log: EvaluationLogger | null = null;
  #worker: Worker | null = null;
  #mirror: EvaluationResult | null = null;
  readonly #reader = new DeltaReader();
  /** The worker's string table: the mirror's strings, one copy each. */
  readonly #decoder = new PartDecoder();
  readonly #waiting = new Map<number, (r: EvaluationResult | null) => void>();
  #next = 1;
  /** The worker failed or exited: in process from now on. */
  #down = false;
  /** Parts and answers applied, for tests and the benchmark. */
  messages = 0;
  /** Deltas taken as the worker state's edits (not a diff of the lists), for tests. */
  edited = 0;

  constructor(options: EvaluationWorkerOptions) {
    this.#options = options;
  }

  /** Starts the worker, which evaluates the fleet at once; idempotent. */
  start(log: EvaluationLogger): void {
    if (this.#worker !== null || this.#down) return;
    this.#log = log;
    const settings: WorkerSettings = {
      url: this.#options.url,
      schema: this.#options.schema,
      partSize: this.#options.partSize ?? PART_SIZE,
      fixedNow: this.#options.fixedNow ?? null,
    };
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: settings });
    worker.on('message', (m: FromWorker) => this.#receive(m));
    worker.on('error', (err) => {
      this.#log?.error({ err }, 'evaluation worker failed: evaluating in process');
      this.#fail();
    });
    worker.on('exit', (code) => {
      if (!this.#down) this.#log?.warn({ code }, 'evaluation worker exited: evaluating in process');
      this.#fail();
    });
    this.#worker = worker;
    this.#log?.info({ threadId: worker.threadId }, 'evaluation worker started');
  }

  /** The running worker thread (for tests and diagnostics); null before start or once down. */
  get worker(): Worker | null {
    return this.#worker;
  }

  current(): Promise<EvaluationResult | null> {
    const worker = this.#worker;
    if (worker === null) return Promise.resolve(null);
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      worker.postMessage({ type: 'current', id } satisfies ToWorker);
    });
  }

  /** Stops the worker (its connections closed), then reads go in process. */
  async stop(): Promise<void> {
    const worker = this.#worker;
    if (worker === null) return;
    this.#down = true;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    const timer = setTimeout(() => void worker.terminate(), STOP_MS);
    await exited;
    clearTimeout(timer);
    this.#fail();
  }

  #receive(m: FromWorker): void {
    this.messages++;
    if (m.type === 'part') {
      let next: EvaluationResult | null;
      const asEdits = m.part.asEdits;
      try {
        next = this.#reader.take(this.#mirror, this.#decoder.decode(m.part));
      } catch (err) {
        // A mirror out of step cannot be trusted again: the worker goes, reads go in process.
        this.#log?.error({ err }, 'evaluation worker delta did not apply: evaluating in process');
        void this.#worker?.terminate();
        this.#fail();
        return;
      }
      if (next !== null) this.#mirror = next;
      if (m.part.last && asEdits) this.edited++;
    } else if (m.type === 'failed') {
      this.#log?.warn({ message: m.message }, 'evaluation worker could not evaluate: in process this time');
    }
    for (const id of m.ids) {
      const resolve = this.#waiting.get(id);
      this.#waiting.delete(id);
      resolve?.(m.type === 'failed' ? null : this.#mirror);
    }
    // The next part on a later turn, after the requests this one let through.
    setImmediate(() => this.#worker?.postMessage({ type: 'more' } satisfies ToWorker));
  }

  #fail(): void {
    this.#down = true;
    this.#worker = null;
    for (const resolve of this.#waiting.values()) resolve(null);
    this.#waiting.clear();
  }
}
