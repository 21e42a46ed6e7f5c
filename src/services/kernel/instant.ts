import { VigilError } from '../../core/errors.ts';
import { type Instant, parseInstant, toIso } from '../../core/time.ts';
import type { Tx } from './command-service.ts';

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

/**
 * The instant a read looks back to (a past view's `asOf` or `knownAt`, validated ISO), or
 * `fallback` when absent. A future instant is refused (INSTANT_IN_FUTURE, naming `path`): nothing
 * is known yet of a day to come, and an answer would only repeat now's.
 */
export function pastInstant(
  text: string | undefined,
  now: Instant,
  path: string,
  fallback: Instant,
): Instant {
  const t = instantOr(text, fallback);
  if (text !== undefined && t > now)
    throw new VigilError('INSTANT_IN_FUTURE', `${toIso(t)} is after now (${toIso(now)})`, [
      { path, message: 'in the future', at: toIso(t), now: toIso(now) },
    ]);
  return t;
}

/** What a back-dated fact concerns: a device or a person, whose own start bounds it. */
export type Subject = { readonly deviceId: string } | { readonly personId: string };

/**
 * When a subject began, as far as Vigil knows: the one place that says it. A device began at its
 * earliest effective fact (issue, first status, first custody) or when it was entered
 * (`createdAt`, the recorded instant), whichever is earlier: a phone entered today may have a
 * history reaching back. A person began at the earliest of their `since`, their first protocol
 * assignment, the first custody naming them, and their entry (as compliance counts them present:
 * core/compliance/in-force.ts).
 * Null for an unknown subject (the caller reports the unknown id in its own terms).
 */
export async function subjectStartInTx(
  tx: Tx<'assignments' | 'devices' | 'people'>,
  subject: Subject,
): Promise<{ readonly at: Instant; readonly subject: string } | null> {
  if ('deviceId' in subject) {
    const device = await tx.devices.get(subject.deviceId);
    if (device === null) return null;
    const starts = [device.createdAt];
    if (device.issuedAt !== null) starts.push(device.issuedAt);
    for (const s of await tx.devices.statuses(device.id)) starts.push(s.at);
    for (const c of await tx.devices.custody(device.id)) starts.push(c.at);
    return { at: Math.min(...starts), subject: `device ${device.id}` };
  }
  const person = await tx.people.get(subject.personId);
  if (person === null) return null;
  const starts = [person.createdAt, person.since];
  for (const a of await tx.assignments.list()) if (a.personId === person.id) starts.push(a.at);
  const held = await tx.devices.firstHeldBy(person.id);
  if (held !== null) starts.push(held);
  return { at: Math.min(...starts), subject: `person ${person.id}` };
}

/**
 * The effective instant of a back-filled command: `given` (ISO, from `--at` or the body's `at`)
 * or now, refused in the future (INSTANT_IN_FUTURE) or before any of its subjects existed
 * (INSTANT_BEFORE_SUBJECT: the latest start among them bounds it).
 */
export async function backdatedInTx(
  tx: Tx<'assignments' | 'devices' | 'people'>,
  given: string | null | undefined,
  now: Instant,
  subjects: readonly Subject[],
): Promise<Instant> {
  if (given === undefined || given === null) return now;
  // Refuse a future instant before reading anything.
  const effective = effectiveInstant(instantOr(given, now), now);
  let bound: { at: Instant; subject: string } | undefined;
  for (const s of subjects) {
    const start = await subjectStartInTx(tx, s);
    if (start !== null && (bound === undefined || start.at > bound.at)) bound = start;
  }
  return effectiveInstant(effective, now, bound);
}
