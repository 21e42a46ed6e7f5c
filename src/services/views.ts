/** Domain records to their JSON shapes (schemas.ts): epoch milliseconds become ISO strings. */
import type { Finding, Inspection, OsRelease, Person, PostureReport } from '../core/model.ts';
import { DAY, HOUR, toIso } from '../core/time.ts';
import type { AuditEvent, DeviceView, ProtocolVersion, TokenRecord } from './ports.ts';

const isoOrNull = (t: number | null): string | null => (t === null ? null : toIso(t));

export const personView = (p: Person) => ({ ...p, createdAt: toIso(p.createdAt) });

export const deviceView = (d: DeviceView) => ({
  id: d.id,
  serial: d.serial,
  imei: d.imei,
  platform: d.platform,
  model: d.model,
  ownership: d.ownership,
  role: d.role,
  status: d.status,
  holderId: d.holderId,
  location: d.location,
  issuedAt: isoOrNull(d.issuedAt),
  createdAt: toIso(d.createdAt),
});

export const postureView = (r: PostureReport) => ({
  ...r,
  sensors: { ...r.sensors },
  apps: r.apps === null ? null : [...r.apps],
  observedAt: toIso(r.observedAt),
  receivedAt: toIso(r.receivedAt),
});

export const inspectionView = (i: Inspection) => ({
  ...i,
  at: toIso(i.at),
  evidence: [...(i.evidence ?? [])],
});

export const releaseView = (r: OsRelease) => ({ ...r, releasedAt: toIso(r.releasedAt) });

/** A duration in milliseconds as ISO 8601, the way protocols write it (P30D, PT12H). */
export function isoDuration(ms: number): string {
  if (ms % DAY === 0) return `P${ms / DAY}D`;
  if (ms % HOUR === 0) return `PT${ms / HOUR}H`;
  return `PT${ms / 1000}S`;
}

const TIME_KEY = /(At|Since|since)$/;
const DURATION_KEYS = new Set(['every', 'grace', 'maxAge', 'maxBehindLatest']);

/**
 * The core keeps evidence times and durations as numbers (formatting a million of them would
 * cost the evaluator half a second); readers get ISO 8601 instants and durations.
 */
function evidenceView(value: unknown, key = ''): unknown {
  if (typeof value === 'number') {
    if (TIME_KEY.test(key)) return toIso(value);
    if (DURATION_KEYS.has(key)) return isoDuration(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => evidenceView(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evidenceView(v, k)]));
  }
  return value;
}

export const findingView = (f: Finding) => ({
  ...f,
  since: toIso(f.since),
  evidence: evidenceView(f.evidence) as Record<string, unknown>,
});

export const tokenView = (t: TokenRecord) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  personId: t.personId,
  createdAt: toIso(t.createdAt),
  createdBy: t.createdBy,
  revokedAt: isoOrNull(t.revokedAt),
});

export const protocolVersionView = (v: ProtocolVersion) => ({
  name: v.name,
  version: v.version,
  sha256: v.sha256,
  effectiveAt: toIso(v.effectiveAt),
  recordedAt: toIso(v.recordedAt),
  recordedBy: v.recordedBy,
});

export const auditEventView = (e: AuditEvent) => ({ ...e, at: toIso(e.at) });
