/**
 * What a check module produces: its records (what it read), alerts (what looks wrong, with the
 * indicator that matched, if any) and timeline entries. Levels follow the forensic tools'
 * convention so analysts can compare results with theirs.
 */
import { type Instant, toIso } from '../time.ts';
import type { Indicator } from './stix.ts';

export const ALERT_LEVELS = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** A record a module read (a message, a process row): any JSON-serialisable object. */
export type ForensicRecord = object;

export interface Alert {
  readonly level: AlertLevel;
  readonly module: string;
  readonly message: string;
  readonly eventTime: Instant | null;
  readonly event: ForensicRecord;
  readonly matchedIndicator: Indicator | null;
}

export interface TimelineEntry {
  readonly at: Instant;
  readonly module: string;
  readonly event: string;
  readonly description: string;
}

export interface ModuleResult {
  readonly module: string;
  readonly records: readonly ForensicRecord[];
  readonly alerts: readonly Alert[];
  readonly timeline: readonly TimelineEntry[];
}

export const levelRank = (l: AlertLevel): number => ALERT_LEVELS.indexOf(l);

/**
 * The same result under another module name (its alerts and timeline too): a nested input's
 * modules (a bug report inside an AndroidQF acquisition) must not overwrite the outer one's.
 */
export function renameModule(r: ModuleResult, module: string): ModuleResult {
  return {
    module,
    records: r.records,
    alerts: r.alerts.map((a) => ({ ...a, module })),
    timeline: r.timeline.map((t) => ({ ...t, module })),
  };
}

/** Collects one module's output. */
export class ModuleOutput {
  readonly module: string;
  readonly records: ForensicRecord[] = [];
  readonly alerts: Alert[] = [];
  readonly timeline: TimelineEntry[] = [];

  constructor(module: string) {
    this.module = module;
  }

  record(r: ForensicRecord, at: Instant | null = null, event = '', description = ''): void {
    this.records.push(r);
    if (at !== null) this.timeline.push({ at, module: this.module, event, description });
  }

  alert(
    level: AlertLevel,
    message: string,
    eventTime: Instant | null,
    event: ForensicRecord,
    matchedIndicator: Indicator | null = null,
  ): void {
    this.alerts.push({ level, module: this.module, message, eventTime, event, matchedIndicator });
  }

  /** Raises `level` for a matched indicator, naming it in the message. */
  match(
    level: AlertLevel,
    what: string,
    ind: Indicator | null,
    at: Instant | null,
    event: ForensicRecord,
  ): void {
    if (ind !== null)
      this.alert(level, `${what} matches indicator "${ind.value}" (${ind.name})`, at, event, ind);
  }

  result(): ModuleResult {
    return { module: this.module, records: this.records, alerts: this.alerts, timeline: this.timeline };
  }
}

/** Apple's epoch, 2001-01-01T00:00:00Z, in Unix seconds. */
const MAC_EPOCH = 978_307_200;

/**
 * A Mac absolute time (seconds since 2001) as an Instant. iOS stores some as nanoseconds
 * (an 18- or 19-digit integer, as in sms.db); those are scaled down.
 */
export function fromMacTime(v: unknown): Instant | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) return null;
  const seconds = Math.abs(v) > 1e14 ? v / 1e9 : v;
  return Math.round((seconds + MAC_EPOCH) * 1000);
}

export function fromUnixSeconds(v: unknown): Instant | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) return null;
  return Math.round(v * 1000);
}

/** An Instant as ISO 8601, or null. */
export const iso = (t: Instant | null): string | null => (t === null ? null : toIso(t));

/** Links in free text (SMS, chat messages); matched by host only, never fetched. */
export function extractLinks(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"']+/gi)].map((m) => m[0].replace(/[.,;:!?)]+$/, ''));
}

/** All alerts, most severe first, then by time. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) => levelRank(b.level) - levelRank(a.level) || (a.eventTime ?? 0) - (b.eventTime ?? 0),
  );
}

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The timeline as CSV (UTC timestamp, module, event, description), sorted by time, every cell quoted. */
export function renderTimelineCsv(entries: readonly TimelineEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) => a.at - b.at || a.module.localeCompare(b.module) || a.description.localeCompare(b.description),
  );
  const lines = [['UTC Timestamp', 'Plugin', 'Event', 'Description'].map(csvCell).join(',')];
  for (const e of sorted) lines.push([toIso(e.at), e.module, e.event, e.description].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** The alerts that have a time, as a timeline (`timeline_detected.csv`): level as the event. */
export function renderDetectedTimelineCsv(alerts: readonly Alert[]): string {
  return renderTimelineCsv(
    alerts.flatMap((a) =>
      a.eventTime === null
        ? []
        : [{ at: a.eventTime, module: a.module, event: a.level, description: a.message }],
    ),
  );
}

/**
 * The inspection result a scan supports: `compromised` when a critical alert matched a known
 * indicator, `suspicious` when anything reached high, `clean` otherwise. Public indicators
 * cannot prove a device clean; `clean` means only that this scan found nothing.
 */
export function scanVerdict(alerts: readonly Alert[]): 'clean' | 'suspicious' | 'compromised' {
  if (alerts.some((a) => a.level === 'critical' && a.matchedIndicator !== null)) return 'compromised';
  return alerts.some((a) => levelRank(a.level) >= levelRank('high')) ? 'suspicious' : 'clean';
}
