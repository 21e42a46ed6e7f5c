/**
 * Parses protocol text (YAML, or JSON, which YAML 1.2 contains) into a validated document,
 * reporting every problem with the path and the line and column of the offending node, so
 * an officer can fix a protocol in one pass instead of one error at a time.
 */
import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type ErrorDetail, VigilError } from '../errors.ts';
import { citationIssues, formatPath, type PathSegment } from './citations.ts';
import { type ProtocolDocument, protocolSchema } from './protocol.schema.ts';

export interface ProtocolProblem {
  readonly file: string;
  /** Dotted path of the offending setting, e.g. `roles.calls.rotation.every`; '' for the whole document. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  /** What was expected. */
  readonly message: string;
  /** The offending source line, trimmed, when the problem has a line. */
  readonly text?: string;
}

export type ParseResult =
  | { readonly ok: true; readonly document: ProtocolDocument }
  | { readonly ok: false; readonly problems: ProtocolProblem[] };

/** Protocols are small; aliases beyond this are an attempt to exhaust memory. */
const MAX_ALIAS_COUNT = 100;

export function parseProtocolText(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const sourceLines = text.split(/\r?\n/);
  /** Each problem once (the YAML parser reports one mistake at one place several ways), with its line's text. */
  const finish = (problems: readonly ProtocolProblem[]): ProtocolProblem[] => {
    const seen = new Set<string>();
    const out: ProtocolProblem[] = [];
    for (const p of problems) {
      const key =
        p.path === '' && p.line !== null ? `${p.line}:${p.column}` : `${p.path}|${p.line}|${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const line = p.line === null ? undefined : sourceLines[p.line - 1]?.trim();
      out.push(line === undefined || line === '' ? p : { ...p, text: excerpt(line) });
    }
    return out;
  };

  if (doc.errors.length > 0) {
    // The tree of a document with syntax errors is a guess; checking it against the schema
    // would add confusing problems, so report the syntax alone.
    return {
      ok: false,
      problems: finish(
        doc.errors.map((e) => ({
          file,
          path: '',
          ...position(e.pos[0]),
          message: `YAML syntax error: ${yamlMessage(e.message)}`,
        })),
      ),
    };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return {
      ok: false,
      problems: [
        { file, path: '', line: null, column: null, message: `YAML error: ${(e as Error).message}` },
      ],
    };
  }

  const locate = (
    path: readonly PathSegment[],
    onKey: boolean,
  ): { line: number | null; column: number | null } => {
    const offset = nodeOffset(doc, path, onKey);
    return offset === null ? { line: null, column: null } : position(offset);
  };

  const problems: ProtocolProblem[] = [];
  const parsed = protocolSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const p of describeIssue(issue, data)) {
        problems.push({ file, path: formatPath(p.path), ...locate(p.path, p.onKey), message: p.message });
      }
    }
  }
  // A protocol that extends nothing holds all its sources, so dangling citations are reported
  // here with their lines; a child's are checked once its chain is resolved.
  const parent = valueAt(data, ['metadata', 'extends']).value;
  if (parent === undefined || parent === null) {
    for (const c of citationIssues(data)) {
      problems.push({ file, path: formatPath(c.path), ...locate(c.path, false), message: c.message });
    }
  }
  if (!parsed.success || problems.length > 0) {
    return {
      ok: false,
      problems: finish(
        problems.sort((p, q) => (p.line ?? 0) - (q.line ?? 0) || (p.column ?? 0) - (q.column ?? 0)),
      ),
    };
  }
  const document = parsed.data;
  return { ok: true, document };
}

/** One `PROTOCOL_INVALID` error whose details carry every problem (path, message, file, line, column). */
export function protocolProblemsError(problems: readonly ProtocolProblem[]): VigilError {
  const files = [...new Set(problems.map((p) => p.file))].join(', ');
  const n = problems.length;
  const details: ErrorDetail[] = problems.map((p) => ({
    path: p.path,
    message: p.message,
    file: p.file,
    line: p.line,
    column: p.column,
    ...(p.text === undefined ? {} : { text: p.text }),
  }));
  return new VigilError(
    'PROTOCOL_INVALID',
    `${files}: ${n} problem${n === 1 ? '' : 's'} in the protocol`,
    details,
  );
}

/** `file:line:col: path: message`, one line per problem, for the CLI. */
export function formatProtocolProblems(problems: readonly ProtocolProblem[]): string {
  return problems
    .map((p) => {
      const where = p.line === null ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
      const head = p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`;
      return p.text === undefined ? head : `${head}\n    ${p.line} | ${p.text}`;
    })
    .join('\n');
}

interface LocatedIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** Point at the key itself (an unknown key) rather than its value. */
  readonly onKey: boolean;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): LocatedIssue[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  const got = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const expected = expectedKeys(path);
      const hint = expected === null ? '' : `; expected one of: ${expected.join(', ')}`;
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key "${key}"${hint}`,
        onKey: true,
      }));
    }
    case 'invalid_type': {
      if (got.found === false || got.value === undefined) {
        return [
          {
            path,
            message: `required setting is missing (expected ${describeType(issue.expected)})`,
            onKey: false,
          },
        ];
      }
      return [
        {
          path,
          message: `expected ${describeType(issue.expected)}, got ${describeValue(got.value)}`,
          onKey: false,
        },
      ];
    }
    case 'invalid_value':
      return [
        {
          path,
          message: `expected ${issue.values.length === 1 ? '' : 'one of: '}${issue.values.map((v) => String(v)).join(', ')}; got ${describeValue(got.value)}`,
          onKey: false,
        },
      ];
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'invalid key';
      const key = path[path.length - 1];
      return [{ path, message: `invalid key "${String(key)}": ${inner}`, onKey: true }];
    }
    case 'too_small':
      return [
        {
          path,
          message:
            issue.origin === 'array'
              ? `expected at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`
              : `expected a non-empty value`,
          onKey: false,
        },
      ];
    default:
      return [
        {
          path,
          message:
            got.found && got.value !== undefined
              ? `${issue.message}; got ${describeValue(got.value)}`
              : issue.message,
          onKey: false,
        },
      ];
  }
}

function describeType(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping of settings';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function valueAt(data: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let cur: unknown = data;
  for (const segment of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, segment))
      return { found: false, value: undefined };
    cur = (cur as Record<PathSegment, unknown>)[segment];
  }
  return { found: true, value: cur };
}

/** The keys the schema accepts at `path`, for "unknown key" messages; null if not a fixed set. */
function expectedKeys(path: readonly PathSegment[]): string[] | null {
  let schema: z.core.$ZodType = protocolSchema;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    let cur = s;
    while (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable)
      cur = cur.unwrap() as z.core.$ZodType;
    return cur;
  };
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) {
      const next = (schema.shape as Record<string, z.core.$ZodType>)[String(segment)];
      if (next === undefined) return null;
      schema = next;
    } else if (schema instanceof z.ZodRecord) {
      schema = schema.valueType as z.core.$ZodType;
    } else if (schema instanceof z.ZodArray) {
      schema = schema.element as z.core.$ZodType;
    } else {
      return null;
    }
  }
  schema = unwrap(schema);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodRecord && schema.keyType instanceof z.ZodEnum) {
    return (schema.keyType.options as readonly (string | number)[]).map(String);
  }
  return null;
}

/**
 * The source offset of the node at `path`, or of the nearest existing parent (pointing at the
 * parent's key, which is where a missing setting belongs). Null for an empty document.
 */
function nodeOffset(doc: Document, path: readonly PathSegment[], onKey: boolean): number | null {
  let node: unknown = doc.contents;
  if (!isNode(node)) return null;
  let anchor: number = node.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (pair === undefined) return anchor;
      const keyStart = isNode(pair.key) ? (pair.key.range?.[0] ?? anchor) : anchor;
      if (last && onKey) return keyStart;
      if (!isNode(pair.value)) return keyStart;
      node = pair.value;
      // A missing child is reported at its parent's key, not at the parent's first child.
      anchor = keyStart;
      if (last) return pair.value.range?.[0] ?? keyStart;
    } else if (isSeq(node)) {
      const item = typeof segment === 'number' ? node.items[segment] : undefined;
      if (!isNode(item)) return anchor;
      node = item;
      anchor = item.range?.[0] ?? anchor;
      if (last) return anchor;
    } else {
      return anchor;
    }
  }
  return anchor;
}

/** The parser's sentence without its own "at line L, column C:" (the problem carries both) or code frame. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '');
}

const EXCERPT_LENGTH = 80;

function excerpt(line: string): string {
  return line.length <= EXCERPT_LENGTH ? line : `${line.slice(0, EXCERPT_LENGTH - 1)}…`;
}
