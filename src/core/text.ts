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

/**
 * The first string (value or object key) in a parsed document that cannot be stored. A loop
 * over an explicit stack, not recursion: a hostile body nested thousands deep must not
 * overflow the call stack.
 */
export function findUnsafeText(value: unknown, root = ''): UnsafeText | null {
  const stack: [unknown, string][] = [[value, root]];
  const at = (path: string, k: string | number) => (path === '' ? String(k) : `${path}.${k}`);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [v, path] = next;
    if (typeof v === 'string') {
      const reason = unsafeTextReason(v);
      if (reason !== null) return { path: path === '' ? '(root)' : path, message: reason };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], at(path, i)]);
    } else if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
      const entries = Object.entries(v);
      for (const [k] of entries) {
        const keyReason = unsafeTextReason(k);
        if (keyReason !== null) return { path: at(path, '(key)'), message: `a key ${keyReason}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i] as [string, unknown];
        stack.push([child, at(path, k)]);
      }
    }
  }
  return null;
}
