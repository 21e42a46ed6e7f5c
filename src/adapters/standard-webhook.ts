/**
 * One POST signed per Standard Webhooks (https://www.standardwebhooks.com/), shared by the
 * notices' webhooks (notify/webhook.ts) and the SIEM webhook (siem/webhook-sink.ts) so both
 * sign, time out and fail alike: `webhook-id` is the caller's (stable across retries, so a
 * receiver deduplicates), `webhook-timestamp` the send time in seconds, `webhook-signature`
 * HMAC-SHA256 by the `standardwebhooks` package. A non-2xx answer, a redirect or a timeout is
 * a failure.
 */
import { Webhook } from 'standardwebhooks';

export interface StandardWebhookOptions {
  /** The receiver; never logged nor put in an error (it may carry a token). */
  readonly url: string;
  /** `whsec_<base64>`; never logged. */
  readonly secret: string;
  readonly timeoutMs: number;
  /** How errors name this receiver, e.g. `webhook:1`. */
  readonly name: string;
}

/** POSTs a JSON `body` under `id`, signed as sent at `now`; resolves on a 2xx, throws otherwise. */
export type StandardWebhookPost = (id: string, now: Date, body: string) => Promise<void>;

export function standardWebhookPost(opts: StandardWebhookOptions): StandardWebhookPost {
  // Built once, so a malformed secret fails when the sender is configured, not on its first send.
  const signer = new Webhook(opts.secret);
  return async (id, now, body) => {
    let res: Response;
    try {
      res = await fetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signer.sign(id, now, body),
        },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
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
