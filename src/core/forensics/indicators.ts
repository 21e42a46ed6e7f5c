/**
 * Indicator matching. Every lookup is a Map probe (host, registrable domain, basename, hash),
 * so a scan costs O(records), not O(records × indicators); only path prefixes are a short list.
 * The registrable domain comes from a function the caller passes (the evidence adapter uses the
 * Public Suffix List via tldts), which keeps this module free of anything but computation.
 * Nothing here touches the network: URLs are parsed, never resolved.
 */
import type { Indicator, IndicatorType } from './stix.ts';

/** The registrable domain of a host ("a.b.example.co.uk" -> "example.co.uk"), or null. */
export type DomainOf = (host: string) => string | null;

/** iOS truncates process names to 16 characters in DataUsage and elsewhere. */
const PROCESS_NAME_LIMIT = 16;

function basename(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

/** The lower-cased host of a URL (or of a bare host, with or without a port); null if none. */
export function hostOf(url: string): string | null {
  const text = url.trim();
  if (text === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  try {
    const host = new URL(withScheme).hostname.toLowerCase();
    return host === '' ? null : host.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

export class IndicatorSet {
  readonly #byType = new Map<IndicatorType, Map<string, Indicator>>();
  /** Process indicators by their first 16 characters, for truncated names. */
  readonly #processPrefixes = new Map<string, Indicator>();
  /** File-path indicators by length, so a path is checked against each length once, not each indicator. */
  readonly #pathPrefixes = new Map<number, Map<string, Indicator>>();
  #shortestPrefix = Number.POSITIVE_INFINITY;
  /** The shortest prefix length's heads: a path whose head is not here matches no prefix. */
  readonly #prefixHeads = new Set<string>();
  readonly #domainOf: DomainOf;
  readonly size: number;

  constructor(indicators: readonly Indicator[], domainOf: DomainOf) {
    this.#domainOf = domainOf;
    for (const ind of indicators) {
      let m = this.#byType.get(ind.type);
      if (m === undefined) {
        m = new Map();
        this.#byType.set(ind.type, m);
      }
      if (!m.has(ind.value)) m.set(ind.value, ind);
      if (ind.type === 'process' && ind.value.length >= PROCESS_NAME_LIMIT) {
        const p = ind.value.slice(0, PROCESS_NAME_LIMIT);
        if (!this.#processPrefixes.has(p)) this.#processPrefixes.set(p, ind);
      }
      if (ind.type === 'file-path') {
        const prefix = ind.value.replace(/\/+$/, '');
        if (prefix === '') continue;
        let byLength = this.#pathPrefixes.get(prefix.length);
        if (byLength === undefined) {
          byLength = new Map();
          this.#pathPrefixes.set(prefix.length, byLength);
        }
        if (!byLength.has(prefix)) byLength.set(prefix, ind);
        this.#shortestPrefix = Math.min(this.#shortestPrefix, prefix.length);
      }
    }
    for (const byLength of this.#pathPrefixes.values()) {
      for (const prefix of byLength.keys()) this.#prefixHeads.add(prefix.slice(0, this.#shortestPrefix));
    }
    this.size = indicators.length;
  }

  #get(type: IndicatorType, value: string): Indicator | null {
    return this.#byType.get(type)?.get(value) ?? null;
  }

  count(type: IndicatorType): number {
    return this.#byType.get(type)?.size ?? 0;
  }

  /** A host: exact, then its registrable domain (so every subdomain of an indicator matches). */
  checkHost(host: string): Indicator | null {
    const h = host.toLowerCase().replace(/\.$/, '');
    if (h === '' || this.count('domain') === 0) return null;
    const exact = this.#get('domain', h);
    if (exact !== null) return exact;
    const registrable = this.#domainOf(h);
    return registrable === null || registrable === h ? null : this.#get('domain', registrable);
  }

  /** A URL: exact URL indicator, then its host as a domain; unparsable text falls back to a substring test. */
  checkUrl(url: string): Indicator | null {
    const u = url.trim();
    if (u === '') return null;
    const exact = this.#get('url', u);
    if (exact !== null) return exact;
    const host = hostOf(u);
    if (host !== null) return this.checkHost(host);
    const lower = u.toLowerCase();
    for (const ind of this.#byType.get('domain')?.values() ?? []) if (lower.includes(ind.value)) return ind;
    return null;
  }

  /** A process name or path: the basename equals an indicator, or is a 16-character truncation of one. */
  checkProcess(name: string): Indicator | null {
    const base = basename(name.trim());
    if (base === '') return null;
    const exact = this.#get('process', base);
    if (exact !== null) return exact;
    return base.length === PROCESS_NAME_LIMIT ? (this.#processPrefixes.get(base) ?? null) : null;
  }

  checkEmail(email: string): Indicator | null {
    return this.#get('email', email.trim().toLowerCase());
  }

  checkFileName(name: string): Indicator | null {
    return this.#get('file-name', basename(name));
  }

  /** A file path: its name, then whether it lies under (or is) an indicator path. */
  checkFilePath(path: string): Indicator | null {
    const byName = this.checkFileName(path);
    if (byName !== null) return byName;
    if (path.length < this.#shortestPrefix || !this.#prefixHeads.has(path.slice(0, this.#shortestPrefix)))
      return null;
    for (const [length, byLength] of this.#pathPrefixes) {
      if (length > path.length) continue;
      const hit = byLength.get(path.slice(0, length));
      if (hit !== undefined) return hit;
    }
    return null;
  }

  /** Whether any `/`-separated part of a path is a known process name. */
  checkFilePathProcess(path: string): Indicator | null {
    if (this.count('process') === 0) return null;
    for (const part of path.split('/')) {
      const hit = part === '' ? null : this.#get('process', part);
      if (hit !== null) return hit;
    }
    return null;
  }

  /** A hash of any of the supported kinds, told apart by length. */
  checkHash(hash: string): Indicator | null {
    const h = hash.trim().toLowerCase();
    if (h === '') return null;
    return this.#get(h.length === 32 ? 'md5' : h.length === 40 ? 'sha1' : 'sha256', h);
  }

  checkAppId(id: string): Indicator | null {
    return this.#get('app-id', id.trim().toLowerCase());
  }

  checkAppCertHash(hash: string): Indicator | null {
    return this.#get('app-cert-hash', hash.trim().toLowerCase());
  }

  /** Profile UUIDs compare by equality (case-insensitive), not by substring. */
  checkProfileId(id: string): Indicator | null {
    return this.#get('profile-id', id.trim().toLowerCase());
  }

  checkAndroidProperty(name: string): Indicator | null {
    return this.#get('android-property', name.trim().toLowerCase());
  }
}
