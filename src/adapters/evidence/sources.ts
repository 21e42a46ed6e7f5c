/**
 * A read-only view over an acquisition: a folder on disk or a zip read into memory. Zip
 * members are never extracted: names with `..`, absolute paths and links are refused (they
 * could only matter to something that writes files), and sizes are capped before inflating,
 * so a zip bomb is reported instead of exhausting memory.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { unzipSync } from 'fflate';
import type { EvidenceFiles } from './files.ts';

export interface FileSource {
  /** Member paths, `/`-separated, relative to the acquisition's root. */
  list(): readonly string[];
  read(name: string): Buffer;
  /** Problems found while opening (unsafe zip members), reported by the scan. */
  readonly problems: readonly string[];
}

export function folderSource(root: string, files: EvidenceFiles): FileSource {
  const names: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 12) return;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      // Links are not followed: evidence must not lead the scan out of its folder.
      if (d.isDirectory()) walk(p, depth + 1);
      else if (d.isFile()) names.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root, 0);
  const known = new Set(names);
  return {
    problems: [],
    list: () => names,
    read(name) {
      if (!known.has(name)) throw new Error(`${name} is not in the acquisition`);
      return files.read(join(root, name));
    },
  };
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export function zipSource(path: string, files: EvidenceFiles, maxTotalBytes = files.maxBytes): FileSource {
  const data = files.read(path);
  const problems: string[] = [];
  let total = 0;
  const members = unzipSync(data, {
    filter(f) {
      const unsafe =
        f.name.startsWith('/') || /^[a-z]:/i.test(f.name) || f.name.split(/[\\/]/).includes('..');
      if (unsafe) {
        problems.push(`zip member ${JSON.stringify(f.name)} escapes the archive; skipped`);
        return false;
      }
      if (f.name.endsWith('/')) return false;
      if (f.originalSize > files.maxBytes || total + f.originalSize > maxTotalBytes) {
        problems.push(
          `zip member ${f.name} would inflate to ${f.originalSize} bytes (limit reached); skipped`,
        );
        return false;
      }
      total += f.originalSize;
      return true;
    },
  });
  // Symbolic links are stored as members whose mode (in the central directory) says so.
  const links = zipSymlinks(data);
  for (const name of Object.keys(members)) {
    if (links.has(name)) {
      problems.push(`zip member ${name} is a symbolic link; skipped`);
      delete members[name];
    }
  }
  const names = Object.keys(members).sort();
  return {
    problems,
    list: () => names,
    read(name) {
      const m = members[name];
      if (m === undefined) throw new Error(`${name} is not in the archive`);
      files.record(`${path}!${name}`, m);
      return Buffer.from(m.buffer, m.byteOffset, m.byteLength);
    },
  };
}

/** Names of central-directory entries whose Unix mode marks a symbolic link. */
function zipSymlinks(zip: Uint8Array): Set<string> {
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = new Set<string>();
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  let p = b.readUInt32LE(eocd + 16);
  const count = b.readUInt16LE(eocd + 10);
  for (let n = 0; n < count && p + 46 <= b.length && b.readUInt32LE(p) === 0x02014b50; n++) {
    const madeBy = b.readUInt16LE(p + 4) >> 8;
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const external = b.readUInt32LE(p + 38);
    const name = b.toString('utf8', p + 46, p + 46 + nameLen);
    if (madeBy === 3 && ((external >>> 16) & S_IFMT) === S_IFLNK) out.add(name);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The member whose path ends with `/name` (or is `name`), the first in sorted order. */
export function findMember(src: FileSource, test: (base: string) => boolean): string[] {
  return src.list().filter((n) => test(n.split('/').pop() ?? n));
}
