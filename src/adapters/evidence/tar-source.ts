/**
 * An uncompressed tar (a full-filesystem extraction is usually one) read in place: the headers
 * are indexed by position, a member's bytes are read only when a check asks for them, so a
 * dump of tens of gigabytes is never held. Only regular files are members: links are reported
 * and skipped (a link inside evidence must not lead a check elsewhere), devices and folders are
 * ignored, and names that are absolute or climb with `..` are refused. A member larger than the
 * per-member cap is listed as a problem and not read (the module that wanted it fails).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { VigilError } from '../../core/errors.ts';
import type { EvidenceFiles } from './files.ts';
import { type FileSource, sha256OfFd, type ZipLimits } from './sources.ts';

/** A pax or GNU long-name header larger than this is not a name: the archive is refused. */
const MAX_META_BYTES = 1024 * 1024;

/** Whether the first 512 bytes are a ustar header (POSIX and GNU tars both write the magic). */
export const isTar = (head: Buffer) => head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar';

const cstr = (b: Buffer, at: number, len: number) => b.toString('utf8', at, at + len).replace(/\0.*$/s, '');

/** A numeric header field: octal text, or GNU base-256 (high bit set) for sizes past 8 GiB. */
function numeric(b: Buffer, at: number, len: number): number {
  if (((b[at] ?? 0) & 0x80) !== 0) {
    let n = (b[at] ?? 0) & 0x7f;
    for (let i = at + 1; i < at + len; i++) n = n * 256 + (b[i] ?? 0);
    return n;
  }
  const s = b
    .toString('latin1', at, at + len)
    .replace(/\0.*$/s, '')
    .trim();
  const n = Number.parseInt(s || '0', 8);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad numeric field ${JSON.stringify(s)}`);
  return n;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** The `path=` record of a pax extended header, if it has one. */
function paxPath(data: Buffer): string | null {
  let pos = 0;
  const text = data.toString('utf8');
  while (pos < text.length) {
    const sp = text.indexOf(' ', pos);
    if (sp < 0) break;
    const len = Number.parseInt(text.slice(pos, sp), 10);
    if (!Number.isSafeInteger(len) || len <= 0) break;
    const record = text.slice(sp + 1, pos + len - 1);
    if (record.startsWith('path=')) return record.slice(5);
    pos += len;
  }
  return null;
}

export async function tarSource(path: string, files: EvidenceFiles, limits: ZipLimits): Promise<FileSource> {
  // The descriptor checked (confinement, regular file) is the one read.
  const fd = openSync(files.realPathOf(path), 'r');
  const members = new Map<string, { offset: number; size: number; mtime: number }>();
  const problems: string[] = [];
  try {
    const total = fstatSync(fd);
    if (!total.isFile()) throw new Error(`${path} is not a regular file`);
    await sha256OfFd(fd, files, path);
    let pos = 0;
    let longName: string | null = null;
    while (pos + 512 <= total.size) {
      const h = readAt(fd, pos, 512);
      if (h.every((x) => x === 0)) break;
      const size = numeric(h, 124, 12);
      const type = String.fromCharCode(h[156] ?? 0);
      const data = pos + 512;
      if (data + size > total.size) {
        problems.push(`tar member at byte ${pos} is truncated; the rest of the archive is not read`);
        break;
      }
      const prefix = h.toString('latin1', 257, 262) === 'ustar' ? cstr(h, 345, 155) : '';
      const raw = longName ?? (prefix === '' ? cstr(h, 0, 100) : `${prefix}/${cstr(h, 0, 100)}`);
      longName = null;
      if (type === 'x' || type === 'L') {
        if (size > MAX_META_BYTES)
          throw new VigilError('SCAN_INPUT_INVALID', `${path}: a ${size}-byte tar name header is not a name`);
        const meta = readAt(fd, data, size);
        longName = type === 'x' ? paxPath(meta) : meta.toString('utf8').replace(/\0.*$/s, '');
      } else if (type === '0' || type === '\0' || type === '7') {
        const name = raw.replace(/^(\.\/)+/, '');
        if (name.startsWith('/') || name.split('/').includes('..')) {
          problems.push(`tar member ${JSON.stringify(raw)} escapes the archive; skipped`);
        } else {
          if (size > limits.maxMemberBytes)
            problems.push(`tar member ${name} is ${size} bytes (limit ${limits.maxMemberBytes}); not read`);
          members.set(name, { offset: data, size, mtime: numeric(h, 136, 12) * 1000 });
        }
      } else if (type === '1' || type === '2') {
        problems.push(`tar member ${raw} is a link; skipped`);
      }
      // Folders, devices, fifos and global pax headers carry no file content.
      pos = data + Math.ceil(size / 512) * 512;
    }
  } catch (err) {
    closeSync(fd);
    if (err instanceof VigilError) throw err;
    throw new VigilError('SCAN_INPUT_INVALID', `${path} is not a readable tar: ${(err as Error).message}`);
  }
  const names = [...members.keys()].sort();
  const memberCap = Math.min(limits.maxMemberBytes, files.maxBytes);
  return {
    problems,
    list: () => names,
    async read(name) {
      const m = members.get(name);
      if (m === undefined) throw new Error(`${name} is not in the archive`);
      // Not a bomb (nothing inflates): the module reading it fails, as for a large file in a folder.
      if (m.size > memberCap)
        throw new Error(`${name} is too large (${m.size} bytes; limit ${memberCap}); not read`);
      const bytes = readAt(fd, m.offset, m.size);
      if (bytes.length !== m.size) throw new Error(`${name} is truncated in the archive`);
      files.record(`${path}!${name}`, bytes);
      return bytes;
    },
    modified: (name) => members.get(name)?.mtime ?? null,
    close: () => closeSync(fd),
  };
}
