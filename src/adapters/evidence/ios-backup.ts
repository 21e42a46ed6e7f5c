/**
 * iTunes/Finder iOS backups: Info.plist, Manifest.plist, Status.plist and Manifest.db at the
 * root; every backed-up file at `<fileID[0:2]>/<fileID>`, where fileID is the SHA-1 of
 * "domain-relativePath". Encrypted backups are decrypted in memory, file by file, only for the
 * files a check asks for; nothing decrypted is written anywhere.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import type { ManifestEntry } from '../../core/forensics/ios.ts';
import type { EvidenceFiles, ExtractSink } from './files.ts';
import {
  aesCbcDecrypt,
  aesCbcDecryptor,
  parseKeybag,
  stripPadding,
  unlockKeybag,
  unwrapFileKey,
} from './ios-crypto.ts';
import { bool, bytesOf, isDict, numOf, type PlistDict, parsePlist, unarchive } from './plist.ts';
import { num, SqliteEvidence, text } from './sqlite.ts';

export interface BackupFile {
  readonly fileID: string;
  readonly domain: string;
  readonly relativePath: string;
  readonly flags: number;
  readonly blob: Uint8Array | null;
}

const isBackupDir = (dir: string) =>
  existsSync(join(dir, 'Manifest.db')) && existsSync(join(dir, 'Info.plist'));

/** The backup folder itself, or the one backup inside a parent folder; null when neither. */
export function locateIosBackup(path: string): string | null {
  if (!statSync(path).isDirectory()) return null;
  if (isBackupDir(path)) return path;
  const inside = readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isBackupDir(join(path, d.name)))
    .map((d) => join(path, d.name));
  if (inside.length > 1) {
    throw new VigilError('SCAN_INPUT_INVALID', `${path} holds ${inside.length} backups; name one of them`);
  }
  return inside[0] ?? null;
}

export type PasswordSource = () => Promise<string>;

/** SQL LIKE (ASCII case-insensitive, `%` any run, `_` one character) as a regular expression. */
function likeRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

export class IosBackup {
  readonly root: string;
  readonly info: PlistDict;
  readonly manifestPlist: PlistDict;
  readonly encrypted: boolean;
  readonly #files: EvidenceFiles;
  readonly #db: SqliteEvidence;
  readonly #classKeys: ReadonlyMap<number, Buffer> | null;

  private constructor(
    root: string,
    info: PlistDict,
    manifestPlist: PlistDict,
    files: EvidenceFiles,
    db: SqliteEvidence,
    classKeys: ReadonlyMap<number, Buffer> | null,
  ) {
    this.root = root;
    this.info = info;
    this.manifestPlist = manifestPlist;
    this.encrypted = classKeys !== null;
    this.#files = files;
    this.#db = db;
    this.#classKeys = classKeys;
  }

  static async open(root: string, files: EvidenceFiles, password: PasswordSource | null): Promise<IosBackup> {
    const plist = (name: string): PlistDict => {
      let v: ReturnType<typeof parsePlist>;
      try {
        v = parsePlist(files.read(join(root, name)));
      } catch (err) {
        throw new VigilError(
          'SCAN_INPUT_INVALID',
          `${name} of the backup cannot be read: ${(err as Error).message}`,
        );
      }
      if (!isDict(v)) throw new VigilError('SCAN_INPUT_INVALID', `${name} of the backup is not a dictionary`);
      return v;
    };
    const info = plist('Info.plist');
    const manifestPlist = existsSync(join(root, 'Manifest.plist')) ? plist('Manifest.plist') : {};
    if (existsSync(join(root, 'Status.plist'))) plist('Status.plist');
    const manifestPath = join(root, 'Manifest.db');
    let manifestBytes: Buffer | null = null;
    let classKeys: Map<number, Buffer> | null = null;
    if (bool(manifestPlist.IsEncrypted) === true) {
      const bag = bytesOf(manifestPlist.BackupKeyBag);
      if (bag === null) throw new VigilError('SCAN_INPUT_INVALID', 'the encrypted backup has no key bag');
      if (password === null) {
        throw new VigilError(
          'BACKUP_PASSWORD_REQUIRED',
          'the backup is encrypted: set VIGIL_BACKUP_PASSWORD or run on a terminal to be asked',
        );
      }
      classKeys = await unlockKeybag(parseKeybag(bag), await password());
      const mk = bytesOf(manifestPlist.ManifestKey);
      // Backups from before iOS 10.2 leave Manifest.db in clear. Decrypted as it is read: a
      // million-entry manifest is some 200 MB, and only the plaintext needs to be held.
      if (mk !== null) {
        const key = unwrapFileKey(classKeys, mk);
        try {
          manifestBytes = stripPadding(files.readThrough(manifestPath, (size) => aesCbcDecryptor(key, size)));
        } catch (err) {
          throw new VigilError(
            'SCAN_INPUT_INVALID',
            `Manifest.db cannot be decrypted: ${(err as Error).message}`,
          );
        }
      }
    }
    manifestBytes ??= files.read(manifestPath);
    // A plain backup's Manifest.db may still have its write-ahead log beside it.
    const walPath = join(root, 'Manifest.db-wal');
    const manifestWal = classKeys === null && existsSync(walPath) ? files.read(walPath) : null;
    let db: SqliteEvidence;
    try {
      db = await SqliteEvidence.open(manifestBytes, manifestWal);
      db.rows('SELECT fileID FROM Files LIMIT 1');
      if (db.walProblem !== null) files.note(`Manifest.db: ${db.walProblem}`);
    } catch (err) {
      throw new VigilError(
        'SCAN_INPUT_INVALID',
        classKeys === null
          ? `Manifest.db is not readable (an encrypted backup without Manifest.plist?): ${(err as Error).message}`
          : `Manifest.db does not decrypt to a database: ${(err as Error).message}`,
      );
    }
    return new IosBackup(root, info, manifestPlist, files, db, classKeys);
  }

  readonly #prefetched = new Map<string, BackupFile[]>();
  /** Receives every file read (decrypted), for `--extract`; null by default: nothing is written. */
  extract: ExtractSink | null = null;

  /**
   * Finds the files of every given path pattern in ONE pass over Manifest.db, so a
   * million-row manifest is scanned once rather than once per check module.
   */
  prefetch(patterns: readonly string[]): void {
    const wanted = patterns.filter((p) => !this.#prefetched.has(p));
    if (wanted.length === 0) return;
    const tests = wanted.map((p) => [p, likeRegex(p)] as const);
    for (const p of wanted) this.#prefetched.set(p, []);
    // Paths without `%` are compared with one IN (a lookup per row) rather than a LIKE each:
    // on a million-row manifest every LIKE costs a comparison per row, and most paths are exact.
    const exact = wanted.filter((p) => !p.includes('%'));
    const like = wanted.filter((p) => p.includes('%'));
    const where = [
      ...(exact.length === 0 ? [] : [`relativePath IN (${exact.map(() => '?').join(', ')})`]),
      ...like.map(() => 'relativePath LIKE ?'),
    ].join(' OR ');
    for (const r of this.#db.iterate(
      `SELECT fileID, domain, relativePath, flags, file FROM Files WHERE flags = 1 AND (${where})`,
      [...exact, ...like],
    )) {
      const f = this.#toFile(r);
      for (const [p, re] of tests) if (re.test(f.relativePath)) this.#prefetched.get(p)?.push(f);
    }
  }

  *entries(): Generator<ManifestEntry> {
    // Every entry is kept as a record, and a million entries share a few thousand domains: one
    // string per domain rather than one per entry saves some 45 MB on such a manifest.
    const domains = new Map<string, string>();
    for (const [domain, relativePath, flags] of this.#db.iterateValues(
      'SELECT domain, relativePath, flags FROM Files',
    )) {
      const d = text(domain) ?? '';
      let shared = domains.get(d);
      if (shared === undefined) {
        shared = d;
        domains.set(d, d);
      }
      yield { domain: shared, relativePath: text(relativePath) ?? '', flags: num(flags) ?? 0 };
    }
  }

  #toFile(r: Record<string, unknown>): BackupFile {
    const blob = r.file;
    return {
      fileID: String(r.fileID),
      domain: String(r.domain ?? ''),
      relativePath: String(r.relativePath ?? ''),
      flags: Number(r.flags ?? 0),
      blob: blob instanceof Uint8Array ? blob : null,
    };
  }

  /** Files (not folders) at `relativePath` (SQL LIKE pattern), in `domain` (LIKE pattern) when given. */
  find(relativePath: string, domain: string | null = null): BackupFile[] {
    const cached = this.#prefetched.get(relativePath);
    if (cached !== undefined) {
      const d = domain === null ? null : likeRegex(domain);
      return cached.filter((f) => d === null || d.test(f.domain));
    }
    const rows =
      domain === null
        ? this.#db.rows(
            'SELECT fileID, domain, relativePath, flags, file FROM Files WHERE relativePath LIKE ? AND flags = 1',
            [relativePath],
          )
        : this.#db.rows(
            'SELECT fileID, domain, relativePath, flags, file FROM Files WHERE relativePath LIKE ? AND domain LIKE ? AND flags = 1',
            [relativePath, domain],
          );
    return rows.map((r) => this.#toFile(r));
  }

  /**
   * The `-wal` file backed up beside a SQLite database, if any: looked up by its fileID (the
   * SHA-1 of "domain-relativePath-wal"), the primary key, so a million-row manifest is not scanned.
   */
  /** See EvidenceFiles.note. */
  note(message: string): void {
    this.#files.note(message);
  }

  walOf(f: BackupFile): BackupFile | null {
    const id = createHash('sha1').update(`${f.domain}-${f.relativePath}-wal`).digest('hex');
    const [row] = this.#db.rows(
      'SELECT fileID, domain, relativePath, flags, file FROM Files WHERE fileID = ? AND flags = 1',
      [id],
    );
    return row === undefined ? null : this.#toFile(row);
  }

  /** The file's content (decrypted in memory for an encrypted backup). */
  read(f: BackupFile): Buffer {
    if (!/^[0-9a-f]{40}$/i.test(f.fileID)) throw new Error(`invalid file id ${f.fileID}`);
    const nested = join(this.root, f.fileID.slice(0, 2), f.fileID);
    const path = existsSync(nested) ? nested : join(this.root, f.fileID);
    if (!existsSync(path))
      throw new Error(`${f.domain}/${f.relativePath} is listed but missing from the backup`);
    const content = this.#content(f, this.#files.read(path));
    this.extract?.(f.domain, f.relativePath, content);
    return content;
  }

  #content(f: BackupFile, raw: Buffer): Buffer {
    if (this.#classKeys === null) return raw;
    if (f.blob === null) throw new Error(`${f.relativePath} has no file record`);
    const meta = unarchive(parsePlist(f.blob));
    if (!isDict(meta)) throw new Error(`${f.relativePath} has an unreadable file record`);
    const wrapped = bytesOf(meta.EncryptionKey);
    if (wrapped === null) throw new Error(`${f.relativePath} has no encryption key`);
    const key = unwrapFileKey(this.#classKeys, wrapped, numOf(meta.ProtectionClass) ?? undefined);
    const plain = aesCbcDecrypt(key, raw);
    const size = numOf(meta.Size);
    return size !== null && size <= plain.length ? plain.subarray(0, size) : stripPadding(plain);
  }

  close(): void {
    this.#db.close();
  }
}
