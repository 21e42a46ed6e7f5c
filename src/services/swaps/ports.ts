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
  /** Stores a new swap with its first transition. Throws SWAP_EXISTS when the id is taken. */
  insert(swap: Swap, transition: SwapTransition): Promise<void>;
  /**
   * Replaces the current state of a swap still in `transition.from` (else SWAP_TRANSITION_INVALID)
   * and appends the transition.
   */
  apply(swap: Swap, transition: SwapTransition): Promise<void>;
  /** Locks the row (FOR UPDATE) so concurrent commands on one swap take turns. */
  get(id: string, forUpdate?: boolean): Promise<Swap | null>;
  /** Ordered by plannedAt, then id. */
  list(filter?: SwapFilter): Promise<Swap[]>;
  /** Oldest first. */
  transitions(swapId: string): Promise<SwapTransition[]>;
}
