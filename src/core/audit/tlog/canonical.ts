/**
 * Canonical JSON: keys sorted recursively (by UTF-16 code units, like RFC 8785), no white space,
 * strings and numbers exactly as JSON.stringify writes them. It defines the audit log's leaf
 * bytes forever, so it is hand-written (a dozen lines) rather than taken from a library whose
 * output could shift with a version bump. Values JSON cannot represent faithfully (undefined,
 * NaN, Infinity, functions, bigints, class instances such as Date) are rejected, never dropped.
 */
import { TlogError } from './errors.ts';

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TlogError('not-canonical', `${path} is not a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${Array.from(value, (v: unknown, i) => write(v, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      throw new TlogError('not-canonical', `${path} is not a plain object`);
    const keys = Object.keys(value).sort();
    const obj = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k], `${path}.${k}`)}`).join(',')}}`;
  }
  throw new TlogError('not-canonical', `${path} is ${typeof value}, which JSON cannot represent`);
}
