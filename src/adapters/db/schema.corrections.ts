/**
 * Corrections of recorded facts. Re-exported by schema.ts (this file cannot import it: a cycle).
 * Append-only like the facts they correct: a correction is never changed, only superseded by a
 * later one of the same fact. `values` is null for a retraction (the fact never happened).
 */
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { CORRECTABLE_KINDS } from '../../core/model.ts';
import { instant } from './columns.ts';

export const corrections = pgTable(
  'lifecycle_corrections',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: CORRECTABLE_KINDS }).notNull(),
    /** The fact's id, or a status's or custody record's `seq`. */
    factId: text('fact_id').notNull(),
    /** How the evaluator finds the fact among the loaded ones (core/compliance/known.ts `factKey`). */
    factKey: text('fact_key').notNull(),
    deviceId: text('device_id'),
    /** The corrected fact's effective instant as first recorded. */
    effectiveAt: instant('effective_at').notNull(),
    values: jsonb('values').$type<Record<string, unknown>>(),
    reason: text('reason').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('lifecycle_corrections_fact_idx').on(t.kind, t.factId),
    index('lifecycle_corrections_recorded_at_idx').on(t.recordedAt),
    check(
      'lifecycle_corrections_kind_check',
      sql.raw(`"kind" in (${CORRECTABLE_KINDS.map((k) => `'${k}'`).join(', ')})`),
    ),
  ],
);
