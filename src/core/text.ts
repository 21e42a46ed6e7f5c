/**
 * Text the databases can store. PostgreSQL refuses a NUL character in a text value, and a lone
 * UTF-16 surrogate (valid in a JavaScript string, "\ud800" in JSON) has no UTF-8 encoding, so
 * either one would fail at the INSERT with a 500 instead of being refused as bad input.
 * Every input boundary (HTTP schemas and body walk, CLI arguments, the fleet document, MDM
 * connectors) refuses them with this one rule and this one message.
 */

/** Why a string cannot be stored, or null when it can. */
export function unsafeTextReason(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000), which text cannot hold';
  if (!s.isWellFormed()) return 'contains a lone UTF-16 surrogate, which is not valid Unicode text';
  return null;
}

/** A type, not an interface, so it is an error detail as it stands. */
export type UnsafeText = {
  /** Dotted path of the offending string (a key counts as its own path). */
  readonly path: string;
  readonly message: string;
};

/** The first string (value or object key) in a parsed document that cannot be stored. */
export function findUnsafeText(value: unknown, path = ''): UnsafeText | null {
  const at = (k: string | number) => (path === '' ? String(k) : `${path}.${k}`);
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason === null ? null : { path: path === '' ? '(root)' : path, message: reason };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], at(i));
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) {
      const keyReason = unsafeTextReason(k);
      if (keyReason !== null) return { path: at('(key)'), message: `a key ${keyReason}` };
      const found = findUnsafeText(v, at(k));
      if (found !== null) return found;
    }
  }
  return null;
}
