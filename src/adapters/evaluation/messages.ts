/** The messages between the serving thread and the evaluation worker (worker.ts, offload.ts). */
import type { Instant } from '../../core/time.ts';
import type { CompactPart } from './compact.ts';

/** What the worker is started with (its workerData). */
export interface WorkerSettings {
  /** The same database as the serving thread's: PostgreSQL URL and schema. */
  readonly url: string;
  readonly schema: string | null;
  /** Summaries, indices and findings per message. */
  readonly partSize: number;
  /** The instant the worker's clock reads (tests with a fixed clock); null: the system clock. */
  readonly fixedNow: Instant | null;
}

export type ToWorker =
  /** Answer with a result including every change committed before this message was sent. */
  | { readonly type: 'current'; readonly id: number }
  /** The serving thread took in the last message: the next may come. */
  | { readonly type: 'more' }
  | { readonly type: 'stop' };

export type FromWorker =
  /**
   * A part of the delta that brings the mirror to the worker's latest result, compact (its
   * numbers transferred, not cloned); `ids` on the last one.
   */
  | { readonly type: 'part'; readonly part: CompactPart; readonly ids: readonly number[] }
  /** Nothing changed since the last result sent. */
  | { readonly type: 'same'; readonly ids: readonly number[] }
  /** The evaluation failed (the database, most likely): these readers evaluate in process. */
  | { readonly type: 'failed'; readonly ids: readonly number[]; readonly message: string };
