/**
 * Encrypted iTunes/Finder backups, decrypted selectively and only in memory. The published
 * scheme: Manifest.plist carries a key bag (TLV records) whose class keys are wrapped (RFC 3394)
 * with a key derived from the backup password (PBKDF2-SHA256 over DPSL/DPIC, then PBKDF2-SHA1
 * over SALT/ITER; both read from the bag). Manifest.db is AES-256-CBC under the ManifestKey;
 * every file under its own wrapped key in its MBFile record. Node's crypto does all of it.
 */
import { createDecipheriv, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { VigilError } from '../../core/errors.ts';

const pbkdf2Async = promisify(pbkdf2);
const WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
const CLASS_KEY_TAGS = new Set(['CLAS', 'WRAP', 'WPKY', 'KTYP', 'PBKY']);
/** WRAP bit 2: the class key is wrapped with the password-derived key. */
const WRAP_PASSCODE = 2;

export interface Keybag {
  readonly attrs: ReadonlyMap<string, Buffer>;
  readonly classKeys: ReadonlyMap<number, ReadonlyMap<string, Buffer>>;
}

const u32 = (b: Buffer | undefined): number | null =>
  b !== undefined && b.length === 4 ? b.readUInt32BE(0) : null;

export function parseKeybag(blob: Uint8Array): Keybag {
  const buf = Buffer.from(blob);
  const attrs = new Map<string, Buffer>();
  const classKeys = new Map<number, Map<string, Buffer>>();
  let current: Map<string, Buffer> | null = null;
  const flush = () => {
    const clas = u32(current?.get('CLAS'));
    if (current !== null && clas !== null) classKeys.set(clas, current);
  };
  let i = 0;
  while (i + 8 <= buf.length) {
    const tag = buf.toString('latin1', i, i + 4);
    const len = buf.readUInt32BE(i + 4);
    if (i + 8 + len > buf.length) throw new Error('truncated key bag');
    const value = buf.subarray(i + 8, i + 8 + len);
    i += 8 + len;
    if (tag === 'UUID' && attrs.has('UUID')) {
      // Every UUID after the bag's own starts a class key.
      flush();
      current = new Map([['UUID', value]]);
    } else if (current !== null && CLASS_KEY_TAGS.has(tag)) {
      current.set(tag, value);
    } else if (!attrs.has(tag)) {
      attrs.set(tag, value);
    }
  }
  flush();
  return { attrs, classKeys };
}

export function aesUnwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer | null {
  try {
    const d = createDecipheriv('id-aes256-wrap', kek, WRAP_IV);
    return Buffer.concat([d.update(wrapped), d.final()]);
  } catch {
    // The integrity check failed: wrong key.
    return null;
  }
}

export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array): Buffer {
  const d = aesCbcDecryptor(key, data.length);
  d.update(data);
  return d.final();
}

/**
 * AES-256-CBC decryption fed in chunks into one buffer of the final size: a 200 MB Manifest.db
 * is then held once (decrypted) rather than as ciphertext, plaintext and their concatenation.
 */
export function aesCbcDecryptor(key: Uint8Array, size: number) {
  if (size % 16 !== 0) throw new Error('encrypted data is not a whole number of AES blocks');
  const d = createDecipheriv('aes-256-cbc', key, Buffer.alloc(16));
  d.setAutoPadding(false);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  const put = (b: Buffer) => {
    if (at + b.length > size) throw new Error('more encrypted data than announced');
    at += b.copy(out, at);
  };
  return {
    update: (chunk: Uint8Array) => put(d.update(chunk)),
    final: (): Buffer => {
      put(d.final());
      if (at !== size) throw new Error('less encrypted data than announced');
      return out;
    },
  };
}

/** Derives the password key and unwraps every class key; a wrong password is BACKUP_PASSWORD_WRONG. */
export async function unlockKeybag(bag: Keybag, password: string): Promise<Map<number, Buffer>> {
  const salt = bag.attrs.get('SALT');
  const iter = u32(bag.attrs.get('ITER'));
  if (salt === undefined || iter === null)
    throw new VigilError('SCAN_INPUT_INVALID', 'the backup key bag has no SALT/ITER');
  const dpsl = bag.attrs.get('DPSL');
  const dpic = u32(bag.attrs.get('DPIC'));
  // Backups from iOS 10.2 on add a SHA-256 round before the SHA-1 one.
  const first =
    dpsl !== undefined && dpic !== null
      ? await pbkdf2Async(password, dpsl, dpic, 32, 'sha256')
      : Buffer.from(password, 'utf8');
  const key = await pbkdf2Async(first, salt, iter, 32, 'sha1');
  const keys = new Map<number, Buffer>();
  let wrappedSeen = 0;
  for (const [clas, ck] of bag.classKeys) {
    const wpky = ck.get('WPKY');
    if (wpky === undefined || ((u32(ck.get('WRAP')) ?? 0) & WRAP_PASSCODE) === 0) continue;
    wrappedSeen++;
    const k = aesUnwrap(key, wpky);
    if (k === null) throw new VigilError('BACKUP_PASSWORD_WRONG', 'the backup password is wrong');
    keys.set(clas, k);
  }
  if (wrappedSeen === 0)
    throw new VigilError('SCAN_INPUT_INVALID', 'the backup key bag holds no password-wrapped class keys');
  return keys;
}

/** Unwraps a per-file (or manifest) key: 4-byte little-endian protection class, then the wrapped key. */
export function unwrapFileKey(
  classKeys: ReadonlyMap<number, Buffer>,
  blob: Uint8Array,
  protectionClass?: number,
): Buffer {
  const b = Buffer.from(blob);
  if (b.length < 44) throw new Error('encryption key record is too short');
  const clas = protectionClass ?? b.readUInt32LE(0);
  const ck = classKeys.get(clas);
  if (ck === undefined) throw new Error(`no key for protection class ${clas}`);
  const k = aesUnwrap(ck, b.subarray(4));
  if (k === null) throw new Error('file key does not unwrap');
  return k;
}

/** Removes PKCS#7 padding when it is well formed; otherwise returns the data as is. */
export function stripPadding(data: Buffer): Buffer {
  const n = data.at(-1) ?? 0;
  if (n < 1 || n > 16 || n > data.length) return data;
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) return data;
  return data.subarray(0, data.length - n);
}
