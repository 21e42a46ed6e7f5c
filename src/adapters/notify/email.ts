/**
 * E-mail delivery over SMTP (nodemailer). One message per notice to every resolved address;
 * the Message-ID is derived from the notice key, so a receiver (or a person) can tell a
 * redelivery after a crash from a new notice.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { NoticeChannel, NoticeDelivery } from '../../services/notices/ports.ts';

export interface EmailOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:port`; never logged. */
  readonly url: string;
  readonly from: string;
  readonly timeoutMs: number;
}

export function emailChannel(opts: EmailOptions): NoticeChannel & { close(): void } {
  const transport = nodemailer.createTransport({
    url: opts.url,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  });
  return {
    name: 'email',
    async deliver({ notice, emails }: NoticeDelivery) {
      if (emails.length === 0) return 'no-recipient';
      const digest = createHash('sha256').update(notice.key).digest('hex').slice(0, 32);
      await transport.sendMail({
        from: opts.from,
        to: [...emails],
        subject: notice.subject,
        text: notice.text,
        messageId: `<${digest}@vigil.notice>`,
        headers: { 'X-Vigil-Notice': notice.key, 'X-Vigil-Kind': notice.kind },
      });
      return 'sent';
    },
    close: () => transport.close(),
  };
}
