import { VigilError } from '../../core/errors.ts';
import { type Instant, parseInstant, toIso } from '../../core/time.ts';

/** Converts an already-validated ISO string to an Instant, or `fallback` when absent. */
export function instantOr(text: string | null | undefined, fallback: Instant): Instant {
  if (text === undefined || text === null) return fallback;
  const t = parseInstant(text);
  if (t === null) throw new VigilError('VALIDATION_FAILED', `not an ISO 8601 timestamp: ${text}`);
  return t;
}

/**
 * The instant a recorded fact took effect: `given` (a past or present instant, from the input)
 * or `now`. A future instant is refused: Vigil records what happened, never what will. With
 * `notBefore`, an instant before the subject existed (a device's or person's own start) is
 * refused too, so a back-filled history never names something that was not there yet.
 */
export function effectiveInstant(
  given: Instant | undefined,
  now: Instant,
  notBefore?: { readonly at: Instant; readonly subject: string },
): Instant {
  const at = given ?? now;
  if (at > now)
    throw new VigilError('INSTANT_IN_FUTURE', `${toIso(at)} is after now (${toIso(now)})`, [
      { path: 'at', message: 'in the future', at: toIso(at), now: toIso(now) },
    ]);
  if (notBefore !== undefined && at < notBefore.at)
    throw new VigilError(
      'INSTANT_BEFORE_SUBJECT',
      `${toIso(at)} is before ${notBefore.subject} existed (${toIso(notBefore.at)})`,
      [{ path: 'at', message: `before ${notBefore.subject}`, at: toIso(at), since: toIso(notBefore.at) }],
    );
  return at;
}
