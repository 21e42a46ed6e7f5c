/**
 * The audit log's signing key, kept in a file outside the database (a database dump must not
 * carry the means to re-sign a rewritten history). Created at first start with mode 0600;
 * a key readable by group or others, malformed, or named for another origin stops start-up.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { decodeBase64 } from '../../core/audit/tlog/encoding.ts';
import { parseSignerKey, signerKeyFromSeed } from '../../core/audit/tlog/note.ts';
import { VigilError } from '../../core/errors.ts';
import type { AuditLogSettings, NextLogKey } from '../../services/audit/audit-log.service.ts';
import type { RandomSource } from '../../services/kernel/ports.ts';

function invalid(path: string, message: string): VigilError {
  return new VigilError('AUDIT_KEY_FILE_INVALID', `${path}: ${message}`, [
    { path: 'VIGIL_LOG_KEY_FILE', message },
  ]);
}

/** Reads the key file, creating it (with randomness from `random`) when it does not exist. */
export function loadOrCreateLogKey(path: string, origin: string, random: RandomSource): AuditLogSettings {
  let stat: ReturnType<typeof statSync> | null = null;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (stat === null) {
    const { skey } = signerKeyFromSeed(origin, random.bytes(32));
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Written whole to a private temporary file, then linked into place: link() fails if the key
    // exists, so of several processes starting together exactly one key wins, and nobody ever
    // reads a half-written file.
    const tmp = `${path}.${process.pid}.tmp`;
    rmSync(tmp, { force: true }); // a stale one would keep its old mode
    writeFileSync(tmp, `${skey}\n`, { mode: 0o600, flag: 'w' });
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
    return loadOrCreateLogKey(path, origin, random);
  }
  if (!stat.isFile()) throw invalid(path, 'is not a regular file');
  if ((stat.mode & 0o077) !== 0) {
    throw invalid(
      path,
      `permissions ${(stat.mode & 0o777).toString(8)} let others read the signing key; run chmod 600 on it`,
    );
  }
  const skey = readFileSync(path, 'utf8').trim();
  // PRIVATE+KEY+<name>+<hex8 key id>+<base64(0x01 || 32-byte seed)>
  const parts = skey.split('+');
  const name = parts[2];
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY' || name === undefined) {
    throw invalid(path, 'is not an Ed25519 note signing key (PRIVATE+KEY+name+id+key)');
  }
  if (name !== origin) {
    throw invalid(path, `holds the key of origin "${name}" but VIGIL_LOG_ORIGIN is "${origin}"`);
  }
  let seed: Uint8Array;
  try {
    const raw = decodeBase64(parts.slice(4).join('+'), 'signing key');
    if (raw.length !== 33 || raw[0] !== 1) throw new Error('not an Ed25519 key');
    seed = raw.subarray(1);
  } catch {
    throw invalid(path, 'holds a malformed key');
  }
  const derived = signerKeyFromSeed(name, seed);
  if (derived.skey !== skey) throw invalid(path, 'holds a malformed key (its key id does not match)');
  return { origin, signer: parseSignerKey(skey), verifierKey: derived.vkey };
}

/** Where a rotation keeps the incoming key until the database has recorded the transition. */
export function nextKeyPath(path: string): string {
  return `${path}.next`;
}

/**
 * Creates the incoming key of a rotation beside the key file (`<file>.next`, mode 0600). A
 * `.next` left by an interrupted rotation is replaced: the database never named it, since
 * `installNextLogKey` runs as soon as it does.
 */
export function prepareNextLogKey(path: string, origin: string, random: RandomSource): NextLogKey {
  const next = nextKeyPath(path);
  rmSync(next, { force: true });
  const { skey, vkey } = signerKeyFromSeed(origin, random.bytes(32));
  writeFileSync(next, `${skey}\n`, { mode: 0o600, flag: 'wx' });
  return { signer: parseSignerKey(skey), verifierKey: vkey };
}

/**
 * Puts the incoming key in place of the key file (an atomic rename: the retired private key is
 * gone with it). Also finishes a rotation interrupted between the database and this rename:
 * pass `expected`, the current key the history names, and a `.next` holding it is installed.
 */
export function installNextLogKey(path: string, origin: string, expected?: string): boolean {
  const next = nextKeyPath(path);
  if (!existsSync(next)) return false;
  if (expected !== undefined) {
    const key = loadOrCreateLogKey(next, origin, { bytes: () => new Uint8Array(32) });
    if (key.verifierKey !== expected) return false;
  }
  renameSync(next, path);
  return true;
}
