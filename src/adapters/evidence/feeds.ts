/**
 * `vigil iocs update`: downloads the configured STIX feeds (VIGIL_IOC_FEEDS) into the data
 * folder. All feeds are fetched and checked first; only then are files replaced (each by an
 * atomic rename), so a failed update leaves the previous set intact. index.json records each
 * feed's URL, file, SHA-256 and fetch time for the audit trail.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../../core/errors.ts';
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
      'no feeds configured: set VIGIL_IOC_FEEDS to one or more STIX 2.1 URLs',
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
