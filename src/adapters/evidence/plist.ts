/**
 * Property lists (XML and binary) via the `plist` package, and the small NSKeyedArchiver
 * resolver no package provides: archived objects reference each other by UID into `$objects`.
 */
import { type PlistValue, parse, parseBinary } from 'plist';

export type { PlistValue };
export type PlistDict = { [key: string]: PlistValue };

export function parsePlist(bytes: Uint8Array): PlistValue {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (head === 'bplist00') return parseBinary(bytes);
  return parse(Buffer.from(bytes).toString('utf8'));
}

export const isDict = (v: PlistValue | undefined): v is PlistDict =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Uint8Array) &&
  !(v instanceof Date);

export const str = (v: PlistValue | undefined): string | null => (typeof v === 'string' ? v : null);
export const numOf = (v: PlistValue | undefined): number | null => (typeof v === 'number' ? v : null);
export const bool = (v: PlistValue | undefined): boolean | null => (typeof v === 'boolean' ? v : null);
export const dateOf = (v: PlistValue | undefined): number | null => (v instanceof Date ? v.getTime() : null);
export const bytesOf = (v: PlistValue | undefined): Uint8Array | null => (v instanceof Uint8Array ? v : null);

function uidOf(v: PlistValue | undefined): number | null {
  if (!isDict(v)) return null;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === 'UID' && typeof v.UID === 'number' ? v.UID : null;
}

/**
 * Resolves an NSKeyedArchiver archive into plain values: UIDs replaced by their objects,
 * NSDictionary/NSArray/NSData/NSString unwrapped. Depth-limited, so a cyclic archive ends.
 */
export function unarchive(archive: PlistValue): PlistValue {
  if (!isDict(archive) || !Array.isArray(archive.$objects) || !isDict(archive.$top)) {
    throw new Error('not an NSKeyedArchiver archive');
  }
  const objects = archive.$objects;
  const resolve = (v: PlistValue | undefined, depth: number): PlistValue => {
    if (v === undefined || depth > 64) return null;
    const uid = uidOf(v);
    if (uid !== null) {
      const target = objects[uid];
      return target === '$null' ? null : resolve(target, depth + 1);
    }
    if (Array.isArray(v)) return v.map((x) => resolve(x, depth + 1));
    if (!isDict(v)) return v;
    if (Array.isArray(v['NS.keys']) && Array.isArray(v['NS.objects'])) {
      const out: PlistDict = {};
      const keys = v['NS.keys'];
      v['NS.objects'].forEach((o, i) => {
        const k = resolve(keys[i], depth + 1);
        out[String(k)] = resolve(o, depth + 1);
      });
      return out;
    }
    if (Array.isArray(v['NS.objects'])) return v['NS.objects'].map((x) => resolve(x, depth + 1));
    if (v['NS.data'] !== undefined) return resolve(v['NS.data'], depth + 1);
    if (v['NS.string'] !== undefined) return resolve(v['NS.string'], depth + 1);
    if (typeof v['NS.time'] === 'number') return new Date((v['NS.time'] + 978_307_200) * 1000);
    const out: PlistDict = {};
    for (const [k, x] of Object.entries(v)) if (k !== '$class') out[k] = resolve(x, depth + 1);
    return out;
  };
  const root = archive.$top.root ?? Object.values(archive.$top)[0];
  return resolve(root, 0);
}
