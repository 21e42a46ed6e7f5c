/**
 * Replays a SQLite write-ahead log into a copy of its database, in memory. A WAL-mode database
 * on a phone keeps its latest transactions in `<db>-wal` until a checkpoint; reading the main
 * file alone would miss them. sql.js (1.16) does not expose its virtual file system and has no
 * shared memory for a WAL index, so the frames are applied here, following the published file
 * format (sqlite.org/fileformat2.html#walformat):
 *
 * - a 32-byte header: magic 0x377f0682/3 (the low bit gives the checksum byte order), format
 *   version, page size, checkpoint sequence, two salts, a checksum of the first 24 bytes;
 * - frames of a 24-byte header (page number, database size in pages for a commit frame else 0,
 *   the two salts, a cumulative checksum over the frame header's first 8 bytes and the page)
 *   followed by one page.
 *
 * A frame counts only if its salts match the header's and the running checksum holds; frames
 * after the last valid commit frame belong to an unfinished transaction and are dropped, as
 * SQLite does on recovery. The evidence bytes are never modified: the result is a new buffer.
 */

const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

export interface WalReplay {
  /** The database with every committed frame applied, in rollback-journal mode. */
  readonly bytes: Uint8Array;
  /** Frames applied (those of committed transactions). */
  readonly frames: number;
  /** Valid frames dropped because no commit frame followed them. */
  readonly uncommitted: number;
}

/** SQLite's WAL checksum over `data` (length a multiple of 8), continuing from `s`. */
function checksum(data: Buffer, bigEndian: boolean, s: [number, number]): [number, number] {
  let s0 = s[0];
  let s1 = s[1];
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/**
 * Applies `wal` to `db`. Throws when the WAL header is not a SQLite WAL (the caller reports it
 * and reads the main file alone); an empty WAL or one with no committed frame returns `db`.
 */
export function replayWal(db: Uint8Array, wal: Uint8Array): WalReplay {
  const w = Buffer.from(wal.buffer, wal.byteOffset, wal.byteLength);
  if (w.length === 0) return { bytes: db, frames: 0, uncommitted: 0 };
  if (w.length < WAL_HEADER) throw new Error('the -wal file is shorter than a WAL header');
  const magic = w.readUInt32BE(0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) throw new Error('the -wal file is not a SQLite WAL');
  const bigEndian = magic === MAGIC_BE;
  const pageSize = w.readUInt32BE(8) === 1 ? 65536 : w.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    throw new Error(`the -wal file has an invalid page size ${pageSize}`);
  const salt1 = w.readUInt32BE(16);
  const salt2 = w.readUInt32BE(20);
  let sum = checksum(w.subarray(0, 24), bigEndian, [0, 0]);
  if (sum[0] !== w.readUInt32BE(24) || sum[1] !== w.readUInt32BE(28))
    throw new Error('the -wal header checksum does not match');

  // Pages of the transactions seen so far; `committed` is the state at the last commit frame.
  const pending = new Map<number, Buffer>();
  const committed = new Map<number, Buffer>();
  let dbPages: number | null = null;
  let frames = 0;
  let pendingFrames = 0;
  for (let off = WAL_HEADER; off + FRAME_HEADER + pageSize <= w.length; off += FRAME_HEADER + pageSize) {
    if (w.readUInt32BE(off + 8) !== salt1 || w.readUInt32BE(off + 12) !== salt2) break;
    const page = w.subarray(off + FRAME_HEADER, off + FRAME_HEADER + pageSize);
    const next = checksum(page, bigEndian, checksum(w.subarray(off, off + 8), bigEndian, sum));
    if (next[0] !== w.readUInt32BE(off + 16) || next[1] !== w.readUInt32BE(off + 20)) break;
    sum = next;
    const pgno = w.readUInt32BE(off);
    if (pgno === 0) break;
    pending.set(pgno, page);
    pendingFrames++;
    const commitSize = w.readUInt32BE(off + 4);
    if (commitSize !== 0) {
      for (const [n, p] of pending) committed.set(n, p);
      pending.clear();
      frames += pendingFrames;
      pendingFrames = 0;
      dbPages = commitSize;
    }
  }
  if (dbPages === null) return { bytes: db, frames: 0, uncommitted: pendingFrames };
  if (db.length > 0 && db.length % pageSize !== 0)
    throw new Error(`the database size is not a multiple of the WAL page size ${pageSize}`);

  const out = new Uint8Array(dbPages * pageSize);
  out.set(db.subarray(0, Math.min(db.length, out.length)));
  for (const [pgno, page] of committed) if (pgno <= dbPages) out.set(page, (pgno - 1) * pageSize);
  // Header bytes 18/19 (write/read format) 2 = WAL; 1 = rollback journal, so the copy opens alone.
  if (out.length >= 100) {
    out[18] = 1;
    out[19] = 1;
  }
  return { bytes: out, frames, uncommitted: pendingFrames };
}
