/**
 * Indicator files (STIX 2.1 bundles) from disk: each hashed, parsed, its problems kept. The
 * registrable-domain function uses the Public Suffix List (tldts) with hostname input, so no
 * URL parsing or lookup happens there either.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { getDomain } from 'tldts';
import { VigilError } from '../../core/errors.ts';
import { type DomainOf, IndicatorSet } from '../../core/forensics/indicators.ts';
import { type Indicator, loadStixBundle, type StixProblem } from '../../core/forensics/stix.ts';

export const domainOf: DomainOf = (host) =>
  getDomain(host, { extractHostname: false, allowPrivateDomains: false });

export interface IndicatorFile {
  readonly path: string;
  readonly sha256: string;
  readonly indicators: number;
  /** Where and when `vigil iocs update` fetched it (its index.json); null for a file given by hand. */
  readonly url: string | null;
  readonly fetchedAt: string | null;
}

/** The feeds `vigil iocs update` recorded in a folder's index.json, by file name. */
export function feedIndexOf(folder: string): Map<string, { url: string; fetchedAt: string }> {
  const out = new Map<string, { url: string; fetchedAt: string }>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8'));
  } catch {
    return out;
  }
  if (!Array.isArray(parsed)) return out;
  for (const e of parsed as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const { file, url, fetchedAt } = e as Record<string, unknown>;
    if (typeof file === 'string' && typeof url === 'string' && typeof fetchedAt === 'string')
      out.set(file, { url, fetchedAt });
  }
  return out;
}

export interface LoadedIndicatorFiles {
  readonly set: IndicatorSet;
  readonly files: readonly IndicatorFile[];
  readonly problems: readonly StixProblem[];
}

/** Expands directories to the `.stix2` files inside them (recursively); files named directly may be `.json`. */
function expand(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((n) => {
      const p = join(path, n);
      return statSync(p).isDirectory() ? expand(p) : /\.stix2$/i.test(n) ? [p] : [];
    });
}

/**
 * Loads the indicator files named (directories expanded). `confineTo`: a folder every file's
 * real path must be inside (a scan job's indicator files come from the evidence folder, where a
 * link could otherwise point the server at any file it can read).
 */
export function loadIndicatorFiles(
  paths: readonly string[],
  cwd: string,
  confineTo: string | null = null,
): LoadedIndicatorFiles {
  const inside = confineTo === null ? null : realpathSync(confineTo) + sep;
  const all: Indicator[] = [];
  const files: IndicatorFile[] = [];
  const problems: StixProblem[] = [];
  const indexes = new Map<string, Map<string, { url: string; fetchedAt: string }>>();
  const fetched = (path: string) => {
    const folder = dirname(path);
    let index = indexes.get(folder);
    if (index === undefined) {
      index = feedIndexOf(folder);
      indexes.set(folder, index);
    }
    return index.get(basename(path)) ?? null;
  };
  for (const given of paths) {
    let list: string[];
    try {
      list = expand(resolve(cwd, given));
    } catch {
      throw new VigilError('FILE_UNREADABLE', `cannot read indicator file ${given}`);
    }
    for (const path of list) {
      const real = inside === null ? path : realpathSync(path);
      if (inside !== null && !real.startsWith(inside))
        throw new VigilError('FILE_UNREADABLE', `indicator file ${given} leads outside the evidence folder`);
      const bytes = readFileSync(real);
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        throw new VigilError(
          'IOC_FILE_INVALID',
          `${given} is not a JSON STIX bundle: ${(err as Error).message}`,
        );
      }
      const loaded = loadStixBundle(json, basename(path));
      if (loaded.indicators.length === 0 && loaded.problems.some((p) => p.id === null)) {
        throw new VigilError('IOC_FILE_INVALID', `${path} is not a STIX bundle`);
      }
      all.push(...loaded.indicators);
      problems.push(...loaded.problems);
      files.push({
        path,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        indicators: loaded.indicators.length,
        url: fetched(path)?.url ?? null,
        fetchedAt: fetched(path)?.fetchedAt ?? null,
      });
    }
  }
  return { set: new IndicatorSet(all, domainOf), files, problems };
}
