/**
 * The chain-of-custody list of an input: every file in it (not only those a check read) with
 * its size and SHA-256, so info.json can prove later what the evidence was when it was
 * scanned. Files are streamed in chunks (a 50 GB backup is never held), opened read-only,
 * links are listed and never followed (a link could point anywhere on the machine).
 */
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface InventoryEntry {
  /** Relative to the inventory's base, `/`-separated. */
  readonly path: string;
  readonly size: number;
  /** Null for a link (not followed) or a file that could not be read (see `problems`). */
  readonly sha256: string | null;
  /** Where a link points, as written; absent for regular files. */
  readonly link?: string;
}

export interface Inventory {
  readonly files: readonly InventoryEntry[];
  readonly problems: readonly string[];
}

const CHUNK = 1024 * 1024;

/** SHA-256 of a file read in chunks, read-only. */
export function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Every file under `root` (or `root` itself when it is a file), sorted by path. `known` gives
 * the hash of a file already read by a check (by absolute path), so it is not read twice.
 */
export function inventoryOf(
  root: string,
  known: (absolute: string) => string | null = () => null,
): Inventory {
  const files: InventoryEntry[] = [];
  const problems: string[] = [];
  const rel = (p: string) => relative(root, p).split(sep).join('/') || '.';
  const visit = (p: string, name: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) {
      files.push({ path: name, size: st.size, sha256: null, link: readlinkSync(p) });
    } else if (st.isDirectory()) {
      for (const n of readdirSync(p).sort()) visit(join(p, n), rel(join(p, n)));
    } else if (st.isFile()) {
      try {
        files.push({ path: name, size: st.size, sha256: known(p) ?? sha256OfFile(p) });
      } catch (err) {
        problems.push(`${name}: not hashed (${(err as Error).message})`);
        files.push({ path: name, size: st.size, sha256: null });
      }
    }
    // Sockets, devices and pipes are neither evidence files nor safe to open.
  };
  visit(root, lstatSync(root).isDirectory() ? '.' : (root.split(sep).pop() ?? root));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}
