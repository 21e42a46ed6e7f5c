/** The corrections context's records as JSON: instants as ISO strings. */
import { CORRECTABLE_FIELDS } from '../../core/lifecycle/correction.ts';
import type { CorrectableKind, Correction } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';

/** The corrected values with their instants as ISO strings. */
export function valuesView(kind: CorrectableKind, values: Readonly<Record<string, unknown>> | null) {
  if (values === null) return null;
  const fields = CORRECTABLE_FIELDS[kind];
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      fields[k]?.type === 'instant' && typeof v === 'number' ? toIso(v) : v,
    ]),
  );
}

export const correctionView = (c: Correction) => ({
  id: c.id,
  kind: c.kind,
  factId: c.factId,
  deviceId: c.deviceId,
  effectiveAt: toIso(c.effectiveAt),
  values: valuesView(c.kind, c.values),
  reason: c.reason,
  recordedBy: c.recordedBy,
  recordedAt: toIso(c.recordedAt),
});
