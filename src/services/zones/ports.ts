/** The ports of the zones context: what its services need from storage (adapters/db implements them). */
import type { Acknowledgement, Detection } from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';

/** A detection as stored: what the sensor said, and when Vigil received it. */
export interface StoredDetection extends Detection {
  readonly receivedAt: Instant;
}

export interface DetectionFilter {
  readonly facility?: string;
  readonly personId?: string;
  /** Detections with `at` at or after this instant. */
  readonly since?: Instant;
  readonly limit?: number;
}

export interface ZoneRepository {
  insertDetections(detections: readonly StoredDetection[]): Promise<void>;
  /** Newest first. */
  listDetections(filter?: DetectionFilter): Promise<StoredDetection[]>;
  /** The device an identifier (`imei:…`, `serial:…`) names in the inventory, if any. */
  deviceByIdentifier(identifier: string): Promise<string | null>;
  /**
   * Stores an acknowledgement effective at `ack.at`, recorded at `ack.recordedAt`.
   * Returns false when the person already acknowledged this policy version (nothing changes).
   */
  acknowledge(ack: Acknowledgement, recordedBy: string): Promise<boolean>;
  /** Oldest first. */
  listAcknowledgements(filter?: { personId?: string; facility?: string }): Promise<Acknowledgement[]>;
}
