/**
 * The evaluation worker (docs/adr/0039-evaluation-worker.md): a worker thread with its own
 * connection to the same PostgreSQL database and its own announcements listener, owning the
 * evaluation cache of the fleet "now". It answers each request of the serving thread with the
 * delta from the last result it sent (core/compliance/result-delta.ts), one bounded part per
 * message, the next only once the serving thread asked for it (so a large delta, such as the
 * first, is taken in one part per turn of the serving thread's event loop).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ResultPart, resultDelta } from '../../core/compliance/result-delta.ts';
import type { EvaluationResult } from '../../core/compliance/types.ts';
import { EvaluationCache } from '../../services/compliance/evaluation-cache.ts';
import { openDatabase } from '../db/client.ts';
import { systemClock } from '../system.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './messages.ts';

const port = parentPort;
if (port === null) throw new Error('the evaluation worker runs in a worker thread');
const settings = workerData as WorkerSettings;
const fixedNow = settings.fixedNow;

const db = await openDatabase({
  url: settings.url,
  ...(settings.schema === null ? {} : { schema: settings.schema }),
  // A read now and then, and a full load at a rebuild.
  poolSize: 2,
});
const cache = new EvaluationCache({
  uow: db.uow,
  clock: fixedNow === null ? systemClock : { now: () => fixedNow },
  announcements: db.announcements,
});

/** The result the serving thread's mirror holds (or will, once it took the parts sent). */
let sent: EvaluationResult | null = null;
const outbox: FromWorker[] = [];
/** Messages the serving thread is ready for. */
let credit = 1;
let waiting: number[] = [];
let running = false;
let stopping = false;

function flush(): void {
  while (credit > 0 && outbox.length > 0) {
    credit--;
    port?.postMessage(outbox.shift());
  }
}

/** One evaluation for every request waiting: each arrived before it began. */
async function answer(): Promise<void> {
  const ids = waiting;
  waiting = [];
  try {
    const result = await cache.current();
    if (result === sent) outbox.push({ type: 'same', ids });
    else {
      const parts: ResultPart[] = resultDelta(sent, result, settings.partSize);
      sent = result;
      parts.forEach((part) => {
        outbox.push({ type: 'part', part, ids: part.last ? ids : [] });
      });
    }
  } catch (err) {
    outbox.push({ type: 'failed', ids, message: err instanceof Error ? err.message : String(err) });
  }
  flush();
}

function schedule(): void {
  if (running || stopping) return;
  running = true;
  // After the messages already due, so that one evaluation answers them all.
  setImmediate(() => {
    void answer().finally(() => {
      running = false;
      if (waiting.length > 0) schedule();
    });
  });
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'current') {
    waiting.push(m.id);
    schedule();
  } else if (m.type === 'more') {
    credit++;
    flush();
  } else {
    stopping = true;
    port.close();
    void db.close();
  }
});

// The first pass at once, so that the mirror is ready before the first reader asks.
schedule();
