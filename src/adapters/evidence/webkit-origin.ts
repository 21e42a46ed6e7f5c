/**
 * The `origin` file of WebKit's hashed website-data layout
 * (`WebsiteData/Default/<top hash>/<frame hash>/origin`, or `WebsiteDataStore/<id>/Origins/...`):
 * the folders are named by salted hashes, so the origin is only in this file. It holds WebKit's
 * persistent encoding of a client origin: the top-frame origin, then the frame's own, each as
 * protocol, host (strings) and an optional port. A string is a little-endian uint32 length
 * (0xFFFFFFFF for a null string), a one-byte flag (1: Latin-1, 0: UTF-16LE), then the
 * characters; an optional is a one-byte flag followed by the value (a little-endian uint16).
 */

export interface WebkitSecurityOrigin {
  readonly protocol: string;
  readonly host: string;
  readonly port: number | null;
}

export interface WebkitClientOrigin {
  readonly topOrigin: WebkitSecurityOrigin;
  readonly clientOrigin: WebkitSecurityOrigin;
}

class Reader {
  #at = 0;
  readonly #b: Buffer;
  constructor(b: Buffer) {
    this.#b = b;
  }
  #need(n: number): void {
    if (this.#at + n > this.#b.length) throw new Error(`truncated at byte ${this.#at}`);
  }
  byte(): number {
    this.#need(1);
    return this.#b.readUInt8(this.#at++);
  }
  flag(): boolean {
    const v = this.byte();
    if (v > 1) throw new Error(`byte ${this.#at - 1} is ${v}, not a flag`);
    return v === 1;
  }
  string(): string | null {
    this.#need(4);
    const length = this.#b.readUInt32LE(this.#at);
    this.#at += 4;
    if (length === 0xffffffff) return null;
    const latin1 = this.flag();
    const bytes = latin1 ? length : length * 2;
    this.#need(bytes);
    const s = this.#b.toString(latin1 ? 'latin1' : 'utf16le', this.#at, this.#at + bytes);
    this.#at += bytes;
    return s;
  }
  port(): number | null {
    if (!this.flag()) return null;
    this.#need(2);
    const p = this.#b.readUInt16LE(this.#at);
    this.#at += 2;
    return p;
  }
}

function securityOrigin(r: Reader, which: string): WebkitSecurityOrigin {
  const protocol = r.string();
  const host = r.string();
  const port = r.port();
  if (protocol === null || protocol === '' || host === null)
    throw new Error(`the ${which} origin is empty (an opaque origin)`);
  return { protocol: protocol.toLowerCase(), host: host.toLowerCase(), port };
}

/** Decodes an `origin` file; throws with the reason when it is not one. */
export function decodeWebkitOriginFile(bytes: Uint8Array): WebkitClientOrigin {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const topOrigin = securityOrigin(r, 'top');
  const clientOrigin = securityOrigin(r, 'frame');
  return { topOrigin, clientOrigin };
}

/** `scheme://host[:port]` (an IPv6 host in brackets). */
export function originString(o: WebkitSecurityOrigin): string {
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return `${o.protocol}://${host}${o.port === null ? '' : `:${o.port}`}`;
}
