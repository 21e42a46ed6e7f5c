/** The audit log: append-only events, numbered by `seq`. */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { AuditEventType } from '../../../core/audit/events.ts';
import type { AuditEvent, AuditEventInput, AuditRepository } from '../../../services/ports.ts';
import { auditEvents } from '../schema.ts';
import type { Tx } from './support.ts';

export function auditRepository(db: Tx): AuditRepository {
  const repo: AuditRepository = {
    /**
     * Appends without any lock, so concurrent commands never queue behind each other (posture
     * ingest runs thousands a second). The price: `seq` is drawn at insert, so it is unique and
     * increasing per transaction but not commit order, and a reader tailing by `afterSeq` can
     * see seq 8 before a slower transaction commits seq 7. Whatever must see every event exactly
     * once in a fixed order (the Merkle log) has to sequence them itself, for example only past
     * the oldest transaction still in flight (`pg_snapshot_xmin(pg_current_snapshot())`).
     */
    async append(event: AuditEventInput): Promise<number> {
      const [seq] = await repo.appendMany([event]);
      if (seq === undefined) throw new Error('audit insert returned no seq');
      return seq;
    },

    async appendMany(events: readonly AuditEventInput[]): Promise<number[]> {
      if (events.length === 0) return [];
      const rows = await db
        .insert(auditEvents)
        .values(events.map((event) => ({ ...event, payload: { ...event.payload } })))
        .returning({ seq: auditEvents.seq });
      // A multi-row insert draws its sequence values in row order; sorted to be sure.
      return rows.map((r) => r.seq).sort((a, b) => a - b);
    },

    /** In seq order, after `afterSeq` when given. */
    async list(opts: { afterSeq?: number; limit: number; type?: string }): Promise<AuditEvent[]> {
      const rows = await db
        .select()
        .from(auditEvents)
        .where(
          and(
            opts.afterSeq === undefined ? undefined : gt(auditEvents.seq, opts.afterSeq),
            opts.type === undefined ? undefined : eq(auditEvents.type, opts.type),
          ),
        )
        .orderBy(asc(auditEvents.seq))
        .limit(opts.limit);
      return rows.map((r) => ({
        seq: r.seq,
        // Only AuditRepository.append writes this table, and it takes an AuditEventType.
        type: r.type as AuditEventType,
        at: r.at,
        actor: r.actor,
        subject: r.subject,
        payload: r.payload,
      }));
    },
  };
  return repo;
}
