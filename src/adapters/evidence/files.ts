/**
 * Every evidence byte is read through here: read-only, size-capped, and hashed (SHA-256 of the
 * bytes on disk) so info.json and the audit log can name exactly what the scan saw.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** Default cap on one evidence file held in memory; a larger file is reported, not read. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3 - 1;

export class EvidenceFiles {
  readonly #hashes = new Map<string, string>();
  readonly maxBytes: number;

  constructor(maxBytes = DEFAULT_MAX_FILE_BYTES) {
    this.maxBytes = maxBytes;
  }

  read(path: string): Buffer {
    const st = statSync(path);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size > this.maxBytes)
      throw new Error(`${path} is too large (${st.size} bytes; limit ${this.maxBytes})`);
    const bytes = readFileSync(path, { flag: 'r' });
    this.record(path, bytes);
    return bytes;
  }

  /** Records bytes read some other way (a zip member, say) under a display path. */
  record(path: string, bytes: Uint8Array): void {
    if (!this.#hashes.has(path)) this.#hashes.set(path, createHash('sha256').update(bytes).digest('hex'));
  }

  hashes(): { path: string; sha256: string }[] {
    return [...this.#hashes]
      .map(([path, sha256]) => ({ path, sha256 }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}
