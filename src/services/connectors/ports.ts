/** The ports of the connectors context: what its services need from storage (adapters/db implements them). */
import type { Instant } from '../../core/time.ts';
import type { MatchedDevice } from '../intel/ports.ts';

export interface ConnectorRepository {
  /** Devices by serial number and by IMEI (keys `serial:<s>`, `imei:<i>`). */
  devicesByIdentifiers(
    serials: readonly string[],
    imeis: readonly string[],
  ): Promise<Map<string, MatchedDevice>>;
  /** A source's own device ids -> Vigil devices, as linked before. */
  linked(source: string, externalIds: readonly string[]): Promise<Map<string, MatchedDevice>>;
  /** Links (or re-links) a source's device ids to Vigil devices. */
  link(
    source: string,
    links: readonly { externalId: string; deviceId: string }[],
    at: Instant,
  ): Promise<void>;
  /** The source's own ids linked to these Vigil devices (an Apple UDID is an enrollment id). */
  externalIds(source: string, deviceIds: readonly string[]): Promise<string[]>;
  /** Which of these posture report ids are already stored (re-delivery detection). */
  existingReports(ids: readonly string[]): Promise<Set<string>>;
}
