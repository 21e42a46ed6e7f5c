/**
 * How the snapshot reads posture reports: their order (latest first, ties broken the same way
 * everywhere) and the display view of one field as last observed. Apart from snapshot.ts so the
 * generated posture code (posture.generated.ts) can use it without an import cycle.
 */
import type { PostureReport, Provenance, Sensor, SensorState } from '../model.ts';
import type { Instant } from '../time.ts';

/** One posture field as last observed: its value and how it is known. */
export interface Observed<T> {
  readonly value: T;
  readonly observedAt: Instant;
  /** The posture source (MDM connector, CSV import, a technician) that reported it. */
  readonly source: string;
  readonly reportId: string;
  /** For sensors, the reading's provenance; other fields are `reported` by their source. */
  readonly provenance: Provenance;
}

function observed<T>(value: T, r: PostureReport, provenance: Provenance): Observed<T> {
  return { value, observedAt: r.observedAt, source: r.source, reportId: r.id, provenance };
}

export function observedField<T>(r: PostureReport | null, value: T | null | undefined): Observed<T> | null {
  return r === null || value === null || value === undefined ? null : observed(value, r, 'reported');
}

export function observedSensor(r: PostureReport | null, sensor: Sensor): Observed<SensorState> | null {
  const reading = r === null ? undefined : r.sensors[sensor];
  return r === null || reading === undefined ? null : observed(reading.state, r, reading.provenance);
}

/** True when posture report `a` is later than `b` (ties by id, then source). */
export function laterReport(a: PostureReport, b: PostureReport): boolean {
  if (a.observedAt !== b.observedAt) return a.observedAt > b.observedAt;
  if (a.id !== b.id) return a.id > b.id;
  return a.source > b.source;
}
