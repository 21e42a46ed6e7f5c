/**
 * What every connector shares: reading fields tolerantly (unknown keys ignored, missing keys
 * = not reported) but strictly (a present key of the wrong shape is CONNECTOR_PAYLOAD_INVALID
 * naming its path), and the posture field formats Vigil accepts.
 */
import { VigilError } from '../../core/errors.ts';
import { unsafeTextReason } from '../../core/text.ts';
import { type Instant, parseInstant } from '../../core/time.ts';
import type { Observation } from '../../services/connectors/connector.service.ts';

/** Identifiers the uploader may add when the payload lacks them (a profile has no UDID). */
export interface DeliveryHints {
  readonly serial?: string | undefined;
  readonly udid?: string | undefined;
  readonly observedAt?: Instant | undefined;
}

export type Parse = (body: Buffer, hints: DeliveryHints) => Observation[];

export type Obj = Readonly<Record<string, unknown>>;

export function invalid(path: string, message: string): never {
  throw new VigilError('CONNECTOR_PAYLOAD_INVALID', `${path}: ${message}`, [{ path, message }]);
}

export function isObj(v: unknown): v is Obj {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Date)
  );
}

export function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) invalid(path, 'expected an object');
  return v;
}

export function optObj(o: Obj, key: string, path: string): Obj | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : obj(v, `${path}${key}`);
}

export function optArr(o: Obj, key: string, path: string): readonly unknown[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) invalid(`${path}${key}`, 'expected an array');
  return v;
}

export function optStr(o: Obj, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') invalid(`${path}${key}`, 'expected a string');
  const unsafe = unsafeTextReason(v);
  if (unsafe !== null) invalid(`${path}${key}`, unsafe);
  const t = v.trim();
  return t === '' ? undefined : t;
}

export function optBool(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') invalid(`${path}${key}`, 'expected true or false');
  return v;
}

const VERSION = /^\d+(\.\d+){0,3}$/;
const PATCH = /^\d{4}-\d{2}-\d{2}$/;

export function optVersion(o: Obj, key: string, path: string): string | undefined {
  const v = optStr(o, key, path);
  if (v !== undefined && !VERSION.test(v))
    invalid(`${path}${key}`, `expected a version such as 18.6.2, got "${v.slice(0, 40)}"`);
  return v;
}

export function optBuild(o: Obj, key: string, path: string): string | undefined {
  const v = optStr(o, key, path);
  if (v !== undefined && v.length > 32)
    invalid(`${path}${key}`, 'expected a build number (at most 32 characters)');
  return v;
}

/** A patch level "YYYY-MM-DD" (AMAPI and Intune send it so; a timestamp's date part is accepted). */
export function optPatchLevel(o: Obj, key: string, path: string): string | undefined {
  const v = optStr(o, key, path);
  if (v === undefined) return undefined;
  const day = v.slice(0, 10);
  if (!PATCH.test(day) || parseInstant(day) === null)
    invalid(`${path}${key}`, `expected a patch level such as 2026-05-01, got "${v.slice(0, 40)}"`);
  return day;
}

/**
 * A timestamp. Values before 2000 (Go's zero time "0001-01-01T00:00:00Z", which MicroMDM
 * sends when it has none) count as not stated.
 */
export function optTime(o: Obj, key: string, path: string): Instant | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? invalid(`${path}${key}`, 'invalid date') : sane(v.getTime());
  if (typeof v !== 'string') invalid(`${path}${key}`, 'expected an ISO 8601 timestamp');
  const t = parseInstant(v.trim()) ?? parseLoose(v.trim());
  if (t === null) invalid(`${path}${key}`, `expected an ISO 8601 timestamp, got "${v.slice(0, 40)}"`);
  return sane(t);
}

function sane(t: Instant): Instant | undefined {
  return t < Date.UTC(2000, 0, 1) ? undefined : t;
}

/** RFC 3339 with more than millisecond precision (Google and Microsoft send nanoseconds). */
function parseLoose(s: string): Instant | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (m === null) return null;
  const t = Date.parse(`${m[1]}${(m[2] ?? '').slice(0, 4)}${m[3]}`);
  return Number.isNaN(t) ? null : t;
}

export function parseJsonBody(body: Buffer, path = '(body)'): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    return invalid(path, `not JSON (${(err as Error).message.slice(0, 80)})`);
  }
}

/** The records of a JSON payload: an array, `{ <key>: [...] }` (a page of an API), or one record. */
export function records(
  body: unknown,
  keys: readonly string[],
): { items: readonly unknown[]; at: (i: number) => string } {
  if (Array.isArray(body)) return { items: body, at: (i) => `${i}.` };
  if (isObj(body)) {
    for (const k of keys) {
      const v = body[k];
      if (Array.isArray(v)) return { items: v, at: (i) => `${k}.${i}.` };
    }
    return { items: [body], at: () => '' };
  }
  return invalid('(body)', 'expected a JSON object or array');
}
