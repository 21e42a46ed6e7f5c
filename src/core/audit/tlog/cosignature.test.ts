import { describe, expect, it } from 'vitest';
import { cosignerKeyFromSeed, parseCosignerKey, verifyCosignature } from './cosignature.ts';
import { TlogError } from './errors.ts';
import { openNote, parseVerifierKey } from './note.ts';

// Derived vector (from golang.org/x/mod sumdb/note's keys): the 8-leaf checkpoint signed by PeterNeumann and
// cosigned at 1700000000 by the zero-seed key named witness.example/zero.
const BODY = 'example.com/test-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n';
const LOG_LINE =
  '— PeterNeumann x08gowmfTlmg7wA5FU0OBEp8LaPgOk4AyIOLzLcPpZUb9l20IsXvkzpjZNbP9kfHUFqVYHFtgc4lcdGmIkNyGjp9UAU=\n';
const COSIG_LINE =
  '— witness.example/zero TwSC0gAAAABlU/EASpwDozqb5NAmqf4i2t1oL7mmGj7nOikES2X/CqwrIfIb9cwHNf+oCdo7UETwBEMaNJa9iWJ04AjE73SMl59dAA==\n';
const WITNESS_VKEY = 'witness.example/zero+4f0482d2+BDtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';

describe('tlog-cosignature/v1', () => {
  it('reproduces the derived cosignature vector byte for byte', () => {
    const keys = cosignerKeyFromSeed('witness.example/zero', new Uint8Array(32));
    expect(keys.vkey).toBe(WITNESS_VKEY);
    expect(parseCosignerKey(keys.skey).cosign(BODY, 1700000000)).toBe(COSIG_LINE);
    expect(verifyCosignature(BODY, COSIG_LINE, WITNESS_VKEY)).toEqual({ timestamp: 1700000000 });
    expect(verifyCosignature(BODY, COSIG_LINE.slice(0, -1), WITNESS_VKEY)).toEqual({ timestamp: 1700000000 });
  });

  it('travels as an unknown signature through openNote', () => {
    const log = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    const opened = openNote(`${BODY}\n${LOG_LINE}${COSIG_LINE}`, [log]);
    expect(opened.otherSignatures).toEqual([COSIG_LINE]);
    expect(verifyCosignature(opened.body, opened.otherSignatures[0] as string, WITNESS_VKEY).timestamp).toBe(
      1700000000,
    );
  });

  it('rejects another body, another key, a log signature line and bad timestamps', () => {
    expect(() => verifyCosignature(BODY.replace('8\n', '9\n'), COSIG_LINE, WITNESS_VKEY)).toThrow(TlogError);
    const other = cosignerKeyFromSeed('witness.example/zero', new Uint8Array(32).fill(1));
    expect(() => verifyCosignature(BODY, COSIG_LINE, other.vkey)).toThrow(TlogError);
    expect(() => verifyCosignature(BODY, LOG_LINE, WITNESS_VKEY)).toThrow(TlogError);
    // The signed timestamp is part of the message: change it and the signature breaks.
    const raw = Buffer.from(COSIG_LINE.slice('— witness.example/zero '.length, -1), 'base64');
    raw[11] = (raw[11] as number) ^ 1;
    expect(() =>
      verifyCosignature(BODY, `— witness.example/zero ${raw.toString('base64')}\n`, WITNESS_VKEY),
    ).toThrow(TlogError);
    const cosigner = parseCosignerKey(other.skey);
    expect(() => cosigner.cosign(BODY, 0)).toThrow(TlogError);
    expect(() => cosigner.cosign('no newline', 1)).toThrow(TlogError);
    // A note (type 0x01) key is not a cosigner key.
    expect(() =>
      verifyCosignature(BODY, COSIG_LINE, 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop'),
    ).toThrow(TlogError);
  });
});
