/**
 * The SIEM webhook: POSTs a batch of events as JSON `{type: "audit.events", timestamp, data:
 * {firstSeq, lastSeq, events}}` (each event the same record as a stream line), signed per
 * Standard Webhooks by the notices' webhook sender (../standard-webhook.ts), so any Standard
 * Webhooks library verifies it (`webhook-id` = `vigil-audit-<first>-<last>`, stable across
 * retries so a receiver drops a re-delivered batch). The cursor (the last seq the receiver
 * acknowledged with a 2xx) lives in a small file replaced atomically (write, fsync, rename), so
 * a restart resumes after it. Delivery is at least once: a crash between the 2xx and the cursor
 * write re-sends that one batch, with the same id.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import { eventRecord, type StreamEvent } from '../../core/exports/jsonl.ts';
import { standardWebhookPost } from '../standard-webhook.ts';

export interface SiemWebhookOptions {
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
  /** Send over plain http:// to hosts other than loopback (VIGIL_ALLOW_INSECURE_HTTP). */
  readonly allowInsecureHttp?: boolean;
}

export interface SiemWebhook {
  /** Delivers or throws (network failure, timeout, non-2xx). */
  send(events: readonly StreamEvent[]): Promise<void>;
}

export function siemWebhook(opts: SiemWebhookOptions): SiemWebhook {
  const post = standardWebhookPost({ ...opts, name: 'siem webhook' });
  return {
    async send(events) {
      const firstSeq = events[0]?.seq ?? 0;
      const lastSeq = events.at(-1)?.seq ?? 0;
      const now = new Date();
      const body = JSON.stringify({
        type: 'audit.events',
        timestamp: now.toISOString(),
        data: { firstSeq, lastSeq, events: events.map(eventRecord) },
      });
      await post(`vigil-audit-${firstSeq}-${lastSeq}`, now, body);
    },
  };
}

/** The last seq the webhook receiver acknowledged (0 when the file does not exist yet). */
export function readCursor(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const seq = Number(text.trim());
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new VigilError('EXPORT_INVALID', `the SIEM cursor file ${path} does not hold a seq`);
  }
  return seq;
}

/** Replaces the cursor atomically: a crash leaves the old value or the new one, never half. */
export function writeCursor(path: string, seq: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${seq}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
