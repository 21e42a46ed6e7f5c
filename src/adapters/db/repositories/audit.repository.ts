/** The audit log: append-only events, numbered by `seq`. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { AuditEventType } from '../../../core/audit/events.ts';
import type { AuditEvent, AuditEventInput, AuditRepository } from '../../../services/ports.ts';
import { auditEvents } from '../schema.ts';
import type { Tx } from './support.ts';

/** Advisory lock key (two int4s: "VIGL", 2) serialising audit appends; see `append`. */
export const AUDIT_LOCK = [0x5649474c, 2] as const;

export function auditRepository(db: Tx): AuditRepository {
  return {
    /**
     * Takes a transaction-scoped advisory lock before drawing the next `seq`, and holds it to
     * commit. Without it, two concurrent transactions could commit seq 8 before seq 7, and a
     * reader tailing the log by `afterSeq` would skip 7 for good. With it, seq order is commit
     * order. The cost: writers serialise from their audit append to their commit, so services
     * append the event last. Seq may still have gaps (a rolled-back append burns its number).
     */
    async append(event: AuditEventInput): Promise<number> {
      await db.execute(sql.raw(`select pg_advisory_xact_lock(${AUDIT_LOCK[0]}, ${AUDIT_LOCK[1]})`));
      const rows = await db
        .insert(auditEvents)
        .values({ ...event, payload: { ...event.payload } })
        .returning({ seq: auditEvents.seq });
      const seq = rows[0]?.seq;
      if (seq === undefined) throw new Error('audit insert returned no seq');
      return seq;
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
}
