/** The self-service context's repository. */
import type { SelfAttestation } from '../../core/lifecycle/self-service.ts';

/** Holders' self-attestations: append-only. */
export interface SelfAttestationRepository {
  insert(a: SelfAttestation, recordedBy: string): Promise<void>;
  /** The person's attestations, oldest first. */
  listFor(personId: string): Promise<SelfAttestation[]>;
}
