/**
 * The HTTP client of the integrations: fetches feeds and MDM API pages, honouring rate limits
 * (429 or 503 with Retry-After, in seconds or as an HTTP date; capped) with a bounded number of
 * retries, and turning every failure into INTEL_FETCH_FAILED naming the URL.
 */
import { VigilError } from '../../core/errors.ts';

export interface FetchOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Retries after a 429/503 (default 5). */
  readonly maxRetries?: number;
  /** Longest wait honoured from a Retry-After header (default 60 s). */
  readonly maxWaitMs?: number;
  /** Injected by tests; the real one waits. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds to wait per a Retry-After header (default 1 s when absent or unreadable). */
export function retryAfterMs(header: string | null, now: number): number {
  if (header === null) return 1000;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - now);
}

/** Where the URL is safe to show: no credentials, no query (it may carry a key). */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export async function fetchText(url: string, opts: FetchOptions = {}): Promise<string> {
  const sleep = opts.sleep ?? realSleep;
  const maxRetries = opts.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          'user-agent': 'Vigil (+https://github.com/vigil)',
          accept: 'application/json',
          ...opts.headers,
        },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
      });
    } catch (err) {
      throw new VigilError('INTEL_FETCH_FAILED', `cannot fetch ${shown(url)}: ${(err as Error).message}`);
    }
    if ((res.status === 429 || res.status === 503) && attempt < maxRetries) {
      await res.body?.cancel();
      const wait = Math.min(
        retryAfterMs(res.headers.get('retry-after'), Date.now()),
        opts.maxWaitMs ?? 60_000,
      );
      await sleep(wait);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new VigilError('INTEL_FETCH_FAILED', `fetching ${shown(url)} answered HTTP ${res.status}`);
    }
    return res.text();
  }
}
