/**
 * Every `cite` in a protocol must name one of its `metadata.sources`: a requirement that
 * claims a source nobody can look up is worse than one that claims none.
 */
import type { ProtocolDocument } from './protocol.schema.ts';

/** A path into a document: object keys and array indices. */
export type PathSegment = string | number;

export interface CitationIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/**
 * Finds every `cite` id that names no `metadata.sources` entry, in document order. Accepts any
 * value, not only a valid document, so the parser can report dangling citations together with
 * schema problems; parts that are not shaped like a protocol are skipped.
 */
export function citationIssues(doc: ProtocolDocument | unknown): CitationIssue[] {
  const root = asRecord(doc);
  const sources = asRecord(root?.metadata)?.sources;
  const known = new Set(
    (Array.isArray(sources) ? sources : []).flatMap((s) => {
      const id = asRecord(s)?.id;
      return typeof id === 'string' ? [id] : [];
    }),
  );
  const issues: CitationIssue[] = [];
  const check = (section: unknown, at: readonly PathSegment[]): void => {
    const cite = asRecord(section)?.cite;
    if (!Array.isArray(cite)) return;
    cite.forEach((id: unknown, i) => {
      if (typeof id === 'string' && !known.has(id)) {
        const list =
          known.size === 0 ? 'the protocol lists no metadata.sources' : `known: ${[...known].join(', ')}`;
        issues.push({ path: [...at, 'cite', i], message: `cites unknown source "${id}" (${list})` });
      }
    });
  };
  for (const [role, requirements] of Object.entries(asRecord(root?.roles) ?? {})) {
    for (const [section, value] of Object.entries(asRecord(requirements) ?? {}))
      check(value, ['roles', role, section]);
  }
  for (const [id, facility] of Object.entries(asRecord(root?.facilities) ?? {}))
    check(facility, ['facilities', id]);
  check(root?.waivers, ['waivers']);
  return issues;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `['roles', 'calls', 'apps', 'allow', 2]` -> `roles.calls.apps.allow[2]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
