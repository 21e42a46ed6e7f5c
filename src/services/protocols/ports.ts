/** The ports of the protocols context: what its services need from storage (adapters/db implements them). */
import type { Instant } from '../../core/time.ts';

/** Which protocol governed a person from `at` on (append-only: as-of evaluation reads it). */
export interface ProtocolAssignment {
  readonly personId: string;
  readonly protocol: string | null;
  readonly at: Instant;
  readonly assignedBy: string;
  /** When Vigil recorded the assignment. */
  readonly recordedAt: Instant;
}

export interface AssignmentRepository {
  append(a: ProtocolAssignment): Promise<void>;
  /** All assignments recorded with `at` <= the given instant (all when omitted). */
  list(atOrBefore?: Instant): Promise<ProtocolAssignment[]>;
}

/** One stored version of a protocol document. Versions are never changed or deleted. */
export interface ProtocolVersion {
  readonly name: string;
  readonly version: string;
  /** The YAML (or JSON) text exactly as submitted. */
  readonly text: string;
  readonly sha256: string;
  /** From when this version governs (as-of evaluation picks the latest at or before T). */
  readonly effectiveAt: Instant;
  readonly recordedAt: Instant;
  readonly recordedBy: string;
}

export interface ProtocolRepository {
  append(version: ProtocolVersion): Promise<void>;
  /** Every version of every protocol, oldest first. */
  listVersions(): Promise<ProtocolVersion[]>;
}
