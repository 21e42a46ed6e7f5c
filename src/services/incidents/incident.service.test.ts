/**
 * Incidents and zones in the services, on a real database: each command writes its state,
 * its audit events and its notices together (or nothing); the fleet reader gives the compliance
 * engine incidents, detections and acknowledgements as they stood at any instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { VigilError } from '../../core/errors.ts';
import { DAY } from '../../core/time.ts';
import { evaluateData } from '../compliance/compliance.service.ts';
import { createServices, type Services } from '../index.ts';

const T0 = Date.UTC(2026, 10, 1, 9);
let now = T0;
let db: Database;
let services: Services;

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: svc-zones, title: Svc zones, version: "1" }
facilities:
  hq: { title: Headquarters, personalDevices: banned, acknowledgement: required }
`;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => now };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  await services.protocols.put(
    { text: PROTOCOL, effectiveAt: new Date(T0 - 100 * DAY).toISOString() },
    'test',
  );
  await services.inventory.createPerson(
    { id: 'pm', name: 'PM', kind: 'principal', protocol: 'svc-zones' },
    'test',
  );
  await services.inventory.createPerson(
    { id: 'st', name: 'Staff', kind: 'staff', principalId: 'pm' },
    'test',
  );
  const dev = (id: string, ownership: 'issued' | 'personal', holderId: string, imei: string) =>
    services.inventory.registerDevice(
      {
        id,
        serial: `SN-${id}`,
        imei,
        platform: 'android',
        model: 'Pixel',
        ownership,
        role: 'general',
        holderId,
      },
      'test',
    );
  await dev('pm-phone', 'issued', 'pm', '356789104512347');
  await dev('st-personal', 'personal', 'st', '490154203237518');
});

afterAll(async () => {
  await db.close();
});

const notices = () => db.uow.run((tx) => tx.outbox.list({ limit: 100 }));
const events = (type: string) => db.uow.run((tx) => tx.audit.list({ limit: 1000, type }));

describe('IncidentService', () => {
  it('opening writes the incident, the quarantine, the audit events and one notice per step, once', async () => {
    now = T0;
    const inc = await services.incidents.open(
      { id: 'inc-1', deviceIds: ['pm-phone'], compromise: 'confirmed', summary: 'Spyware' },
      'token:officer',
    );
    expect(inc.severity).toBe('critical');
    expect((await services.inventory.getDevice('pm-phone')).device.status).toBe('quarantined');
    expect(await events('incident.opened')).toHaveLength(1);
    expect((await events('device.status-changed')).some((e) => e.payload.status === 'quarantined')).toBe(
      true,
    );
    const keys = (await notices()).map((n) => n.key).sort();
    expect(keys).toEqual(
      [
        'incident-opened:inc-1',
        ...['quarantine', 'replacement', 'revoke-accounts', 'forensic-copy', 'notify-officer'].map(
          (s) => `incident-step:inc-1:${s}`,
        ),
      ].sort(),
    );
    const step = (await notices()).find((n) => n.key === 'incident-step:inc-1:notify-officer');
    expect(step?.audience).toEqual({ role: 'officer' });
  });

  it('a refused command leaves nothing behind', async () => {
    const before = (await events('incident.step-updated')).length;
    await expect(
      services.incidents.updateStep('inc-1', 'quarantine', { status: 'skipped' }, 'x'),
    ).rejects.toBeInstanceOf(VigilError);
    await expect(services.incidents.close('inc-1', { resolution: 'cleared' }, 'x')).rejects.toThrow(
      /finish or skip/,
    );
    await expect(services.incidents.get('inc-404')).rejects.toThrow(/no incident/);
    await expect(
      services.incidents.open(
        { deviceIds: ['st-personal'], compromise: 'suspected', summary: 's', inspectionId: 'ins-none' },
        'x',
      ),
    ).rejects.toMatchObject({ code: 'INCIDENT_INVALID' });
    expect((await services.inventory.getDevice('st-personal')).device.status).toBe('active');
    expect((await events('incident.step-updated')).length).toBe(before);
    expect((await services.incidents.get('inc-1')).timeline).toHaveLength(1);
  });

  it('concurrent step updates on one incident are serialised: none is lost', async () => {
    now = T0 + DAY;
    const ids = ['quarantine', 'replacement', 'revoke-accounts', 'forensic-copy', 'notify-officer'];
    await Promise.all(ids.map((s) => services.incidents.updateStep('inc-1', s, { status: 'done' }, 'tech')));
    const inc = await services.incidents.get('inc-1');
    expect(inc.steps.every((s) => s.status === 'done')).toBe(true);
    expect(inc.status).toBe('contained');
    expect(inc.timeline.filter((e) => e.kind === 'step')).toHaveLength(5);
    expect((await notices()).some((n) => n.key === 'incident-contained:inc-1')).toBe(true);
  });

  it('the fleet reader shows the incident as it stood: open before the close, closed after', async () => {
    now = T0 + 2 * DAY;
    await services.incidents.close('inc-1', { resolution: 'wiped' }, 'officer');
    expect((await services.inventory.getDevice('pm-phone')).device.status).toBe('wiped');
    const during = await db.uow.run((tx) => tx.fleet.load(T0 + DAY));
    expect(during.incidents).toEqual([
      {
        id: 'inc-1',
        deviceIds: ['pm-phone'],
        personIds: ['pm'],
        openedAt: T0,
        closedAt: null,
        inspectionId: null,
        recordedAt: T0,
        closeRecordedAt: null,
      },
    ]);
    const after = await db.uow.run((tx) => tx.fleet.load(T0 + 3 * DAY));
    expect(after.incidents?.[0]?.closedAt).toBe(T0 + 2 * DAY);
    expect((await db.uow.run((tx) => tx.fleet.load(T0 - 1))).incidents).toEqual([]);
    expect(await services.incidents.list({ deviceId: 'pm-phone' })).toHaveLength(1);
    expect(await services.incidents.list({ status: 'open' })).toHaveLength(0);
  });
});

describe('ZoneService', () => {
  it('a personal phone in a banning facility is a violation: audit event and one officer notice', async () => {
    now = T0 + 3 * DAY;
    const d = await services.zones.recordDetection(
      { facility: 'hq', identifier: 'imei:490154203237518', source: 'gate' },
      'token:ingest',
    );
    expect(d).toMatchObject({ deviceId: 'st-personal', personId: 'st', violation: true, receivedAt: now });
    const n = (await notices()).find((x) => x.key === `zone-violation:${d.id}`);
    expect(n?.kind).toBe('zone.violation');
    const e = (await events('detection.recorded')).at(-1);
    expect(e?.payload).toMatchObject({ violation: true, deviceId: 'st-personal' });
  });

  it('acknowledgements: idempotent, versioned, and exact as of any instant', async () => {
    now = T0 + 4 * DAY;
    const staff = { actor: 'token:s', role: 'staff' as const, personId: 'st' };
    const first = await services.zones.acknowledge({ facility: 'hq' }, staff);
    expect(first).toMatchObject({
      created: true,
      acknowledgement: { policyVersion: 'svc-zones@1', at: now },
    });
    now = T0 + 5 * DAY;
    const again = await services.zones.acknowledge({ facility: 'hq' }, staff);
    expect(again).toMatchObject({ created: false, acknowledgement: { at: T0 + 4 * DAY } });
    expect(await events('acknowledgement.recorded')).toHaveLength(1);
    await expect(services.zones.acknowledge({ facility: 'hq', personId: 'pm' }, staff)).rejects.toThrow(
      /themselves/,
    );

    // As of before the acknowledgement, the staff member still owes it; after, no longer.
    const unacked = async (at: number) => {
      const data = await db.uow.run((tx) => tx.fleet.load(at));
      return evaluateData(data, at)
        .findings.filter((f) => f.rule === 'policy.unacknowledged')
        .map((f) => f.personId)
        .sort();
    };
    expect(await unacked(T0 + 4 * DAY - 1)).toEqual(['pm', 'st']);
    expect(await unacked(T0 + 4 * DAY)).toEqual(['pm']);
  });
});
