/** The audit context's records as JSON: instants as ISO strings. */
import { toIso } from '../../core/time.ts';
import type { AuditEvent } from './ports.ts';

export const auditEventView = (e: AuditEvent) => ({ ...e, at: toIso(e.at) });
