import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from './checkpoint.ts';
import { TlogError } from './errors.ts';
import { openNote, parseSignerKey, parseVerifierKey, signerKeyFromSeed, signNote } from './note.ts';

// golang.org/x/mod sumdb/note note_test.go / example_test.go: a full signing vector (Ed25519 is
// deterministic, so the signature regenerates from the seed).
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);

const reason = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof TlogError) return e.reason;
    throw e;
  }
  throw new Error('did not throw');
};

describe('signed-note vectors', () => {
  it('verifies the C2SP signed-note example', () => {
    const v = parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    expect(openNote(note, [v])).toEqual({
      body: 'This is an example message.\n',
      signedBy: ['example.com/foo'],
      otherSignatures: [],
    });
  });

  it('regenerates the Go sumdb/note signature byte for byte, and its key pair from the seed', () => {
    const signer = parseSignerKey(PETER_SKEY);
    expect(signNote(TEXT, [signer])).toBe(`${TEXT}\n${PETER_SIG}`);
    const seed = Buffer.from(PETER_SKEY.split('+').slice(4).join('+'), 'base64').subarray(1);
    expect(signerKeyFromSeed('PeterNeumann', seed)).toEqual({ skey: PETER_SKEY, vkey: PETER_VKEY });
    // EnochRoot's seed is 32 zero bytes.
    expect(signerKeyFromSeed('EnochRoot', new Uint8Array(32)).vkey).toBe(ENOCH_VKEY);
  });

  it('opens a note signed by two keys, reporting unknown ones', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(openNote(note, [peter, enoch]).signedBy).toEqual(['PeterNeumann', 'EnochRoot']);
    const { signedBy, otherSignatures } = openNote(note, [enoch]);
    expect(signedBy).toEqual(['EnochRoot']);
    expect(otherSignatures).toEqual([PETER_SIG]);
    // Duplicate lines of a known key are reported once.
    expect(openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}`, [peter]).signedBy).toEqual(['PeterNeumann']);
  });

  it('rejects what Go TestOpen rejects', () => {
    const malformed = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n${PETER_SIG.replace('PeterNeumann', 'Peter Neumann')}`,
      `${TEXT}\n${PETER_SIG}trailing\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
    ];
    for (const note of malformed) expect(reason(() => openNote(note, [peter]))).toBe('malformed-note');
    const raw = Buffer.from(PETER_SIG.slice('— PeterNeumann '.length, -1), 'base64');
    raw[10] = (raw[10] as number) ^ 1;
    const corrupted = `${TEXT}\n— PeterNeumann ${raw.toString('base64')}\n`;
    expect(reason(() => openNote(corrupted, [peter]))).toBe('bad-signature');
    expect(reason(() => openNote(`${TEXT}x\n\n${PETER_SIG}`, [peter]))).toBe('bad-signature');
    expect(reason(() => openNote(`${TEXT}\n${PETER_SIG}`, [enoch]))).toBe('unverified-note');
    expect(reason(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, enoch]))).toBe('ambiguous-key');
    // A known name with another key id is an unknown key: ignored, not a failure.
    const other = parseVerifierKey(signerKeyFromSeed('PeterNeumann', new Uint8Array(32).fill(7)).vkey);
    expect(reason(() => openNote(`${TEXT}\n${PETER_SIG}`, [other]))).toBe('unverified-note');
  });

  it('rejects malformed or mutated keys (Go TestNewVerifier)', () => {
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const mutated = PETER_VKEY.slice(0, i) + (PETER_VKEY[i] === 'A' ? 'B' : 'A') + PETER_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(mutated), mutated).toThrow(TlogError);
      expect(() => parseVerifierKey(PETER_VKEY.slice(0, i))).toThrow(TlogError);
    }
    expect(() => parseVerifierKey(`${PETER_VKEY}A`)).toThrow(TlogError);
    expect(() => parseSignerKey(PETER_VKEY)).toThrow(TlogError);
    expect(() => parseSignerKey(PETER_SKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(TlogError);
    // A cosigner (type 0x04) key is not a note key.
    expect(() =>
      parseVerifierKey('witness.example/zero+4f0482d2+BDtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop'),
    ).toThrow(TlogError);
    expect(() => signerKeyFromSeed('bad name', new Uint8Array(32))).toThrow(TlogError);
    expect(() => signerKeyFromSeed('a+b', new Uint8Array(32))).toThrow(TlogError);
    expect(() => signerKeyFromSeed('ok', new Uint8Array(31))).toThrow(TlogError);
  });

  it('refuses to sign a body without its final newline or with control characters', () => {
    const signer = parseSignerKey(PETER_SKEY);
    expect(() => signNote('no newline', [signer])).toThrow(TlogError);
    expect(() => signNote('tab\there\n', [signer])).toThrow(TlogError);
    expect(() => signNote('x\n', [])).toThrow(TlogError);
    // Blank lines inside the body are fine: the signatures follow the LAST blank line.
    const note = signNote('a\n\nb\n', [signer]);
    expect(openNote(note, [peter]).body).toBe('a\n\nb\n');
  });
});

describe('derived checkpoint vector (the sumdb/note keys over an 8-leaf checkpoint)', () => {
  it('verifies the 8-leaf checkpoint signed by PeterNeumann, and regenerates it', () => {
    const body = 'example.com/test-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n';
    const line =
      '— PeterNeumann x08gowmfTlmg7wA5FU0OBEp8LaPgOk4AyIOLzLcPpZUb9l20IsXvkzpjZNbP9kfHUFqVYHFtgc4lcdGmIkNyGjp9UAU=\n';
    expect(signNote(body, [parseSignerKey(PETER_SKEY)])).toBe(`${body}\n${line}`);
    const opened = openNote(`${body}\n${line}`, [peter]);
    expect(parseCheckpoint(opened.body)).toMatchObject({ origin: 'example.com/test-log', size: 8 });
  });
});
