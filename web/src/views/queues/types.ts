/**
 * Shapes the work queues read beyond web/src/api/types.ts (docs/openapi.json is the authority):
 * a swap's custody and closing reason, detections.
 */
import type { Swap } from '../../api/types.ts';

/** The swap states, in the order a swap goes through them (src/core/lifecycle/swap.ts). */
export type SwapState =
  | 'planned'
  | 'staged'
  | 'handed-over'
  | 'collected'
  | 'examined'
  | 'wiped'
  | 'retained'
  | 'declined'
  | 'cancelled';

export interface Custody {
  holderId: string | null;
  location: string | null;
}

export interface OpenSwap extends Omit<Swap, 'state'> {
  state: SwapState;
  custody: { old: Custody; new: Custody | null };
  reason: string | null;
  plannedBy: string;
}

export interface Detection {
  id: string;
  facility: string;
  at: string;
  identifier: string;
  deviceId: string | null;
  personId: string | null;
  source: string;
  receivedAt: string;
}
