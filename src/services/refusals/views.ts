/** The refusals context's records as JSON: instants as ISO strings. */
import { toIso } from '../../core/time.ts';
import type { RefusalRecord } from './ports.ts';

export const refusalView = (r: RefusalRecord) => ({ ...r, at: toIso(r.at), recordedAt: toIso(r.recordedAt) });
