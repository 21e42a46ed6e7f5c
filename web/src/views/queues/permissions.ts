/**
 * Which roles the API lets take each work-queue action, read from the routes' `roles`
 * (src/adapters/http/routes/workflows.routes.ts, incidents.routes.ts, checks.routes.ts). The
 * API stays the authority: this only decides which buttons to show.
 */
import { CAN } from '../../api/session.ts';
import type { Role, User } from '../../api/types.ts';

export const QUEUE_CAN = {
  /** Plan, stage, hand over, collect, examine, wipe, retain, cancel. */
  runSwaps: CAN.runSwaps,
  /** Record that the holder declined a swap (staff of the office on their behalf). */
  declineSwaps: ['admin', 'officer', 'technician'],
  recordRefusals: ['admin', 'officer', 'technician'],
  recordChecks: CAN.recordChecks,
  /** Reject, revoke. */
  decideWaivers: CAN.decideWaivers,
  /** Approve: an officer's alone (an admin administers users and tokens, approves nothing). */
  approveWaivers: ['officer'],
  stepIncidents: CAN.stepIncidents,
  closeIncidents: ['admin', 'officer'],
  /** Staff may acknowledge for themselves, but do not use the dashboard's queues. */
  acknowledgePolicies: ['admin', 'officer'],
} as const satisfies Record<string, readonly Role[]>;

export type QueueAction = keyof typeof QUEUE_CAN;

export function allowed(user: User, action: QueueAction): boolean {
  return (QUEUE_CAN[action] as readonly Role[]).includes(user.role);
}
