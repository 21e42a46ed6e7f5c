/** The ports of the inventory context: what its services need from storage (adapters/db implements them). */
import type {
  CustodyRecord,
  Device,
  DeviceRole,
  DeviceStatus,
  Inspection,
  Person,
  Rotation,
  StatusChange,
} from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';

export interface PeopleRepository {
  /** Throws VigilError PERSON_EXISTS when the id is taken. */
  insert(person: Person): Promise<void>;
  get(id: string): Promise<Person | null>;
  list(): Promise<Person[]>;
  /** Sets the current protocol on the person row; the history lives in `assignments`. */
  setProtocol(id: string, protocol: string | null): Promise<void>;
}

export interface DeviceFilter {
  readonly holderId?: string;
  readonly role?: DeviceRole;
  readonly status?: DeviceStatus;
  readonly limit?: number;
  readonly offset?: number;
}

/** A device with its current status and custody, as the inventory lists it. */
export interface DeviceView extends Device {
  readonly status: DeviceStatus | null;
  readonly holderId: string | null;
  readonly location: string | null;
}

export interface DeviceRepository {
  /** Throws VigilError DEVICE_EXISTS when the id or the serial is taken. */
  insert(device: Device): Promise<void>;
  get(id: string): Promise<DeviceView | null>;
  /** Current view: status and custody are the latest recorded. Ordered by id. */
  list(filter?: DeviceFilter): Promise<DeviceView[]>;
  appendStatus(change: StatusChange): Promise<void>;
  appendCustody(record: CustodyRecord): Promise<void>;
  statuses(deviceId: string): Promise<StatusChange[]>;
  custody(deviceId: string): Promise<CustodyRecord[]>;
  /** When the person first held any device (the earliest custody record naming them), if ever. */
  firstHeldBy(personId: string): Promise<Instant | null>;
}

export interface InspectionRepository {
  insert(inspection: Inspection): Promise<void>;
  /** Newest first. */
  listFor(deviceId: string): Promise<Inspection[]>;
}

export interface RotationRepository {
  insert(rotation: Rotation): Promise<void>;
  listFor(deviceId: string): Promise<Rotation[]>;
}
