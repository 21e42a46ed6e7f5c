/**
 * One POST signed per Standard Webhooks (https://www.standardwebhooks.com/), shared by the
 * notices' webhooks (notify/webhook.ts) and the SIEM webhook (siem/webhook-sink.ts) so both
 * sign, time out and fail alike: `webhook-id` is the caller's (stable across retries, so a
 * receiver deduplicates), `webhook-timestamp` the send time in seconds, `webhook-signature`
 * HMAC-SHA256 by the `standardwebhooks` package. A non-2xx answer or a timeout is a failure.
 *
 * The bodies (audit events, notices about people) are signed, not encrypted, so they follow the
 * rules of credentialed requests (outbound.ts): no plain http:// to a host other than loopback
 * unless `allowInsecureHttp` (refused when the sender is built), and no redirect to another
 * origin (OUTBOUND_REDIRECT_REFUSED); a 307 or 308 within the origin is followed.
 */
import { Webhook } from 'standardwebhooks';
import { VigilError } from '../core/errors.ts';
import { checkTransport, fetchWithinOrigin } from './outbound.ts';

export interface StandardWebhookOptions {
  /** The receiver; never logged nor put in an error (it may carry a token). */
  readonly url: string;
  /** `whsec_<base64>`; never logged. */
  readonly secret: string;
  readonly timeoutMs: number;
  /** How errors name this receiver, e.g. `webhook:1`. */
  readonly name: string;
  /** Send over plain http:// to hosts other than loopback (VIGIL_ALLOW_INSECURE_HTTP). */
  readonly allowInsecureHttp?: boolean;
}

/** POSTs a JSON `body` under `id`, signed as sent at `now`; resolves on a 2xx, throws otherwise. */
export type StandardWebhookPost = (id: string, now: Date, body: string) => Promise<void>;

export function standardWebhookPost(opts: StandardWebhookOptions): StandardWebhookPost {
  // Built once, so a malformed secret or an insecure URL fails when the sender is configured,
  // not on its first send.
  const signer = new Webhook(opts.secret);
  const url = new URL(opts.url);
  checkTransport(url, opts.allowInsecureHttp === true, `${opts.name}'s events`);
  return async (id, now, body) => {
    let res: Response;
    try {
      res = await fetchWithinOrigin(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signer.sign(id, now, body),
        },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      if (err instanceof VigilError) throw new VigilError(err.code, `${opts.name}: ${err.message}`);
      // The cause names the failure (refused, timeout) without the URL.
      const cause =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
      throw new Error(`${opts.name}: request failed: ${cause}`);
    }
    // Drain the body so the connection is reused; its content does not matter.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status > 299) throw new Error(`${opts.name}: answered HTTP ${res.status}`);
  };
}
