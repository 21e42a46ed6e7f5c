/**
 * Webhook delivery signed per Standard Webhooks (../standard-webhook.ts): `webhook-id` is the
 * notice key (stable across retries, so receivers deduplicate). The body is
 * `{type, timestamp, data}`. A non-2xx answer or a timeout is a failure.
 */
import type { NoticeChannel, NoticeDelivery } from '../../services/notices/ports.ts';
import { type StandardWebhookOptions, standardWebhookPost } from '../standard-webhook.ts';

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

/** `name` is how this receiver appears in outcomes and logs, e.g. `webhook:1`. */
export function webhookChannel(opts: StandardWebhookOptions): NoticeChannel {
  const post = standardWebhookPost(opts);
  return {
    name: opts.name,
    async deliver(d: NoticeDelivery) {
      const now = new Date();
      await post(d.notice.key, now, webhookBody(d, now));
      return 'sent';
    },
  };
}
