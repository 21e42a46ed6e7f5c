/**
 * The HTTP client of the integrations: fetches feeds and MDM API pages, honouring rate limits
 * (429 or 503 with Retry-After, in seconds or as an HTTP date; capped) with a bounded number of
 * retries, and turning every failure into INTEL_FETCH_FAILED naming the URL.
 *
 * A request that carries credentials (an Authorization or API-key header, or a user in the URL)
 * never leaves over plain http:// except to a loopback address, unless `allowInsecureHttp`
 * (OUTBOUND_INSECURE_URL), and never follows a redirect to another origin, where the header
 * would go to a host nobody configured (OUTBOUND_REDIRECT_REFUSED): redirects within the origin
 * are followed here, up to MAX_REDIRECTS. Requests without credentials (public feeds) follow
 * redirects as before.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { VigilError } from '../../core/errors.ts';
import { checkTransport, fetchWithinOrigin, shown } from '../outbound.ts';

export interface FetchOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A JSON body sent with the GET. MicroMDM's `GET /v1/devices` reads its options from one (as
   * `mdmctl` sends them); fetch() refuses a GET body, so such requests go through node:http.
   */
  readonly body?: string;
  /**
   * PUT, PATCH, POST or DELETE, for pushes: the body is sent as JSON (or `contentType`) with
   * the same retries, transport and redirect rules as a GET.
   */
  readonly method?: 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  readonly contentType?: string;
  readonly timeoutMs?: number;
  /** Retries after a 429/503 (default 5). */
  readonly maxRetries?: number;
  /** Longest wait honoured from a Retry-After header (default 60 s). */
  readonly maxWaitMs?: number;
  /** Injected by tests; the real one waits. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Send credentials over http:// to hosts other than loopback (VIGIL_ALLOW_INSECURE_HTTP). */
  readonly allowInsecureHttp?: boolean;
}

/** Headers whose value is a credential: the Authorization family, cookies, API keys and tokens. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|api[-_]?key|token|secret|auth/i;

/** Whether the request carries a credential a third party must not see. */
export function carriesCredentials(url: URL, headers: Readonly<Record<string, string>>): boolean {
  return (
    url.username !== '' || url.password !== '' || Object.keys(headers).some((h) => CREDENTIAL_HEADER.test(h))
  );
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

/** What the retry loop needs of a response, from fetch() or node:http alike. */
interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  text(): Promise<string>;
  discard(): Promise<void>;
}

/**
 * A GET. With credentials, redirects are followed only within the origin (../outbound.ts):
 * `fetch` would follow them anywhere, and only some credential headers are dropped on the way.
 */
async function viaFetch(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  credentials: boolean,
  send?: { method: string; body: string | undefined },
): Promise<Answer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const init = { headers, signal, method: send?.method ?? 'GET', body: send?.body ?? null };
  const res = credentials
    ? await fetchWithinOrigin(new URL(url), init)
    : await fetch(url, { ...init, redirect: 'follow' });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    text: () => res.text(),
    discard: async () => void (await res.body?.cancel()),
  };
}

/** A GET carrying a body (see FetchOptions.body); the whole answer is read before returning. */
function viaHttp(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Answer> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: 'GET',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          const ra = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof ra === 'string' ? ra : null,
            text: async () => text,
            discard: async () => {},
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export async function fetchText(url: string, opts: FetchOptions = {}): Promise<string> {
  return (await requestText(url, opts)).text;
}

/** Statuses a write may answer besides 2xx: KMFDDM says 304 for "stored, and changed". */
const WRITE_OK: ReadonlySet<number> = new Set([304]);

/**
 * A request answered 2xx (or, for a write, 304), with its status; 404 too when `allow404`
 * (a lookup that may find nothing). Everything else is INTEL_FETCH_FAILED.
 */
export async function requestText(
  url: string,
  opts: FetchOptions & { readonly allow404?: boolean } = {},
): Promise<{ status: number; text: string }> {
  const sleep = opts.sleep ?? realSleep;
  const maxRetries = opts.maxRetries ?? 5;
  const headers = {
    'user-agent': 'Vigil (+https://github.com/vigil)',
    accept: 'application/json',
    ...(opts.method !== undefined && opts.body !== undefined
      ? { 'content-type': opts.contentType ?? 'application/json' }
      : {}),
    ...opts.headers,
  };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const target = URL.parse(url);
  if (target === null) throw new VigilError('INTEL_FETCH_FAILED', `cannot fetch ${shown(url)}: invalid URL`);
  const credentials = carriesCredentials(target, opts.headers ?? {});
  if (credentials) checkTransport(target, opts.allowInsecureHttp === true, 'credentials');
  for (let attempt = 0; ; attempt++) {
    let res: Answer;
    try {
      // node:http follows no redirect: a 3xx is a failure below.
      res =
        opts.method !== undefined
          ? await viaFetch(url, headers, timeoutMs, credentials, { method: opts.method, body: opts.body })
          : opts.body === undefined
            ? await viaFetch(url, headers, timeoutMs, credentials)
            : await viaHttp(url, headers, opts.body, timeoutMs);
    } catch (err) {
      if (err instanceof VigilError) throw err;
      throw new VigilError('INTEL_FETCH_FAILED', `cannot fetch ${shown(url)}: ${(err as Error).message}`);
    }
    if ((res.status === 429 || res.status === 503) && attempt < maxRetries) {
      await res.discard();
      const wait = Math.min(retryAfterMs(res.retryAfter, Date.now()), opts.maxWaitMs ?? 60_000);
      await sleep(wait);
      continue;
    }
    const ok =
      (res.status >= 200 && res.status <= 299) ||
      (opts.method !== undefined && WRITE_OK.has(res.status)) ||
      (opts.allow404 === true && res.status === 404);
    if (!ok) {
      await res.discard();
      const verb = opts.method === undefined ? 'fetching' : `${opts.method}`;
      throw new VigilError('INTEL_FETCH_FAILED', `${verb} ${shown(url)} answered HTTP ${res.status}`);
    }
    return { status: res.status, text: res.status === 304 ? '' : await res.text() };
  }
}
