/**
 * Canonical JSON: keys sorted recursively (by UTF-16 code units, like RFC 8785), no white space,
 * strings and numbers exactly as JSON.stringify writes them. It defines the audit log's leaf
 * bytes forever, so it is hand-written (a dozen lines) rather than taken from a library whose
 * output could shift with a version bump. Values JSON cannot represent faithfully (undefined,
 * NaN, Infinity, functions, bigints, class instances such as Date) are rejected, never dropped.
 */
import { TlogError } from './errors.ts';

export function canonicalJson(value: unknown): string {
  try {
    return fast(value);
  } catch (err) {
    // Written again with paths, for the error naming where: the same checks, so it throws.
    if (err === REFUSED) write(value, '$');
    throw err;
  }
}

/** Thrown by `fast` for a value it refuses; `write` then says where. */
const REFUSED = new Error('not canonical');

/**
 * `write` without the path of each value (built for every value, only ever read in an error):
 * what the audit log's integrator runs for every event. The two must agree (canonical.test.ts).
 */
function fast(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw REFUSED;
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + fast(value[i]);
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw REFUSED;
    const keys = Object.keys(value).sort();
    const obj = value as Record<string, unknown>;
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      out += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${fast(obj[k])}`;
    }
    return `${out}}`;
  }
  throw REFUSED;
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
