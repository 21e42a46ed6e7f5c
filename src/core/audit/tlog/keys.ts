/**
 * Ed25519 keys in the C2SP signed-note text forms, shared by log keys (type 0x01) and witness
 * cosigner keys (type 0x04):
 *   verifier key  <name>+<hex8 key id>+<base64(type || 32-byte public key)>
 *   signer key    PRIVATE+KEY+<name>+<hex8 key id>+<base64(type || 32-byte seed)>  (Go sumdb/note)
 * key id = SHA-256(name || 0x0A || type || public key)[:4].
 * Ed25519 comes from node:crypto (deterministic computation, vetted implementation).
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { bytesEqual, concatBytes, decodeBase64, encodeBase64, toHex, utf8 } from './encoding.ts';
import { TlogError } from './errors.ts';

export const TYPE_ED25519 = 0x01;
export const TYPE_COSIGNATURE_V1 = 0x04;

// DER wrappers that turn a raw RFC 8032 seed / public key into what node:crypto imports.
const PKCS8_ED25519 = new Uint8Array(Buffer.from('302e020100300506032b657004220420', 'hex'));
const SPKI_ED25519 = new Uint8Array(Buffer.from('302a300506032b6570032100', 'hex'));

/** Non-empty, no Unicode white space, no '+' (signed-note key name rules). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && name.isWellFormed() && !/[\s+]/u.test(name) && !hasControl(name);
}

/** ASCII control characters other than newline are not allowed anywhere in a note. */
export function hasControl(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
  return /[\u0000-\u0009\u000b-\u001f\u007f]/.test(text);
}

export function keyId(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  const digest = createHash('sha256')
    .update(utf8(`${name}\n`))
    .update(new Uint8Array([type]))
    .update(publicKey)
    .digest();
  return new Uint8Array(digest.subarray(0, 4));
}

export interface Ed25519Key {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface Ed25519Signer extends Ed25519Key {
  sign(msg: Uint8Array): Uint8Array;
}

export interface Ed25519Verifier extends Ed25519Key {
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

function checkName(name: string): void {
  if (!isValidKeyName(name))
    throw new TlogError('bad-key-name', 'a key name must be non-empty, without spaces or "+"');
}

function privateFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new TlogError('bad-key', 'an Ed25519 seed is 32 bytes');
  return createPrivateKey({
    key: Buffer.from(concatBytes(PKCS8_ED25519, seed)),
    format: 'der',
    type: 'pkcs8',
  });
}

function publicOf(key: KeyObject): Uint8Array {
  const spki = key.export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

function signerFromSeed(name: string, type: number, seed: Uint8Array): Ed25519Signer {
  checkName(name);
  const privateKey = privateFromSeed(seed);
  const publicKey = publicOf(createPublicKey(privateKey));
  return {
    name,
    keyId: keyId(name, type, publicKey),
    publicKey,
    sign: (msg) => new Uint8Array(sign(null, msg, privateKey)),
  };
}

/** Both text forms of the key pair derived from `seed` (randomness is the caller's). */
export function keyPairFromSeed(
  name: string,
  type: number,
  seed: Uint8Array,
): { skey: string; vkey: string } {
  const s = signerFromSeed(name, type, seed);
  const id = toHex(s.keyId);
  return {
    skey: `PRIVATE+KEY+${name}+${id}+${encodeBase64(concatBytes(new Uint8Array([type]), seed))}`,
    vkey: `${name}+${id}+${encodeBase64(concatBytes(new Uint8Array([type]), s.publicKey))}`,
  };
}

/** Splits `name+hex8+base64(type||key)` and checks the type, length and key id hash. */
function parseKeyText(
  text: string,
  type: number,
  what: string,
): { name: string; id: Uint8Array; key: Uint8Array } {
  // The base64 part may itself contain '+', so split on the first two only.
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new TlogError('bad-key', `malformed ${what}`);
  const name = text.slice(0, first);
  const idHex = text.slice(first + 1, second);
  checkName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new TlogError('bad-key', `malformed ${what}: key id`);
  const raw = decodeBase64(text.slice(second + 1), what);
  if (raw[0] !== type)
    throw new TlogError('bad-key', `${what} has type 0x${(raw[0] ?? 0).toString(16)}, want 0x0${type}`);
  if (raw.length !== 33) throw new TlogError('bad-key', `${what} has a wrong key length`);
  return { name, id: new Uint8Array(Buffer.from(idHex, 'hex')), key: raw.subarray(1) };
}

export function parseSignerKeyText(skey: string, type: number): Ed25519Signer {
  if (!skey.startsWith('PRIVATE+KEY+'))
    throw new TlogError('bad-key', 'a signer key starts with PRIVATE+KEY+');
  const { name, id, key } = parseKeyText(skey.slice('PRIVATE+KEY+'.length), type, 'signer key');
  const signer = signerFromSeed(name, type, key);
  if (!bytesEqual(signer.keyId, id))
    throw new TlogError('bad-key', 'the signer key id does not match the key');
  return signer;
}

export function parseVerifierKeyText(vkey: string, type: number): Ed25519Verifier {
  const { name, id, key } = parseKeyText(vkey, type, 'verifier key');
  if (!bytesEqual(keyId(name, type, key), id))
    throw new TlogError('bad-key', 'the verifier key id does not match the key');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({
      key: Buffer.from(concatBytes(SPKI_ED25519, key)),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new TlogError('bad-key', 'the verifier key is not an Ed25519 public key');
  }
  return {
    name,
    keyId: id,
    publicKey: key,
    verify: (msg, sig) => sig.length === 64 && verify(null, msg, publicKey, sig),
  };
}

/** A signature line "— <name> <base64(keyid || payload)>" (without its newline). */
export interface SignatureLine {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly payload: Uint8Array;
}

export function parseSignatureLine(line: string): SignatureLine {
  if (!line.startsWith('\u2014 ')) throw new TlogError('malformed-note', 'a signature line starts with "— "');
  const rest = line.slice(2);
  const space = rest.indexOf(' ');
  const name = space < 0 ? '' : rest.slice(0, space);
  const b64 = space < 0 ? '' : rest.slice(space + 1);
  if (!isValidKeyName(name) || b64 === '') throw new TlogError('malformed-note', 'malformed signature line');
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(b64, 'signature');
  } catch {
    throw new TlogError('malformed-note', 'a signature is not canonical base64');
  }
  if (bytes.length < 5) throw new TlogError('malformed-note', 'a signature is too short');
  return { name, keyId: bytes.subarray(0, 4), payload: bytes.subarray(4) };
}

export function formatSignatureLine(name: string, keyId: Uint8Array, payload: Uint8Array): string {
  return `\u2014 ${name} ${encodeBase64(concatBytes(keyId, payload))}\n`;
}
