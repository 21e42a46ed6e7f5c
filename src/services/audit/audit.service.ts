/** Reading the audit log. Nothing here, or anywhere, changes or deletes an event. */

import type { UnitOfWork } from '../kernel/ports.ts';
import type { AuditEvent } from './ports.ts';

export class AuditService {
  readonly #uow: UnitOfWork;

  constructor(deps: { uow: UnitOfWork }) {
    this.#uow = deps.uow;
  }

  list(query: {
    afterSeq?: number | undefined;
    limit?: number | undefined;
    type?: string | undefined;
  }): Promise<AuditEvent[]> {
    return this.#uow.run((tx) =>
      tx.audit.list({
        limit: query.limit ?? 100,
        ...(query.afterSeq === undefined ? {} : { afterSeq: query.afterSeq }),
        ...(query.type === undefined ? {} : { type: query.type }),
      }),
    );
  }
}
