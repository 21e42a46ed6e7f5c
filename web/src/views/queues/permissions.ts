/**
 * Which roles the API lets take each work-queue action, read from the routes' `roles`
 * (src/adapters/http/routes/workflows.routes.ts, incidents.routes.ts, checks.routes.ts). The
 * API stays the authority: this only decides which buttons to show.
 */
import { CAN } from '../../api/session.ts';
import type { Incident, Role, User } from '../../api/types.ts';

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

/**
 * Why this user may not close the incident although their role may (the API refuses them the
 * same way): closing is a two-person rule between people. Null when they may.
 */
export function whyNotCloser(incident: Incident, user: User): string | null {
  if (user.personId === null)
    return 'Closing is a two-person action and your user is linked to no person; an admin can link it.';
  if ((incident.involvedPersonIds ?? []).includes(user.personId))
    return 'You declared this incident or recorded one of its steps, so another person closes it.';
  return null;
}
