/**
 * The evaluation worker (docs/adr/0039-evaluation-worker.md): a worker thread with its own
 * connection to the same PostgreSQL database and its own announcements listener, owning the
 * evaluation cache of the fleet "now". It answers each request of the serving thread with what
 * changed since its last answer: the state's change log as edits when it can tell, else the
 * delta from what the mirror holds (core/compliance/result-delta.ts), one bounded part per
 * message, the next only once the serving thread asked for it (so a large delta, such as the
 * first, is taken in one part per turn of the serving thread's event loop).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BlockList } from '../../core/compliance/block-list.ts';
import type { FleetState } from '../../core/compliance/incremental.ts';
import { changesDelta, type ResultPart, resultDelta } from '../../core/compliance/result-delta.ts';
import type { DeviceSummary } from '../../core/compliance/types.ts';
import type { Finding } from '../../core/model.ts';
import { EvaluationCache } from '../../services/compliance/evaluation-cache.ts';
import { openDatabase } from '../db/client.ts';
import { systemClock } from '../system.ts';
import { PartEncoder } from './compact.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './messages.ts';

/**
 * Finding edits sent as they are at most; beyond, one diff of the lists costs less than a move
 * of the list per edit (here and on the serving thread).
 */
const MAX_EDITS = 256;

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

/**
 * What the serving thread's mirror holds (or will, once it took the parts sent), kept up to date
 * here in place with the same edits (no copy per change; the findings in blocks, so an edit
 * moves one block): the base a diff is made from when the state's change log cannot tell a change.
 */
let sent: { at: number; devices: DeviceSummary[]; findings: BlockList<Finding> } | null = null;
/** The state whose change log `sent` follows. */
let followed: FleetState | null = null;
const outbox: FromWorker[] = [];
/** Its string table is the serving thread's decoder's: every part goes through it, in order. */
const encoder = new PartEncoder();
/** Messages the serving thread is ready for. */
let credit = 1;
let waiting: number[] = [];
let running = false;
let stopping = false;

/** Resolves on the next turn of the event loop, after the messages already due. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function flush(): void {
  while (credit > 0 && outbox.length > 0) {
    credit--;
    const m = outbox.shift() as FromWorker;
    port?.postMessage(m, m.type === 'part' ? [m.part.numbers.buffer as ArrayBuffer] : []);
  }
}

/** One evaluation for every request waiting: each arrived before it began. */
async function answer(): Promise<void> {
  const ids = waiting;
  waiting = [];
  try {
    const state = await cache.currentState();
    const changes = state.changes();
    let parts: ResultPart[];
    if (changes !== null && state === followed && sent !== null && changes.findings.length <= MAX_EDITS) {
      if (changes.devices.length === 0 && changes.findings.length === 0 && changes.at === sent.at) {
        outbox.push({ type: 'same', ids });
        flush();
        return;
      }
      // A few edits: made here too (a move of one block each) and sent as they are.
      for (const [i, d] of changes.devices) sent.devices[i] = d;
      for (const [i, f] of changes.findings)
        if (f === null) sent.findings.removeAt(i);
        else sent.findings.insert(i, f);
      sent.at = changes.at;
      parts = changesDelta(changes, settings.partSize);
    } else {
      // A new state, a re-sort or many edits: the result diffed against what the mirror holds.
      const result = state.result();
      parts = resultDelta(
        sent === null ? null : { at: sent.at, devices: sent.devices, findings: sent.findings.toArray() },
        result,
        settings.partSize,
      );
      sent = { at: result.at, devices: result.devices.slice(), findings: BlockList.from(result.findings) };
      followed = state;
    }
    for (const part of parts) {
      outbox.push({ type: 'part', part: encoder.encode(part), ids: part.last ? ids : [] });
      flush();
      // The serving thread takes the parts already sent while the next are encoded: its
      // request for more is read between two parts (a whole fleet took longer to encode than
      // to take, and the two were one after the other).
      if (!part.last) await nextTurn();
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
