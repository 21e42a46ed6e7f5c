/**
 * The history fill's worker thread (history-thread.ts): its own connection pool on the same
 * database and schema, a DashboardService computing each batch it is sent, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DashboardService } from '../../services/dashboard/dashboard.service.ts';
import { openDatabase } from '../db/client.ts';
import { systemClock } from '../system.ts';
import { BACKGROUND_NICE, runInBackground } from '../thread-priority.ts';
import type { FromHistoryThread, HistoryThreadSettings, ToHistoryThread } from './history-thread.ts';

const port = parentPort;
if (port === null) throw new Error('the history fill runs in a worker thread');
const settings = workerData as HistoryThreadSettings;
const fixedNow = settings.fixedNow;
// Before any work: the serving thread's requests come first on the CPU.
runInBackground(settings.nice ?? BACKGROUND_NICE);

const db = await openDatabase({
  url: settings.url,
  ...(settings.schema === null ? {} : { schema: settings.schema }),
  // A fill reads one page at a time, then stores its days.
  poolSize: 2,
});
const dashboard = new DashboardService({
  uow: db.uow,
  clock: fixedNow === null ? systemClock : { now: () => fixedNow },
  ...(settings.dashboard === undefined ? {} : { dashboard: settings.dashboard }),
});

// One batch at a time, in the order sent (the job queue sends one batch per claim).
let queue: Promise<void> = Promise.resolve();
port.on('message', (m: ToHistoryThread) => {
  if (m.type === 'stop') {
    queue = queue.then(async () => {
      await db.close();
      port.close();
    });
    return;
  }
  queue = queue.then(async () => {
    let answer: FromHistoryThread;
    try {
      answer = { type: 'filled', id: m.id, computed: await dashboard.fill(m.days) };
    } catch (err) {
      answer = { type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(answer);
  });
});
