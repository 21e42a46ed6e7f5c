/**
 * The SIEM event stream: every audit event as one line of JSON (JSON Lines / NDJSON), in log
 * order. The line carries `seq` so a consumer (and Vigil itself, resuming a file) knows where
 * the stream stands.
 */
import { toIso } from '../time.ts';

export interface StreamEvent {
  readonly seq: number;
  readonly type: string;
  readonly at: number;
  readonly actor: string;
  readonly actorPersonId: string | null;
  readonly subject: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One event as the stream's record: ISO time, keys in a fixed order so lines are diffable. */
export function eventRecord(e: StreamEvent) {
  return {
    seq: e.seq,
    type: e.type,
    at: toIso(e.at),
    actor: e.actor,
    actorPersonId: e.actorPersonId,
    subject: e.subject,
    payload: e.payload,
  };
}

/** One event as one line, newline included. */
export function eventLine(e: StreamEvent): string {
  return `${JSON.stringify(eventRecord(e))}\n`;
}

/**
 * Where a stream file stands: the seq of its last complete line (0 for none), and how many
 * bytes of it are complete lines (a crash mid-write may leave a partial last line, which the
 * writer cuts off before appending). `tail` is the file's last bytes, starting at byte
 * `offset`; null means the last complete line began before the tail (read a longer tail).
 */
export function streamPosition(
  tail: Uint8Array,
  offset: number,
): { seq: number; completeBytes: number } | null {
  const end = tail.lastIndexOf(0x0a);
  if (end < 0) return offset === 0 ? { seq: 0, completeBytes: 0 } : null;
  const start = end === 0 ? 0 : tail.lastIndexOf(0x0a, end - 1) + 1;
  if (start === 0 && offset > 0) return null;
  const completeBytes = offset + end + 1;
  const last = new TextDecoder().decode(tail.subarray(start, end)).trim();
  if (last === '') return { seq: 0, completeBytes };
  let seq: unknown;
  try {
    seq = (JSON.parse(last) as { seq?: unknown }).seq;
  } catch {
    seq = undefined;
  }
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new Error('the last line of the stream file is not a Vigil event line');
  }
  return { seq, completeBytes };
}
