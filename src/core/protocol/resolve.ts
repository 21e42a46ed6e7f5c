/**
 * Resolves a protocol's `metadata.extends` chain into one self-contained document.
 *
 * Merge rules, child over parent: objects merge key by key (roles -> role -> section ->
 * setting, facilities -> facility, severities -> rule); lists replace (an allow-list in the
 * child is the whole allow-list); an explicit `null` removes the inherited role, section or
 * facility and stays `null` in the result, so the exemption remains visible. Two exceptions:
 * a section's `cite` is the union of the parent's and the child's (a merged section holds
 * settings from both, and each keeps the source that justifies it), and `metadata` is the
 * child's own, except `sources`, which are concatenated and deduplicated by id (a child's
 * entry replaces its parent's entry with the same id).
 */
import { type ErrorDetail, VigilError } from '../errors.ts';
import { citationIssues, formatPath } from './citations.ts';
import { type ProtocolDocument, protocolSchema } from './protocol.schema.ts';

export type ProtocolLookup = (name: string) => ProtocolDocument | undefined;

/**
 * The chain of documents from `name` up to its root ancestor (`[name, parent, grandparent...]`).
 * Throws PROTOCOL_NOT_FOUND for a missing protocol or parent, PROTOCOL_EXTENDS_CYCLE on a cycle.
 */
export function protocolChain(name: string, lookup: ProtocolLookup): ProtocolDocument[] {
  const first = lookup(name);
  if (first === undefined) throw new VigilError('PROTOCOL_NOT_FOUND', `No protocol is named "${name}".`);
  const chain: ProtocolDocument[] = [first];
  const seen: string[] = [name];
  let current = first;
  for (;;) {
    const parentName = current.metadata.extends;
    if (parentName === undefined || parentName === null) return chain;
    const childName = seen[seen.length - 1] ?? name;
    if (seen.includes(parentName)) {
      const cycle = [...seen.slice(seen.indexOf(parentName)), parentName].join(' -> ');
      throw new VigilError('PROTOCOL_EXTENDS_CYCLE', `Protocols extend each other in a cycle: ${cycle}.`, [
        {
          path: 'metadata.extends',
          message: `extends "${parentName}", which closes the cycle ${cycle}`,
          protocol: childName,
        },
      ]);
    }
    const parent = lookup(parentName);
    if (parent === undefined) {
      throw new VigilError(
        'PROTOCOL_NOT_FOUND',
        `Protocol "${childName}" extends "${parentName}", but no protocol is named "${parentName}".`,
        [{ path: 'metadata.extends', message: `no protocol is named "${parentName}"`, protocol: childName }],
      );
    }
    chain.push(parent);
    seen.push(parentName);
    current = parent;
  }
}

/** The latest `effectiveAt` along `name`'s chain: since when the resolved protocol governs. */
export function chainInForceSince(
  name: string,
  lookup: ProtocolLookup,
  effectiveAt: (name: string) => number | undefined,
): number | undefined {
  let since: number | undefined;
  for (const d of protocolChain(name, lookup)) {
    const t = effectiveAt(d.metadata.name);
    if (t !== undefined && (since === undefined || t > since)) since = t;
  }
  return since;
}

/**
 * Merges `name` with its ancestors into one document with `metadata.extends: null`.
 * Throws PROTOCOL_INVALID (details list every problem, e.g. a `cite` naming no source).
 */
export function resolveProtocol(name: string, lookup: ProtocolLookup): ProtocolDocument {
  const chain = protocolChain(name, lookup);
  let merged: ProtocolDocument | undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const doc = chain[i] as ProtocolDocument;
    merged = merged === undefined ? doc : mergeProtocols(merged, doc);
  }
  const result = merged as ProtocolDocument;
  const resolved: ProtocolDocument = { ...result, metadata: { ...result.metadata, extends: null } };

  // Each file was valid alone; check the merged whole, then that every citation resolves.
  const details: ErrorDetail[] = [];
  const checked = protocolSchema.safeParse(resolved);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const path = formatPath(issue.path.filter((s) => typeof s !== 'symbol'));
      details.push({ path, message: issue.message, protocol: name });
    }
  }
  for (const issue of citationIssues(resolved)) {
    details.push({ path: formatPath(issue.path), message: issue.message, protocol: name });
  }
  if (details.length > 0) {
    const n = details.length;
    throw new VigilError(
      'PROTOCOL_INVALID',
      `Protocol "${name}", resolved with what it extends, has ${n} problem${n === 1 ? '' : 's'}.`,
      details,
    );
  }
  return checked.success ? checked.data : resolved;
}

/** `child` over `parent` (see the module comment for the rules). */
export function mergeProtocols(parent: ProtocolDocument, child: ProtocolDocument): ProtocolDocument {
  const sources = new Map<string, NonNullable<ProtocolDocument['metadata']['sources']>[number]>();
  for (const s of [...(parent.metadata.sources ?? []), ...(child.metadata.sources ?? [])])
    sources.set(s.id, s);
  const merged = mergeValue(parent, child, null) as ProtocolDocument;
  const metadata: ProtocolDocument['metadata'] = { ...child.metadata };
  if (sources.size > 0) metadata.sources = [...sources.values()];
  return { ...merged, metadata };
}

function mergeValue(parent: unknown, child: unknown, key: string | null): unknown {
  if (child === undefined) return parent;
  if (child === null) return null;
  if (key === 'cite' && Array.isArray(parent) && Array.isArray(child))
    return [...new Set([...parent, ...child])];
  if (isPlainObject(parent) && isPlainObject(child)) {
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(parent), ...Object.keys(child)])) {
      const v = mergeValue(parent[k], child[k], k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return child;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
