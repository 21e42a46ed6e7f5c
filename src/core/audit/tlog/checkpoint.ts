/**
 * C2SP tlog-checkpoint v1: the note body "<origin>\n<size>\n<base64 root>\n[<extension>\n]*".
 * Parsing is strict (one spelling per checkpoint): decimal size without leading zeroes, a
 * canonical base64 root of exactly 32 bytes, non-empty lines.
 */
import { decodeBase64, encodeBase64 } from './encoding.ts';
import { TlogError } from './errors.ts';
import { hasControl } from './keys.ts';
import type { Hash } from './merkle.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
  readonly extensions: readonly string[];
}

function checkLine(line: string, what: string): void {
  if (line === '' || line.includes('\n') || !line.isWellFormed() || hasControl(line))
    throw new TlogError('bad-checkpoint', `${what} must be a non-empty single line of text`);
}

/** The note body text; ends with "\n". */
export function formatCheckpoint(cp: Checkpoint): string {
  checkLine(cp.origin, 'the origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0)
    throw new TlogError('bad-checkpoint', 'the size must be a safe integer >= 0');
  if (cp.root.length !== 32) throw new TlogError('bad-checkpoint', 'the root must be 32 bytes');
  for (const e of cp.extensions) checkLine(e, 'an extension line');
  return [cp.origin, String(cp.size), encodeBase64(cp.root), ...cp.extensions].map((l) => `${l}\n`).join('');
}

/** Strict; throws TlogError. */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw new TlogError('bad-checkpoint', 'a checkpoint ends with a newline');
  const lines = body.slice(0, -1).split('\n');
  const [origin, size, root, ...extensions] = lines;
  if (origin === undefined || size === undefined || root === undefined)
    throw new TlogError('bad-checkpoint', 'a checkpoint has an origin, a size and a root line');
  checkLine(origin, 'the origin');
  for (const e of extensions) checkLine(e, 'an extension line');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new TlogError('bad-checkpoint', 'the size must be a decimal number without leading zeroes');
  let hash: Uint8Array;
  try {
    hash = decodeBase64(root, 'the root');
  } catch {
    throw new TlogError('bad-checkpoint', 'the root is not canonical base64');
  }
  if (hash.length !== 32) throw new TlogError('bad-checkpoint', 'the root must be 32 bytes');
  return { origin, size: Number(size), root: hash, extensions };
}
