/** The compliance context's records as JSON: instants as ISO strings. */
import type { Finding } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { isoDuration } from '../kernel/views.ts';

const TIME_KEY = /(At|Since|since)$/;

const DURATION_KEYS = new Set(['every', 'grace', 'maxAge', 'maxBehindLatest']);

/**
 * The core keeps evidence times and durations as numbers (formatting a million of them would
 * cost the evaluator half a second); readers get ISO 8601 instants and durations.
 */
function evidenceView(value: unknown, key = ''): unknown {
  if (typeof value === 'number') {
    if (TIME_KEY.test(key)) return toIso(value);
    if (DURATION_KEYS.has(key)) return isoDuration(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => evidenceView(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evidenceView(v, k)]));
  }
  return value;
}

export const findingView = (f: Finding) => ({
  ...f,
  since: toIso(f.since),
  evidence: evidenceView(f.evidence) as Record<string, unknown>,
});
