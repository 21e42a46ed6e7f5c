/**
 * STIX 2.1 indicator bundles, the shape the public spyware feeds publish (Amnesty, mvt-indicators):
 * `malware` and `report` objects name collections; an indicator belongs to a report that lists it
 * in `object_refs`, else to the malware a relationship from it points at, else to a default
 * collection. Only patterns are read; validity windows are ignored, as the feeds leave them open.
 *
 * The pattern parser is hand-written on purpose: no maintained STIX package exists for
 * JavaScript, and the feeds' own tooling splits on `=`, which breaks on URLs with query strings.
 * This one tokenises properly (quoted values with `\'` and `\\` escapes, `AND`/`OR`, nested
 * brackets), so a value may contain `=`, brackets or quotes, and one malformed pattern is
 * reported and skipped without losing the rest of the file.
 */

export const INDICATOR_TYPES = [
  'domain',
  'url',
  'process',
  'email',
  'file-name',
  'file-path',
  'md5',
  'sha1',
  'sha256',
  'app-id',
  'app-cert-hash',
  'profile-id',
  'android-property',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export interface Indicator {
  readonly type: IndicatorType;
  readonly value: string;
  /** The collection: the malware or report name, or "Default collection". */
  readonly name: string;
  /** The file (or feed) the indicator came from. */
  readonly feed: string;
}

export interface StixProblem {
  readonly feed: string;
  readonly id: string | null;
  readonly message: string;
}

export interface LoadedIndicators {
  readonly indicators: readonly Indicator[];
  readonly problems: readonly StixProblem[];
}

/** One `object-path = 'value'` comparison of a pattern. */
export interface Comparison {
  /** The object path with hash-key spellings normalised, e.g. `file:hashes.sha256`. */
  readonly path: string;
  readonly operator: string;
  readonly value: string;
}

/** A parsed pattern: comparisons joined only by OR (any one suffices), or an error. */
export type ParsedPattern =
  | { readonly ok: true; readonly comparisons: readonly Comparison[] }
  | { readonly ok: false; readonly error: string };

type Token =
  | { readonly kind: 'lbracket' | 'rbracket' | 'lparen' | 'rparen'; readonly at: number }
  | {
      readonly kind: 'path' | 'op' | 'string' | 'number' | 'word';
      readonly text: string;
      readonly at: number;
    };

const OPERATORS = ['!=', '<=', '>=', '=', '<', '>'];
const PATH_CHAR = /[A-Za-z0-9_\-:.[\]*]/;

/** Splits a pattern into tokens; throws with a position on a lexical error. */
function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '[' || c === ']' || c === '(' || c === ')') {
      const kind = c === '[' ? 'lbracket' : c === ']' ? 'rbracket' : c === '(' ? 'lparen' : 'rparen';
      out.push({ kind, at: i });
      i++;
    } else if (c === "'") {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string starting at ${start}`);
        const d = src[i] as string;
        if (d === '\\') {
          const e = src[i + 1];
          if (e !== "'" && e !== '\\') throw new Error(`bad escape at ${i}`);
          text += e;
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          text += d;
          i++;
        }
      }
      out.push({ kind: 'string', text, at: start });
    } else if (OPERATORS.some((op) => src.startsWith(op, i))) {
      const op = OPERATORS.find((o) => src.startsWith(o, i)) as string;
      out.push({ kind: 'op', text: op, at: i });
      i += op.length;
    } else if (/[0-9-]/.test(c) && out.at(-1)?.kind === 'op') {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (m === null) throw new Error(`unexpected "${c}" at ${i}`);
      out.push({ kind: 'number', text: m[0], at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      let text = '';
      // An object path may carry quoted segments after a dot: file:hashes.'SHA-256'.
      while (i < src.length) {
        const d = src[i] as string;
        if (d === "'" && text.endsWith('.')) {
          const end = src.indexOf("'", i + 1);
          if (end < 0) throw new Error(`unterminated path segment at ${i}`);
          text += src.slice(i, end + 1);
          i = end + 1;
        } else if (PATH_CHAR.test(d) && !(d === ']' && !text.includes('['))) {
          text += d;
          i++;
        } else {
          break;
        }
      }
      out.push({ kind: text.includes(':') ? 'path' : 'word', text, at: start });
    } else {
      throw new Error(`unexpected "${c}" at ${i}`);
    }
  }
  return out;
}

/** `hashes.'SHA-256'`, `hashes.SHA256` and `hashes.sha256` all mean `hashes.sha256`. */
export function normalisePath(path: string): string {
  const m = /^(.*?\b(?:hashes|cert))\.(.+)$/.exec(path);
  if (m === null) return path;
  return `${m[1]}.${(m[2] as string).replace(/['-]/g, '').toLowerCase()}`;
}

/**
 * Parses `[a:b = 'v'] OR [c:d = 'w']` and `[a:b = 'v' OR c:d = 'w']`. AND (within or between
 * observations) and FOLLOWEDBY need several observations to co-occur, which a record-by-record
 * check cannot see; such patterns are refused rather than silently widened to OR.
 */
export function parsePattern(pattern: string): ParsedPattern {
  let tokens: Token[];
  try {
    tokens = tokenize(pattern);
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  let pos = 0;
  const comparisons: Comparison[] = [];
  const peek = () => tokens[pos];
  const fail = (msg: string): ParsedPattern => ({ ok: false, error: msg });
  const expect = (kind: Token['kind']) => {
    const t = tokens[pos];
    if (t?.kind !== kind) throw new Error(`expected ${kind} at ${t?.at ?? pattern.length}`);
    pos++;
    return t;
  };
  const joiner = (): 'OR' | 'END' | 'CLOSE' => {
    const t = peek();
    if (t === undefined) return 'END';
    if (t.kind === 'rbracket' || t.kind === 'rparen') return 'CLOSE';
    if (t.kind === 'word' && t.text.toUpperCase() === 'OR') {
      pos++;
      return 'OR';
    }
    if (t.kind === 'word' && ['AND', 'FOLLOWEDBY'].includes(t.text.toUpperCase()))
      throw new Error(`${t.text.toUpperCase()} is not supported (observations must co-occur)`);
    throw new Error(`unexpected token at ${t.at}`);
  };
  const comparisonExpr = (): void => {
    for (;;) {
      const t = peek();
      if (t?.kind === 'lparen') {
        pos++;
        comparisonExpr();
        expect('rparen');
      } else {
        const path = expect('path') as { text: string };
        const opTok = peek();
        let operator: string;
        if (opTok?.kind === 'op') {
          operator = opTok.text;
          pos++;
        } else if (opTok?.kind === 'word') {
          operator = opTok.text.toUpperCase();
          pos++;
        } else {
          throw new Error(`expected an operator at ${opTok?.at ?? pattern.length}`);
        }
        const v = peek();
        if (v?.kind !== 'string' && v?.kind !== 'number')
          throw new Error(`expected a value at ${v?.at ?? pattern.length}`);
        pos++;
        comparisons.push({ path: normalisePath(path.text), operator, value: v.text });
      }
      if (joiner() !== 'OR') return;
    }
  };
  const observationExpr = (): void => {
    for (;;) {
      const t = peek();
      if (t?.kind === 'lparen') {
        pos++;
        observationExpr();
        expect('rparen');
      } else {
        expect('lbracket');
        comparisonExpr();
        expect('rbracket');
      }
      if (joiner() !== 'OR') return;
    }
  };
  try {
    observationExpr();
    if (pos !== tokens.length) return fail(`unexpected token at ${tokens[pos]?.at ?? 0}`);
  } catch (err) {
    return fail((err as Error).message);
  }
  return comparisons.length === 0 ? fail('empty pattern') : { ok: true, comparisons };
}

/** The STIX object paths the feeds use, and the indicator type each fills. */
const PATH_TYPES: Readonly<Record<string, IndicatorType>> = {
  'domain-name:value': 'domain',
  'ipv4-addr:value': 'domain',
  'url:value': 'url',
  'process:name': 'process',
  'email-addr:value': 'email',
  'file:name': 'file-name',
  'file:path': 'file-path',
  'file:hashes.md5': 'md5',
  'file:hashes.sha1': 'sha1',
  'file:hashes.sha256': 'sha256',
  'app:id': 'app-id',
  'app:cert.md5': 'app-cert-hash',
  'app:cert.sha1': 'app-cert-hash',
  'app:cert.sha256': 'app-cert-hash',
  'configuration-profile:id': 'profile-id',
  'android-property:name': 'android-property',
};

const LOWER_CASED: ReadonlySet<IndicatorType> = new Set([
  'domain',
  'email',
  'md5',
  'sha1',
  'sha256',
  'app-cert-hash',
  'profile-id',
  'app-id',
  'android-property',
]);

/** Normalises an indicator value as matching expects it (trimmed; case folded where case carries no meaning). */
export function normaliseValue(type: IndicatorType, value: string): string {
  const v = value.trim();
  return LOWER_CASED.has(type) ? v.toLowerCase() : v;
}

type StixObject = Record<string, unknown> & { type?: unknown; id?: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Loads indicators from a parsed STIX 2.1 bundle. `feed` names the file in alerts. Problems
 * (malformed patterns, unknown paths, non-equality operators) are listed, never thrown.
 */
export function loadStixBundle(bundle: unknown, feed: string): LoadedIndicators {
  const problems: StixProblem[] = [];
  if (typeof bundle !== 'object' || bundle === null || !Array.isArray((bundle as StixObject).objects)) {
    return {
      indicators: [],
      problems: [{ feed, id: null, message: 'not a STIX bundle (no objects array)' }],
    };
  }
  const objects = ((bundle as { objects: unknown[] }).objects ?? []).filter(
    (o): o is StixObject => typeof o === 'object' && o !== null,
  );
  const names = new Map<string, string>();
  const reportOf = new Map<string, string>();
  const malwareOf = new Map<string, string>();
  for (const o of objects) {
    const id = str(o.id);
    if (id === null) continue;
    if (o.type === 'malware' || o.type === 'report') names.set(id, str(o.name) ?? id);
  }
  for (const o of objects) {
    const id = str(o.id);
    if (o.type === 'report' && id !== null && Array.isArray(o.object_refs)) {
      for (const ref of o.object_refs)
        if (typeof ref === 'string' && !reportOf.has(ref)) reportOf.set(ref, id);
    }
    if (o.type === 'relationship') {
      const source = str(o.source_ref);
      const target = str(o.target_ref);
      if (source !== null && target !== null && names.has(target) && !malwareOf.has(source))
        malwareOf.set(source, target);
    }
  }
  const indicators: Indicator[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    if (o.type !== 'indicator') continue;
    const id = str(o.id);
    const pattern = str(o.pattern);
    if (pattern === null) {
      problems.push({ feed, id, message: 'indicator without a pattern' });
      continue;
    }
    const parsed = parsePattern(pattern);
    if (!parsed.ok) {
      problems.push({ feed, id, message: `malformed pattern ${JSON.stringify(pattern)}: ${parsed.error}` });
      continue;
    }
    const owner = id === null ? undefined : (reportOf.get(id) ?? malwareOf.get(id));
    const name = owner === undefined ? 'Default collection' : (names.get(owner) ?? owner);
    for (const c of parsed.comparisons) {
      const type = PATH_TYPES[c.path];
      if (type === undefined) {
        problems.push({ feed, id, message: `unsupported object path ${c.path}` });
        continue;
      }
      if (c.operator !== '=') {
        problems.push({ feed, id, message: `unsupported operator ${c.operator} on ${c.path}` });
        continue;
      }
      const value = normaliseValue(type, c.value);
      if (value === '') continue;
      const key = `${name}\u0000${type}\u0000${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      indicators.push({ type, value, name, feed });
    }
  }
  return { indicators, problems };
}
