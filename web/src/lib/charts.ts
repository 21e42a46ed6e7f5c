/**
 * Data shaping for the dashboard's charts, kept out of the components so it is unit-tested in
 * Node. d3-scale and d3-shape do the arithmetic (scales, path strings); the components render
 * plain SVG by hand instead of a chart library: a fraction of the bundle, and every mark can
 * carry its own <title>, role and text alternative, which generic chart libraries make hard.
 */
import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, curveStepAfter, line, stack } from 'd3-shape';

export const DAY = 86_400_000;

/** One day of the compliance history: the fleet re-evaluated as of that day's end. */
export interface HistoryDay {
  readonly date: string;
  readonly compliant: number;
  readonly waived: number;
  readonly nonCompliant: number;
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly margin: {
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
    readonly left: number;
  };
}

export interface Tick {
  readonly at: number;
  readonly label: string;
}

export interface HistoryChart {
  readonly layers: { key: 'compliant' | 'waived' | 'nonCompliant'; label: string; path: string }[];
  readonly xTicks: Tick[];
  readonly yTicks: Tick[];
  readonly max: number;
  /** The text alternative: first and last day, in words. */
  readonly summary: string;
}

const KEYS = ['nonCompliant', 'waived', 'compliant'] as const;
const LABELS = { compliant: 'Compliant', waived: 'Waived', nonCompliant: 'Non-compliant' } as const;

const monthDay = (t: number): string =>
  new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Stacked areas of the verdict counts per day (non-compliant at the bottom, where it shows). */
export function historyChart(days: readonly HistoryDay[], frame: Frame): HistoryChart {
  const { width, height, margin } = frame;
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const times = sorted.map((d) => Date.parse(d.date));
  const max = Math.max(1, ...sorted.map((d) => d.compliant + d.waived + d.nonCompliant));
  const x = scaleUtc()
    .domain([times[0] ?? 0, times[times.length - 1] ?? 1])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const series = stack<HistoryDay>().keys([...KEYS])(sorted);
  const gen = area<[number, number] & { data: HistoryDay }>()
    .x((p) => x(Date.parse(p.data.date)))
    .y0((p) => y(p[0]))
    .y1((p) => y(p[1]));
  const layers = series.map((s) => ({
    key: s.key as (typeof KEYS)[number],
    label: LABELS[s.key as (typeof KEYS)[number]],
    path: sorted.length > 0 ? (gen(s as never) ?? '') : '',
  }));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const describe = (d: HistoryDay) =>
    `${d.date}: ${d.compliant} compliant, ${d.waived} waived, ${d.nonCompliant} non-compliant`;
  return {
    layers,
    xTicks: x.ticks(6).map((t) => ({ at: x(t), label: monthDay(t.getTime()) })),
    yTicks: y.ticks(4).map((v) => ({ at: y(v), label: String(v) })),
    max,
    summary: first && last ? `From ${describe(first)}; to ${describe(last)}.` : 'No history for this period.',
  };
}

/** One day of a device's timeline, as of the end of the day (null: not held then, or unknown). */
export interface DayPoint {
  readonly t: number;
  readonly swap: number | null;
  readonly check: number | null;
  /** The protocol's limits that day (period plus grace); null where it sets none. */
  readonly swapLimit: number | null;
  readonly checkLimit: number | null;
}

/** What the days-since chart needs of one device (from GET /people/:id/timeline). */
export interface DeviceHistory {
  readonly points: readonly DayPoint[];
  readonly checks: readonly { at: string; result: string }[];
  readonly refusals: readonly { at: string; action: string; reason: string }[];
  readonly waivers: readonly { from: string; to: string; rule: string }[];
  /** As of the window's end, while the person holds the device. */
  readonly current: {
    readonly daysSinceSwap: number | null;
    readonly daysSinceCheck: number | null;
    readonly swapOver: boolean;
    readonly checkOver: boolean;
  } | null;
}

export interface DaysSinceChart {
  readonly swapPath: string;
  readonly checkPath: string;
  readonly swapLimitPath: string;
  readonly checkLimitPath: string;
  readonly xTicks: Tick[];
  readonly yTicks: Tick[];
  readonly maxDays: number;
  readonly x: (t: number) => number;
  readonly y: (days: number) => number;
}

/**
 * The sawtooth of days since the last swap and check, and the limits as step lines (a protocol
 * change moves them; a swap-exempt role has none, so no line). Gaps where the value is null.
 */
export function daysSinceChart(h: DeviceHistory, from: number, to: number, frame: Frame): DaysSinceChart {
  const { width, height, margin } = frame;
  const maxDays = Math.max(
    1,
    ...h.points.map((p) => Math.max(p.swap ?? 0, p.check ?? 0, p.swapLimit ?? 0, p.checkLimit ?? 0)),
  );
  const x = scaleUtc()
    .domain([from, to])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, maxDays * 1.05])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const path = (key: keyof Omit<DayPoint, 't'>, step: boolean) => {
    const gen = line<DayPoint>()
      .defined((p) => p[key] !== null)
      .x((p) => x(p.t))
      .y((p) => y(p[key] ?? 0));
    return (step ? gen.curve(curveStepAfter) : gen)(h.points) ?? '';
  };
  return {
    swapPath: path('swap', false),
    checkPath: path('check', false),
    swapLimitPath: path('swapLimit', true),
    checkLimitPath: path('checkLimit', true),
    xTicks: x.ticks(5).map((t) => ({ at: x(t), label: monthDay(t.getTime()) })),
    yTicks: y.ticks(5).map((v) => ({ at: y(v), label: String(v) })),
    maxDays,
    x: (t) => x(t),
    y: (d) => y(d),
  };
}

/** The latest limit of a series (what applies now), or null. */
export function latestLimit(points: readonly DayPoint[], key: 'swapLimit' | 'checkLimit'): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p && (p.swap !== null || p.check !== null)) return p[key];
  }
  return null;
}

/** "150 days ago (about 5 months), limit 33 days — OVERDUE": under each chart, and its description. */
export function describeDays(
  label: string,
  days: number | null,
  limit: number | null,
  over: boolean,
): string {
  if (days === null) return `${label}: none recorded`;
  const n = Math.floor(days);
  const months = n >= 60 ? ` (about ${Math.round(n / 30.44)} months)` : '';
  const lim = limit === null ? 'no limit' : `limit ${Math.round(limit)} days`;
  return `${label}: ${n} days ago${months}, ${lim}${over ? ' — OVERDUE' : ''}`;
}
