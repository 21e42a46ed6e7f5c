/**
 * The JSON-lines stream file: append-only, each batch written then fsync'd before the cursor
 * moves on, so a crash loses at most an unsynced tail that the next start re-sends. At open,
 * the last complete line says where the stream stands (its `seq`), and a partial last line
 * left by a crash mid-write is cut off; so a restart resumes with no duplicate and no gap.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import { streamPosition } from '../../core/exports/jsonl.ts';

export interface StreamFile {
  /** The seq of the last event in the file (0 when empty). */
  readonly lastSeq: number;
  /** Appends lines (each ending in a newline) and fsyncs; `lastSeq` becomes `seq`. */
  append(text: string, seq: number): void;
  close(): void;
}

/** Where the file stands, reading ever longer tails until the last complete line is found. */
function position(fd: number): { seq: number; completeBytes: number } {
  const size = fstatSync(fd).size;
  for (let want = 64 * 1024; ; want *= 4) {
    const len = Math.min(size, want);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    let pos: { seq: number; completeBytes: number } | null;
    try {
      pos = streamPosition(buf, size - len);
    } catch (err) {
      throw new VigilError('EXPORT_INVALID', `the stream file is not Vigil's: ${(err as Error).message}`);
    }
    if (pos !== null) return pos;
    if (len === size) return { seq: 0, completeBytes: 0 };
  }
}

export function openStreamFile(path: string): StreamFile {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+', 0o640);
  let closed = false;
  try {
    const pos = position(fd);
    if (pos.completeBytes < fstatSync(fd).size) {
      ftruncateSync(fd, pos.completeBytes); // a partial line from a crash mid-write
      fsyncSync(fd);
    }
    let lastSeq = pos.seq;
    return {
      get lastSeq() {
        return lastSeq;
      },
      append(text: string, seq: number) {
        const buf = Buffer.from(text, 'utf8');
        // 'a' mode: every write lands at the end, whatever else appends.
        for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
        fsyncSync(fd);
        lastSeq = seq;
      },
      close() {
        if (!closed) closeSync(fd);
        closed = true;
      },
    };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}
