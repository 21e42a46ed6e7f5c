/** The waivers context's records as JSON: instants as ISO strings. */
import type { WaiverRecord } from '../../core/lifecycle/waiver.ts';
import { toIso } from '../../core/time.ts';
import { isoOrNull } from '../kernel/views.ts';

export const waiverView = (w: WaiverRecord) => ({
  ...w,
  scope: { ...w.scope },
  requestedAt: toIso(w.requestedAt),
  recordedAt: toIso(w.recordedAt),
  approvedAt: isoOrNull(w.approvedAt),
  approvalRecordedAt: isoOrNull(w.approvalRecordedAt),
  startsAt: toIso(w.startsAt),
  expiresAt: toIso(w.expiresAt),
  endedAt: isoOrNull(w.endedAt),
  endRecordedAt: isoOrNull(w.endRecordedAt),
});
