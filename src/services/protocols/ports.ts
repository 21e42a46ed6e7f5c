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
  /**
   * 'two-person': stored as proposed, in force only once another person approves it
   * (docs/adr/0032-protocol-changes-two-person.md). Absent: 'none'.
   */
  readonly approval?: 'none' | 'two-person';
  /** The decision on a proposed version; absent or null while it awaits one. */
  readonly decision?: ProtocolDecision | null;
}

/** Approval or rejection of a proposed version: recorded once, never changed. */
export interface ProtocolDecision {
  readonly name: string;
  readonly version: string;
  readonly approved: boolean;
  readonly decidedBy: string;
  /** The person behind the deciding credential (always set on an approval). */
  readonly personId: string | null;
  readonly reason: string | null;
  /** An approval's: the version governs from the later of this and its own `effectiveAt`. */
  readonly effectiveAt: Instant;
  readonly recordedAt: Instant;
}

export interface ProtocolRepository {
  append(version: ProtocolVersion): Promise<void>;
  /** Every version of every protocol, oldest first, each with its decision (if any). */
  listVersions(): Promise<ProtocolVersion[]>;
  /** Records the one decision on a proposed version: PROTOCOL_VERSION_NOT_PROPOSED if one is stored. */
  decide(decision: ProtocolDecision): Promise<void>;
}
