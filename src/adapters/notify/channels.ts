/** The delivery channels the configuration asks for: e-mail when VIGIL_SMTP_URL is set, one per webhook URL. */
import type { NotifyConfig } from '../../config.ts';
import type { NoticeChannel } from '../../services/notices/ports.ts';
import { emailChannel } from './email.ts';
import { webhookChannel } from './webhook.ts';

export interface Channels {
  readonly list: readonly NoticeChannel[];
  close(): void;
}

export function notifyChannels(config: NotifyConfig): Channels {
  const email =
    config.smtpUrl === null
      ? null
      : emailChannel({ url: config.smtpUrl, from: config.mailFrom, timeoutMs: config.timeoutMs });
  const hooks = config.webhookUrls.map((url, i) =>
    webhookChannel({
      url,
      secret: config.webhookSecret ?? '',
      timeoutMs: config.timeoutMs,
      name: `webhook:${i + 1}`,
      allowInsecureHttp: config.allowInsecureHttp,
    }),
  );
  return {
    list: [...(email === null ? [] : [email]), ...hooks],
    close: () => email?.close(),
  };
}
