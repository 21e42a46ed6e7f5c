import { VigilError } from '../../core/errors.ts';
import { type Instant, parseInstant } from '../../core/time.ts';

/** Converts an already-validated ISO string to an Instant, or `fallback` when absent. */
export function instantOr(text: string | null | undefined, fallback: Instant): Instant {
  if (text === undefined || text === null) return fallback;
  const t = parseInstant(text);
  if (t === null) throw new VigilError('VALIDATION_FAILED', `not an ISO 8601 timestamp: ${text}`);
  return t;
}
