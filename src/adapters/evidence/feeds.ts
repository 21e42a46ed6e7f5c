/**
 * `vigil iocs update`: downloads the configured STIX feeds (the public feeds enabled by name,
 * then VIGIL_IOC_FEEDS) into the data folder. All feeds are fetched and checked first; only then are files replaced (each by an
 * atomic rename), so a failed update leaves the previous set intact. index.json records each
 * feed's URL, file, SHA-256 and fetch time for the audit trail.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import { feedUrl, PUBLIC_FEEDS, type PublicFeed, publicFeed } from '../../core/forensics/public-feeds.ts';
import { loadStixBundle } from '../../core/forensics/stix.ts';

export interface FeedResult {
  readonly url: string;
  readonly file: string;
  readonly sha256: string;
  readonly indicators: number;
  readonly problems: number;
  readonly fetchedAt: string;
}

/** Feed URLs from VIGIL_IOC_FEEDS: separated by whitespace or commas. */
export function feedUrls(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((u) => u !== '');
}

/** A file name from a URL, as the public tools name downloaded feeds: scheme dropped, `/` -> `_`. */
export function feedFileName(url: string): string {
  const name = url.replace(/^[a-z]+:\/\//i, '').replace(/[^A-Za-z0-9._-]/g, '_');
  return /\.stix2$/i.test(name) ? name : `${name}.stix2`;
}

const MAX_FEED_BYTES = 64 * 1024 * 1024;

export async function updateFeeds(
  urls: readonly string[],
  dir: string,
  now: () => number,
  timeoutMs = 60_000,
): Promise<FeedResult[]> {
  if (urls.length === 0)
    throw new VigilError(
      'CLI_USAGE',
      'no feeds configured: enable a public feed by name (`vigil iocs list` shows them) or set VIGIL_IOC_FEEDS to one or more STIX 2.1 URLs',
    );
  const fetched: { result: FeedResult; bytes: Buffer }[] = [];
  for (const url of urls) {
    if (!/^https?:\/\//i.test(url))
      throw new VigilError('CONFIG_INVALID', `VIGIL_IOC_FEEDS: ${url} is not an http(s) URL`);
    let bytes: Buffer;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw new VigilError('IOC_FEED_FAILED', `cannot download ${url}: ${(err as Error).message}`);
    }
    if (bytes.length > MAX_FEED_BYTES)
      throw new VigilError('IOC_FEED_FAILED', `${url} is larger than ${MAX_FEED_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new VigilError('IOC_FEED_FAILED', `${url} did not return JSON`);
    }
    const file = feedFileName(url);
    const loaded = loadStixBundle(json, file);
    if (loaded.problems.some((p) => p.id === null))
      throw new VigilError('IOC_FEED_FAILED', `${url} is not a STIX bundle`);
    fetched.push({
      bytes,
      result: {
        url,
        file,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        indicators: loaded.indicators.length,
        problems: loaded.problems.length,
        fetchedAt: new Date(now()).toISOString(),
      },
    });
  }
  mkdirSync(dir, { recursive: true });
  for (const { result, bytes } of fetched) {
    const tmp = join(dir, `.${result.file}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(dir, result.file));
  }
  const results = fetched.map((f) => f.result);
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

const ENABLED_FILE = 'enabled.json';

/** The public feeds enabled by name in this indicators folder (`vigil iocs enable`). */
export function enabledFeeds(dir: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dir, ENABLED_FILE), 'utf8'));
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
}

/**
 * Enables or disables public feeds by name; unknown names are refused with the names that
 * exist, so a typo never silently leaves a feed out. Returns the enabled set afterwards.
 */
export function setEnabledFeeds(dir: string, names: readonly string[], enabled: boolean): string[] {
  const unknown = names.filter((n) => publicFeed(n) === undefined);
  if (unknown.length > 0)
    throw new VigilError(
      'IOC_FEED_UNKNOWN',
      `no public feed is named ${unknown.join(', ')}; the feeds are: ${PUBLIC_FEEDS.map((f) => f.name).join(', ')}`,
    );
  const current = new Set(enabledFeeds(dir));
  for (const n of names) {
    if (enabled) current.add(n);
    else current.delete(n);
  }
  // Kept in the index's order so the file reads the same however the names were given.
  const next = PUBLIC_FEEDS.map((f) => f.name).filter((n) => current.has(n));
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${ENABLED_FILE}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(tmp, join(dir, ENABLED_FILE));
  return next;
}

/** Every URL `vigil iocs update` fetches: the enabled public feeds, then VIGIL_IOC_FEEDS. */
export function configuredFeedUrls(dir: string, env: Readonly<Record<string, string | undefined>>) {
  const named = enabledFeeds(dir)
    .map((n) => publicFeed(n))
    .filter((f): f is PublicFeed => f !== undefined)
    .map((f) => feedUrl(f, env.VIGIL_IOC_FEED_MIRROR));
  return [...new Set([...named, ...feedUrls(env.VIGIL_IOC_FEEDS)])];
}

export interface LoadedFeed {
  readonly file: string;
  readonly bytes: number;
  /** The public feed this file came from, when it is one. */
  readonly feed: string | null;
  readonly url: string | null;
  readonly sha256: string | null;
  readonly indicators: number | null;
  readonly fetchedAt: string | null;
}

/** What the indicators folder holds: each STIX file, with where and when it was fetched. */
export function loadedFeeds(dir: string, mirror: string | undefined): LoadedFeed[] {
  let files: string[];
  try {
    // What a scan loads from the folder: its .stix2 files.
    files = readdirSync(dir).filter((f) => /\.stix2$/i.test(f));
  } catch {
    return [];
  }
  let index: unknown;
  try {
    index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  } catch {
    index = [];
  }
  const byFile = new Map<string, Partial<FeedResult>>();
  if (Array.isArray(index))
    for (const e of index as unknown[])
      if (typeof e === 'object' && e !== null && typeof (e as FeedResult).file === 'string')
        byFile.set((e as FeedResult).file, e as Partial<FeedResult>);
  return files.sort().map((file) => {
    const e = byFile.get(file);
    const url = typeof e?.url === 'string' ? e.url : null;
    const feed =
      url === null ? undefined : PUBLIC_FEEDS.find((f) => feedUrl(f, mirror) === url || f.url === url);
    return {
      file,
      bytes: statSync(join(dir, file)).size,
      feed: feed?.name ?? null,
      url,
      sha256: typeof e?.sha256 === 'string' ? e.sha256 : null,
      indicators: typeof e?.indicators === 'number' ? e.indicators : null,
      fetchedAt: typeof e?.fetchedAt === 'string' ? e.fetchedAt : null,
    };
  });
}

/** Deletes the downloaded files of the named public feeds, so a disabled feed stops matching. */
export function removeFeedFiles(dir: string, names: readonly string[], mirror: string | undefined) {
  const removed: string[] = [];
  for (const f of loadedFeeds(dir, mirror))
    if (f.feed !== null && names.includes(f.feed)) {
      rmSync(join(dir, f.file), { force: true });
      removed.push(f.file);
    }
  return removed;
}
