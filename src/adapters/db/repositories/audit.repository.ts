/** The audit log: append-only events, numbered by `seq`, queued for the Merkle tree. */
import { and, asc, eq, gt, lte, type SQL, sql } from 'drizzle-orm';
import type { AuditEventType } from '../../../core/audit/events.ts';
import type { AuditEvent, AuditEventInput, AuditRepository } from '../../../services/audit/ports.ts';
import { auditEvents } from '../schema.ts';
import type { Tx } from './support.ts';

/** A row of audit_events as a raw query returns it (bigint as string, jsonb parsed). */
export interface RawEventRow {
  readonly seq: string | number;
  readonly at: string | Date;
  readonly actor: string;
  readonly actor_person_id: string | null;
  readonly type: string;
  readonly subject: string;
  readonly payload: Record<string, unknown> | string;
}

export function eventFromRow(r: RawEventRow): AuditEvent {
  return {
    seq: Number(r.seq),
    // Only AuditRepository.append writes this table, and it takes an AuditEventType.
    type: r.type as AuditEventType,
    at: r.at instanceof Date ? r.at.getTime() : Date.parse(r.at),
    actor: r.actor,
    actorPersonId: r.actor_person_id,
    subject: r.subject,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
  };
}

/** `db.execute` rows on either driver. */
export async function rowsOf<T>(db: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The person behind `v.actor`, per `personOfActor` (services/waivers/waiver.service.ts). */
const ACTOR_PERSON = sql.raw(`case
  when v.actor like 'token:%' then (select t.person_id from auth_tokens t where t.id = substr(v.actor, 7))
  when v.actor like 'user:%' then (select u.person_id from auth_users u where u.username = substr(v.actor, 6))
  when v.actor like 'cli:%' then (select u.person_id from auth_users u where u.username = substr(v.actor, 5))
end`);

/**
 * The common table expressions that append `events`: `xid`, `ins` (their rows, returning seq)
 * and `queued` (their seqs in `audit_pending`). For `with … select … from ins`, alone or beside
 * another write in the same statement (posture.repository.ts `appendReported`).
 *
 * The events travel as one JSON parameter: one short statement text whatever their number, and
 * no per-value parameter to build or send.
 * `xid` takes the transaction's id before any seq is drawn (the rows to insert, and so their
 * identity defaults, come from the join with it): the integrator's horizon
 * (audit-log.repository.ts) relies on every seq being drawn by a transaction that has one.
 * The actor's person is looked up here, once for every command: the rule of `personOfActor`
 * (services/waivers), by primary key or unique user name.
 */
export function auditAppendCtes(events: readonly AuditEventInput[]): SQL {
  const json = JSON.stringify(
    events.map((e) => ({
      at: new Date(e.at).toISOString(),
      actor: e.actor,
      type: e.type,
      subject: e.subject,
      payload: e.payload,
    })),
  );
  return sql`xid as materialized (
      select pg_current_xact_id() as id
    ), ins as (
      insert into audit_events (at, actor, actor_person_id, type, subject, payload)
      select v.at, v.actor, ${ACTOR_PERSON}, v.type, v.subject, v.payload
        from json_to_recordset(${json}::json)
          as v(at timestamptz, actor text, type text, subject text, payload jsonb)
        cross join xid
      returning seq
    ), queued as (
      insert into audit_pending (seq) select seq from ins
    )`;
}

export function auditRepository(db: Tx): AuditRepository {
  const repo: AuditRepository = {
    /**
     * Appends without any lock, so concurrent commands never queue behind each other (posture
     * ingest runs thousands a second). The price: `seq` is drawn at insert, so it is unique and
     * increasing per transaction but not commit order. The same statement queues the seq in
     * `audit_pending`; the integrator takes committed seqs from there once no lower seq can still
     * commit (its horizon), so the tree holds the events in seq order and none is skipped.
     */
    async append(event: AuditEventInput): Promise<number> {
      const [seq] = await repo.appendMany([event]);
      if (seq === undefined) throw new Error('audit insert returned no seq');
      return seq;
    },

    async appendMany(events: readonly AuditEventInput[]): Promise<number[]> {
      if (events.length === 0) return [];
      const rows = await rowsOf<{ seq: string | number }>(
        db,
        sql`with ${auditAppendCtes(events)} select seq from ins`,
      );
      // A multi-row insert draws its sequence values in row order; sorted to be sure.
      return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
    },

    /** In seq order, after `afterSeq` and up to `upToSeq` when given. */
    async list(opts: {
      afterSeq?: number;
      upToSeq?: number;
      limit: number;
      type?: string;
    }): Promise<AuditEvent[]> {
      const rows = await db
        .select()
        .from(auditEvents)
        .where(
          and(
            opts.afterSeq === undefined ? undefined : gt(auditEvents.seq, opts.afterSeq),
            opts.upToSeq === undefined ? undefined : lte(auditEvents.seq, opts.upToSeq),
            opts.type === undefined ? undefined : eq(auditEvents.type, opts.type),
          ),
        )
        .orderBy(asc(auditEvents.seq))
        .limit(opts.limit);
      return rows.map(toEvent);
    },

    async get(seq: number): Promise<AuditEvent | null> {
      const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, seq));
      return row === undefined ? null : toEvent(row);
    },
  };
  return repo;
}

function toEvent(r: typeof auditEvents.$inferSelect): AuditEvent {
  return {
    seq: r.seq,
    // Only AuditRepository.append writes this table, and it takes an AuditEventType.
    type: r.type as AuditEventType,
    at: r.at,
    actor: r.actor,
    actorPersonId: r.actorPersonId,
    subject: r.subject,
    payload: r.payload,
  };
}
