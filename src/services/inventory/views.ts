/** The inventory context's records as JSON: instants as ISO strings. */
import type { Inspection, Person } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { isoOrNull } from '../kernel/views.ts';
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
  evidence: [...(i.evidence ?? [])],
});
