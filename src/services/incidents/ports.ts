/** The ports of the incidents context: what its services need from storage (adapters/db implements them). */
import type { Incident, IncidentStatus } from '../../core/lifecycle/incident.ts';

export interface IncidentFilter {
  readonly status?: IncidentStatus;
  readonly deviceId?: string;
}

export interface IncidentRepository {
  /** Stores a new incident with its steps and timeline. Throws INCIDENT_INVALID when the id is taken. */
  insert(incident: Incident): Promise<void>;
  /** The incident with steps and timeline; `forUpdate` locks its row for the rest of the transaction. */
  get(id: string, opts?: { forUpdate?: boolean }): Promise<Incident | null>;
  /** Newest first, with steps and timeline. */
  list(filter?: IncidentFilter): Promise<Incident[]>;
  /**
   * Writes the incident's current state and steps, provided it still has `before`'s status (else
   * INCIDENT_STEP_INVALID), and appends the timeline entries `before` did not have.
   */
  update(incident: Incident, before: Incident): Promise<void>;
  /** Ids of incidents not closed that hold the device. */
  openFor(deviceId: string): Promise<string[]>;
}
