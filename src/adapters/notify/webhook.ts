/**
 * Webhook delivery signed per Standard Webhooks (https://www.standardwebhooks.com/):
 * `webhook-id` is the notice key (stable across retries, so receivers deduplicate),
 * `webhook-timestamp` the send time, `webhook-signature` HMAC-SHA256 by the `standardwebhooks`
 * package. The body is `{type, timestamp, data}`. A non-2xx answer or a timeout is a failure.
 */
import { Webhook } from 'standardwebhooks';
import type { NoticeChannel, NoticeDelivery } from '../../services/ports.ts';

export interface WebhookOptions {
  /** The receiver; never logged (it may carry a token). */
  readonly url: string;
  /** `whsec_<base64>`; never logged. */
  readonly secret: string;
  readonly timeoutMs: number;
  /** How this receiver appears in outcomes and logs, e.g. `webhook:1`. */
  readonly name: string;
}

/** The payload a receiver gets. */
export function webhookBody(d: NoticeDelivery, now: Date): string {
  const { notice } = d;
  return JSON.stringify({
    type: notice.kind,
    timestamp: now.toISOString(),
    data: {
      key: notice.key,
      kind: notice.kind,
      audience: notice.audience,
      subject: notice.subject,
      text: notice.text,
      details: notice.data,
      createdAt: new Date(notice.createdAt).toISOString(),
    },
  });
}

export function webhookChannel(opts: WebhookOptions): NoticeChannel {
  const signer = new Webhook(opts.secret);
  return {
    name: opts.name,
    async deliver(d: NoticeDelivery) {
      const now = new Date();
      const body = webhookBody(d, now);
      const id = d.notice.key;
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
      return 'sent';
    },
  };
}
