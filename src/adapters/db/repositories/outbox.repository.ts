/** The notice outbox: enqueue only; claiming and delivery live with the outbox worker. */
import type { NoticeInput, OutboxRepository } from '../../../services/ports.ts';
import { notifyOutbox } from '../schema.ts';
import type { Tx } from './support.ts';

export function outboxRepository(db: Tx): OutboxRepository {
  return {
    async enqueue(notice: NoticeInput): Promise<boolean> {
      const rows = await db
        .insert(notifyOutbox)
        .values({
          key: notice.key,
          kind: notice.kind,
          audience: { ...notice.audience },
          subject: notice.subject,
          body: notice.text,
          data: { ...notice.data },
          notBefore: notice.notBefore,
          createdAt: notice.createdAt,
          nextAttemptAt: notice.notBefore,
        })
        .onConflictDoNothing({ target: notifyOutbox.key })
        .returning({ id: notifyOutbox.id });
      return rows.length > 0;
    },
  };
}
