/**
 * Rotating the log's signing key (docs/adr/0024-log-key-rotation.md). The outgoing key ends its
 * service with a key-transition checkpoint: an ordinary C2SP checkpoint of the log as it stands,
 * with the extension line `vigil-key-transition <incoming vkey>`, signed by BOTH keys (the old
 * one hands over, the new one proves it exists). From then on the new key signs.
 *
 * The key history is the first key and every transition. Each transition is checked against both
 * of its keys, so trust in any one key of the chain extends to all of them. A key's epoch is
 * [the size its transition named, the size of the next transition]: a checkpoint signed by a key
 * outside its epoch (a retired key signing a larger log) is refused.
 */
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { TlogError } from './errors.ts';
import { type NoteSigner, type NoteVerifier, openNote, parseVerifierKey, signNote } from './note.ts';

export const KEY_TRANSITION = 'vigil-key-transition';

/** The key history as bundles carry it: the first key has no transition. */
export interface KeyHistoryEntry {
  readonly vkey: string;
  /** The signed transition checkpoint that brought this key in (null for the first key). */
  readonly transition: string | null;
}

export interface KeyEpoch {
  readonly vkey: string;
  readonly verifier: NoteVerifier;
  /** First tree size this key may sign (the transition's size; 0 for the first key). */
  readonly from: number;
  /** Last tree size this key may sign (the next transition's size), or null while current. */
  readonly until: number | null;
  /** The transition checkpoint that started the epoch. */
  readonly transition: Checkpoint | null;
}

/** The key-transition checkpoint: the log at `cp` (no extensions of its own), signed by both keys. */
export function signKeyTransition(
  cp: Omit<Checkpoint, 'extensions'>,
  outgoing: NoteSigner,
  incoming: NoteSigner,
  incomingVkey: string,
): string {
  const body = formatCheckpoint({ ...cp, extensions: [`${KEY_TRANSITION} ${incomingVkey}`] });
  return signNote(body, [outgoing, incoming]);
}

/** The incoming key a checkpoint names, if it is a key transition. */
export function transitionTarget(cp: Checkpoint): string | null {
  const lines = cp.extensions.filter((e) => e.startsWith(`${KEY_TRANSITION} `));
  if (lines.length > 1) throw new TlogError('bad-checkpoint', 'a checkpoint names more than one next key');
  return lines[0]?.slice(KEY_TRANSITION.length + 1) ?? null;
}

/**
 * Checks a key history and returns its epochs, oldest first; throws TlogError naming the first
 * broken link. Each transition must be signed by the key before it and the key it names, for
 * the same origin, at a size no smaller than the previous transition's.
 */
export function keyEpochs(history: readonly KeyHistoryEntry[], origin: string): KeyEpoch[] {
  const first = history[0];
  if (first === undefined) throw new TlogError('bad-key-history', 'the key history is empty');
  if (first.transition !== null) throw new TlogError('bad-key-history', 'the first key has no transition');
  const epochs: { vkey: string; verifier: NoteVerifier; from: number; transition: Checkpoint | null }[] = [
    { vkey: first.vkey, verifier: parseVerifierKey(first.vkey), from: 0, transition: null },
  ];
  const seen = new Set([first.vkey]);
  for (const [i, entry] of history.entries()) {
    if (i === 0) continue;
    const previous = epochs[epochs.length - 1];
    if (previous === undefined || entry.transition === null)
      throw new TlogError('bad-key-history', `key ${i + 1} has no transition checkpoint`);
    if (seen.has(entry.vkey)) throw new TlogError('bad-key-history', `key ${i + 1} was already used`);
    seen.add(entry.vkey);
    const verifier = parseVerifierKey(entry.vkey);
    let cp: Checkpoint;
    try {
      // Both keys must have signed: each open only accepts its own key's signature.
      const body = openNote(entry.transition, [previous.verifier]).body;
      if (openNote(entry.transition, [verifier]).body !== body)
        throw new TlogError('bad-signature', 'bodies differ');
      cp = parseCheckpoint(body);
    } catch (e) {
      throw new TlogError(
        'bad-key-history',
        `the transition to key ${i + 1} is not signed by both keys: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (cp.origin !== origin)
      throw new TlogError(
        'bad-key-history',
        `the transition to key ${i + 1} is for log ${JSON.stringify(cp.origin)}`,
      );
    if (transitionTarget(cp) !== entry.vkey)
      throw new TlogError('bad-key-history', `the transition to key ${i + 1} names another key`);
    if (cp.size < previous.from)
      throw new TlogError('bad-key-history', `the transition to key ${i + 1} goes back to size ${cp.size}`);
    epochs.push({ vkey: entry.vkey, verifier, from: cp.size, transition: cp });
  }
  return epochs.map((e, i) => ({ ...e, until: epochs[i + 1]?.from ?? null }));
}

export type SignedBy =
  | { readonly ok: true; readonly epoch: number; readonly body: string; readonly others: readonly string[] }
  | { readonly ok: false; readonly code: 'BAD_SIGNATURE' | 'KEY_RETIRED'; readonly message: string };

/**
 * Which key of the history signed a checkpoint note, and whether it could sign that size: a
 * retired key's signature on a larger log than its last transition is refused (`KEY_RETIRED`).
 */
export function checkpointSigner(note: string, epochs: readonly KeyEpoch[]): SignedBy {
  let lastError = 'no key of the log’s key history signed it';
  for (const [i, epoch] of epochs.entries()) {
    let opened: ReturnType<typeof openNote>;
    try {
      opened = openNote(note, [epoch.verifier]);
    } catch (e) {
      if (e instanceof TlogError && e.reason !== 'unverified-note') lastError = e.message;
      continue;
    }
    const size = parseCheckpoint(opened.body).size;
    if (epoch.until !== null && size > epoch.until)
      return {
        ok: false,
        code: 'KEY_RETIRED',
        message: `signed at size ${size} by key ${i + 1}, retired at size ${epoch.until}`,
      };
    if (size < epoch.from)
      return {
        ok: false,
        code: 'KEY_RETIRED',
        message: `signed at size ${size} by key ${i + 1}, which only signs from size ${epoch.from}`,
      };
    // Other signatures include the other keys' (a transition carries two): not cosignatures.
    const keyNames = new Set(epochs.map((e) => e.verifier.name));
    return {
      ok: true,
      epoch: i,
      body: opened.body,
      others: opened.otherSignatures.filter((l) => !keyNames.has(l.slice(2, l.indexOf(' ', 2)))),
    };
  }
  return { ok: false, code: 'BAD_SIGNATURE', message: lastError };
}
