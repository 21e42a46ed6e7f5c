/**
 * The posture columns of `posture_reports`, derived from the posture field declarations
 * (src/core/posture/fields.ts): each field's column name, its type fixed by the field's kind.
 * Spread into the table in schema.ts; the repository's JSON (fleet.repository.ts) reads the same
 * declarations, so a declared field cannot be left out of either.
 */
import { boolean, jsonb, text } from 'drizzle-orm/pg-core';
import type { SensorReading } from '../../core/model.ts';
import {
  type AppliedConfiguration,
  POSTURE_FIELD_NAMES,
  POSTURE_FIELDS,
  type PostureFieldName,
} from '../../core/posture/fields.ts';

/** The column of each kind of field (nullable: a report states only what its source observed). */
const COLUMN = {
  text: (name: string) => text(name),
  boolean: (name: string) => boolean(name),
  textList: (name: string) => jsonb(name).$type<string[]>(),
  applied: (name: string) => jsonb(name).$type<AppliedConfiguration>(),
  sensors: (name: string) => jsonb(name).$type<Partial<Record<string, SensorReading>>>().notNull(),
};

type Fields = typeof POSTURE_FIELDS;
export type PostureColumns = {
  [K in PostureFieldName]: ReturnType<(typeof COLUMN)[Fields[K]['kind']]>;
};

/** The posture columns, fresh builders for one table. */
export function postureColumns(): PostureColumns {
  const out: Record<string, unknown> = {};
  for (const name of POSTURE_FIELD_NAMES) {
    const f = POSTURE_FIELDS[name];
    out[name] = COLUMN[f.kind](f.column);
  }
  return out as PostureColumns;
}
