/**
 * History fills off the serving thread (docs/adr/0045, "Off the serving thread"): a worker thread
 * with its own connection to the same PostgreSQL database computes and stores the days
 * (`DashboardService.fill`), one batch at a time, and answers with what it computed. The serving
 * thread only passes the batch and the answer: the fill's evaluation, its JSON parsing and its
 * garbage collection (the young generation full of a page's histories, collected every few
 * milliseconds) happen in the worker's isolate, whose pauses no request waits for. The thread runs
 * at a lower priority (thread-priority.ts): on few cores, a request never waits for the scheduler
 * to take a core from the fill.
 * PostgreSQL only: PGlite is one connection in one thread (there the fill stays in process).
 */
import { Worker } from 'node:worker_threads';
import type { Instant } from '../../core/time.ts';
import { HISTORY_LIMITS } from '../thread-memory.ts';
import type { HistoryFiller, HistoryFillJob } from './history.ts';

/** What the fill's thread is started with (its workerData). */
export interface HistoryThreadSettings {
  /** The same database as the serving thread's: PostgreSQL URL and schema. */
  readonly url: string;
  readonly schema: string | null;
  /** The instant the thread's clock reads (tests with a fixed clock); null: the system clock. */
  readonly fixedNow: Instant | null;
  /** DashboardOptions for the fill (tests and the benchmark); none: the defaults. */
  readonly dashboard?: { readonly historyPage?: number; readonly historyDaysPerPass?: number };
  /**
   * The thread's nice value (Linux): the serving thread's requests preempt the fill's
   * evaluation. None: BACKGROUND_NICE; 0: the serving thread's priority (the benchmark's before).
   */
  readonly nice?: number;
}

export type ToHistoryThread =
  | { readonly type: 'fill'; readonly id: number; readonly days: readonly HistoryFillJob[] }
  | { readonly type: 'stop' };

export type FromHistoryThread =
  | { readonly type: 'filled'; readonly id: number; readonly computed: boolean[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

interface Pending {
  readonly resolve: (computed: boolean[]) => void;
  readonly reject: (err: Error) => void;
}

/**
 * Starts the thread at the first fill; a thread that fails or exits fails the batches in flight
 * (the job queue retries them) and is started again at the next fill.
 */
export class HistoryFillThread {
  readonly #settings: HistoryThreadSettings;
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Pending>();

  constructor(settings: HistoryThreadSettings) {
    this.#settings = settings;
  }

  /** The job queue's handler: the days computed and stored by the thread. */
  readonly fill: HistoryFiller = (days) => {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<boolean[]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'fill', id, days } satisfies ToHistoryThread);
    });
  };

  /** The running thread (tests); null before the first fill or once down. */
  get worker(): Worker | null {
    return this.#worker;
  }

  #start(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(new URL('./history-worker.ts', import.meta.url), {
      workerData: this.#settings,
      resourceLimits: HISTORY_LIMITS,
    });
    worker.on('message', (m: FromHistoryThread) => {
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.type === 'filled') p.resolve(m.computed);
      else p.reject(new Error(m.message));
    });
    const down = (err: Error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    worker.on('error', down);
    worker.on('exit', (code) => down(new Error(`the history fill thread exited (code ${code})`)));
    // A fill in flight keeps the process up through the job queue's stop; an idle thread does not.
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  /** Stops the thread (after the job queue stopped: no fill in flight). */
  async stop(): Promise<void> {
    const worker = this.#worker;
    if (worker === null) return;
    this.#worker = null;
    const exited = new Promise((r) => worker.once('exit', r));
    worker.postMessage({ type: 'stop' } satisfies ToHistoryThread);
    await exited;
  }
}
