/**
 * The Merkle tree over the audit events: leaves, complete subtrees, checkpoints, cosignatures.
 * Insert-only (see ports.ts). The tree math lives in src/core/audit/tlog; this file only moves
 * hashes in and out, each proof or root being one indexed query.
 */
import { asc, desc, eq, lte, max, sql } from 'drizzle-orm';
import type {
  AuditEvent,
  AuditLogCheckpoint,
  AuditLogCosignature,
  AuditLogLeaf,
  AuditLogNode,
  AuditLogRepository,
} from '../../../services/audit/ports.ts';
import { auditCheckpoints, auditCosignatures, auditLeaves, auditLogKeys, auditPending } from '../schema.ts';
import { eventFromRow, type RawEventRow, rowsOf } from './audit.repository.ts';
import type { Tx } from './support.ts';

/** Any 64-bit key; this one spells "VIGL" and "audit" is lock 2 (migrations hold lock 1). */
const INTEGRATOR_LOCK = [0x5649474c, 2] as const;

/** A plain Uint8Array view of a driver's bytea (node-postgres gives a Buffer), as the schema's column type does. */
function toBytes(v: Uint8Array): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

export function auditLogRepository(db: Tx): AuditLogRepository {
  return {
    async lock() {
      await db.execute(sql`select pg_advisory_xact_lock(${INTEGRATOR_LOCK[0]}, ${INTEGRATOR_LOCK[1]})`);
    },

    async horizon() {
      // Two statements, in this order: a seq drawn before the first was drawn by a transaction
      // that already held its lock on audit_events and its transaction id, so the second sees it.
      // Only audit writers count: a long transaction elsewhere in the cluster delays nothing.
      const [last] = await rowsOf<{ seq: string | number | null }>(
        db,
        sql`select pg_sequence_last_value(pg_get_serial_sequence('audit_events', 'seq')::regclass) as seq`,
      );
      const writers = await rowsOf<{ xid: string }>(
        db,
        sql`select distinct t.transactionid::text as xid
              from pg_locks r
              join pg_locks t on t.virtualtransaction = r.virtualtransaction
             where r.locktype = 'relation' and r.relation = 'audit_events'::regclass
               and r.mode = 'RowExclusiveLock' and r.pid <> pg_backend_pid()
               and t.locktype = 'transactionid' and t.mode = 'ExclusiveLock' and t.granted`,
      );
      return { seq: Number(last?.seq ?? 0), writers: writers.map((w) => w.xid) };
    },

    async finished(writers) {
      if (writers.length === 0) return true;
      const [row] = await rowsOf<{ running: boolean }>(
        db,
        sql`select exists (
              select 1 from pg_locks
               where locktype = 'transactionid' and mode = 'ExclusiveLock' and granted
                 and transactionid::text = any(${`{${writers.join(',')}}`}::text[])
            ) as running`,
      );
      return row?.running === false;
    },

    async hasPending(maxSeq) {
      const rows = await db
        .select({ seq: auditPending.seq })
        .from(auditPending)
        .where(lte(auditPending.seq, maxSeq))
        .limit(1);
      return rows.length > 0;
    },

    async takePending(limit: number, maxSeq: number): Promise<AuditEvent[]> {
      // SKIP LOCKED: a second integrator (there should be none while the lock is held) would
      // take other rows rather than wait; the advisory lock is what keeps indices unique.
      // The seqs as arrays (`= any(array(…))`): primary-key lookups whatever the statistics say.
      // As a join, statistics taken while the tables were nearly empty (a fleet imported just
      // after migrating) had PostgreSQL rescan one table per row of the other for minutes.
      const rows = await rowsOf<RawEventRow>(
        db,
        sql`with taken as (
              delete from audit_pending where seq = any(array(
                select seq from audit_pending where seq <= ${maxSeq} order by seq limit ${limit} for update skip locked
              )) returning seq
            )
            select e.seq, e.at, e.actor, e.actor_person_id, e.type, e.subject, e.payload
              from audit_events e where e.seq = any(array(select seq from taken))
             order by e.seq`,
      );
      return rows.map(eventFromRow);
    },

    async size() {
      const [row] = await db.select({ last: max(auditLeaves.idx) }).from(auditLeaves);
      const last = row?.last;
      return last === null || last === undefined ? 0 : Number(last) + 1;
    },

    async nodes(ids) {
      if (ids.length === 0) return [];
      // The ids as two array parameters (a proof's plan and root ranges overlap: each id once),
      // joined on the primary key: one short statement instead of two parameters per id, which
      // PostgreSQL plans faster and the drivers bind faster (proofs are latency-bound).
      const seen = new Set<string>();
      const levels: number[] = [];
      const indices: number[] = [];
      for (const id of ids) {
        const k = `${id.level}/${id.index}`;
        if (seen.has(k)) continue;
        seen.add(k);
        levels.push(id.level);
        indices.push(id.index);
      }
      const rows = await rowsOf<{ level: number; idx: string | number; hash: Uint8Array }>(
        db,
        sql`select n.level, n.idx, n.hash
              from unnest(${`{${levels.join(',')}}`}::integer[], ${`{${indices.join(',')}}`}::bigint[]) w(level, idx)
              join audit_nodes n on n.level = w.level and n.idx = w.idx`,
      );
      return rows.map((r) => ({ level: r.level, index: Number(r.idx), hash: toBytes(r.hash) }));
    },

    async addLeaves(leaves, nodes: readonly AuditLogNode[]) {
      // Columns as arrays, unnested by the server: one statement and three parameters per table
      // whatever the batch size, instead of building (and PostgreSQL parsing) thousands of
      // VALUES tuples. The integrator's throughput is bounded by this insert. Hashes travel as
      // hex text, which both drivers pass through unchanged.
      if (leaves.length > 0) {
        await db.execute(
          sql`insert into audit_leaves (idx, seq)
              select * from unnest(${`{${leaves.map((l) => l.index).join(',')}}`}::bigint[],
                                   ${`{${leaves.map((l) => l.seq).join(',')}}`}::bigint[])`,
        );
      }
      if (nodes.length > 0) {
        await db.execute(
          sql`insert into audit_nodes (level, idx, hash)
              select l, i, decode(h, 'hex') from unnest(
                ${`{${nodes.map((n) => n.level).join(',')}}`}::integer[],
                ${`{${nodes.map((n) => n.index).join(',')}}`}::bigint[],
                ${`{${nodes.map((n) => Buffer.from(n.hash).toString('hex')).join(',')}}`}::text[]
              ) as t(l, i, h)`,
        );
      }
    },

    async indexOf(seq) {
      const [row] = await db
        .select({ idx: auditLeaves.idx })
        .from(auditLeaves)
        .where(eq(auditLeaves.seq, seq));
      return row === undefined ? null : row.idx;
    },

    async leaves(start, end): Promise<AuditLogLeaf[]> {
      if (end <= start) return [];
      const rows = await rowsOf<
        Partial<RawEventRow> & { idx: string | number; leaf_seq: string | number; hash: Uint8Array }
      >(
        db,
        sql`select l.idx, l.seq as leaf_seq, n.hash, e.seq, e.at, e.actor, e.actor_person_id, e.type, e.subject, e.payload
              from audit_leaves l
              join audit_nodes n on n.level = 0 and n.idx = l.idx
              left join audit_events e on e.seq = l.seq
             where l.idx >= ${start} and l.idx < ${end}
             order by l.idx`,
      );
      return rows.map((r) => ({
        index: Number(r.idx),
        seq: Number(r.leaf_seq),
        leafHash: new Uint8Array(r.hash),
        event:
          r.seq === null || r.seq === undefined
            ? null
            : eventFromRow(r as RawEventRow & { seq: string | number }),
      }));
    },

    async keyTransitions() {
      return db.select().from(auditLogKeys).orderBy(asc(auditLogKeys.position));
    },

    async addKeyTransition(t) {
      await db.insert(auditLogKeys).values({ ...t });
    },

    async addCheckpoint(cp) {
      await db.insert(auditCheckpoints).values({ size: cp.size, root: cp.root, note: cp.note, at: cp.at });
    },

    async latestCheckpoint() {
      const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.size)).limit(1);
      return row ?? null;
    },

    async checkpoints(): Promise<AuditLogCheckpoint[]> {
      return db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.size));
    },

    async addCosignature(c) {
      await db
        .insert(auditCosignatures)
        .values({ size: c.size, witness: c.witness, line: c.line, at: c.at })
        .onConflictDoNothing();
    },

    async cosignatures(size?: number): Promise<AuditLogCosignature[]> {
      return db
        .select()
        .from(auditCosignatures)
        .where(size === undefined ? undefined : eq(auditCosignatures.size, size))
        .orderBy(asc(auditCosignatures.size), asc(auditCosignatures.witness));
    },
  };
}
