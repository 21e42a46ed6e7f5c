/** Domain records to their JSON shapes (schemas.ts): epoch milliseconds become ISO strings. */
import type { Finding, Inspection, OsRelease, Person, PostureReport } from '../core/model.ts';
import { toIso } from '../core/time.ts';
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

export const inspectionView = (i: Inspection) => ({ ...i, at: toIso(i.at) });

export const releaseView = (r: OsRelease) => ({ ...r, releasedAt: toIso(r.releasedAt) });

export const findingView = (f: Finding) => ({ ...f, since: toIso(f.since) });

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
