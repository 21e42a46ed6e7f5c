/**
 * Small, allocation-light formatting helpers for finding messages. Messages are built for
 * every failing device of a fleet, so dates are formatted arithmetically (no Date objects).
 */
import { DAY, type Instant, type Millis, toIso } from '../time.ts';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * Dates already formatted, by day number: a fleet's findings name a few hundred distinct days,
 * and a lookup is cheaper than the divisions and the three strings of formatting one. Bounded
 * (cleared when full); the same day always gives the same text, so the cache changes no answer.
 */
const DATES = new Map<number, string>();
const DATES_MAX = 4096;

/** The UTC calendar date of an instant, "YYYY-MM-DD" (civil-from-days, H. Hinnant). */
export function isoDate(t: Instant): string {
  if (!(t >= -30_610_224_000_000 && t < 253_402_300_800_000)) return toIso(t).slice(0, 10);
  const day = Math.floor(t / DAY);
  let date = DATES.get(day);
  if (date === undefined) {
    if (DATES.size >= DATES_MAX) DATES.clear();
    date = civilDate(day);
    DATES.set(day, date);
  }
  return date;
}

function civilDate(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Whole days in a span (floor), as the evidence reports them. */
export function wholeDays(ms: Millis): number {
  return Math.floor(ms / DAY);
}

/** "1 day", "121 days". */
export function dayCount(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** A duration as a reader says it: "30 days", "36 hours". */
export function spanText(ms: Millis): string {
  if (ms % DAY === 0) return dayCount(ms / DAY);
  const hours = ms / 3_600_000;
  return Number.isInteger(hours) ? `${hours} hours` : `${Math.round(ms / 60_000)} minutes`;
}

const PROVENANCE_TEXT: Readonly<Record<string, string>> = {
  enforced: 'enforced by MDM',
  reported: 'reported',
  attested: 'attested by a person',
  observed: 'observed in a scan',
};

/** How a fact is known, as a phrase: "enforced by MDM". */
export function provenanceText(provenance: string): string {
  return PROVENANCE_TEXT[provenance] ?? provenance;
}
