/** The ports of the swaps context: what its services need from storage (adapters/db implements them). */
import type { Swap, SwapState, SwapTransition } from '../../core/lifecycle/swap.ts';

export interface SwapFilter {
  readonly state?: SwapState;
  /** Only swaps not in a terminal state. */
  readonly open?: boolean;
  /** Swaps whose old or new device is this one. */
  readonly deviceId?: string;
}

/** Swaps: the row holds the current state; every transition is appended to the history. */
export interface SwapRepository {
  /** Throws SWAP_EXISTS when the id is taken. */
  insert(swap: Swap): Promise<void>;
  /** Replaces the current state of an existing swap. */
  update(swap: Swap): Promise<void>;
  /** Locks the row (FOR UPDATE) so concurrent commands on one swap take turns. */
  get(id: string, forUpdate?: boolean): Promise<Swap | null>;
  /** Ordered by plannedAt, then id. */
  list(filter?: SwapFilter): Promise<Swap[]>;
  appendTransition(t: SwapTransition): Promise<void>;
  /** Oldest first. */
  transitions(swapId: string): Promise<SwapTransition[]>;
}
