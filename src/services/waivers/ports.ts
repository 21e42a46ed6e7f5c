/** The ports of the waivers context: what its services need from storage (adapters/db implements them). */
import type { WaiverRecord, WaiverState, WaiverTransition } from '../../core/lifecycle/waiver.ts';

export interface WaiverFilter {
  readonly state?: WaiverState;
  readonly deviceId?: string;
  readonly personId?: string;
  readonly rule?: string;
}

/** Waivers: the row holds the current state; every transition is appended to the history. */
export interface WaiverRepository {
  /** Stores a new waiver with its first transition. Throws WAIVER_INVALID when the id is taken. */
  insert(waiver: WaiverRecord, transition: WaiverTransition): Promise<void>;
  /**
   * Replaces the current state of a waiver still in `transition.from` (else
   * WAIVER_TRANSITION_INVALID) and appends the transition.
   */
  apply(waiver: WaiverRecord, transition: WaiverTransition): Promise<void>;
  /** Locks the row (FOR UPDATE) so two approvals cannot race. */
  get(id: string, forUpdate?: boolean): Promise<WaiverRecord | null>;
  /** Ordered by requestedAt, then id. */
  list(filter?: WaiverFilter): Promise<WaiverRecord[]>;
  transitions(waiverId: string): Promise<WaiverTransition[]>;
}
