/**
 * How late a swap or check is, in words (colour alone says nothing to many readers). Days count
 * from the due date, as `rotation.overdue` and `inspection.overdue` count them, so the queue and
 * the finding say the same number. Pure: the instant and the date format are parameters.
 */
import { DAY } from '../../lib/charts.ts';

export interface Deadlines {
  readonly dueAt: string | null;
  /** The end of the grace period, after which the rule reports it; the due date when unknown. */
  readonly graceUntil?: string | null | undefined;
  /** Given only while no replacement is staged: the replacement should be staged by then. */
  readonly stageBy?: string | null | undefined;
}

export interface Lateness {
  /** `overdue`: past grace, a finding is open; `late`: a date passed, no finding yet. */
  readonly level: 'overdue' | 'late';
  readonly text: string;
}

/** "less than a day", "1 day", "120 days" (whole days, rounded down as the rules do). */
export function daysText(ms: number): string {
  const n = Math.floor(ms / DAY);
  return n < 1 ? 'less than a day' : n === 1 ? '1 day' : `${n} days`;
}

export function lateness(d: Deadlines, now: number, day: (iso: string) => string): Lateness | null {
  if (d.dueAt !== null) {
    const due = Date.parse(d.dueAt);
    const grace = d.graceUntil ? Date.parse(d.graceUntil) : due;
    if (now > grace) return { level: 'overdue', text: `Overdue by ${daysText(now - due)}` };
    if (now > due && d.graceUntil) {
      return { level: 'late', text: `Past due by ${daysText(now - due)}, grace until ${day(d.graceUntil)}` };
    }
  }
  if (d.stageBy && now > Date.parse(d.stageBy)) {
    return { level: 'late', text: `Stage-by date passed ${daysText(now - Date.parse(d.stageBy))} ago` };
  }
  return null;
}
