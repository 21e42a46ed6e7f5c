import { describe, expect, it } from 'vitest';
import { daysText, lateness } from './lateness.ts';

const DAY = 86_400_000;
const DUE = '2026-03-10T09:00:00.000Z';
const GRACE = '2026-03-13T09:00:00.000Z';
const STAGE_BY = '2026-03-03T09:00:00.000Z';
const at = (iso: string) => Date.parse(iso);
const day = (iso: string) => iso.slice(0, 10);

describe('lateness', () => {
  it('counts whole days, rounded down, from the due date as the overdue rules do', () => {
    expect(daysText(0)).toBe('less than a day');
    expect(daysText(DAY - 1)).toBe('less than a day');
    expect(daysText(DAY)).toBe('1 day');
    expect(daysText(120 * DAY + 5)).toBe('120 days');
  });

  it('is overdue only past the grace period, counted from the due date', () => {
    const d = { dueAt: DUE, graceUntil: GRACE };
    expect(lateness(d, at(GRACE), day)).toEqual({
      level: 'late',
      text: 'Past due by 3 days, grace until 2026-03-13',
    });
    expect(lateness(d, at(GRACE) + 1, day)).toEqual({ level: 'overdue', text: 'Overdue by 3 days' });
    expect(lateness(d, at(DUE), day)).toBeNull();
  });

  it('without a known grace period, is overdue once the due date has passed', () => {
    expect(lateness({ dueAt: DUE }, at(DUE) + 2 * DAY, day)).toEqual({
      level: 'overdue',
      text: 'Overdue by 2 days',
    });
  });

  it('tells of a stage-by date passed only while it is given (nothing staged yet) and before the due date', () => {
    const now = at(STAGE_BY) + 2 * DAY + 3_600_000;
    expect(lateness({ dueAt: DUE, graceUntil: GRACE, stageBy: STAGE_BY }, now, day)).toEqual({
      level: 'late',
      text: 'Stage-by date passed 2 days ago',
    });
    expect(lateness({ dueAt: DUE, graceUntil: GRACE, stageBy: null }, now, day)).toBeNull();
    expect(lateness({ dueAt: DUE, graceUntil: GRACE, stageBy: STAGE_BY }, at(STAGE_BY), day)).toBeNull();
    // Past due says more than a stage-by date passed.
    expect(lateness({ dueAt: DUE, graceUntil: GRACE, stageBy: STAGE_BY }, at(DUE) + DAY, day)?.text).toBe(
      'Past due by 1 day, grace until 2026-03-13',
    );
  });
});
