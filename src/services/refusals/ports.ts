/** The ports of the refusals context: what its services need from storage (adapters/db implements them). */
import type { Refusal } from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';

/** A refusal with when Vigil learnt of it and the swap it came from, if any. */
export interface RefusalRecord extends Refusal {
  readonly recordedAt: Instant;
  readonly swapId: string | null;
}

export interface RefusalFilter {
  readonly personId?: string;
  readonly deviceId?: string;
}

/** Refusals are append-only. */
export interface RefusalRepository {
  /** Throws REFUSAL_INVALID when the id is taken. */
  insert(refusal: RefusalRecord): Promise<void>;
  /** Newest first (`at`, then id). */
  list(filter?: RefusalFilter): Promise<RefusalRecord[]>;
}
