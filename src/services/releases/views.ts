/** The releases context's records as JSON: instants as ISO strings. */
import type { OsRelease } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';

export const releaseView = (r: OsRelease) => ({ ...r, releasedAt: toIso(r.releasedAt) });
