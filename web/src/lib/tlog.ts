/**
 * In-browser verification of an audit event's inclusion in the signed log, trusting nothing the
 * server computed: the leaf hash is recomputed from the entry bytes, the checkpoint's signature
 * is checked with Ed25519 against the verifier key, and the RFC 9162 §2.1.3.2 inclusion proof is
 * walked up to the signed root. WebCrypto only (SHA-256, Ed25519): no library, no server call.
 * Pure apart from WebCrypto (present in browsers and in Node, where the unit tests run).
 */

export type Hash = Uint8Array;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class VerifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyError';
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Canonical RFC 4648 base64 only: a second spelling of the same bytes is refused. */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (!BASE64.test(text)) throw new VerifyError(`${what} is not canonical base64`);
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (encodeBase64(out) !== text) throw new VerifyError(`${what} is not canonical base64`);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Hash> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** RFC 6962: SHA-256(0x00 || entry). */
export function leafHash(entry: Uint8Array): Promise<Hash> {
  return sha256(concat(new Uint8Array([0]), entry));
}

/** RFC 6962: SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Promise<Hash> {
  return sha256(concat(new Uint8Array([1]), left, right));
}

/**
 * RFC 9162 §2.1.3.2, step by step. Returns whether the proof takes `leaf` at `index` in a tree
 * of `size` leaves to `root`. Halving by division, not `>>`: JS bit operators are 32-bit.
 */
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): Promise<boolean> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(r, root);
}

export interface VerifierKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array<ArrayBuffer>;
}

const TYPE_ED25519 = 0x01;

/** A C2SP vkey `<name>+<hex8 key id>+<base64(0x01 || 32-byte key)>`, key id checked. */
export async function parseVerifierKey(vkey: string): Promise<VerifierKey> {
  const text = vkey.trim();
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new VerifyError('malformed verifier key');
  const name = text.slice(0, first);
  const idHex = text.slice(first + 1, second);
  if (name === '' || /\s/.test(name)) throw new VerifyError('malformed verifier key: name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new VerifyError('malformed verifier key: key id');
  const raw = decodeBase64(text.slice(second + 1), 'the verifier key');
  if (raw.length !== 33 || raw[0] !== TYPE_ED25519) throw new VerifyError('the verifier key is not Ed25519');
  const publicKey = new Uint8Array(raw.subarray(1));
  const keyId = new Uint8Array(idHex.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
  const digest = await sha256(concat(utf8(`${name}\n`), new Uint8Array([TYPE_ED25519]), publicKey));
  if (!bytesEqual(digest.subarray(0, 4), keyId))
    throw new VerifyError('the verifier key id does not match the key');
  return { name, keyId, publicKey };
}

/**
 * Opens a C2SP signed note with one verifier: the body (up to the last blank line) must carry a
 * valid Ed25519 signature line from that key (name and key id). Other lines (witness
 * cosignatures) are ignored here. Returns the signed body.
 */
export async function openNote(note: string, key: VerifierKey): Promise<string> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new VerifyError('the checkpoint note has no signature block');
  const body = note.slice(0, split + 1);
  const sigs = note.slice(split + 2);
  if (sigs === '' || !sigs.endsWith('\n'))
    throw new VerifyError('the checkpoint note has a malformed signature block');
  const cryptoKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, [
    'verify',
  ]);
  let signed = false;
  for (const line of sigs.slice(0, -1).split('\n')) {
    if (!line.startsWith('\u2014 ')) throw new VerifyError('a signature line starts with "— "');
    const rest = line.slice(2);
    const space = rest.indexOf(' ');
    if (space < 0) throw new VerifyError('malformed signature line');
    const name = rest.slice(0, space);
    const bytes = decodeBase64(rest.slice(space + 1), 'a signature');
    if (name !== key.name || bytes.length < 5 || !bytesEqual(bytes.subarray(0, 4), key.keyId)) continue;
    const sig = new Uint8Array(bytes.subarray(4));
    if (sig.length !== 64) throw new VerifyError(`invalid signature for key ${name}`);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, sig, utf8(body))))
      throw new VerifyError(`invalid signature for key ${name}`);
    signed = true;
  }
  if (!signed) throw new VerifyError(`the checkpoint is not signed by ${key.name}`);
  return body;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
}

/** C2SP tlog-checkpoint body: origin, decimal size, base64 root, optional extension lines. */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw new VerifyError('a checkpoint ends with a newline');
  const [origin, size, root] = body.slice(0, -1).split('\n');
  if (!origin || size === undefined || root === undefined)
    throw new VerifyError('a checkpoint has origin, size and root');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new VerifyError('the checkpoint size is not a decimal number');
  const hash = decodeBase64(root, 'the checkpoint root');
  if (hash.length !== 32) throw new VerifyError('the checkpoint root is not 32 bytes');
  return { origin, size: Number(size), root: hash };
}

export interface InclusionInput {
  /** The event's exact leaf bytes as the API returned them (UTF-8 canonical JSON). */
  readonly entry: string;
  readonly index: number;
  /** The signed checkpoint note. */
  readonly note: string;
  /** The verifier key to trust (pinned by the user, or the server's). */
  readonly verifierKey: string;
  /** Base64 hashes, bottom up, for `index` in the tree of the checkpoint's size. */
  readonly proof: readonly string[];
}

export interface InclusionResult {
  readonly ok: boolean;
  readonly message: string;
  readonly checkpoint?: Checkpoint;
  readonly leafHash?: string;
}

/** The whole check; never throws: a failure is a result with the reason. */
export async function verifyEventInclusion(input: InclusionInput): Promise<InclusionResult> {
  try {
    const key = await parseVerifierKey(input.verifierKey);
    const cp = parseCheckpoint(await openNote(input.note, key));
    const leaf = await leafHash(utf8(input.entry));
    const proof = input.proof.map((p, i) => decodeBase64(p, `proof hash ${i}`));
    if (!(await verifyInclusion(input.index, cp.size, leaf, proof, cp.root)))
      return {
        ok: false,
        message: `the proof does not lead from leaf ${input.index} to the signed root of ${cp.size} entries`,
        checkpoint: cp,
        leafHash: encodeBase64(leaf),
      };
    return {
      ok: true,
      message: `leaf ${input.index} is in the log of ${cp.size} entries signed by ${key.name}`,
      checkpoint: cp,
      leafHash: encodeBase64(leaf),
    };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
