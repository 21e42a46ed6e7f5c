/**
 * Byte-stable serialisations: the same value always gives the same text, whatever order its
 * keys were built in, so an artifact's SHA-256 identifies exactly what a protocol compiled to.
 */

/** A value the compiler emits: JSON-like, integers only (plists tell integers from reals). */
export type Plain = string | number | boolean | readonly Plain[] | { readonly [key: string]: Plain };

const sortedKeys = (o: { readonly [key: string]: Plain }) =>
  Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function canonical(value: Plain): Plain {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const o = value as { readonly [key: string]: Plain };
    const out: Record<string, Plain> = {};
    for (const k of sortedKeys(o)) out[k] = canonical(o[k] as Plain);
    return out;
  }
  return value;
}

/** JSON with keys sorted at every level, two-space indented, ending in a newline. */
export function canonicalJson(value: Plain): string {
  return `${JSON.stringify(canonical(value), null, 2)}\n`;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function plistValue(value: Plain, indent: string): string {
  const inner = `${indent}\t`;
  if (typeof value === 'string') return `${indent}<string>${escapeXml(value)}</string>\n`;
  if (typeof value === 'boolean') return `${indent}<${value ? 'true' : 'false'}/>\n`;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`plist integers only, got ${value}`);
    return `${indent}<integer>${value}</integer>\n`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}<array/>\n`;
    return `${indent}<array>\n${value.map((v) => plistValue(v, inner)).join('')}${indent}</array>\n`;
  }
  const o = value as { readonly [key: string]: Plain };
  const keys = sortedKeys(o);
  if (keys.length === 0) return `${indent}<dict/>\n`;
  const body = keys
    .map((k) => `${inner}<key>${escapeXml(k)}</key>\n${plistValue(o[k] as Plain, inner)}`)
    .join('');
  return `${indent}<dict>\n${body}${indent}</dict>\n`;
}

/** An XML property list (Apple's plist 1.0 DTD), dictionary keys sorted, tab-indented. */
export function plist(value: Plain): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
    `<plist version="1.0">\n${plistValue(value, '')}</plist>\n`
  );
}

/**
 * A UUID derived from a SHA-256 hex digest: its first 128 bits with the RFC 9562 version 8
 * (vendor-defined) and variant bits set. Same digest, same UUID.
 */
export function uuidFromDigest(hex: string): string {
  if (!/^[0-9a-f]{32,}$/.test(hex)) throw new RangeError('expected a lower-case hex digest');
  const b = hex.slice(0, 32).split('');
  b[12] = '8';
  b[16] = ((Number.parseInt(b[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = b.join('').toUpperCase();
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
