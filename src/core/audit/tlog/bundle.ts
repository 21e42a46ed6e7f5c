/**
 * Offline verification of an exported audit-log bundle: everything is recomputed from the
 * entries, nothing the server says is trusted beyond the key. Problems carry stable codes and,
 * when one entry is to blame, its index (the first such entry).
 */

import { type Checkpoint, parseCheckpoint } from './checkpoint.ts';
import { verifyCosignature } from './cosignature.ts';
import { bytesEqual, decodeBase64, encodeBase64, utf8 } from './encoding.ts';
import { TlogError } from './errors.ts';
import { CompactRange, type Hash, leafHash, verifyConsistency } from './merkle.ts';
import { parseVerifierKey, splitNote } from './note.ts';
import { checkpointSigner, type KeyEpoch, type KeyHistoryEntry, keyEpochs } from './rotation.ts';

export interface LogBundle {
  readonly format: 'vigil-audit-bundle/v1';
  readonly origin: string;
  /** vkey of the log. */
  readonly verifierKey: string;
  /** Latest signed checkpoint note (full note text, may carry cosignatures). */
  readonly checkpoint: string;
  /** Earlier signed checkpoint notes, oldest first (may be empty). */
  readonly checkpoints: readonly string[];
  readonly entries: readonly {
    readonly index: number;
    /** Exact leaf bytes, UTF-8. */
    readonly entry: string;
    /** base64, as the server stored it. */
    readonly leafHash?: string;
  }[];
  readonly witnesses?: readonly { readonly vkey: string }[];
  /**
   * The log's keys, oldest first, when it was ever rotated: the first key, then each later key
   * with the transition checkpoint its predecessor and it signed (rotation.ts). The last one is
   * `verifierKey`. Absent: one key, `verifierKey`, all along.
   */
  readonly keys?: readonly KeyHistoryEntry[];
  /**
   * Consistency proofs (base64 hashes) from each earlier checkpoint's size to the latest one's,
   * as the server produced them. They let someone holding only an old checkpoint and the latest
   * one check that the log grew append-only without reading every entry; the verifier checks
   * each against the two signed roots.
   */
  readonly proofs?: readonly {
    readonly from: number;
    readonly to: number;
    readonly proof: readonly string[];
  }[];
}

/**
 * Stable codes. Errors: BAD_FORMAT, MALFORMED_BUNDLE, BAD_KEY, BAD_SIGNATURE, BAD_CHECKPOINT,
 * ORIGIN_MISMATCH, MISSING_ENTRY, DUPLICATE_ENTRY, REORDERED, LEAF_MISMATCH, TRUNCATED,
 * ROOT_MISMATCH, INCONSISTENT_CHECKPOINT, BAD_PROOF, ROLLBACK, FORK, BAD_WITNESS_KEY, BAD_COSIGNATURE,
 * WITNESS_QUORUM, BAD_KEY_HISTORY, KEY_RETIRED (a checkpoint signed by a key after its retirement).
 * Warnings (`warning: true`, do not fail the bundle): UNTRUSTED_KEY, KEY_DIFFERS, KEY_ROTATED,
 * EXTRA_ENTRIES.
 */
export interface VerifyProblem {
  readonly code: string;
  readonly message: string;
  readonly index?: number;
  readonly warning?: true;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Size and base64 root of the latest checkpoint (recomputed from the entries if it is unreadable). */
  readonly size: number;
  readonly root: string;
  readonly problems: readonly VerifyProblem[];
  /** Distinct witnesses with a valid cosignature on the latest checkpoint. */
  readonly cosignatures: number;
}

export interface VerifyOptions {
  /** The log's vkey as the verifier knows it; without it the bundle's own key is used (weaker). */
  readonly trustedKey?: string;
  /** A previously saved signed checkpoint note: the log must extend it. */
  readonly since?: string;
  /** Cosignatures required from the witnesses (default 0). */
  readonly witnessQuorum?: number;
  /** Witness vkeys to count; default: the bundle's `witnesses`. */
  readonly witnesses?: readonly string[];
}

interface Opened {
  readonly cp: Checkpoint;
  readonly body: string;
  readonly others: readonly string[];
}

class Problems {
  readonly list: VerifyProblem[] = [];
  add(code: string, message: string, index?: number): void {
    this.list.push(index === undefined ? { code, message } : { code, message, index });
  }
  warn(code: string, message: string): void {
    this.list.push({ code, message, warning: true });
  }
}

const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Opens a checkpoint note. A bad signature is reported but the body is still parsed (unverified)
 * so the remaining checks can say more; returns undefined only if the body is unreadable.
 */
function openCheckpoint(
  note: string,
  epochs: readonly KeyEpoch[] | undefined,
  what: string,
  problems: Problems,
): Opened | undefined {
  let body: string;
  let others: readonly string[] = [];
  try {
    if (epochs === undefined) throw new TlogError('no-key', 'no usable log key');
    const signed = checkpointSigner(note, epochs);
    if (!signed.ok) {
      problems.add(signed.code, `${what}: ${signed.message}`);
      try {
        body = splitNote(note).body;
      } catch {
        return undefined;
      }
    } else {
      body = signed.body;
      others = signed.others;
    }
  } catch (e) {
    problems.add('BAD_SIGNATURE', `${what}: ${why(e)}`);
    try {
      body = splitNote(note).body;
    } catch {
      return undefined;
    }
  }
  try {
    return { cp: parseCheckpoint(body), body, others };
  } catch (e) {
    problems.add('BAD_CHECKPOINT', `${what}: ${why(e)}`);
    return undefined;
  }
}

/** The `seq` of an entry that is a JSON object carrying one (Vigil's leaves do). */
function seqOf(entry: string): number | undefined {
  if (!entry.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(entry);
    const seq = typeof v === 'object' && v !== null ? (v as { seq?: unknown }).seq : undefined;
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies: checkpoint signature by `trustedKey` (defaults to the bundle's own key, which the report
 * flags as weaker), every entry present for indices [0, size), recomputed root == checkpoint root,
 * each stored leafHash == recomputed (naming the first bad entry), every earlier checkpoint consistent
 * with the entries, and, when `since` (a previously saved signed checkpoint note) is given: same
 * origin, since.size <= size, and root of the first since.size entries == since root (otherwise
 * the history before it was rewritten / rolled back), and witness cosignatures against the quorum.
 */
export function verifyBundle(bundle: LogBundle, opts: VerifyOptions = {}): VerifyReport {
  const problems = new Problems();
  try {
    return verify(bundle, opts, problems);
  } catch (e) {
    // Only a bundle that is not the shape its type claims (untyped JSON) gets here.
    problems.add('MALFORMED_BUNDLE', `the bundle cannot be read: ${why(e)}`);
    return { ok: false, size: 0, root: '', problems: problems.list, cosignatures: 0 };
  }
}

function verify(bundle: LogBundle, opts: VerifyOptions, problems: Problems): VerifyReport {
  if (bundle.format !== 'vigil-audit-bundle/v1')
    problems.add('BAD_FORMAT', `unknown bundle format ${JSON.stringify(bundle.format)}`);

  // -- the log key and the latest checkpoint
  if (opts.trustedKey === undefined)
    problems.warn(
      'UNTRUSTED_KEY',
      'checked against the key inside the bundle: pass the log key you trust to rule out a substituted log',
    );
  else if (opts.trustedKey !== bundle.verifierKey)
    problems.warn(
      'KEY_DIFFERS',
      'the bundle names another log key than the trusted one (the trusted one is used)',
    );
  // The key history, and where the trusted key stands in it.
  const history = bundle.keys ?? [{ vkey: bundle.verifierKey, transition: null }];
  let chain: KeyEpoch[] | undefined;
  try {
    chain = keyEpochs(history, bundle.origin);
    if (history[history.length - 1]?.vkey !== bundle.verifierKey)
      throw new TlogError('bad-key-history', 'its last key is not the bundle’s verifier key');
  } catch (e) {
    if (bundle.keys !== undefined)
      problems.add('BAD_KEY_HISTORY', `the key history does not verify: ${why(e)}`);
    chain = undefined;
  }
  let epochs: KeyEpoch[] | undefined;
  const trusted = opts.trustedKey ?? bundle.verifierKey;
  const position = chain?.findIndex((e) => e.vkey === trusted) ?? -1;
  if (chain !== undefined && position >= 0) {
    epochs = chain;
    if (chain.length > 1)
      problems.warn(
        'KEY_ROTATED',
        `the log's key was rotated ${chain.length - 1} time(s); the trusted key is key ${position + 1} of ${chain.length}, each transition signed by both keys`,
      );
  } else {
    try {
      epochs = [
        { vkey: trusted, verifier: parseVerifierKey(trusted), from: 0, until: null, transition: null },
      ];
    } catch (e) {
      problems.add('BAD_KEY', `the log key is unusable: ${why(e)}`);
    }
  }
  const latest = openCheckpoint(bundle.checkpoint, epochs, 'the checkpoint', problems);
  const checkOrigin = (o: Opened | undefined, what: string) => {
    if (o !== undefined && o.cp.origin !== bundle.origin)
      problems.add(
        'ORIGIN_MISMATCH',
        `${what} is for log ${JSON.stringify(o.cp.origin)}, not ${JSON.stringify(bundle.origin)}`,
      );
  };
  checkOrigin(latest, 'the checkpoint');
  const earlier = bundle.checkpoints.map((note, i) => {
    const what = `earlier checkpoint #${i + 1}`;
    const o = openCheckpoint(note, epochs, what, problems);
    checkOrigin(o, what);
    return { o, what };
  });
  const since =
    opts.since === undefined
      ? undefined
      : openCheckpoint(opts.since, epochs, 'the --since checkpoint', problems);
  checkOrigin(since, 'the --since checkpoint');

  // -- the entries, in index order
  const byIndex = new Map<number, LogBundle['entries'][number]>();
  let previous = -1;
  for (const e of bundle.entries) {
    if (!Number.isSafeInteger(e.index) || e.index < 0 || typeof e.entry !== 'string') {
      problems.add('MALFORMED_BUNDLE', `an entry has no valid index or text (index ${String(e.index)})`);
      continue;
    }
    if (byIndex.has(e.index)) problems.add('DUPLICATE_ENTRY', `entry ${e.index} appears twice`, e.index);
    else if (e.index < previous)
      problems.add('REORDERED', `entry ${e.index} is listed after entry ${previous}`, e.index);
    byIndex.set(e.index, e);
    previous = Math.max(previous, e.index);
  }
  // The key transitions are checkpoints too: their roots must match the entries.
  for (const [i, e] of (epochs ?? []).entries()) {
    if (e.transition !== null)
      earlier.push({ o: { cp: e.transition, body: '', others: [] }, what: `the transition to key ${i + 1}` });
  }
  const size = latest?.cp.size ?? byIndex.size;
  const wanted = new Set<number>([size]);
  for (const { o } of earlier) if (o !== undefined) wanted.add(o.cp.size);
  if (since !== undefined) wanted.add(since.cp.size);

  const range = CompactRange.empty();
  const roots = new Map<number, Hash>([[0, range.root()]]);
  const leafMismatches: number[] = [];
  let reordered: number | undefined;
  let prevSeq: number | undefined;
  const last = Math.max(...wanted);
  for (let i = 0; i < last; i++) {
    const e = byIndex.get(i);
    if (e === undefined) {
      const more = [...byIndex.keys()].some((k) => k > i);
      if (i < size) {
        if (more) problems.add('MISSING_ENTRY', `entry ${i} is missing`, i);
        else problems.add('TRUNCATED', `the entries end at ${i}, but the checkpoint covers ${size}`, i);
      }
      break; // no root can be recomputed past a gap
    }
    const leaf = leafHash(utf8(e.entry));
    if (e.leafHash !== undefined) {
      let stored: Uint8Array | undefined;
      try {
        stored = decodeBase64(e.leafHash, 'leafHash');
      } catch {
        stored = undefined;
      }
      if (stored === undefined || !bytesEqual(stored, leaf)) leafMismatches.push(i);
    }
    // Vigil leaves carry the event's seq, which only grows along the log: a swap shows here.
    const seq = seqOf(e.entry);
    if (seq !== undefined && prevSeq !== undefined && seq <= prevSeq && reordered === undefined)
      reordered = i - 1;
    if (seq !== undefined) prevSeq = seq;
    range.append(leaf);
    if (wanted.has(range.size)) roots.set(range.size, range.root());
  }
  const first = leafMismatches[0];
  if (first !== undefined)
    problems.add(
      'LEAF_MISMATCH',
      `entry ${first} does not hash to the leaf hash the log stored${leafMismatches.length > 1 ? ` (and ${leafMismatches.length - 1} more)` : ''}: it was changed`,
      first,
    );
  if (reordered !== undefined)
    problems.add('REORDERED', `entries ${reordered} and ${reordered + 1} are out of event order`, reordered);
  const extra = [...byIndex.keys()].filter((k) => k >= size).length;
  if (extra > 0)
    problems.warn('EXTRA_ENTRIES', `${extra} entries lie beyond the checkpoint and are not covered by it`);

  /** Narrows where a bad root's difference lies, using the sizes whose roots did verify. */
  const verifiedSizes: number[] = [0];
  const locate = (badSize: number): string => {
    const from = Math.max(...verifiedSizes.filter((s) => s < badSize));
    return `the first difference lies in entries [${from}, ${badSize})`;
  };
  const rootMatches = (cp: Checkpoint): boolean | undefined => {
    const got = roots.get(cp.size);
    if (got === undefined) return undefined; // not computable: already reported as missing
    const same = bytesEqual(got, cp.root);
    if (same) verifiedSizes.push(cp.size);
    return same;
  };

  // -- roots: the earlier checkpoints first (smallest first), so a mismatch can be located.
  const checks: { o: Opened; what: string; kind: 'earlier' | 'latest' | 'since' }[] = [];
  for (const { o, what } of earlier) if (o !== undefined) checks.push({ o, what, kind: 'earlier' });
  if (since !== undefined) checks.push({ o: since, what: 'the --since checkpoint', kind: 'since' });
  if (latest !== undefined) checks.push({ o: latest, what: 'the checkpoint', kind: 'latest' });
  checks.sort((a, b) => a.o.cp.size - b.o.cp.size);
  for (const { o, what, kind } of checks) {
    if (o.cp.size > size) {
      if (kind === 'since')
        problems.add(
          'ROLLBACK',
          `the log is at size ${size}, smaller than the saved checkpoint's ${o.cp.size}: it was rolled back or truncated`,
        );
      else if (kind === 'earlier')
        problems.add(
          'INCONSISTENT_CHECKPOINT',
          `${what} has size ${o.cp.size}, beyond the latest checkpoint's ${size}`,
        );
      continue;
    }
    const same = rootMatches(o.cp);
    if (same !== false) continue;
    if (kind === 'latest')
      problems.add('ROOT_MISMATCH', `the entries do not hash to the checkpoint's root: ${locate(o.cp.size)}`);
    else if (kind === 'since')
      problems.add(
        'FORK',
        `the first ${o.cp.size} entries no longer match the saved checkpoint: history was rewritten (${locate(o.cp.size)})`,
      );
    else
      problems.add(
        'INCONSISTENT_CHECKPOINT',
        `${what} (size ${o.cp.size}) does not match the entries: ${locate(o.cp.size)}`,
      );
  }

  // -- the server's consistency proofs between signed checkpoints
  const signedRoots = new Map<number, Hash>();
  for (const { o } of earlier) if (o !== undefined) signedRoots.set(o.cp.size, o.cp.root);
  if (latest !== undefined) signedRoots.set(latest.cp.size, latest.cp.root);
  for (const p of bundle.proofs ?? []) {
    const root1 = signedRoots.get(p.from);
    const root2 = signedRoots.get(p.to);
    if (root1 === undefined || root2 === undefined) {
      problems.add(
        'BAD_PROOF',
        `a consistency proof ${p.from} -> ${p.to} names a size no signed checkpoint has`,
      );
      continue;
    }
    if (p.from === 0 || p.from === p.to) continue; // nothing to prove (RFC 9162 §2.1.4.2)
    try {
      verifyConsistency(
        p.from,
        p.to,
        p.proof.map((h) => decodeBase64(h, 'proof')),
        root1,
        root2,
      );
    } catch (e) {
      problems.add('BAD_PROOF', `the consistency proof ${p.from} -> ${p.to} does not verify: ${why(e)}`);
    }
  }

  // -- witnesses
  let cosignatures = 0;
  const witnessKeys = new Set(opts.witnesses ?? (bundle.witnesses ?? []).map((w) => w.vkey));
  if (latest !== undefined) {
    for (const vkey of witnessKeys) {
      const name = vkey.split('+')[0] ?? '';
      let valid = false;
      for (const line of latest.others) {
        if (!line.startsWith(`\u2014 ${name} `)) continue;
        try {
          verifyCosignature(latest.body, line, vkey);
          valid = true;
        } catch (e) {
          if (e instanceof TlogError && e.reason === 'unknown-key') continue;
          if (e instanceof TlogError && ['bad-key', 'bad-key-name', 'bad-base64'].includes(e.reason)) {
            problems.add('BAD_WITNESS_KEY', `witness key ${JSON.stringify(vkey)} is unusable: ${why(e)}`);
            break;
          }
          problems.add('BAD_COSIGNATURE', `the cosignature by ${name} does not verify: ${why(e)}`);
        }
      }
      if (valid) cosignatures++;
    }
  }
  const quorum = opts.witnessQuorum ?? 0;
  if (cosignatures < quorum)
    problems.add('WITNESS_QUORUM', `${cosignatures} valid witness cosignature(s), ${quorum} required`);

  // Entry-level problems first, by index: the first one names the first bad entry.
  // Trust-anchor failures first, then entry problems by index (the first names the first bad
  // entry), then the rest, then warnings.
  const anchors = [
    'BAD_FORMAT',
    'MALFORMED_BUNDLE',
    'BAD_KEY',
    'BAD_SIGNATURE',
    'BAD_CHECKPOINT',
    'ORIGIN_MISMATCH',
  ];
  const rank = (p: VerifyProblem) =>
    p.warning ? 3 : anchors.includes(p.code) ? 0 : p.index === undefined ? 2 : 1;
  const list = [...problems.list].sort((a, b) => rank(a) - rank(b) || (a.index ?? 0) - (b.index ?? 0));
  const root = latest?.cp.root ?? range.root();
  return {
    ok: list.every((p) => p.warning === true),
    size,
    root: encodeBase64(root),
    problems: list,
    cosignatures,
  };
}
