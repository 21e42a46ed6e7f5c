/**
 * A read-only view over an acquisition: a folder on disk or a zip read by streaming (yauzl).
 * Zip members are never extracted: names with `..`, absolute paths and links are refused (they
 * could only matter to something that writes files). A member is inflated only when a check
 * reads it, counting the bytes as they come: past the per-member or per-archive cap the scan
 * fails with EVIDENCE_TOO_LARGE instead of exhausting memory (a zip bomb), and a member that
 * inflates to other than its declared size fails it with SCAN_INPUT_INVALID.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, lstatSync, openSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import yauzl from 'yauzl';
import { VigilError } from '../../core/errors.ts';
import type { EvidenceFiles } from './files.ts';

export interface FileSource {
  /** Member paths, `/`-separated, relative to the acquisition's root. */
  list(): readonly string[];
  read(name: string): Promise<Buffer>;
  /** A member's modification time (Unix ms) as the acquisition recorded it; absent where it has none. */
  modified?(name: string): number | null;
  /** Problems found while opening (unsafe zip members), reported by the scan. */
  readonly problems: readonly string[];
  /** Releases the archive's file handle (nothing for a folder). */
  close(): void;
}

/**
 * How deep a folder acquisition is walked. An iOS dump's app-container website data sits 15
 * folders below the root; links are never followed, so the bound is only against absurd trees.
 */
const MAX_FOLDER_DEPTH = 32;

export function folderSource(root: string, files: EvidenceFiles): FileSource {
  const names: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_FOLDER_DEPTH) return;
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
    async read(name) {
      if (!known.has(name)) throw new Error(`${name} is not in the acquisition`);
      return files.read(join(root, name));
    },
    // Metadata only (lstat): nothing is opened, a link is not followed.
    modified: (name) => (known.has(name) ? lstatSync(join(root, name)).mtimeMs : null),
    close() {},
  };
}

/** Caps on what a zip may inflate to, in bytes: one member, and all members read together. */
export interface ZipLimits {
  readonly maxMemberBytes: number;
  readonly maxArchiveBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxMemberBytes: 256 * 1024 ** 2,
  maxArchiveBytes: 1024 ** 3,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

/** Hashes the open file from its start without moving or closing the descriptor. */
export async function sha256OfFd(fd: number, files: EvidenceFiles, path: string): Promise<void> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream('', { fd, start: 0, autoClose: false })) hash.update(chunk);
  files.recordHash(path, hash.digest('hex'));
}

/**
 * Opens a zip for reading members on demand. Only the central directory is read here; the
 * archive's SHA-256 is computed by streaming it, never holding it whole.
 */
export async function zipSource(
  path: string,
  files: EvidenceFiles,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<FileSource> {
  // The descriptor checked (confinement, regular file) is the one read: a link swapped in
  // afterwards cannot redirect the reads.
  const fd = openSync(files.realPathOf(path), 'r');
  let zip: yauzl.ZipFile;
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
    await sha256OfFd(fd, files, path);
    zip = await yauzl.fromFdPromise(fd, {
      lazyEntries: true,
      autoClose: false,
      // Names are decoded and checked here, so one unsafe name skips that member only.
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  // yauzl closes the descriptor once the zip is closed and the last member stream is done;
  // only a failure while listing the members closes it here as well.
  return zipMembers(
    zip,
    path,
    files,
    limits,
    () => zip.close(),
    () => {
      zip.close();
      closeSync(fd);
    },
  );
}

/**
 * A zip held in memory (a member of another archive: the bug report inside an AndroidQF zip),
 * with the same member checks and inflate caps as one on disk. `path` names it in messages and
 * in the hashes of members read (`outer!bugreport.zip!member`).
 */
export async function zipBufferSource(
  path: string,
  bytes: Buffer,
  files: EvidenceFiles,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<FileSource> {
  const zip = await yauzl.fromBufferPromise(bytes, {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: true,
  });
  return zipMembers(
    zip,
    path,
    files,
    limits,
    () => zip.close(),
    () => zip.close(),
  );
}

async function zipMembers(
  zip: yauzl.ZipFile,
  path: string,
  files: EvidenceFiles,
  limits: ZipLimits,
  release: () => void,
  abort: () => void,
): Promise<FileSource> {
  const memberCap = Math.min(limits.maxMemberBytes, files.maxBytes);
  const problems: string[] = [];
  const members = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        false,
      );
      if (yauzl.validateFileName(name) !== null) {
        problems.push(`zip member ${JSON.stringify(name)} escapes the archive; skipped`);
        continue;
      }
      if (name.endsWith('/')) continue;
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (entry.versionMadeBy >> 8 === MADE_BY_UNIX && mode === S_IFLNK) {
        problems.push(`zip member ${name} is a symbolic link; skipped`);
        continue;
      }
      if (entry.uncompressedSize > memberCap)
        problems.push(
          `zip member ${name} would inflate to ${entry.uncompressedSize} bytes (limit ${memberCap}); not read`,
        );
      members.set(name, entry);
    }
  } catch (err) {
    abort();
    throw err;
  }
  const names = [...members.keys()].sort();
  let inflated = 0;
  const tooLarge = (what: string) =>
    new VigilError(
      'EVIDENCE_TOO_LARGE',
      `${path}: ${what}; the archive is refused (a zip bomb, or raise the limit: VIGIL_SCAN_MAX_MEMBER_BYTES, VIGIL_SCAN_MAX_ARCHIVE_BYTES)`,
    );
  return {
    problems,
    list: () => names,
    async read(name) {
      const entry = members.get(name);
      if (entry === undefined) throw new Error(`${name} is not in the archive`);
      if (entry.uncompressedSize > memberCap)
        throw tooLarge(
          `member ${name} declares ${entry.uncompressedSize} bytes, over the ${memberCap}-byte limit`,
        );
      if (inflated + entry.uncompressedSize > limits.maxArchiveBytes)
        throw tooLarge(`reading ${name} would inflate the archive past ${limits.maxArchiveBytes} bytes`);
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          size += chunk.length;
          // Counted as it inflates, whatever the header said: yauzl checks the declared size
          // too, but only this count bounds what is held.
          if (size > memberCap || inflated + size > limits.maxArchiveBytes) {
            throw tooLarge(`member ${name} inflates past its limit`);
          }
          chunks.push(chunk);
        }
      } catch (err) {
        stream.destroy();
        if (err instanceof VigilError) throw err;
        throw new VigilError(
          'SCAN_INPUT_INVALID',
          `${path}: member ${name} does not inflate as declared: ${(err as Error).message}`,
        );
      }
      inflated += size;
      const bytes = Buffer.concat(chunks, size);
      files.record(`${path}!${name}`, bytes);
      return bytes;
    },
    close: release,
  };
}

/** The member whose path ends with `/name` (or is `name`), the first in sorted order. */
export function findMember(src: FileSource, test: (base: string) => boolean): string[] {
  return src.list().filter((n) => test(n.split('/').pop() ?? n));
}
