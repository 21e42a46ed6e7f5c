/**
 * Rules every outbound request that carries something a third party must not get (an MDM's
 * credentials, a signed webhook's audit events and notices) follows, shared by the MDM client
 * (mdm/http.ts) and the signed webhooks (standard-webhook.ts):
 *
 * - never over plain http:// except to a loopback address, unless the operator allows it
 *   (VIGIL_ALLOW_INSECURE_HTTP): OUTBOUND_INSECURE_URL;
 * - never through a redirect to another origin (scheme, host and port), where the request
 *   would go to a host nobody configured: OUTBOUND_REDIRECT_REFUSED. Redirects within the
 *   origin are followed here, up to MAX_REDIRECTS (`fetch` would follow them anywhere).
 */
import { VigilError } from '../core/errors.ts';

/** Same-origin redirects followed for a protected request. */
export const MAX_REDIRECTS = 5;

/** Loopback never leaves the machine, so local MDMs, receivers and test servers may use plain HTTP. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether sending to `url` would go in clear text over the network. */
export function isInsecureUrl(url: URL): boolean {
  return url.protocol === 'http:' && !isLoopback(url);
}

/** Where the URL is safe to show: no credentials, no query (it may carry a key). */
export function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Refuses to send `what` in clear text (OUTBOUND_INSECURE_URL). */
export function checkTransport(url: URL, allowInsecureHttp: boolean, what: string): void {
  if (!allowInsecureHttp && isInsecureUrl(url)) {
    throw new VigilError(
      'OUTBOUND_INSECURE_URL',
      `refusing to send ${what} to ${shown(url.href)} over plain http:// (use https://, or set VIGIL_ALLOW_INSECURE_HTTP=true)`,
    );
  }
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** The redirects after which a request keeps its method and body (RFC 9110 §15.4). */
const KEEPS_METHOD: ReadonlySet<number> = new Set([307, 308]);

/**
 * `fetch`, following redirects only within the origin of `url`. A GET follows every redirect
 * status; another method follows only 307 and 308 (which keep the method and body), and any
 * other redirect is returned to the caller as the answer (a failure for a webhook).
 */
export async function fetchWithinOrigin(url: URL, init: Omit<RequestInit, 'redirect'>): Promise<Response> {
  const get = (init.method ?? 'GET').toUpperCase() === 'GET';
  let current = url;
  let res = await fetch(current, { ...init, redirect: 'manual' });
  for (let hops = 0; REDIRECT_STATUSES.has(res.status) && (get || KEEPS_METHOD.has(res.status)); hops++) {
    await res.body?.cancel();
    const location = res.headers.get('location');
    const next = location === null ? null : URL.parse(location, current.href);
    if (next === null || next.origin !== current.origin) {
      throw new VigilError(
        'OUTBOUND_REDIRECT_REFUSED',
        `${shown(current.href)} redirected to ${next === null ? 'an invalid location' : shown(next.href)}, another origin: nothing is sent there`,
      );
    }
    if (hops >= MAX_REDIRECTS) {
      throw new VigilError(
        'OUTBOUND_REDIRECT_REFUSED',
        `${shown(url.href)} redirected more than ${MAX_REDIRECTS} times`,
      );
    }
    current = next;
    res = await fetch(current, { ...init, redirect: 'manual' });
  }
  return res;
}
