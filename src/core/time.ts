/**
 * Time in the core is a plain number of milliseconds since the Unix epoch (an Instant).
 * Numbers, not Date objects: the evaluator compares millions of them and Dates allocate.
 * The core never reads the clock: every function that needs "now" takes it as a parameter.
 */
export type Instant = number;
export type Millis = number;

export const HOUR: Millis = 3_600_000;
export const DAY: Millis = 24 * HOUR;

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Parses an ISO 8601 duration limited to weeks, days, hours, minutes and seconds.
 * Years and months are refused on purpose: "P1M" is 28 to 31 days depending on the date,
 * and a security protocol must mean the same number of days in February as in March.
 * Returns null when the text is not such a duration.
 */
export function parseDuration(text: string): Millis | null {
  const m = DURATION.exec(text);
  if (m === null || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  return (
    Number(w ?? 0) * 7 * DAY +
    Number(d ?? 0) * DAY +
    Number(h ?? 0) * HOUR +
    Number(min ?? 0) * 60_000 +
    Number(s ?? 0) * 1000
  );
}

export function toIso(t: Instant): string {
  return new Date(t).toISOString();
}

/**
 * Parses an ISO 8601 timestamp with a zone (or a plain date, taken as UTC midnight). Instants
 * before 1970 are refused: no phone record is that old, a year such as 0202 is a typo, and the
 * databases cannot store year 0 (a query with it would fail instead of answering 400).
 */
export function parseInstant(text: string): Instant | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) || t < 0 ? null : t;
}
