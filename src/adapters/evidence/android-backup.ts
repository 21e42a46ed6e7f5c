/**
 * Android `adb backup` files (.ab): a text header (magic, version, compressed flag, encryption),
 * then a tar stream, optionally zlib-compressed and AES-256-CBC encrypted. For encryption the
 * header carries the salts, PBKDF2 rounds, IV and the master-key blob; the blob decrypts with
 * the password key to IV + master key + a checksum that proves the password (computed over the
 * master key as Java turned bytes into chars: signed bytes, UTF-8 encoded, from version 2).
 * Everything stays in memory. An unpacked backup (its `apps/` tree in a folder) reads the same way.
 */
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { VigilError } from '../../core/errors.ts';
import type { FileSource } from './sources.ts';

const MAGIC = 'ANDROID BACKUP';

export const isAndroidBackup = (head: Uint8Array) =>
  Buffer.from(head.subarray(0, MAGIC.length + 1)).toString('latin1') === `${MAGIC}\n`;

/** Java's PBKDF2 over a byte[] first widened to char[] (sign-extended) and then UTF-8 encoded. */
export function javaMasterKeyBytes(key: Uint8Array): Buffer {
  const out: number[] = [];
  for (const b of key) {
    if (b < 0x80) out.push(b);
    else {
      // (char)(byte) is 0xFF80..0xFFFF: three UTF-8 bytes EF, BE|BF, 80..BF.
      const c = 0xff00 | b;
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  return Buffer.from(out);
}

function decryptCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([d.update(data), d.final()]);
}

export interface TarEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** Reads a .ab into its tar entries; `password` is asked only if it is encrypted. */
export async function readAndroidBackup(
  bytes: Buffer,
  password: (() => Promise<string>) | null,
  maxBytes: number,
): Promise<{ entries: TarEntry[]; encrypted: boolean }> {
  let pos = 0;
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 1024)
      throw new VigilError('SCAN_INPUT_INVALID', 'the Android backup header is truncated');
    const s = bytes.toString('latin1', pos, end);
    pos = end + 1;
    return s;
  };
  if (line() !== MAGIC) throw new VigilError('SCAN_INPUT_INVALID', 'not an Android backup');
  const version = Number(line());
  const compressed = line() === '1';
  const encryption = line();
  let body: Buffer = bytes.subarray(pos);
  if (encryption === 'AES-256') {
    const [userSalt, ckSalt, roundsText, userIv, blob] = [line(), line(), line(), line(), line()].map((x) =>
      x.trim(),
    );
    body = bytes.subarray(pos);
    if (password === null) {
      throw new VigilError(
        'BACKUP_PASSWORD_REQUIRED',
        'the Android backup is encrypted: set VIGIL_BACKUP_PASSWORD or run on a terminal to be asked',
      );
    }
    const rounds = Number(roundsText);
    const userKey = pbkdf2Sync(await password(), Buffer.from(userSalt ?? '', 'hex'), rounds, 32, 'sha1');
    let mk: Buffer;
    let iv: Buffer;
    try {
      const b = decryptCbc(userKey, Buffer.from(userIv ?? '', 'hex'), Buffer.from(blob ?? '', 'hex'));
      let p = 0;
      const take = () => {
        const n = b[p] ?? 0;
        const v = b.subarray(p + 1, p + 1 + n);
        p += 1 + n;
        return v;
      };
      iv = take();
      mk = take();
      const check = take();
      const expected = pbkdf2Sync(
        version > 1 ? javaMasterKeyBytes(mk) : mk,
        Buffer.from(ckSalt ?? '', 'hex'),
        rounds,
        32,
        'sha1',
      );
      if (!expected.equals(check)) throw new Error('checksum');
    } catch {
      throw new VigilError('BACKUP_PASSWORD_WRONG', 'the Android backup password is wrong');
    }
    try {
      body = decryptCbc(mk, iv, body);
    } catch (err) {
      throw new VigilError(
        'SCAN_INPUT_INVALID',
        `the Android backup does not decrypt: ${(err as Error).message}`,
      );
    }
  } else if (encryption !== 'none') {
    throw new VigilError('SCAN_INPUT_INVALID', `unknown Android backup encryption ${encryption}`);
  }
  if (compressed) {
    try {
      body = inflateSync(body, { maxOutputLength: maxBytes });
    } catch (err) {
      throw new VigilError(
        'SCAN_INPUT_INVALID',
        `the Android backup does not inflate: ${(err as Error).message}`,
      );
    }
  }
  return { entries: readTar(body), encrypted: encryption === 'AES-256' };
}

const octal = (b: Buffer, at: number, len: number) =>
  Number.parseInt(
    b
      .toString('latin1', at, at + len)
      .replace(/\0.*$/s, '')
      .trim() || '0',
    8,
  );
const cstr = (b: Buffer, at: number, len: number) => b.toString('utf8', at, at + len).replace(/\0.*$/s, '');

/** Regular files of a ustar/pax/GNU tar stream (links and devices are ignored). */
export function readTar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let pos = 0;
  let longName: string | null = null;
  while (pos + 512 <= tar.length) {
    const h = tar.subarray(pos, pos + 512);
    if (h.every((x) => x === 0)) break;
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] ?? 0);
    const prefix = h.toString('latin1', 257, 262) === 'ustar' ? cstr(h, 345, 155) : '';
    const name = longName ?? (prefix === '' ? cstr(h, 0, 100) : `${prefix}/${cstr(h, 0, 100)}`);
    const data = tar.subarray(pos + 512, pos + 512 + size);
    if (data.length < size) throw new Error('truncated tar entry');
    longName = null;
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      longName = m?.[1] ?? null;
    } else if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
    } else if (type === '0' || type === '\0') {
      out.push({ name, data });
    }
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** The tar entries holding the telephony provider's SMS backups. */
export const SMS_BACKUP_ENTRY = /^apps\/com\.android\.providers\.telephony\/d_f\/[^/]*_sms_backup$/;

/** SMS backups of the telephony provider: zlib-deflated JSON arrays of messages. */
export function smsFromBackup(entries: readonly TarEntry[], maxBytes: number) {
  const messages: { address: string | null; body: string | null; date: number | null }[] = [];
  for (const e of entries) {
    if (!SMS_BACKUP_ENTRY.test(e.name)) continue;
    const rows: unknown = JSON.parse(inflateSync(e.data, { maxOutputLength: maxBytes }).toString('utf8'));
    for (const r of Array.isArray(rows) ? rows : []) {
      const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      const date = Number(o.date);
      messages.push({
        address: typeof o.address === 'string' ? o.address : null,
        body: typeof o.body === 'string' ? o.body : null,
        date: Number.isFinite(date) && date > 0 ? date : null,
      });
    }
  }
  return messages;
}

/** Packages whose data the backup holds (`apps/<package>/...`). */
export function packagesInBackup(entries: readonly TarEntry[]): string[] {
  return [...new Set(entries.flatMap((e) => /^apps\/([^/]+)\//.exec(e.name)?.[1] ?? []))].sort();
}

/** Where an unpacked backup's `apps/<package>/` tree starts: at the top or under one folder. */
const EXTRACTED_ENTRY = /^(?:[^/]+\/)?(apps\/[^/]+\/.+)$/;

/** Whether a folder (or zip) is an unpacked adb backup: its files lie under `apps/<package>/`. */
export const isExtractedBackup = (src: FileSource) => {
  const names = src.list();
  return names.length > 0 && names.some((n) => /^(?:[^/]+\/)?apps\/[^/]+\/_manifest$/.test(n));
};

/**
 * An unpacked backup's files as the tar entries they came from. Only the SMS backups are read
 * (the package list needs names alone), so the rest of the tree is inventoried, not loaded.
 */
export async function extractedBackupEntries(src: FileSource): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for (const n of src.list()) {
    const name = EXTRACTED_ENTRY.exec(n)?.[1];
    if (name === undefined) continue;
    out.push({ name, data: SMS_BACKUP_ENTRY.test(name) ? await src.read(n) : Buffer.alloc(0) });
  }
  return out;
}
