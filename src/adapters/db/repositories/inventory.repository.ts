/** People and devices, with each device's append-only status and custody history. */
import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { VigilError } from '../../../core/errors.ts';
import type { CustodyRecord, Device, Person, StatusChange } from '../../../core/model.ts';
import type {
  DeviceFilter,
  DeviceRepository,
  DeviceView,
  PeopleRepository,
} from '../../../services/inventory/ports.ts';
import { custody, deviceStatuses, devices, people } from '../schema.ts';
import { guard, type Tx } from './support.ts';

const personColumns = {
  id: people.id,
  name: people.name,
  kind: people.kind,
  protocol: people.protocol,
  principalId: people.principalId,
  email: people.email,
  since: people.since,
  createdAt: people.createdAt,
};

/** The columns of a StatusChange, for every query that reads status history. */
export const statusColumns = {
  deviceId: deviceStatuses.deviceId,
  status: deviceStatuses.status,
  at: deviceStatuses.at,
  reason: deviceStatuses.reason,
  recordedAt: deviceStatuses.recordedAt,
};

/** The columns of a CustodyRecord, for every query that reads custody history. */
export const custodyColumns = {
  deviceId: custody.deviceId,
  holderId: custody.holderId,
  location: custody.location,
  at: custody.at,
  recordedBy: custody.recordedBy,
  recordedAt: custody.recordedAt,
};

export function peopleRepository(db: Tx): PeopleRepository {
  return {
    async insert(person: Person): Promise<void> {
      await guard(db.insert(people).values({ ...person }), {
        unique: {
          code: 'PERSON_EXISTS',
          message: `A person with id ${person.id} already exists.`,
          path: 'id',
        },
        foreignKeys: {
          inventory_people_principal_id_inventory_people_id_fk: {
            code: 'PERSON_INVALID',
            message: `The principal ${person.principalId} does not exist.`,
            path: 'principalId',
          },
        },
        check: { code: 'PERSON_INVALID', message: 'The person record has a value outside its allowed set.' },
      });
    },

    async get(id: string): Promise<Person | null> {
      const rows = await db.select(personColumns).from(people).where(eq(people.id, id));
      return rows[0] ?? null;
    },

    async list(): Promise<Person[]> {
      return db.select(personColumns).from(people).orderBy(asc(people.id));
    },

    async setProtocol(id: string, protocol: string | null): Promise<void> {
      const updated = await db
        .update(people)
        .set({ protocol })
        .where(eq(people.id, id))
        .returning({ id: people.id });
      if (updated.length === 0) throw new VigilError('PERSON_NOT_FOUND', `No person has id ${id}.`);
    },
  };
}

const deviceColumns = getTableColumns(devices);

export function toDevice(row: typeof devices.$inferSelect): Device {
  return {
    id: row.id,
    serial: row.serial,
    imei: row.imei,
    platform: row.platform,
    model: row.model,
    ownership: row.ownership,
    role: row.role,
    issuedAt: row.issuedAt,
    createdAt: row.createdAt,
  };
}

const unknownDevice = (deviceId: string) =>
  ({ code: 'DEVICE_INVALID', message: `No device has id ${deviceId}.`, path: 'deviceId' }) as const;

export function deviceRepository(db: Tx): DeviceRepository {
  /**
   * One query for the current view: each device joined laterally to its latest status and
   * latest custody record (latest by `at`, ties broken by insertion order), both served by the
   * (device_id, at, seq) indexes.
   */
  function views(filter: DeviceFilter & { readonly id?: string }) {
    const latestStatus = db
      .select({ status: deviceStatuses.status })
      .from(deviceStatuses)
      .where(eq(deviceStatuses.deviceId, devices.id))
      .orderBy(desc(deviceStatuses.at), desc(deviceStatuses.seq))
      .limit(1)
      .as('latest_status');
    const latestCustody = db
      .select({ holderId: custody.holderId, location: custody.location })
      .from(custody)
      .where(eq(custody.deviceId, devices.id))
      .orderBy(desc(custody.at), desc(custody.seq))
      .limit(1)
      .as('latest_custody');
    let query = db
      .select({
        ...deviceColumns,
        status: latestStatus.status,
        holderId: latestCustody.holderId,
        location: latestCustody.location,
      })
      .from(devices)
      .leftJoinLateral(latestStatus, sql`true`)
      .leftJoinLateral(latestCustody, sql`true`)
      .where(
        and(
          filter.id === undefined ? undefined : eq(devices.id, filter.id),
          filter.role === undefined ? undefined : eq(devices.role, filter.role),
          filter.status === undefined ? undefined : eq(latestStatus.status, filter.status),
          filter.holderId === undefined ? undefined : eq(latestCustody.holderId, filter.holderId),
        ),
      )
      .orderBy(asc(devices.id))
      .$dynamic();
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    if (filter.offset !== undefined) query = query.offset(filter.offset);
    return query;
  }

  function toView(row: Awaited<ReturnType<typeof views>>[number]): DeviceView {
    return { ...toDevice(row), status: row.status, holderId: row.holderId, location: row.location };
  }

  return {
    async insert(device: Device): Promise<void> {
      await guard(db.insert(devices).values({ ...device }), {
        unique: {
          code: 'DEVICE_EXISTS',
          message: `A device with id ${device.id} or serial ${device.serial} already exists.`,
          path: 'serial',
        },
        check: { code: 'DEVICE_INVALID', message: 'The device record has a value outside its allowed set.' },
      });
    },

    async get(id: string): Promise<DeviceView | null> {
      const rows = await views({ id });
      const row = rows[0];
      return row === undefined ? null : toView(row);
    },

    async list(filter: DeviceFilter = {}): Promise<DeviceView[]> {
      const rows = await views(filter);
      return rows.map(toView);
    },

    async appendStatus(change: StatusChange): Promise<void> {
      await guard(db.insert(deviceStatuses).values({ ...change }), {
        foreignKeys: {
          inventory_device_statuses_device_id_inventory_devices_id_fk: unknownDevice(change.deviceId),
        },
        check: { code: 'DEVICE_INVALID', message: `Unknown device status ${change.status}.` },
      });
    },

    async appendCustody(record: CustodyRecord): Promise<void> {
      await guard(db.insert(custody).values({ ...record }), {
        foreignKeys: {
          inventory_custody_device_id_inventory_devices_id_fk: unknownDevice(record.deviceId),
          inventory_custody_holder_id_inventory_people_id_fk: {
            code: 'DEVICE_INVALID',
            message: `The holder ${record.holderId} is not a known person.`,
            path: 'holderId',
          },
        },
      });
    },

    async statuses(deviceId: string): Promise<StatusChange[]> {
      return db
        .select(statusColumns)
        .from(deviceStatuses)
        .where(eq(deviceStatuses.deviceId, deviceId))
        .orderBy(asc(deviceStatuses.at), asc(deviceStatuses.seq));
    },

    async custody(deviceId: string): Promise<CustodyRecord[]> {
      return db
        .select(custodyColumns)
        .from(custody)
        .where(eq(custody.deviceId, deviceId))
        .orderBy(asc(custody.at), asc(custody.seq));
    },

    async firstHeldBy(personId: string): Promise<number | null> {
      const rows = await db
        .select({ at: custody.at })
        .from(custody)
        .where(eq(custody.holderId, personId))
        .orderBy(asc(custody.at))
        .limit(1);
      return rows[0]?.at ?? null;
    },
  };
}
