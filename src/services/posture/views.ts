/** The posture context's records as JSON: instants as ISO strings. */
import type { PostureReport } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';

export const postureView = (r: PostureReport) => ({
  ...r,
  sensors: { ...r.sensors },
  apps: r.apps === null ? null : [...r.apps],
  observedAt: toIso(r.observedAt),
  receivedAt: toIso(r.receivedAt),
});
