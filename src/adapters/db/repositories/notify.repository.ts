/** Role recipients of notices, and the finding states the notice planner diffs against. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Role } from '../../../services/kernel/ports.ts';
import type {
  FindingState,
  FindingStateRepository,
  RecipientRepository,
} from '../../../services/notices/ports.ts';
import { complianceFindingStates, notifyRecipients } from '../schema.ts';
import { rowsOf } from './audit.repository.ts';
import type { Tx } from './support.ts';

/** Any fixed pair of numbers no other advisory lock uses (the migrations use their own). */
const PLANNER_LOCK = [0x56_49_47, 0x4e_4f_54] as const;
/** Findings written to JSON between two turns of the event loop. */
const JSON_SLICE = 20_000;
/** Finding states per statement (8 parameters each). */
const UPSERT_CHUNK = 1000;

export function recipientRepository(db: Tx): RecipientRepository {
  return {
    async add(r) {
      const rows = await db
        .insert(notifyRecipients)
        .values({ ...r })
        .onConflictDoNothing()
        .returning({ role: notifyRecipients.role });
      return rows.length > 0;
    },
    async remove(role, email) {
      const rows = await db
        .delete(notifyRecipients)
        .where(and(eq(notifyRecipients.role, role), eq(notifyRecipients.email, email)))
        .returning({ role: notifyRecipients.role });
      return rows.length > 0;
    },
    async list(role) {
      const rows = await db
        .select()
        .from(notifyRecipients)
        .where(role === undefined ? undefined : eq(notifyRecipients.role, role))
        .orderBy(asc(notifyRecipients.role), asc(notifyRecipients.email));
      // Only `add` writes this table, with a Role.
      return rows.map((r) => ({ ...r, role: r.role as Role }));
    },
  };
}

interface StateRow {
  readonly wanted: string | null;
  readonly key: string | null;
  readonly device_id: string | null;
  readonly person_id: string | null;
  readonly rule: string;
  readonly status: FindingState['status'];
  readonly waiver_id: string | null;
  /** Epoch ms, a bigint: a string from node-postgres, a number from PGlite. */
  readonly since: string | number;
  readonly updated_at: string | number;
}

export function findingStateRepository(db: Tx): FindingStateRepository {
  return {
    async list() {
      const rows = await db.select().from(complianceFindingStates).orderBy(asc(complianceFindingStates.key));
      return rows.map((r) => ({ ...r, status: r.status as FindingState['status'] }));
    },
    async changing(current) {
      // The diff is made by the database: of a fleet's states, only those a round changes come
      // back (at 100,000 devices, reading all of them every round was most of the round).
      // Written a slice at a time, letting the event loop turn between: at a million findings
      // one JSON.stringify is most of a second of the serving thread.
      const parts: string[] = [];
      let slice: { key: string; status: string }[] = [];
      for (const [key, status] of current) {
        slice.push({ key, status });
        if (slice.length < JSON_SLICE) continue;
        parts.push(JSON.stringify(slice).slice(1, -1));
        slice = [];
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (slice.length > 0) parts.push(JSON.stringify(slice).slice(1, -1));
      const wanted = `[${parts.join(',')}]`;
      const rows = await rowsOf<StateRow>(
        db,
        sql`select c.key as wanted, s.key, s.device_id, s.person_id, s.rule, s.status, s.waiver_id,
            s.since, s.updated_at
          from ${complianceFindingStates} s
          full join jsonb_to_recordset(${wanted}::jsonb) as c(key text, status text) on c.key = s.key
          where (c.key is null and s.status <> 'resolved')
            or (c.key is not null and (s.key is null or s.status <> c.status))
          order by coalesce(s.key, c.key)`,
      );
      const stored: FindingState[] = [];
      const absent: string[] = [];
      for (const r of rows) {
        if (r.key === null) {
          if (r.wanted !== null) absent.push(r.wanted);
          continue;
        }
        stored.push({
          key: r.key,
          deviceId: r.device_id,
          personId: r.person_id,
          rule: r.rule,
          status: r.status,
          waiverId: r.waiver_id,
          since: Number(r.since),
          updatedAt: Number(r.updated_at),
        });
      }
      return { stored, absent };
    },
    async upsertMany(states) {
      // In chunks: 8 parameters a row, and a statement takes at most 65,535 (a first plan over a
      // 10,000-device fleet overflowed it, so the planner failed every round).
      for (let i = 0; i < states.length; i += UPSERT_CHUNK) {
        await db
          .insert(complianceFindingStates)
          .values(states.slice(i, i + UPSERT_CHUNK).map((s) => ({ ...s })))
          .onConflictDoUpdate({
            target: complianceFindingStates.key,
            set: {
              status: sql`excluded.status`,
              waiverId: sql`excluded.waiver_id`,
              since: sql`excluded.since`,
              updatedAt: sql`excluded.updated_at`,
            },
          });
      }
    },
    async tryPlannerLock() {
      const result = await db.execute<{ locked: boolean }>(
        sql`select pg_try_advisory_xact_lock(${PLANNER_LOCK[0]}, ${PLANNER_LOCK[1]}) as locked`,
      );
      const rows = (result as unknown as { rows: { locked: boolean }[] }).rows;
      return rows[0]?.locked === true;
    },
  };
}
