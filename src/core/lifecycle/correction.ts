/**
 * Corrections, never edits: what a correction of each kind of fact may change, and the corrected
 * values it stores. Pure: the service reads the fact and the clock and passes them in.
 *
 * A replacement stores all of the kind's correctable fields (the fact's current values with the
 * changes), so that the latest correction alone says what the fact is. The effective instant may
 * move later, never into the future (INSTANT_IN_FUTURE), and never earlier: the loaders read facts
 * by effective instant, so a fact moved before an evaluated instant it was recorded after would
 * be missed. A fact that happened earlier than recorded is retracted and recorded anew.
 */

import { EFFECTIVE_FIELD } from '../compliance/known.ts';
import { VigilError } from '../errors.ts';
import { type CorrectableKind, DEVICE_STATUSES, INSPECTION_METHODS, INSPECTION_RESULTS } from '../model.ts';
import { type Instant, parseInstant, toIso } from '../time.ts';

type Field =
  | { readonly type: 'instant' }
  | { readonly type: 'text'; readonly nullable: boolean }
  | { readonly type: 'enum'; readonly values: readonly string[] };

const text = (nullable: boolean): Field => ({ type: 'text', nullable });
const instant: Field = { type: 'instant' };

/** Per kind, the fields a correction may set. Posture reports are retracted only (the source reports anew). */
export const CORRECTABLE_FIELDS: Readonly<Record<CorrectableKind, Readonly<Record<string, Field>>>> = {
  inspection: {
    at: instant,
    method: { type: 'enum', values: INSPECTION_METHODS },
    result: { type: 'enum', values: INSPECTION_RESULTS },
    performedBy: text(false),
    notes: text(true),
  },
  posture: {},
  status: { at: instant, status: { type: 'enum', values: DEVICE_STATUSES }, reason: text(true) },
  custody: { at: instant, holderId: text(true), location: text(true) },
  refusal: { at: instant, action: text(false), rule: text(false), reason: text(false) },
};

const invalid = (path: string, message: string) =>
  new VigilError('CORRECTION_INVALID', message, [{ path, message }]);

/**
 * The corrected values of `fact` (as it currently reads, after any earlier correction) with the
 * `set` changes: every correctable field of the kind. Throws CORRECTION_INVALID for a field the
 * kind does not let change or a malformed value, INSTANT_IN_FUTURE for an effective instant
 * after `now`.
 */
export function correctedValues(
  kind: CorrectableKind,
  fact: Readonly<Record<string, unknown>>,
  set: Readonly<Record<string, string | null>>,
  now: Instant,
): Record<string, unknown> {
  const fields = CORRECTABLE_FIELDS[kind];
  const names = Object.keys(set);
  if (names.length === 0) throw invalid('set', 'name at least one field to correct, or retract the fact');
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(fields)) out[name] = fact[name] ?? null;
  for (const name of names) {
    const spec = fields[name];
    const value = set[name] ?? null;
    if (spec === undefined) {
      const allowed = Object.keys(fields);
      throw invalid(
        `set.${name}`,
        allowed.length === 0
          ? `a ${kind} cannot be changed, only retracted`
          : `a ${kind}'s ${name} cannot be corrected (correctable: ${allowed.join(', ')})`,
      );
    }
    if (value === null) {
      if (spec.type === 'text' && spec.nullable) out[name] = null;
      else throw invalid(`set.${name}`, `${name} cannot be empty`);
      continue;
    }
    if (spec.type === 'enum' && !spec.values.includes(value))
      throw invalid(`set.${name}`, `${name} must be one of ${spec.values.join(', ')}`);
    if (spec.type === 'instant') {
      const t = parseInstant(value);
      if (t === null) throw invalid(`set.${name}`, `${name} is not an ISO 8601 timestamp`);
      out[name] = t;
    } else out[name] = value;
  }
  const field = EFFECTIVE_FIELD[kind];
  const was = fact[field] as Instant;
  const at = out[field] as Instant;
  if (at > now)
    throw new VigilError('INSTANT_IN_FUTURE', `${toIso(at)} is after now (${toIso(now)})`, [
      { path: `set.${field}`, message: 'in the future', at: toIso(at), now: toIso(now) },
    ]);
  if (at < was)
    throw invalid(
      `set.${field}`,
      `a correction cannot move ${field} earlier than first recorded (${toIso(was)}): retract the fact and record it anew`,
    );
  return out;
}
