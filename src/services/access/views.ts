/** The access context's records as JSON: instants as ISO strings. */
import { toIso } from '../../core/time.ts';
import { isoOrNull } from '../kernel/views.ts';
import type { TokenRecord } from './ports.ts';

export const tokenView = (t: TokenRecord) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  personId: t.personId,
  userId: t.userId,
  createdAt: toIso(t.createdAt),
  createdBy: t.createdBy,
  revokedAt: isoOrNull(t.revokedAt),
});
