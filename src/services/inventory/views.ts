/** The inventory context's records as JSON: instants as ISO strings. */
import type { CustodyRecord, Inspection, Person, Rotation, StatusChange } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { isoOrNull } from '../kernel/views.ts';
import { postureView } from '../posture/views.ts';
import type { DeviceDetail } from './inventory.service.ts';
import type { DeviceView } from './ports.ts';

export const personView = (p: Person) => ({ ...p, since: toIso(p.since), createdAt: toIso(p.createdAt) });

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

export const inspectionView = (i: Inspection) => ({
  ...i,
  at: toIso(i.at),
  recordedAt: toIso(i.recordedAt),
  evidence: [...(i.evidence ?? [])],
});

export const rotationView = (r: Rotation) => ({ ...r, at: toIso(r.at), recordedAt: toIso(r.recordedAt) });

export const statusChangeView = (s: StatusChange) => ({
  status: s.status,
  at: toIso(s.at),
  reason: s.reason,
  recordedAt: toIso(s.recordedAt),
});

export const custodyView = (c: CustodyRecord) => ({
  holderId: c.holderId,
  location: c.location,
  at: toIso(c.at),
  recordedBy: c.recordedBy,
  recordedAt: toIso(c.recordedAt),
});

/** A device's detail: the device and its facts, each with when it took effect and when it was recorded. */
export const deviceDetailView = (d: DeviceDetail) => ({
  device: deviceView(d.device),
  statuses: d.statuses.map(statusChangeView),
  custody: d.custody.map(custodyView),
  posture: d.posture.map(postureView),
  inspections: d.inspections.map(inspectionView),
  rotations: d.rotations.map(rotationView),
  asOf: isoOrNull(d.asOf),
  knownAt: isoOrNull(d.knownAt),
});
