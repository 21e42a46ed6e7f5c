/**
 * C2SP signed-note v1 with Ed25519 (signature type 0x01): a UTF-8 text, a blank line, and
 * signature lines "— <key name> <base64(key id || signature)>". Hand-written: no maintained npm
 * package implements C2SP notes (docs/adr/0004-hand-written-merkle-log.md); Ed25519 is node:crypto's.
 */
import { encodeBase64, utf8 } from './encoding.ts';
import { TlogError } from './errors.ts';
import {
  formatSignatureLine,
  hasControl,
  keyPairFromSeed,
  parseSignatureLine,
  parseSignerKeyText,
  parseVerifierKeyText,
  TYPE_ED25519,
} from './keys.ts';

export interface NoteSigner {
  readonly name: string;
  readonly keyId: Uint8Array /* 4 bytes */;
  sign(msg: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Uint8Array;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

/** Go's note.Open refuses more; the spec asks verifiers to accept at least 16 and to apply a cap. */
const MAX_SIGNATURES = 100;

/** Key generation takes the 32-byte seed as a parameter (randomness is the caller's). */
export function signerKeyFromSeed(name: string, seed: Uint8Array): { skey: string; vkey: string } {
  return keyPairFromSeed(name, TYPE_ED25519, seed);
}

export function parseSignerKey(skey: string): NoteSigner {
  return parseSignerKeyText(skey, TYPE_ED25519);
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  return parseVerifierKeyText(vkey, TYPE_ED25519);
}

function checkText(text: string, what: string): void {
  if (!text.isWellFormed() || hasControl(text))
    throw new TlogError(
      'malformed-note',
      `${what} must be UTF-8 without control characters other than newline`,
    );
}

/** The full note text: body, blank line, one signature line per signer. */
export function signNote(body: string, signers: readonly NoteSigner[]): string {
  checkText(body, 'a note body');
  if (!body.endsWith('\n')) throw new TlogError('malformed-note', 'a note body ends with a newline');
  if (signers.length === 0) throw new TlogError('malformed-note', 'a note needs at least one signature');
  const msg = utf8(body);
  return `${body}\n${signers.map((s) => formatSignatureLine(s.name, s.keyId, s.sign(msg))).join('')}`;
}

/**
 * Splits a note at its LAST blank line (the body may contain blank lines) without verifying
 * anything: for reporting on a note whose signature has already failed.
 */
export function splitNote(note: string): { body: string; lines: string[] } {
  checkText(note, 'a note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new TlogError('malformed-note', 'a note has a blank line before its signatures');
  const body = note.slice(0, split + 1);
  const sigs = note.slice(split + 2);
  if (sigs === '' || !sigs.endsWith('\n'))
    throw new TlogError('malformed-note', 'the signature block is empty or lacks its final newline');
  const lines = sigs.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES)
    throw new TlogError('malformed-note', `more than ${MAX_SIGNATURES} signatures`);
  for (const line of lines) parseSignatureLine(line);
  return { body, lines };
}

/**
 * Verifies; returns body and which verifiers signed; throws TlogError if no known verifier signed
 * or any known-key signature is bad. A line is a known key's when name AND key id match (the
 * spec says to ignore lines matching only one). `otherSignatures` are the raw lines of unknown
 * keys, each with its final "\n" (e.g. witness cosignatures), so `body + "\n" + lines` rebuilds a note.
 */
export function openNote(
  note: string,
  verifiers: readonly NoteVerifier[],
): { body: string; signedBy: string[]; otherSignatures: string[] } {
  const { body, lines } = splitNote(note);
  const msg = utf8(body);
  const signedBy: string[] = [];
  const otherSignatures: string[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const sig = parseSignatureLine(line);
    const id = encodeBase64(sig.keyId);
    const matches = verifiers.filter((v) => v.name === sig.name && encodeBase64(v.keyId) === id);
    if (matches.length > 1) throw new TlogError('ambiguous-key', `ambiguous key ${sig.name}`);
    const verifier = matches[0];
    if (verifier === undefined) {
      if (!otherSignatures.includes(`${line}\n`)) otherSignatures.push(`${line}\n`);
      continue;
    }
    if (!verifier.verify(msg, sig.payload))
      throw new TlogError('bad-signature', `invalid signature for key ${sig.name}`);
    // A known key signing twice is harmless; report it once.
    const key = `${sig.name}+${id}`;
    if (!seen.has(key)) {
      seen.add(key);
      signedBy.push(sig.name);
    }
  }
  if (signedBy.length === 0) throw new TlogError('unverified-note', 'no known key signed the note');
  return { body, signedBy, otherSignatures };
}
