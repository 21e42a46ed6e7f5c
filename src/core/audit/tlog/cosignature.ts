/**
 * C2SP tlog-cosignature v1 with Ed25519 (signature type 0x04), what witnesses add to a checkpoint.
 * The signature line's payload is key id (4) || u64 big-endian timestamp (8) || Ed25519 signature
 * (64) over "cosignature/v1\ntime <T>\n" + the checkpoint's whole note body (extension lines too).
 * The message does not name the cosigner, so every cosigner needs its own key.
 */
import { bytesEqual, concatBytes, utf8 } from './encoding.ts';
import { TlogError } from './errors.ts';
import {
  formatSignatureLine,
  keyPairFromSeed,
  parseSignatureLine,
  parseSignerKeyText,
  parseVerifierKeyText,
  TYPE_COSIGNATURE_V1,
} from './keys.ts';

export interface Cosigner {
  readonly name: string;
  readonly keyId: Uint8Array;
  /** The signature line "— name base64(...)\n" to append to the checkpoint note. */
  cosign(checkpointBody: string, timestamp: number /* unix seconds */): string;
}

function message(checkpointBody: string, timestamp: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointBody}`);
}

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

export function cosignerKeyFromSeed(name: string, seed: Uint8Array): { skey: string; vkey: string } {
  return keyPairFromSeed(name, TYPE_COSIGNATURE_V1, seed);
}

export function parseCosignerKey(skey: string): Cosigner {
  const signer = parseSignerKeyText(skey, TYPE_COSIGNATURE_V1);
  return {
    name: signer.name,
    keyId: signer.keyId,
    cosign(checkpointBody, timestamp) {
      // tlog-witness: the timestamp MUST be non-zero.
      if (!Number.isSafeInteger(timestamp) || timestamp <= 0)
        throw new TlogError('bad-timestamp', 'a cosignature timestamp is a positive number of seconds');
      if (!checkpointBody.endsWith('\n'))
        throw new TlogError('bad-checkpoint', 'a checkpoint ends with a newline');
      const sig = signer.sign(message(checkpointBody, timestamp));
      return formatSignatureLine(signer.name, signer.keyId, concatBytes(u64(timestamp), sig));
    },
  };
}

/** Verifies one cosignature line (with or without its final newline) by `vkey`; throws TlogError. */
export function verifyCosignature(checkpointBody: string, line: string, vkey: string): { timestamp: number } {
  const verifier = parseVerifierKeyText(vkey, TYPE_COSIGNATURE_V1);
  const sig = parseSignatureLine(line.endsWith('\n') ? line.slice(0, -1) : line);
  if (sig.name !== verifier.name || !bytesEqual(sig.keyId, verifier.keyId))
    throw new TlogError('unknown-key', `the cosignature is not by ${verifier.name}`);
  if (sig.payload.length !== 8 + 64)
    throw new TlogError('bad-signature', 'a cosignature/v1 payload is 72 bytes');
  const ts = new DataView(sig.payload.buffer, sig.payload.byteOffset, 8).getBigUint64(0);
  if (ts > BigInt(Number.MAX_SAFE_INTEGER))
    throw new TlogError('bad-timestamp', 'the cosignature timestamp is too large');
  const timestamp = Number(ts);
  if (!verifier.verify(message(checkpointBody, timestamp), sig.payload.subarray(8)))
    throw new TlogError('bad-signature', `invalid cosignature by ${verifier.name}`);
  return { timestamp };
}
