/**
 * Byte helpers shared by the tlog formats. Hand-written because Node's base64 decoder is lenient
 * (it skips invalid characters and accepts the URL-safe alphabet), while C2SP formats are byte
 * exact: a second valid spelling of the same checkpoint must not exist.
 */
import { TlogError } from './errors.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** RFC 4648 §4 base64 with padding, canonical only (re-encodes to the same text). */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (!BASE64.test(text)) throw new TlogError('bad-base64', `${what} is not canonical base64`);
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Non-zero padding bits decode silently; the round trip rejects them.
  if (Buffer.from(bytes).toString('base64') !== text)
    throw new TlogError('bad-base64', `${what} is not canonical base64`);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
