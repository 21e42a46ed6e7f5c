/**
 * Builds SQLite write-ahead logs for tests: sql.js cannot write WAL files itself. The WAL holds
 * the pages of `after` that differ from `before` as one committed transaction, optionally
 * followed by an uncommitted frame. The checksum is written out again here rather than
 * imported from the reader, so a mistake in one is caught by the other.
 */

function checksum(data: Buffer, bigEndian: boolean, s: [number, number]): [number, number] {
  let [a, b] = s;
  for (let i = 0; i < data.length; i += 8) {
    a = (a + (bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i)) + b) >>> 0;
    b = (b + (bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4)) + a) >>> 0;
  }
  return [a, b];
}

export interface WalOptions {
  readonly salts?: [number, number];
  /** A valid frame after the commit, with no commit of its own (an unfinished transaction). */
  readonly uncommittedPage?: { pgno: number; page: Uint8Array };
  readonly bigEndian?: boolean;
}

export function buildWal(before: Uint8Array, after: Uint8Array, pageSize: number, opts: WalOptions = {}) {
  const bigEndian = opts.bigEndian ?? false;
  const [salt1, salt2] = opts.salts ?? [0x01020304, 0x0a0b0c0d];
  const header = Buffer.alloc(32);
  header.writeUInt32BE(bigEndian ? 0x377f0683 : 0x377f0682, 0);
  header.writeUInt32BE(3007000, 4);
  header.writeUInt32BE(pageSize, 8);
  header.writeUInt32BE(salt1, 16);
  header.writeUInt32BE(salt2, 20);
  let sum = checksum(header.subarray(0, 24), bigEndian, [0, 0]);
  header.writeUInt32BE(sum[0], 24);
  header.writeUInt32BE(sum[1], 28);
  const parts: Buffer[] = [header];
  const frame = (pgno: number, page: Buffer, commit: number) => {
    const h = Buffer.alloc(24);
    h.writeUInt32BE(pgno, 0);
    h.writeUInt32BE(commit, 4);
    h.writeUInt32BE(salt1, 8);
    h.writeUInt32BE(salt2, 12);
    sum = checksum(page, bigEndian, checksum(h.subarray(0, 8), bigEndian, sum));
    h.writeUInt32BE(sum[0], 16);
    h.writeUInt32BE(sum[1], 20);
    parts.push(h, page);
  };
  const pages = after.length / pageSize;
  const changed: number[] = [];
  for (let p = 1; p <= pages; p++) {
    const a = Buffer.from(after.subarray((p - 1) * pageSize, p * pageSize));
    if (!a.equals(before.subarray((p - 1) * pageSize, p * pageSize))) changed.push(p);
  }
  changed.forEach((p, i) => {
    const page = Buffer.from(after.subarray((p - 1) * pageSize, p * pageSize));
    frame(p, page, i === changed.length - 1 ? pages : 0);
  });
  if (opts.uncommittedPage !== undefined)
    frame(opts.uncommittedPage.pgno, Buffer.from(opts.uncommittedPage.page), 0);
  return Buffer.concat(parts);
}

/** Marks a database file as WAL mode (header bytes 18/19 = 2), as a phone's live file is. */
export function walMode(db: Uint8Array): Buffer {
  const b = Buffer.from(db);
  b[18] = 2;
  b[19] = 2;
  return b;
}
