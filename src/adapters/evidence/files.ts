/**
 * Every evidence byte is read through here: read-only, size-capped, and hashed (SHA-256 of the
 * bytes on disk) so info.json and the audit log can name exactly what the scan saw.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';

/**
 * Receives the (decrypted) content of a file a check read, for `vigil scan --extract`:
 * `domain` groups it (the iOS backup domain, `androidqf`, `android-backup`).
 */
export type ExtractSink = (domain: string, relativePath: string, content: Uint8Array) => void;

/** Default cap on one evidence file held in memory; a larger file is reported, not read. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3 - 1;

export class EvidenceFiles {
  readonly #hashes = new Map<string, string>();
  readonly maxBytes: number;
  /** When set, a real path (links resolved) every file read must be inside. */
  readonly #confine: string | null;

  constructor(maxBytes = DEFAULT_MAX_FILE_BYTES, confineTo: string | null = null) {
    this.maxBytes = maxBytes;
    this.#confine = confineTo === null ? null : realpathSync(confineTo);
  }

  /**
   * The path to open for `path`: its real path (links resolved) when reads are confined, and
   * refused when that leads outside the evidence folder. A link inside the evidence (say a
   * backup file pointing at /etc/shadow) must not make a server-side scan read what the
   * requester could not name themselves.
   */
  realPathOf(path: string): string {
    const real = this.#confine === null ? path : realpathSync(path);
    if (this.#confine !== null && !real.startsWith(this.#confine + sep))
      throw new Error(`${path} leads outside the evidence folder; not read`);
    return real;
  }

  read(path: string): Buffer {
    // The path checked is the path read: a link swapped in between cannot redirect the read.
    const real = this.realPathOf(path);
    const st = statSync(real);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size > this.maxBytes)
      throw new Error(`${path} is too large (${st.size} bytes; limit ${this.maxBytes})`);
    const bytes = readFileSync(real, { flag: 'r' });
    this.record(path, bytes);
    return bytes;
  }

  /**
   * Reads `path` as `read` does (same checks, same hash) but feeds it in chunks to the sink
   * `open` makes for the file's size, and returns what the sink makes of it: a large file that
   * is transformed whole (Manifest.db decrypted) is then never held twice, only the result is.
   * A chunk's memory is reused once `update` returns.
   */
  readThrough<T>(
    path: string,
    open: (size: number) => { update(chunk: Buffer): void; final(): T },
    chunkBytes = 8 * 1024 ** 2,
  ): T {
    const real = this.realPathOf(path);
    const fd = openSync(real, 'r');
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new Error(`${path} is not a regular file`);
      if (st.size > this.maxBytes)
        throw new Error(`${path} is too large (${st.size} bytes; limit ${this.maxBytes})`);
      const sink = open(st.size);
      const hash = createHash('sha256');
      const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, st.size)));
      let at = 0;
      for (let n = readSync(fd, buf, 0, buf.length, at); n > 0; n = readSync(fd, buf, 0, buf.length, at)) {
        at += n;
        if (at > st.size) throw new Error(`${path} grew while it was read`);
        const chunk = buf.subarray(0, n);
        hash.update(chunk);
        sink.update(chunk);
      }
      if (at !== st.size) throw new Error(`${path} shrank while it was read`);
      const result = sink.final();
      if (!this.#hashes.has(path)) this.#hashes.set(path, hash.digest('hex'));
      return result;
    } finally {
      closeSync(fd);
    }
  }

  /** Records bytes read some other way (a zip member, say) under a display path. */
  record(path: string, bytes: Uint8Array): void {
    if (!this.#hashes.has(path)) this.#hashes.set(path, createHash('sha256').update(bytes).digest('hex'));
  }

  /** Records the SHA-256 of a file hashed while streaming it (a zip, never held whole). */
  recordHash(path: string, sha256: string): void {
    if (!this.#hashes.has(path)) this.#hashes.set(path, sha256);
  }

  readonly #notes: string[] = [];

  /** Something the module reading now should report without failing (a -wal left out, say). */
  note(message: string): void {
    this.#notes.push(message);
  }

  /** The notes since the last call, for the module status that reports them. */
  takeNotes(): string[] {
    return this.#notes.splice(0);
  }

  /** The SHA-256 of a file already read under this path, or null. */
  hashOf(path: string): string | null {
    return this.#hashes.get(path) ?? null;
  }

  /** How many distinct evidence files have been read so far (for progress displays). */
  get count(): number {
    return this.#hashes.size;
  }

  hashes(): { path: string; sha256: string }[] {
    return [...this.#hashes]
      .map(([path, sha256]) => ({ path, sha256 }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}
