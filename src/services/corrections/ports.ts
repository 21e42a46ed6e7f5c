/** The ports of the corrections context: what its services need from storage (adapters/db implements them). */
import type { CorrectableKind, Correction } from '../../core/model.ts';

/** A recorded fact as a correction names it. */
export interface RecordedFact {
  /** The fact as the evaluator reads it (a StatusChange, an Inspection, ...). */
  readonly fact: Readonly<Record<string, unknown>>;
  /** The device it concerns, null for a refusal naming none. */
  readonly deviceId: string | null;
}

export interface CorrectionFilter {
  readonly kind?: CorrectableKind;
  readonly factId?: string;
  readonly deviceId?: string;
}

/** Corrections are append-only. */
export interface CorrectionRepository {
  insert(correction: Correction): Promise<void>;
  /** Oldest first (recorded instant, then id). */
  list(filter?: CorrectionFilter): Promise<Correction[]>;
  /** The fact as first recorded, or null when none has this id (a status's or custody record's: its seq). */
  findFact(kind: CorrectableKind, factId: string): Promise<RecordedFact | null>;
}
