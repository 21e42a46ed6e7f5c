/**
 * The incident and zone repositories on the database the environment selects (PGlite, or
 * PostgreSQL with DATABASE_URL): round trips, filters, the duplicate-id error, identifier
 * resolution and idempotent acknowledgements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.ts';
import {
  applyIncidentCommand,
  DEFAULT_PLAYBOOK,
  type Incident,
  openIncident,
} from '../../../core/lifecycle/incident.ts';
import type { DetectionFilter } from '../../../services/zones/ports.ts';
import type { Database } from '../client.ts';
import { device } from '../repositories.contract.ts';

const T = Date.UTC(2026, 0, 10, 9, 0, 0, 123);
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.uow.run(async (tx) => {
    await tx.devices.insert(device('d1', { imei: '356789104512347', serial: 'SER-ONE' }));
    await tx.devices.insert(device('d2'));
  });
});
afterAll(() => db?.close());

function incident(id: string, deviceId: string): Incident {
  return openIncident(
    {
      id,
      compromise: 'suspected',
      severity: 'high',
      summary: `about ${deviceId}`,
      devices: [{ deviceId, priorStatus: 'active' }],
      personIds: ['p1'],
      inspectionId: null,
      playbook: DEFAULT_PLAYBOOK,
    },
    T,
    'actor',
  ).state;
}

describe('incident repository', () => {
  it('stores and reads back an incident with its steps and timeline; a taken id is INCIDENT_INVALID', async () => {
    const inc = incident('i1', 'd1');
    await db.uow.run((tx) => tx.incidents.insert(inc));
    expect(await db.uow.run((tx) => tx.incidents.get('i1'))).toEqual(inc);
    expect(await db.uow.run((tx) => tx.incidents.get('nope'))).toBeNull();
    await expect(db.uow.run((tx) => tx.incidents.insert(inc))).rejects.toMatchObject({
      code: 'INCIDENT_INVALID',
    });
  });

  it('update writes the state and steps and appends only the new timeline entries', async () => {
    const before = (await db.uow.run((tx) => tx.incidents.get('i1', { forUpdate: true }))) as Incident;
    const t = applyIncidentCommand(
      before,
      { kind: 'step', stepId: 'quarantine', status: 'done' },
      T + 1000,
      'tech',
    );
    await db.uow.run((tx) => tx.incidents.update(t.state, before));
    expect(await db.uow.run((tx) => tx.incidents.get('i1'))).toEqual(t.state);
  });

  it('update refuses an incident whose status moved on since it was read, and logs nothing', async () => {
    const stale = (await db.uow.run((tx) => tx.incidents.get('i1'))) as Incident;
    const read = { ...stale, status: 'open' as const };
    const t = applyIncidentCommand(
      read,
      { kind: 'step', stepId: 'notify-officer', status: 'done' },
      T + 2000,
      'x',
    );
    await expect(db.uow.run((tx) => tx.incidents.update(t.state, read))).rejects.toMatchObject({
      code: 'INCIDENT_STEP_INVALID',
    });
    expect(await db.uow.run((tx) => tx.incidents.get('i1'))).toEqual(stale);
  });

  it('lists newest first, by status and device; openFor finds open incidents holding a device', async () => {
    const i2 = { ...incident('i2', 'd2'), openedAt: T + 5000 };
    await db.uow.run((tx) => tx.incidents.insert(i2));
    expect((await db.uow.run((tx) => tx.incidents.list())).map((i) => i.id)).toEqual(['i2', 'i1']);
    expect((await db.uow.run((tx) => tx.incidents.list({ deviceId: 'd2' }))).map((i) => i.id)).toEqual([
      'i2',
    ]);
    expect((await db.uow.run((tx) => tx.incidents.list({ status: 'containing' }))).map((i) => i.id)).toEqual([
      'i1',
    ]);
    expect(await db.uow.run((tx) => tx.incidents.openFor('d1'))).toEqual(['i1']);
    expect(await db.uow.run((tx) => tx.incidents.openFor('d9'))).toEqual([]);
  });
});

describe('zone repository', () => {
  it('resolves imei and serial identifiers; MAC hashes and unknown ones resolve to nothing', async () => {
    await db.uow.run(async (tx) => {
      expect(await tx.zones.deviceByIdentifier('imei:356789104512347')).toBe('d1');
      expect(await tx.zones.deviceByIdentifier('serial:SER-ONE')).toBe('d1');
      expect(await tx.zones.deviceByIdentifier('serial:SER-NONE')).toBeNull();
      expect(await tx.zones.deviceByIdentifier(`mac-sha256:${'a'.repeat(64)}`)).toBeNull();
    });
  });

  it('stores detections and lists them newest first with filters', async () => {
    const det = (id: string, at: number, facility = 'hq') => ({
      id,
      facility,
      at,
      identifier: 'imei:356789104512347',
      deviceId: 'd1',
      personId: null,
      source: 'gate',
      receivedAt: at + 1,
      recordedAt: at + 1,
    });
    await db.uow.run((tx) =>
      tx.zones.insertDetections([det('x1', T), det('x2', T + 10), det('x3', T + 20, 'annex')]),
    );
    const ids = async (f: DetectionFilter) =>
      (await db.uow.run((tx) => tx.zones.listDetections(f))).map((d) => d.id);
    expect(await ids({})).toEqual(['x3', 'x2', 'x1']);
    expect(await ids({ facility: 'hq' })).toEqual(['x2', 'x1']);
    expect(await ids({ since: T + 10 })).toEqual(['x3', 'x2']);
    expect(await ids({ limit: 1 })).toEqual(['x3']);
    expect((await db.uow.run((tx) => tx.zones.listDetections({ limit: 1 })))[0]).toEqual(
      det('x3', T + 20, 'annex'),
    );
  });

  it('an acknowledgement is stored once per person, facility and version', async () => {
    const ack = { personId: 'p1', facility: 'hq', policyVersion: 'p@1', at: T, recordedAt: T };
    expect(await db.uow.run((tx) => tx.zones.acknowledge(ack, 'cli'))).toBe(true);
    expect(
      await db.uow.run((tx) => tx.zones.acknowledge({ ...ack, at: T + 1, recordedAt: T + 1 }, 'cli')),
    ).toBe(false);
    expect(
      await db.uow.run((tx) =>
        tx.zones.acknowledge({ ...ack, policyVersion: 'p@2', at: T + 2, recordedAt: T + 2 }, 'cli'),
      ),
    ).toBe(true);
    expect(await db.uow.run((tx) => tx.zones.listAcknowledgements({ personId: 'p1' }))).toEqual([
      ack,
      { ...ack, policyVersion: 'p@2', at: T + 2, recordedAt: T + 2 },
    ]);
    expect(await db.uow.run((tx) => tx.zones.listAcknowledgements({ facility: 'other' }))).toEqual([]);
  });
});
