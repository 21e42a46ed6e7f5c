/**
 * Moving audit events to the SIEM sinks: the file and the webhook each keep their own position
 * (the file's last line, the webhook's cursor file) and pull batches after it from the export
 * service, which hands out only events already in the verifiable log's tree, in seq order.
 * `startSiemLoops` runs them in `start`/`serve`; `vigil export jsonl` pumps once.
 */

import type { SiemConfig } from '../../config.ts';
import { eventLine } from '../../core/exports/jsonl.ts';
import type { AuditEvent } from '../../services/audit/ports.ts';
import type { ExportService } from '../../services/exports/export.service.ts';
import { every, type Loop, type LoopLogger } from '../notify/background.ts';
import type { StreamFile } from './file-sink.ts';
import { openStreamFile } from './file-sink.ts';
import { readCursor, type SiemWebhook, siemWebhook, writeCursor } from './webhook-sink.ts';

type Source = Pick<ExportService, 'eventsAfter'>;

export const linesOf = (events: readonly AuditEvent[]) => events.map(eventLine).join('');

/**
 * Reads every available event after `after` in batches of `batch`, handing each batch's lines
 * (and its last seq) to `onBatch`; returns how many events there were and the last seq read.
 */
export async function pumpEvents(
  source: Source,
  after: number,
  batch: number,
  onBatch: (text: string, lastSeq: number) => void,
): Promise<{ events: number; lastSeq: number }> {
  let lastSeq = after;
  let events = 0;
  for (;;) {
    const page = await source.eventsAfter(lastSeq, batch);
    const last = page.at(-1);
    if (last === undefined) break;
    onBatch(linesOf(page), last.seq);
    lastSeq = last.seq;
    events += page.length;
    if (page.length < batch) break;
  }
  return { events, lastSeq };
}

/** Appends every available event after the file's last line; returns how many were written. */
export async function pumpToFile(source: Source, file: StreamFile, batch: number): Promise<number> {
  const { events } = await pumpEvents(source, file.lastSeq, batch, (text, lastSeq) =>
    file.append(text, lastSeq),
  );
  return events;
}

/** Sends every available event after the cursor in batches; the cursor moves after each 2xx. */
export async function pumpToWebhook(
  source: Source,
  hook: SiemWebhook,
  cursorFile: string,
  batch: number,
): Promise<number> {
  let cursor = readCursor(cursorFile);
  let total = 0;
  for (;;) {
    const events = await source.eventsAfter(cursor, batch);
    const last = events.at(-1);
    if (last === undefined) return total;
    await hook.send(events);
    writeCursor(cursorFile, last.seq);
    cursor = last.seq;
    total += events.length;
    if (events.length < batch) return total;
  }
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** The stream loops for the configured sinks (none: a loop that does nothing). */
export function startSiemLoops(source: Source, config: SiemConfig, log: LoopLogger): Loop {
  const loops: Loop[] = [];
  const finals: (() => Promise<unknown>)[] = [];
  if (config.file !== null) {
    const file = openStreamFile(config.file);
    const round = async () => {
      const n = await pumpToFile(source, file, config.batch);
      if (n > 0) log.info({ siem: { file: n, seq: file.lastSeq } }, 'audit events streamed to file');
    };
    loops.push(every(config.intervalMs, round, (err) => log.error({ err }, 'SIEM file round failed')));
    finals.push(async () => {
      await round().catch((err: unknown) => log.error({ err }, 'SIEM file final round failed'));
      file.close();
    });
  }
  if (config.url !== null && config.secret !== null) {
    const hook = siemWebhook({
      url: config.url,
      secret: config.secret,
      timeoutMs: config.timeoutMs,
      allowInsecureHttp: config.allowInsecureHttp,
    });
    // After a failure the batch is retried later, waiting twice as long each time (capped).
    let failures = 0;
    let retryAt = 0;
    const round = async () => {
      if (performance.now() < retryAt) return;
      try {
        const n = await pumpToWebhook(source, hook, config.cursorFile, config.batch);
        failures = 0;
        if (n > 0) log.info({ siem: { webhook: n } }, 'audit events sent to the SIEM webhook');
      } catch (err) {
        failures++;
        retryAt = performance.now() + Math.min(MAX_BACKOFF_MS, config.intervalMs * 2 ** failures);
        throw err;
      }
    };
    loops.push(every(config.intervalMs, round, (err) => log.error({ err }, 'SIEM webhook round failed')));
    finals.push(() => round().catch((err: unknown) => log.error({ err }, 'SIEM webhook final round failed')));
  }
  return {
    /** Stops the loops, then sends what is left once (call it after the audit log's final integration). */
    async stop() {
      await Promise.all(loops.map((l) => l.stop()));
      for (const f of finals) await f();
    },
  };
}
