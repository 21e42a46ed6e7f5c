/** Corrections of recorded facts (append-only), and the facts they name, read as the evaluator reads them. */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { CorrectableKind, Correction } from '../../../core/model.ts';
import type {
  CorrectionFilter,
  CorrectionRepository,
  RecordedFact,
} from '../../../services/corrections/ports.ts';
import { corrections, refusals } from '../schema.ts';
import { rowsOf } from './audit.repository.ts';
import { CUSTODY, INSPECTION, POSTURE, STATUS } from './fleet.repository.ts';
import type { Tx } from './support.ts';

/** Per kind stored with a device: its table and the JSON of one fact (the loader's own, fleet.repository.ts). */
const DEVICE_FACTS: Partial<Record<CorrectableKind, { table: string; fact: SQL; id: string }>> = {
  inspection: { table: 'lifecycle_inspections', fact: INSPECTION, id: 'id' },
  posture: { table: 'posture_reports', fact: POSTURE, id: 'id' },
  status: { table: 'inventory_device_statuses', fact: STATUS, id: 'seq' },
  custody: { table: 'inventory_custody', fact: CUSTODY, id: 'seq' },
};

export async function loadCorrections(db: Tx): Promise<Correction[]> {
  return correctionRepository(db).list();
}

export function correctionRepository(db: Tx): CorrectionRepository {
  return {
    async insert(c) {
      await db.insert(corrections).values({ ...c, values: c.values === null ? null : { ...c.values } });
    },
    async list(filter: CorrectionFilter = {}) {
      const where: SQL[] = [];
      if (filter.kind !== undefined) where.push(eq(corrections.kind, filter.kind));
      if (filter.factId !== undefined) where.push(eq(corrections.factId, filter.factId));
      if (filter.deviceId !== undefined) where.push(eq(corrections.deviceId, filter.deviceId));
      return db
        .select()
        .from(corrections)
        .where(and(...where))
        .orderBy(asc(corrections.recordedAt), asc(corrections.id));
    },
    async findFact(kind, factId): Promise<RecordedFact | null> {
      if (kind === 'refusal') {
        const [r] = await db.select().from(refusals).where(eq(refusals.id, factId));
        if (r === undefined) return null;
        const { swapId: _, ...fact } = r;
        return { fact, deviceId: r.deviceId };
      }
      const spec = DEVICE_FACTS[kind];
      if (spec === undefined) return null;
      // A seq is a number: anything else names no fact (and must not reach the cast).
      if (spec.id === 'seq' && !/^[0-9]{1,15}$/.test(factId)) return null;
      const key = spec.id === 'seq' ? sql`${Number(factId)}` : sql`${factId}`;
      const rows = await rowsOf<{ f: Record<string, unknown> | string }>(
        db,
        sql`select ${spec.fact} as f from ${sql.raw(spec.table)} where ${sql.raw(spec.id)} = ${key}`,
      );
      const row = rows[0];
      if (row === undefined) return null;
      const fact = typeof row.f === 'string' ? (JSON.parse(row.f) as Record<string, unknown>) : row.f;
      return { fact, deviceId: fact.deviceId as string };
    },
  };
}
