/**
 * Compliance over time: which UTC days a window covers, and the counts the dashboard's chart
 * draws for one evaluated day. Pure: the service evaluates, stores and passes instants in.
 */

import type { DeviceVerdict, EvaluationResult } from '../compliance/types.ts';
import { SEVERITIES, type Severity } from '../model.ts';
import { DAY, type Instant } from '../time.ts';

export const VERDICTS = [
  'compliant',
  'waived',
  'non-compliant',
  'not-evaluated',
] as const satisfies readonly DeviceVerdict[];

/**
 * Whose knowledge a day's counts reflect. `now`, "as true then": the day as it really was, by
 * everything Vigil knows now (facts back-dated into it later count). `then`, "as known then":
 * the day as Vigil saw it at its end (only facts recorded by then). docs/adr/0020.
 */
export const HISTORY_BASES = ['now', 'then'] as const;
export type HistoryBasis = (typeof HISTORY_BASES)[number];

/** What the chart shows for one day: devices by verdict, findings by status and open ones by severity. */
export interface DayCounts {
  readonly devices: number;
  readonly byVerdict: Readonly<Record<DeviceVerdict, number>>;
  readonly findings: { readonly open: number; readonly waived: number };
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

/** One UTC day: its date and the last millisecond of it (the day is evaluated as of then). */
export interface Day {
  readonly date: string;
  readonly start: Instant;
  readonly end: Instant;
}

export function dayOf(t: Instant): Day {
  const start = Math.floor(t / DAY) * DAY;
  return { date: new Date(start).toISOString().slice(0, 10), start, end: start + DAY - 1 };
}

/** The UTC days from the one holding `from` to the one holding `to`, oldest first. */
export function daysBetween(from: Instant, to: Instant): Day[] {
  const out: Day[] = [];
  for (let t = dayOf(from).start; t <= to; t += DAY) out.push(dayOf(t));
  return out;
}

export function countDay(result: EvaluationResult): DayCounts {
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<DeviceVerdict, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const d of result.devices) byVerdict[d.verdict]++;
  let open = 0;
  let waived = 0;
  for (const f of result.findings) {
    if (f.status === 'waived') waived++;
    else if (f.status === 'open') {
      open++;
      bySeverity[f.severity]++;
    }
  }
  return { devices: result.devices.length, byVerdict, findings: { open, waived }, bySeverity };
}

/** The counts of no device and no finding: where a sum of parts starts. */
export const NO_COUNTS: DayCounts = countDay({ at: 0, findings: [], devices: [] });

/**
 * The counts of two disjoint parts of one evaluation (devices apart, and their findings): every
 * figure is a number of devices or of findings, so the parts' counts add up to the whole's.
 */
export function addCounts(a: DayCounts, b: DayCounts): DayCounts {
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, a.byVerdict[v] + b.byVerdict[v]])) as Record<
    DeviceVerdict,
    number
  >;
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, a.bySeverity[s] + b.bySeverity[s]]),
  ) as Record<Severity, number>;
  return {
    devices: a.devices + b.devices,
    byVerdict,
    findings: { open: a.findings.open + b.findings.open, waived: a.findings.waived + b.findings.waived },
    bySeverity,
  };
}
