/**
 * The repository contract: what every implementation of the ports in src/services/<context>/ports.ts
 * promises, run against each driver (PGlite, PostgreSQL) and any fake the services use.
 *
 * Each `describe` group gets its own database (opening one costs ~0.5 s on PGlite), so tests
 * inside a group use distinct ids and never rely on another test's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../../core/errors.ts';
import type { Incident } from '../../core/lifecycle/incident.ts';
import type { WaiverRecord, WaiverTransition } from '../../core/lifecycle/waiver.ts';
import type {
  CustodyRecord,
  Device,
  Inspection,
  OsRelease,
  Person,
  PostureReport,
  Rotation,
  StatusChange,
} from '../../core/model.ts';
import { examplePosture, noPosture, POSTURE_FIELD_NAMES } from '../../core/posture/fields.ts';
import type { TokenRecord } from '../../services/access/ports.ts';
import type { AuditEventInput } from '../../services/audit/ports.ts';
import type { Repositories } from '../../services/kernel/ports.ts';
import type { NoticeInput } from '../../services/notices/ports.ts';
import type { ProtocolAssignment, ProtocolVersion } from '../../services/protocols/ports.ts';
import type { Database } from './client.ts';

const T = Date.UTC(2026, 0, 10, 9, 0, 0, 123);
const DAY = 86_400_000;
/** How long after it took effect each fact is recorded: the round trips keep the two apart. */
const LAG = 5000;

export function person(id: string, over: Partial<Person> = {}): Person {
  return {
    id,
    name: `Person ${id}`,
    kind: 'principal',
    protocol: null,
    principalId: null,
    email: null,
    since: over.since ?? over.createdAt ?? T,
    createdAt: T,
    ...over,
  };
}

export function device(id: string, over: Partial<Device> = {}): Device {
  return {
    id,
    serial: `SER-${id}`,
    imei: null,
    platform: 'ios',
    model: 'iPhone 16',
    ownership: 'issued',
    role: 'calls',
    issuedAt: null,
    createdAt: T,
    ...over,
  };
}

function status(
  deviceId: string,
  s: StatusChange['status'],
  at: number,
  reason: string | null = null,
): StatusChange {
  return { deviceId, status: s, at, reason, recordedAt: at + LAG };
}

function hold(
  deviceId: string,
  holderId: string | null,
  at: number,
  location: string | null = null,
): CustodyRecord {
  return { deviceId, holderId, location, at, recordedBy: 'cli', recordedAt: at + LAG };
}

function posture(
  id: string,
  deviceId: string,
  observedAt: number,
  over: Partial<PostureReport> = {},
): PostureReport {
  return {
    id,
    deviceId,
    observedAt,
    receivedAt: observedAt + 1000,
    source: 'mdm',
    ...noPosture(),
    ...over,
  };
}

function inspection(id: string, deviceId: string, at: number, over: Partial<Inspection> = {}): Inspection {
  return {
    id,
    deviceId,
    at,
    method: 'forensic-scan',
    result: 'clean',
    performedBy: 'tech',
    notes: null,
    evidence: [],
    recordedAt: at + LAG,
    ...over,
  };
}

function rotation(id: string, oldDeviceId: string, newDeviceId: string | null, at: number): Rotation {
  return { id, oldDeviceId, newDeviceId, at, performedBy: 'tech', recordedAt: at + LAG };
}

function protocolVersion(
  name: string,
  version: string,
  effectiveAt: number,
  text = 'x: 1\n',
): ProtocolVersion {
  return {
    name,
    version,
    text,
    sha256: `sha-${name}-${version}`,
    effectiveAt,
    recordedAt: effectiveAt,
    recordedBy: 'cli',
  };
}

function token(id: string, over: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id,
    name: `token ${id}`,
    role: 'admin',
    personId: null,
    userId: null,
    secretHash: `hash-${id}`,
    createdAt: T,
    createdBy: 'cli',
    revokedAt: null,
    ...over,
  };
}

/** Resolves to the VigilError code a promise rejects with (fails if it resolves or throws another error). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof VigilError) return err.code;
    throw err;
  }
  throw new Error('expected a VigilError, but the call succeeded');
}

export function describeRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`repository contract: ${name}`, () => {
    /** Registers a fresh database for the enclosing describe group. */
    function database(): { readonly db: Database; run<T>(fn: (r: Repositories) => Promise<T>): Promise<T> } {
      let db: Database | undefined;
      beforeAll(async () => {
        db = await open();
      });
      afterAll(async () => {
        await db?.close();
      });
      return {
        get db() {
          if (db === undefined) throw new Error('database not open yet');
          return db;
        },
        run<T>(fn: (r: Repositories) => Promise<T>) {
          if (db === undefined) throw new Error('database not open yet');
          return db.uow.run(fn);
        },
      };
    }

    describe('database', () => {
      const h = database();

      it('pings, and reports empty until a person or a device exists', async () => {
        await h.db.ping();
        expect(['pglite', 'postgres']).toContain(h.db.kind);
        expect(await h.db.isEmpty()).toBe(true);
        await h.run((r) => r.devices.insert(device('d1')));
        expect(await h.db.isEmpty()).toBe(false);
      });

      it('migrate() is idempotent and keeps the data', async () => {
        await h.db.migrate();
        await h.db.migrate();
        expect(await h.run((r) => r.devices.get('d1'))).not.toBeNull();
      });

      it('returns what the unit of work returns', async () => {
        expect(await h.run(async () => 42)).toBe(42);
      });

      it('rolls back every write when the unit of work throws', async () => {
        const boom = new Error('boom');
        await expect(
          h.run(async (r) => {
            await r.people.insert(person('rb'));
            await r.devices.insert(device('rb-dev'));
            await r.devices.appendStatus(status('rb-dev', 'active', T));
            await r.audit.append({
              type: 'person.created',
              at: T,
              actor: 'cli',
              subject: 'person:rb',
              payload: {},
            });
            throw boom;
          }),
        ).rejects.toBe(boom);
        await h.run(async (r) => {
          expect(await r.people.get('rb')).toBeNull();
          expect(await r.devices.get('rb-dev')).toBeNull();
          expect(await r.devices.statuses('rb-dev')).toEqual([]);
          expect(await r.audit.list({ limit: 100 })).toEqual([]);
        });
      });

      it('rolls back earlier writes when a later one violates a constraint', async () => {
        await h.run((r) => r.people.insert(person('taken')));
        const code = await codeOf(
          h.run(async (r) => {
            await r.people.insert(person('fresh'));
            await r.people.insert(person('taken'));
          }),
        );
        expect(code).toBe('PERSON_EXISTS');
        expect(await h.run((r) => r.people.get('fresh'))).toBeNull();
      });
    });

    describe('people', () => {
      const h = database();

      it('round-trips every field, nulls included', async () => {
        const principal = person('p1', { name: 'Alex Marlowe', protocol: 'strict-30day', createdAt: T + 1 });
        const staff = person('s1', {
          kind: 'staff',
          principalId: 'p1',
          email: 'sam@example.org',
          name: 'Ünïcødé ✓',
        });
        await h.run(async (r) => {
          await r.people.insert(principal);
          await r.people.insert(staff);
        });
        await h.run(async (r) => {
          expect(await r.people.get('p1')).toEqual(principal);
          expect(await r.people.get('s1')).toEqual(staff);
          expect(await r.people.get('nobody')).toBeNull();
        });
      });

      it('lists people ordered by id', async () => {
        await h.run(async (r) => {
          await r.people.insert(person('p3'));
          await r.people.insert(person('p2'));
        });
        const ids = (await h.run((r) => r.people.list())).map((p) => p.id);
        expect(ids).toEqual([...ids].sort());
        expect(ids).toEqual(expect.arrayContaining(['p1', 'p2', 'p3', 's1']));
      });

      it('refuses a taken id with PERSON_EXISTS', async () => {
        expect(await codeOf(h.run((r) => r.people.insert(person('p1', { name: 'Other' }))))).toBe(
          'PERSON_EXISTS',
        );
        expect((await h.run((r) => r.people.get('p1')))?.name).toBe('Alex Marlowe');
      });

      it('refuses an unknown principal with PERSON_INVALID', async () => {
        const code = await codeOf(
          h.run((r) => r.people.insert(person('s2', { kind: 'staff', principalId: 'ghost' }))),
        );
        expect(code).toBe('PERSON_INVALID');
      });

      it('sets and clears the current protocol; an unknown person is PERSON_NOT_FOUND', async () => {
        await h.run((r) => r.people.setProtocol('p2', 'relaxed-social'));
        expect((await h.run((r) => r.people.get('p2')))?.protocol).toBe('relaxed-social');
        await h.run((r) => r.people.setProtocol('p2', null));
        expect((await h.run((r) => r.people.get('p2')))?.protocol).toBeNull();
        expect(await codeOf(h.run((r) => r.people.setProtocol('ghost', 'x')))).toBe('PERSON_NOT_FOUND');
      });
    });

    describe('assignments', () => {
      const h = database();

      it('lists oldest first (ties in insertion order) and filters by `at` inclusively', async () => {
        const a: ProtocolAssignment[] = [
          { personId: 'p1', protocol: 'strict-30day', at: T + 1, assignedBy: 'cli', recordedAt: T + 1 + LAG },
          { personId: 'p1', protocol: 'relaxed-social', at: T, assignedBy: 'token:t1', recordedAt: T + LAG },
          { personId: 'p2', protocol: null, at: T, assignedBy: 'cli', recordedAt: T + LAG },
        ];
        await h.run(async (r) => {
          await r.people.insert(person('p1'));
          await r.people.insert(person('p2'));
          for (const x of a) await r.assignments.append(x);
        });
        expect(await h.run((r) => r.assignments.list())).toEqual([a[1], a[2], a[0]]);
        expect(await h.run((r) => r.assignments.list(T))).toEqual([a[1], a[2]]);
        expect(await h.run((r) => r.assignments.list(T - 1))).toEqual([]);
      });

      it('refuses an unknown person with PERSON_NOT_FOUND', async () => {
        const code = await codeOf(
          h.run((r) =>
            r.assignments.append({
              personId: 'ghost',
              protocol: 'x',
              at: T,
              assignedBy: 'cli',
              recordedAt: T,
            }),
          ),
        );
        expect(code).toBe('PERSON_NOT_FOUND');
      });
    });

    describe('devices', () => {
      const h = database();

      beforeAll(async () => {
        await h.run(async (r) => {
          await r.people.insert(person('alice'));
          await r.people.insert(person('bob'));
        });
      });

      it('round-trips every field; a new device has no status or custody', async () => {
        const full = device('dev-full', {
          imei: '356938035643809',
          platform: 'android',
          model: 'Pixel 9',
          ownership: 'personal',
          role: 'social',
          issuedAt: T - DAY,
          createdAt: T - 2 * DAY,
        });
        const bare = device('dev-bare');
        await h.run(async (r) => {
          await r.devices.insert(full);
          await r.devices.insert(bare);
        });
        await h.run(async (r) => {
          expect(await r.devices.get('dev-full')).toEqual({
            ...full,
            status: null,
            holderId: null,
            location: null,
          });
          expect(await r.devices.get('dev-bare')).toEqual({
            ...bare,
            status: null,
            holderId: null,
            location: null,
          });
          expect(await r.devices.get('nothing')).toBeNull();
          expect(await r.devices.statuses('dev-bare')).toEqual([]);
          expect(await r.devices.custody('dev-bare')).toEqual([]);
        });
      });

      it('refuses a taken id or serial with DEVICE_EXISTS', async () => {
        expect(await codeOf(h.run((r) => r.devices.insert(device('dev-bare', { serial: 'NEW' }))))).toBe(
          'DEVICE_EXISTS',
        );
        expect(
          await codeOf(h.run((r) => r.devices.insert(device('dev-new', { serial: 'SER-dev-bare' })))),
        ).toBe('DEVICE_EXISTS');
        expect(await h.run((r) => r.devices.get('dev-new'))).toBeNull();
      });

      it('keeps status and custody history ordered by `at`, ties in insertion order', async () => {
        const s = [
          status('hist', 'active', T + 2 * DAY, 'issued to alice'),
          status('hist', 'staged', T),
          status('hist', 'quarantined', T + 2 * DAY, 'suspicious scan'),
        ];
        const c = [
          hold('hist', 'bob', T + DAY),
          hold('hist', null, T, 'safe A'),
          hold('hist', 'alice', T + DAY, 'hq'),
        ];
        await h.run(async (r) => {
          await r.devices.insert(device('hist'));
          for (const x of s) await r.devices.appendStatus(x);
          for (const x of c) await r.devices.appendCustody(x);
        });
        await h.run(async (r) => {
          expect(await r.devices.statuses('hist')).toEqual([s[1], s[0], s[2]]);
          expect(await r.devices.custody('hist')).toEqual([c[1], c[0], c[2]]);
          expect(await r.devices.get('hist')).toMatchObject({
            status: 'quarantined',
            holderId: 'alice',
            location: 'hq',
          });
        });
      });

      it('takes the latest by `at`, not the last inserted', async () => {
        await h.run(async (r) => {
          await r.devices.insert(device('late'));
          await r.devices.appendStatus(status('late', 'retired', T + DAY));
          await r.devices.appendStatus(status('late', 'active', T));
          await r.devices.appendCustody(hold('late', null, T + DAY, 'storage'));
          await r.devices.appendCustody(hold('late', 'bob', T));
        });
        expect(await h.run((r) => r.devices.get('late'))).toMatchObject({
          status: 'retired',
          holderId: null,
          location: 'storage',
        });
      });

      it('refuses history for an unknown device, or an unknown holder, with DEVICE_INVALID', async () => {
        expect(await codeOf(h.run((r) => r.devices.appendStatus(status('ghost', 'active', T))))).toBe(
          'DEVICE_INVALID',
        );
        expect(await codeOf(h.run((r) => r.devices.appendCustody(hold('ghost', 'alice', T))))).toBe(
          'DEVICE_INVALID',
        );
        expect(await codeOf(h.run((r) => r.devices.appendCustody(hold('dev-bare', 'ghost', T))))).toBe(
          'DEVICE_INVALID',
        );
        expect(await h.run((r) => r.devices.custody('dev-bare'))).toEqual([]);
      });
    });

    describe('device list', () => {
      const h = database();

      beforeAll(async () => {
        await h.run(async (r) => {
          await r.people.insert(person('alice'));
          await r.people.insert(person('bob'));
          // Inserted out of id order on purpose.
          await r.devices.insert(device('d3', { role: 'social' }));
          await r.devices.insert(device('d1', { role: 'calls' }));
          await r.devices.insert(device('d2', { role: 'calls' }));
          await r.devices.insert(device('d4', { role: 'news' }));
          await r.devices.appendStatus(status('d1', 'active', T));
          await r.devices.appendStatus(status('d2', 'staged', T));
          await r.devices.appendStatus(status('d2', 'active', T + DAY));
          await r.devices.appendStatus(status('d3', 'active', T));
          await r.devices.appendStatus(status('d3', 'retired', T + DAY));
          await r.devices.appendCustody(hold('d1', 'alice', T));
          await r.devices.appendCustody(hold('d2', 'alice', T));
          await r.devices.appendCustody(hold('d2', 'bob', T + DAY));
          await r.devices.appendCustody(hold('d3', 'alice', T));
        });
      });

      const ids = (views: readonly { id: string }[]) => views.map((v) => v.id);

      it('lists every device ordered by id with its current status and custody', async () => {
        const all = await h.run((r) => r.devices.list());
        expect(ids(all)).toEqual(['d1', 'd2', 'd3', 'd4']);
        expect(all.map((v) => [v.status, v.holderId])).toEqual([
          ['active', 'alice'],
          ['active', 'bob'],
          ['retired', 'alice'],
          [null, null],
        ]);
        expect(await h.run((r) => r.devices.list({}))).toEqual(all);
      });

      it('filters by role, current status and current holder, combined', async () => {
        expect(ids(await h.run((r) => r.devices.list({ role: 'calls' })))).toEqual(['d1', 'd2']);
        expect(ids(await h.run((r) => r.devices.list({ status: 'active' })))).toEqual(['d1', 'd2']);
        expect(ids(await h.run((r) => r.devices.list({ status: 'staged' })))).toEqual([]);
        expect(ids(await h.run((r) => r.devices.list({ holderId: 'alice' })))).toEqual(['d1', 'd3']);
        expect(ids(await h.run((r) => r.devices.list({ holderId: 'bob' })))).toEqual(['d2']);
        expect(
          ids(await h.run((r) => r.devices.list({ holderId: 'alice', status: 'active', role: 'calls' }))),
        ).toEqual(['d1']);
        expect(ids(await h.run((r) => r.devices.list({ role: 'general' })))).toEqual([]);
      });

      it('pages with limit and offset', async () => {
        expect(ids(await h.run((r) => r.devices.list({ limit: 2 })))).toEqual(['d1', 'd2']);
        expect(ids(await h.run((r) => r.devices.list({ limit: 2, offset: 2 })))).toEqual(['d3', 'd4']);
        expect(ids(await h.run((r) => r.devices.list({ offset: 3 })))).toEqual(['d4']);
        expect(ids(await h.run((r) => r.devices.list({ limit: 1, offset: 1, holderId: 'alice' })))).toEqual([
          'd3',
        ]);
        expect(await h.run((r) => r.devices.list({ limit: 0 }))).toEqual([]);
      });
    });

    describe('posture', () => {
      const h = database();

      beforeAll(async () => {
        await h.run(async (r) => {
          await r.devices.insert(device('d1'));
          await r.devices.insert(device('d2'));
        });
      });

      it('round-trips a full report, a bare one, and tells empty apps from unreported', async () => {
        const full = posture('pos-full', 'd1', T, {
          source: 'intune',
          osVersion: '18.6.2',
          osBuild: '22G100',
          patchLevel: '2026-01-05',
          sensors: {
            camera: { state: 'disabled', provenance: 'enforced' },
            microphone: { state: 'enabled', provenance: 'attested' },
            location: { state: 'unknown', provenance: 'observed' },
          },
          apps: ['com.apple.mobilephone', 'org.signal.Signal'],
          lockdownMode: true,
          supervised: false,
        });
        const bare = posture('pos-bare', 'd1', T - DAY);
        const noApps = posture('pos-noapps', 'd1', T - 2 * DAY, {
          apps: [],
          lockdownMode: false,
          supervised: true,
        });
        await h.run(async (r) => {
          for (const p of [full, bare, noApps]) await r.posture.append(p);
        });
        expect(await h.run((r) => r.posture.listFor('d1', 10))).toEqual([full, bare, noApps]);
      });

      it('round-trips every declared posture field through the report list and the fleet reader', async () => {
        // Both reads are derived from the declarations: a field left out of the columns or of the
        // fleet JSON would come back missing (undefined), which toStrictEqual tells from null.
        const stated = posture('pos-every', 'every', T, examplePosture());
        const bare = posture('pos-none', 'every', T - DAY);
        await h.run(async (r) => {
          await r.devices.insert(device('every'));
          await r.devices.appendStatus(status('every', 'active', T - DAY));
          await r.posture.appendMany([stated, bare]);
        });
        const listed = await h.run((r) => r.posture.listFor('every', 10));
        const loaded = (await h.run((r) => r.fleet.load(T))).devices.find((d) => d.device.id === 'every');
        expect(listed).toStrictEqual([stated, bare]);
        expect(loaded?.posture).toStrictEqual([bare, stated]);
        for (const name of POSTURE_FIELD_NAMES) {
          expect(loaded?.posture[1]?.[name], name).toStrictEqual(stated[name]);
          expect(loaded?.posture[0]?.[name], name).toStrictEqual(noPosture()[name]);
        }
      });

      it('lists newest first, limited, and only the given device', async () => {
        await h.run(async (r) => {
          await r.posture.append(posture('d2-a', 'd2', T + 3));
          await r.posture.append(posture('d2-b', 'd2', T + 1));
          await r.posture.append(posture('d2-c', 'd2', T + 2));
        });
        expect((await h.run((r) => r.posture.listFor('d2', 2))).map((p) => p.id)).toEqual(['d2-a', 'd2-c']);
        expect(await h.run((r) => r.posture.listFor('nothing', 5))).toEqual([]);
        // A past day's: observed at or before the instant.
        expect((await h.run((r) => r.posture.listFor('d2', 5, T + 2))).map((p) => p.id)).toEqual([
          'd2-c',
          'd2-b',
        ]);
      });

      it('appends many reports in one statement, all or none', async () => {
        const many = [posture('m1', 'd2', T + 10), posture('m2', 'd2', T + 11), posture('m3', 'd1', T + 12)];
        await h.run((r) => r.posture.appendMany(many));
        expect((await h.run((r) => r.posture.listFor('d2', 2))).map((p) => p.id)).toEqual(['m2', 'm1']);
        const bad = [posture('m4', 'd1', T + 13), posture('m5', 'ghost', T + 14)];
        expect(await codeOf(h.run((r) => r.posture.appendMany(bad)))).toBe('POSTURE_INVALID');
        expect((await h.run((r) => r.posture.listFor('d1', 1))).map((p) => p.id)).toEqual(['m3']);
        await h.run((r) => r.posture.appendMany([]));
      });

      it('appends reports with their audit events in one statement, all or none', async () => {
        const reported = (p: ReturnType<typeof posture>): AuditEventInput => ({
          type: 'posture.reported',
          at: T + 20,
          actor: 'token:none',
          subject: `device:${p.deviceId}`,
          payload: { id: p.id, deviceId: p.deviceId, note: 'it\'s "quoted" \\ ✓' },
        });
        const seqs = async () => (await h.run((r) => r.audit.list({ limit: 1000 }))).map((e) => e.seq);
        const before = await seqs();
        const good = [posture('r1', 'd2', T + 20, examplePosture()), posture('r2', 'd1', T + 21)];
        await h.run((r) => r.posture.appendReported(good, good.map(reported)));
        expect((await h.run((r) => r.posture.listFor('d2', 1)))[0]).toStrictEqual(good[0]);
        expect((await h.run((r) => r.posture.listFor('d1', 1)))[0]).toStrictEqual(good[1]);
        const events = (await h.run((r) => r.audit.list({ limit: 1000 }))).filter(
          (e) => !before.includes(e.seq),
        );
        expect(events.map((e) => ({ ...e, seq: 0 }))).toEqual(
          good.map((p) => ({ ...reported(p), seq: 0, actorPersonId: null })),
        );
        // An unknown device fails the whole statement: neither a report nor an event is written.
        const bad = [posture('r3', 'd1', T + 22), posture('r4', 'ghost', T + 23)];
        const after = await seqs();
        expect(await codeOf(h.run((r) => r.posture.appendReported(bad, bad.map(reported))))).toBe(
          'POSTURE_INVALID',
        );
        expect(await seqs()).toEqual(after);
        expect((await h.run((r) => r.posture.listFor('d1', 1))).map((p) => p.id)).toEqual(['r2']);
      });

      it('refuses an unknown device or a taken id with POSTURE_INVALID', async () => {
        expect(await codeOf(h.run((r) => r.posture.append(posture('x', 'ghost', T))))).toBe(
          'POSTURE_INVALID',
        );
        expect(await codeOf(h.run((r) => r.posture.append(posture('pos-full', 'd2', T))))).toBe(
          'POSTURE_INVALID',
        );
      });
    });

    describe('inspections and rotations', () => {
      const h = database();

      beforeAll(async () => {
        await h.run(async (r) => {
          for (const id of ['d1', 'd2', 'd3']) await r.devices.insert(device(id));
        });
      });

      it('round-trips inspections, newest first', async () => {
        const a = inspection('i1', 'd1', T, {
          notes: 'all clear',
          evidence: [
            { name: 'scan.json', sha256: 'a'.repeat(64), size: 1234 },
            { name: 'x', sha256: 'b'.repeat(64) },
          ],
        });
        const b = inspection('i2', 'd1', T + DAY, {
          method: 'physical-inspection',
          result: 'compromised',
          performedBy: 'user:kim',
        });
        const c = inspection('i3', 'd1', T - DAY, { method: 'mdm-review', result: 'suspicious' });
        await h.run(async (r) => {
          for (const x of [a, b, c]) await r.inspections.insert(x);
          await r.inspections.insert(inspection('i4', 'd2', T));
        });
        expect(await h.run((r) => r.inspections.listFor('d1'))).toEqual([b, a, c]);
      });

      it('refuses an inspection of an unknown device with DEVICE_INVALID', async () => {
        expect(await codeOf(h.run((r) => r.inspections.insert(inspection('ix', 'ghost', T))))).toBe(
          'DEVICE_INVALID',
        );
      });

      it('lists rotations for the old and the new device', async () => {
        const swap = rotation('r1', 'd1', 'd2', T);
        const retire = rotation('r2', 'd2', null, T + DAY);
        await h.run(async (r) => {
          await r.rotations.insert(retire);
          await r.rotations.insert(swap);
        });
        expect(await h.run((r) => r.rotations.listFor('d1'))).toEqual([swap]);
        expect(await h.run((r) => r.rotations.listFor('d2'))).toEqual([swap, retire]);
        expect(await h.run((r) => r.rotations.listFor('d3'))).toEqual([]);
      });

      it('refuses a rotation naming an unknown device with DEVICE_INVALID', async () => {
        expect(await codeOf(h.run((r) => r.rotations.insert(rotation('rx', 'ghost', 'd1', T))))).toBe(
          'DEVICE_INVALID',
        );
        expect(await codeOf(h.run((r) => r.rotations.insert(rotation('ry', 'd1', 'ghost', T))))).toBe(
          'DEVICE_INVALID',
        );
      });
    });

    describe('releases', () => {
      const h = database();

      it('inserts, replaces on the same platform and version, and lists in order', async () => {
        const ios1: OsRelease = {
          platform: 'ios',
          version: '18.6.2',
          build: null,
          releasedAt: T,
          recordedAt: T + LAG,
        };
        const ios2: OsRelease = {
          platform: 'ios',
          version: '26.1',
          build: '23B85',
          releasedAt: T + DAY,
          recordedAt: T + DAY + LAG,
        };
        const android: OsRelease = {
          platform: 'android',
          version: '2026-01-05',
          build: null,
          releasedAt: T + DAY,
          recordedAt: T + DAY + LAG,
        };
        await h.run(async (r) => {
          await r.releases.upsert(ios2);
          await r.releases.upsert(ios1);
          await r.releases.upsert(android);
        });
        expect(await h.run((r) => r.releases.list())).toEqual([android, ios1, ios2]);
        // A correction replaces the release but not when Vigil first recorded it.
        const fixed: OsRelease = { ...ios1, build: '22G100', releasedAt: T - DAY, recordedAt: T + 2 * DAY };
        await h.run((r) => r.releases.upsert(fixed));
        expect(await h.run((r) => r.releases.list())).toEqual([
          android,
          { ...fixed, recordedAt: ios1.recordedAt },
          ios2,
        ]);
      });
    });

    describe('protocols', () => {
      const h = database();

      it('stores versions exactly and lists them oldest first', async () => {
        const text =
          "apiVersion: vigil/v1\nkind: Protocol\nmetadata: { name: strict-30day, title: 'Ünïcødé — «x»' }\n\n";
        const v2 = protocolVersion('strict-30day', '2026.2', T + DAY);
        const v1 = {
          ...protocolVersion('strict-30day', '2026.1', T, text),
          recordedAt: T + 5,
          recordedBy: 'token:t1',
        };
        const other = protocolVersion('relaxed-social', '2026.1', T);
        await h.run(async (r) => {
          await r.protocols.append(v2);
          await r.protocols.append(v1);
          await r.protocols.append(other);
        });
        expect(await h.run((r) => r.protocols.listVersions())).toEqual([other, v1, v2]);
      });

      it('refuses to store the same name and version twice, even with the same text', async () => {
        const again = protocolVersion('strict-30day', '2026.2', T + DAY);
        expect(await codeOf(h.run((r) => r.protocols.append(again)))).toBe('PROTOCOL_VERSION_EXISTS');
        expect(await codeOf(h.run((r) => r.protocols.append({ ...again, text: 'y: 2\n' })))).toBe(
          'PROTOCOL_VERSION_EXISTS',
        );
        expect(await h.run((r) => r.protocols.listVersions())).toHaveLength(3);
      });

      it('reads a proposed version with its one decision; a second decision is refused', async () => {
        const proposed = { ...protocolVersion('guarded', '1', T), approval: 'two-person' as const };
        await h.run((r) => r.protocols.append({ ...proposed, decision: null }));
        const find = async () =>
          (await h.run((r) => r.protocols.listVersions())).find((v) => v.name === 'guarded');
        expect(await find()).toEqual({ ...proposed, decision: null });
        const decision = {
          name: 'guarded',
          version: '1',
          approved: true,
          decidedBy: 'token:t2',
          personId: 'per_2',
          reason: null,
          effectiveAt: T + DAY,
          recordedAt: T + 2 * DAY,
        };
        await h.run((r) => r.protocols.decide(decision));
        expect(await find()).toEqual({ ...proposed, decision });
        expect(await codeOf(h.run((r) => r.protocols.decide({ ...decision, approved: false })))).toBe(
          'PROTOCOL_VERSION_NOT_PROPOSED',
        );
        expect(await codeOf(h.run((r) => r.protocols.decide({ ...decision, version: '9' })))).toBe(
          'PROTOCOL_NOT_FOUND',
        );
      });
    });

    describe('tokens', () => {
      const h = database();

      it('round-trips tokens and lists them oldest first', async () => {
        const admin = token('t2');
        const staff = token('t1', { role: 'staff', personId: 'p1', createdAt: T + 1, createdBy: 'token:t2' });
        await h.run(async (r) => {
          await r.people.insert(person('p1'));
          await r.tokens.insert(staff);
          await r.tokens.insert(admin);
        });
        await h.run(async (r) => {
          expect(await r.tokens.get('t1')).toEqual(staff);
          expect(await r.tokens.get('t2')).toEqual(admin);
          expect(await r.tokens.get('nothing')).toBeNull();
          expect(await r.tokens.list()).toEqual([admin, staff]);
        });
      });

      it('revokes once: true, then false; an unknown token is false', async () => {
        expect(await h.run((r) => r.tokens.revoke('t1', T + DAY))).toBe(true);
        expect(await h.run((r) => r.tokens.revoke('t1', T + 2 * DAY))).toBe(false);
        expect(await h.run((r) => r.tokens.revoke('ghost', T))).toBe(false);
        expect((await h.run((r) => r.tokens.get('t1')))?.revokedAt).toBe(T + DAY);
        expect((await h.run((r) => r.tokens.get('t2')))?.revokedAt).toBeNull();
      });

      it('refuses a token for an unknown person with PERSON_INVALID', async () => {
        const code = await codeOf(
          h.run((r) => r.tokens.insert(token('t3', { role: 'staff', personId: 'ghost' }))),
        );
        expect(code).toBe('PERSON_INVALID');
      });
    });

    describe('audit', () => {
      const h = database();
      const event = (i: number, over: Partial<AuditEventInput> = {}): AuditEventInput => ({
        type: 'device.registered',
        at: T + i,
        actor: 'cli',
        subject: `device:d${i}`,
        payload: { i },
        ...over,
      });

      it('appends with increasing seq and lists in seq order', async () => {
        const payload = {
          nested: { list: [1, 'two', null, { deep: true }], empty: {}, none: null },
          emptyList: [],
          n: -1.5,
          big: 9007199254740991,
          text: 'Ünïcødé "quoted" \\ back',
        };
        const seqs: number[] = [];
        await h.run(async (r) => {
          seqs.push(await r.audit.append(event(1, { payload })));
          seqs.push(
            await r.audit.append(event(2, { type: 'token.revoked', actor: 'token:t1', subject: 'token:t1' })),
          );
        });
        seqs.push(await h.run((r) => r.audit.append(event(3))));
        expect(seqs[0]).toBeGreaterThan(0);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(3);
        const all = await h.run((r) => r.audit.list({ limit: 10 }));
        expect(all).toEqual([
          // No token t1 and no user behind 'cli' here: the events name no person.
          { seq: seqs[0], ...event(1, { payload }), actorPersonId: null },
          {
            seq: seqs[1],
            ...event(2, { type: 'token.revoked', actor: 'token:t1', subject: 'token:t1' }),
            actorPersonId: null,
          },
          { seq: seqs[2], ...event(3), actorPersonId: null },
        ]);
      });

      it('pages by afterSeq and limit, and filters by type', async () => {
        const all = await h.run((r) => r.audit.list({ limit: 10 }));
        const [first, second, third] = all.map((e) => e.seq);
        expect(third).toBeDefined();
        expect(
          (await h.run((r) => r.audit.list({ afterSeq: first ?? 0, limit: 10 }))).map((e) => e.seq),
        ).toEqual([second, third]);
        expect((await h.run((r) => r.audit.list({ limit: 1 }))).map((e) => e.seq)).toEqual([first]);
        expect(await h.run((r) => r.audit.list({ afterSeq: third ?? 0, limit: 10 }))).toEqual([]);
        expect(
          (await h.run((r) => r.audit.list({ afterSeq: first ?? 0, upToSeq: second ?? 0, limit: 10 }))).map(
            (e) => e.seq,
          ),
        ).toEqual([second]);
        expect(
          (await h.run((r) => r.audit.list({ type: 'token.revoked', limit: 10 }))).map((e) => e.seq),
        ).toEqual([second]);
      });

      it('appends many events in one statement, in order, with increasing seqs', async () => {
        const before = (await h.run((r) => r.audit.list({ limit: 100 }))).length;
        const seqs = await h.run((r) => r.audit.appendMany([event(20), event(21), event(22)]));
        expect(seqs).toHaveLength(3);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        const all = await h.run((r) => r.audit.list({ limit: 100 }));
        expect(all).toHaveLength(before + 3);
        expect(all.slice(-3).map((e) => [e.seq, e.subject])).toEqual([
          [seqs[0], 'device:d20'],
          [seqs[1], 'device:d21'],
          [seqs[2], 'device:d22'],
        ]);
        expect(await h.run((r) => r.audit.appendMany([]))).toEqual([]);
      });

      it('leaves nothing behind from a rolled-back append', async () => {
        const before = await h.run((r) => r.audit.list({ limit: 100 }));
        await expect(
          h.run(async (r) => {
            await r.audit.append(event(9));
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await h.run((r) => r.audit.list({ limit: 100 }))).toEqual(before);
        const next = await h.run((r) => r.audit.append(event(10)));
        expect(next).toBeGreaterThan(before.at(-1)?.seq ?? 0);
      });
    });

    describe('notice outbox, recipients, finding states', () => {
      const h = database();
      const notice = (key: string, notBefore = T): NoticeInput => ({
        key,
        kind: 'swap.due-soon',
        audience: { role: 'officer' },
        subject: `s ${key}`,
        text: 't',
        data: { a: 1 },
        notBefore,
        createdAt: T,
      });

      it('enqueues one notice per key', async () => {
        expect(await h.run((r) => r.outbox.enqueue(notice('o1')))).toBe(true);
        expect(await h.run((r) => r.outbox.enqueue({ ...notice('o1'), subject: 'other' }))).toBe(false);
        expect(await h.run((r) => r.outbox.getByKey('o1'))).toMatchObject({
          key: 'o1',
          subject: 's o1',
          state: 'pending',
          attempts: 0,
          nextAttemptAt: T,
          audience: { role: 'officer' },
          data: { a: 1 },
          outcome: {},
        });
      });

      it('claims a pending notice by id, each claim a new fencing token; lists the pending ones', async () => {
        await h.run((r) => r.outbox.enqueue(notice('o2', T + DAY)));
        await h.run((r) => r.outbox.enqueue(notice('o3', T + 5 * DAY)));
        const o2 = await h.run((r) => r.outbox.getByKey('o2'));
        const claimed = await h.run((r) => r.outbox.claim(o2?.id ?? 0));
        expect(claimed).toMatchObject({ key: 'o2', attempts: 1 });
        expect(await h.run((r) => r.outbox.claim(o2?.id ?? 0))).toMatchObject({ key: 'o2', attempts: 2 });
        expect(await h.run((r) => r.outbox.claim(999_999))).toBeNull();
        const pending = await h.run((r) => r.outbox.pending());
        expect(pending.map((p) => p.notBefore)).toEqual([T, T + DAY, T + 5 * DAY]);
      });

      it('settles only the latest claim of a pending notice', async () => {
        const n = await h.run((r) => r.outbox.getByKey('o2'));
        const id = n?.id ?? 0;
        const attempts = n?.attempts ?? 0;
        const sent = { state: 'sent', at: T + 3 * DAY, error: null, outcome: { email: 'sent' } } as const;
        expect(await h.run((r) => r.outbox.settle(id, attempts - 1, sent))).toBe(false);
        expect(await h.run((r) => r.outbox.settle(id, attempts, sent))).toBe(true);
        expect(await h.run((r) => r.outbox.getByKey('o2'))).toMatchObject({
          state: 'sent',
          sentAt: T + 3 * DAY,
          outcome: { email: 'sent' },
        });
        expect(await h.run((r) => r.outbox.settle(id, attempts, sent))).toBe(false);
        const retry = { state: 'pending', at: T, error: 'boom', outcome: {} } as const;
        const o1 = await h.run((r) => r.outbox.getByKey('o1'));
        expect(await h.run((r) => r.outbox.settle(o1?.id ?? 0, o1?.attempts ?? 0, retry))).toBe(true);
        expect(await h.run((r) => r.outbox.getByKey('o1'))).toMatchObject({
          state: 'pending',
          lastError: 'boom',
        });
        expect((await h.run((r) => r.outbox.pending())).map((p) => p.id)).not.toContain(id);
      });

      it('cancels pending notices, requeues failed ones, lists newest first with filters', async () => {
        expect(await h.run((r) => r.outbox.cancel('o3'))).toBe(true);
        expect(await h.run((r) => r.outbox.cancel('o3'))).toBe(false);
        expect(await h.run((r) => r.outbox.cancel('o2'))).toBe(false); // sent
        const o2 = await h.run((r) => r.outbox.getByKey('o2'));
        expect(await h.run((r) => r.outbox.requeue(o2?.id ?? 0, T))).toBeNull();
        const o1 = await h.run((r) => r.outbox.getByKey('o1'));
        const fail = { state: 'failed', at: T, error: 'gave up', outcome: {} } as const;
        await h.run((r) => r.outbox.settle(o1?.id ?? 0, o1?.attempts ?? 0, fail));
        expect(await h.run((r) => r.outbox.requeue(o1?.id ?? 0, T + 10 * DAY))).toMatchObject({
          state: 'pending',
          attempts: 0,
          nextAttemptAt: T + 10 * DAY,
          lastError: null,
        });
        const all = await h.run((r) => r.outbox.list({ limit: 10 }));
        expect(all.map((n) => n.key)).toEqual(['o3', 'o2', 'o1']);
        expect(
          (await h.run((r) => r.outbox.list({ limit: 10, state: 'cancelled' }))).map((n) => n.key),
        ).toEqual(['o3']);
        expect(await h.run((r) => r.outbox.list({ limit: 10, kind: 'other' }))).toEqual([]);
        expect(await h.run((r) => r.outbox.get(999_999))).toBeNull();
      });

      it('keeps role recipients', async () => {
        const rec = { role: 'officer', email: 'so@x.example', createdAt: T, createdBy: 'cli' } as const;
        expect(await h.run((r) => r.recipients.add(rec))).toBe(true);
        expect(await h.run((r) => r.recipients.add(rec))).toBe(false);
        await h.run((r) => r.recipients.add({ ...rec, role: 'technician', email: 'tech@x.example' }));
        expect(await h.run((r) => r.recipients.list('officer'))).toEqual([rec]);
        expect(await h.run((r) => r.recipients.list())).toHaveLength(2);
        expect(await h.run((r) => r.recipients.remove('officer', 'so@x.example'))).toBe(true);
        expect(await h.run((r) => r.recipients.remove('officer', 'so@x.example'))).toBe(false);
      });

      it('keeps finding states and takes the planner lock', async () => {
        const s = {
          key: 'device:d|rotation.overdue',
          deviceId: 'd',
          personId: null,
          rule: 'rotation.overdue',
          status: 'open',
          waiverId: null,
          since: T,
          updatedAt: T,
        } as const;
        await h.run((r) => r.findingStates.upsertMany([s]));
        await h.run((r) =>
          r.findingStates.upsertMany([{ ...s, status: 'waived', waiverId: 'w1', updatedAt: T + 1 }]),
        );
        expect(await h.run((r) => r.findingStates.list())).toEqual([
          { ...s, status: 'waived', waiverId: 'w1', updatedAt: T + 1 },
        ]);
        expect(await h.run((r) => r.findingStates.tryPlannerLock())).toBe(true);
      });
    });

    describe('dashboard history days', () => {
      const h = database();
      const counts = {
        devices: 1,
        byVerdict: { compliant: 1, waived: 0, 'non-compliant': 0, 'not-evaluated': 0 },
        findings: { open: 0, waived: 0 },
        bySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
      };
      const D0 = Date.UTC(2026, 0, 8);
      const dates = ['2026-01-08', '2026-01-09', '2026-01-10'];
      /** Stores both bases of three days (the first ends before T, the others after). */
      async function storeDays() {
        await h.run(async (r) => {
          for (const [i, day] of dates.entries()) {
            for (const basis of ['now', 'then'] as const) {
              const end = D0 + (i + 1) * DAY - 1;
              await r.dashboard.putHistoryDay({
                day,
                basis,
                at: end,
                counts,
                dataVersion: 1,
                knownAt: basis === 'then' ? end : T + DAY,
                computedAt: T + DAY,
              });
            }
          }
        });
      }
      const stored = (basis: 'now' | 'then') =>
        h.run(async (r) => (await r.dashboard.historyDays(dates, basis)).map((d) => d.day));

      it('stores a day once per basis and reads one basis', async () => {
        await storeDays();
        const [now] = await h.run((r) => r.dashboard.historyDays(['2026-01-08'], 'now'));
        expect(now).toMatchObject({ day: '2026-01-08', basis: 'now', knownAt: T + DAY, counts });
        expect(await stored('then')).toEqual(dates);
      });

      it('a fact back-dated into a stored day deletes that day and later ones as true then, whatever the table', async () => {
        await h.run(async (r) => {
          await r.people.insert(person('hd-p', { since: T - 30 * DAY }));
          await r.devices.insert(device('hd-d'));
        });
        // T is 2026-01-10 09:00: the 8th and 9th stay, the 10th goes (only its `now` row).
        const writes: [string, (r: Repositories) => Promise<void>][] = [
          ['status', (r) => r.devices.appendStatus(status('hd-d', 'active', T))],
          ['custody', (r) => r.devices.appendCustody(hold('hd-d', 'hd-p', T))],
          ['posture', (r) => r.posture.append(posture('hd-po', 'hd-d', T))],
          ['inspection', (r) => r.inspections.insert(inspection('hd-i', 'hd-d', T))],
          [
            'refusal',
            (r) =>
              r.refusals.insert({
                id: 'hd-r',
                personId: 'hd-p',
                deviceId: 'hd-d',
                action: 'inspection',
                rule: 'inspection.due',
                at: T,
                reason: 'travelling',
                recordedBy: 'cli',
                recordedAt: T + 40 * DAY,
                swapId: null,
              }),
          ],
        ];
        for (const [what, write] of writes) {
          await storeDays();
          expect(await stored('now'), what).toEqual(dates);
          await h.run(write);
          expect(await stored('now'), what).toEqual(['2026-01-08', '2026-01-09']);
          expect(await stored('then'), what).toEqual(dates);
        }
      });

      it('a bulk write deletes from its earliest instant on; a later fact deletes nothing', async () => {
        await storeDays();
        await h.run((r) =>
          r.posture.appendMany([
            posture('hd-b1', 'hd-d', T + 20 * DAY),
            posture('hd-b2', 'hd-d', D0 + DAY + 5),
          ]),
        );
        expect(await stored('now')).toEqual(['2026-01-08']);
        await storeDays();
        await h.run((r) => r.devices.appendStatus(status('hd-d', 'retired', T + 20 * DAY)));
        expect(await stored('now')).toEqual(dates);
      });

      it('a correction moving a fact back deletes from the earlier instant', async () => {
        await storeDays();
        await h.run((r) =>
          r.corrections.insert({
            id: 'hd-c',
            kind: 'inspection',
            factId: 'hd-i',
            factKey: 'hd-i',
            deviceId: 'hd-d',
            effectiveAt: T + 20 * DAY,
            values: { at: D0 + DAY + 5 },
            reason: 'wrong day',
            recordedBy: 'cli',
            recordedAt: T + 40 * DAY,
          }),
        );
        expect(await stored('now')).toEqual(['2026-01-08']);
        expect(await stored('then')).toEqual(dates);
      });
    });

    describe('back-filled lifecycle instants', () => {
      const h = database();
      const T = Date.UTC(2026, 3, 14, 16);
      const REC = Date.UTC(2026, 10, 20, 9);

      it('round-trips a waiver’s effective and recorded instants for each transition', async () => {
        const requested: WaiverRecord = {
          id: 'bf-w',
          rule: 'sensor.camera',
          scope: { deviceId: 'bf-d' },
          reason: 'paper record',
          risk: 'low',
          requestedBy: 'cli:a',
          requestedAt: T,
          recordedAt: REC,
          approvedBy: null,
          approvedAt: null,
          approvalRecordedAt: null,
          startsAt: T,
          expiresAt: T + 20 * 86_400_000,
          endedAt: null,
          endRecordedAt: null,
          state: 'requested',
          endedBy: null,
          endReason: null,
        };
        const step = (w: WaiverRecord, command: WaiverTransition['command'], at: number) => ({
          waiverId: w.id,
          from: command === 'request' ? null : requested.state,
          to: w.state,
          command,
          at,
          recordedAt: REC,
          actor: 'cli:a',
          details: {},
        });
        await h.run((r) => r.waivers.insert(requested, step(requested, 'request', T)));
        const approved: WaiverRecord = {
          ...requested,
          state: 'approved',
          approvedBy: 'cli:b',
          approvedAt: T + 1000,
          approvalRecordedAt: REC + 1000,
        };
        await h.run((r) => r.waivers.apply(approved, step(approved, 'approve', T + 1000)));
        expect(await h.run((r) => r.waivers.get('bf-w'))).toEqual(approved);
        const revoked: WaiverRecord = {
          ...approved,
          state: 'revoked',
          endedAt: T + 2000,
          endRecordedAt: REC + 2000,
          endedBy: 'cli:b',
          endReason: 'ended',
        };
        await h.run((r) =>
          r.waivers.apply(revoked, { ...step(revoked, 'revoke', T + 2000), from: 'approved' }),
        );
        expect(await h.run((r) => r.waivers.get('bf-w'))).toEqual(revoked);
        expect((await h.run((r) => r.waivers.transitions('bf-w'))).map((t) => t.at)).toEqual([
          T,
          T + 1000,
          T + 2000,
        ]);
      });

      it('round-trips an incident’s, its steps’ and its timeline’s effective and recorded instants', async () => {
        const opened: Incident = {
          id: 'bf-i',
          status: 'open',
          compromise: 'confirmed',
          severity: 'critical',
          summary: 'paper record',
          devices: [{ deviceId: 'bf-d', priorStatus: 'active' }],
          personIds: ['bf-p'],
          inspectionId: null,
          declaredBy: 'cli',
          openedAt: T,
          recordedAt: REC,
          steps: [
            {
              id: 'isolate',
              title: 'Isolate',
              owner: { role: 'technician' },
              status: 'pending',
              reason: null,
              at: null,
              by: null,
              recordedAt: null,
            },
          ],
          timeline: [
            {
              at: T,
              recordedAt: REC,
              actor: 'cli',
              kind: 'opened',
              stepId: null,
              from: null,
              to: 'open',
              text: 'x',
            },
          ],
          resolution: null,
          closedAt: null,
          closeRecordedAt: null,
          closedBy: null,
          closingNote: null,
        };
        await h.run((r) => r.incidents.insert(opened));
        expect(await h.run((r) => r.incidents.get('bf-i'))).toEqual(opened);
        const closed: Incident = {
          ...opened,
          status: 'closed',
          steps: opened.steps.map((st) => ({
            ...st,
            status: 'done',
            at: T + 1000,
            by: 'tech',
            recordedAt: REC + 1000,
          })),
          timeline: [
            ...opened.timeline,
            {
              at: T + 2000,
              recordedAt: REC + 2000,
              actor: 'cli',
              kind: 'closed',
              stepId: null,
              from: 'contained',
              to: 'closed',
              text: 'y',
            },
          ],
          resolution: 'cleared',
          closedAt: T + 2000,
          closeRecordedAt: REC + 2000,
          closedBy: 'cli',
        };
        await h.run((r) => r.incidents.update(closed, opened));
        expect(await h.run((r) => r.incidents.get('bf-i'))).toEqual(closed);
      });

      it('round-trips an acknowledgement’s effective and recorded instants', async () => {
        const ack = { personId: 'bf-p', facility: 'hq', policyVersion: 'p@1', at: T, recordedAt: REC };
        expect(await h.run((r) => r.zones.acknowledge(ack, 'cli'))).toBe(true);
        expect(await h.run((r) => r.zones.listAcknowledgements({ personId: 'bf-p' }))).toEqual([ack]);
      });
    });

    describe('fleet reader', () => {
      const h = database();
      const later = T + 1;

      beforeAll(async () => {
        await h.run(async (r) => {
          await r.people.insert(person('alice', { createdAt: T + 10 * DAY }));
          await r.people.insert(person('bob'));
          // a: in service since exactly T. b: in service from T+1ms. c: never in service.
          await r.devices.insert(device('a'));
          await r.devices.insert(device('b'));
          await r.devices.insert(device('c'));
          await r.devices.appendStatus(status('a', 'staged', T - DAY));
          await r.devices.appendStatus(status('a', 'active', T));
          await r.devices.appendStatus(status('a', 'quarantined', later));
          await r.devices.appendStatus(status('b', 'active', later));
          await r.devices.appendCustody(hold('a', 'alice', T));
          await r.devices.appendCustody(hold('a', 'bob', later));
          await r.devices.appendCustody(hold('c', 'bob', T - DAY));
          await r.posture.append(posture('pa1', 'a', T, { apps: ['x'] }));
          await r.posture.append(posture('pa2', 'a', later));
          await r.inspections.insert(inspection('ia1', 'a', T));
          await r.inspections.insert(inspection('ia2', 'a', later));
          await r.rotations.insert(rotation('ra1', 'c', 'a', T));
          await r.rotations.insert(rotation('ra2', 'a', 'b', later));
          await r.assignments.append({
            personId: 'alice',
            protocol: 'strict-30day',
            at: T,
            assignedBy: 'cli',
            recordedAt: T + LAG,
          });
          await r.assignments.append({
            personId: 'alice',
            protocol: 'relaxed-social',
            at: later,
            assignedBy: 'cli',
            recordedAt: later + LAG,
          });
          await r.protocols.append(protocolVersion('strict-30day', '1', T));
          await r.protocols.append(protocolVersion('strict-30day', '2', later));
          await r.releases.upsert({
            platform: 'ios',
            version: '1',
            build: null,
            releasedAt: T,
            recordedAt: T + LAG,
          });
          await r.releases.upsert({
            platform: 'ios',
            version: '2',
            build: null,
            releasedAt: later,
            recordedAt: later + LAG,
          });
        });
      });

      it('includes facts at exactly T and excludes those at T+1ms', async () => {
        const snap = await h.run((r) => r.fleet.load(T));
        expect(snap.devices.map((d) => d.device.id)).toEqual(['a']);
        const a = snap.devices[0];
        expect(a?.device).toEqual(device('a'));
        expect(a?.statuses.map((s) => s.status).sort()).toEqual(['active', 'staged']);
        expect(a?.custody).toEqual([hold('a', 'alice', T)]);
        expect(a?.posture).toEqual([posture('pa1', 'a', T, { apps: ['x'] })]);
        expect(a?.inspections).toEqual([inspection('ia1', 'a', T)]);
        expect(a?.rotations).toEqual([rotation('ra1', 'c', 'a', T)]);
        expect(snap.assignments).toEqual([
          { personId: 'alice', protocol: 'strict-30day', at: T, assignedBy: 'cli', recordedAt: T + LAG },
        ]);
        expect(snap.protocols).toEqual([protocolVersion('strict-30day', '1', T)]);
        expect(snap.releases).toEqual([
          { platform: 'ios', version: '1', build: null, releasedAt: T, recordedAt: T + LAG },
        ]);
        // People are not filtered by creation time: custody dated earlier must still resolve.
        expect(snap.people.map((p) => p.id).sort()).toEqual(['alice', 'bob']);
        expect(snap.people.find((p) => p.id === 'alice')).toEqual(
          person('alice', { createdAt: T + 10 * DAY }),
        );
      });

      it('includes the later facts at T+1ms, and rotations on both sides', async () => {
        const snap = await h.run((r) => r.fleet.load(later));
        expect(snap.devices.map((d) => d.device.id)).toEqual(['a', 'b']);
        const [a, b] = snap.devices;
        expect(a?.statuses).toHaveLength(3);
        expect(a?.custody).toHaveLength(2);
        expect(a?.posture.map((p) => p.id).sort()).toEqual(['pa1', 'pa2']);
        expect(a?.inspections.map((i) => i.id).sort()).toEqual(['ia1', 'ia2']);
        expect(a?.rotations.map((x) => x.id).sort()).toEqual(['ra1', 'ra2']);
        expect(b?.rotations).toEqual([rotation('ra2', 'a', 'b', later)]);
        expect(b?.custody).toEqual([]);
        expect(snap.assignments).toHaveLength(2);
        expect(snap.protocols).toHaveLength(2);
        expect(snap.releases).toHaveLength(2);
      });

      it('loads nothing before the first fact', async () => {
        const snap = await h.run((r) => r.fleet.load(T - 2 * DAY));
        expect(snap.devices).toEqual([]);
        expect(snap.assignments).toEqual([]);
        expect(snap.protocols).toEqual([]);
        expect(snap.releases).toEqual([]);
      });
    });

    describe('scan re-checks', () => {
      const h = database();
      const recheck = (id: string, jobId: string, set: string, at: number) => ({
        id,
        jobId,
        deviceId: 'd1',
        indicatorsSha256: set,
        indicatorFiles: [{ file: 'a.stix2', sha256: set, count: 3 }],
        newAlerts: [{ level: 'critical', module: 'sms', message: 'evil.example' }],
        incidentId: null,
        recordedAt: at,
        actor: 'system',
      });

      it('records a job once per indicator set, and lists the jobs checked against a set', async () => {
        expect(await h.run((r) => r.scanRechecks.insert(recheck('r1', 'j1', 'set-a', T)))).toBe(true);
        expect(await h.run((r) => r.scanRechecks.insert(recheck('r2', 'j1', 'set-a', T + 1)))).toBe(false);
        expect(await h.run((r) => r.scanRechecks.insert(recheck('r3', 'j1', 'set-b', T + 2)))).toBe(true);
        expect(await h.run((r) => r.scanRechecks.insert(recheck('r4', 'j2', 'set-a', T + 3)))).toBe(true);
        expect([...(await h.run((r) => r.scanRechecks.jobsChecked('set-a')))].sort()).toEqual(['j1', 'j2']);
        expect([...(await h.run((r) => r.scanRechecks.jobsChecked('set-c')))]).toEqual([]);
      });

      it('lists a job’s re-checks newest first, every field round-tripped', async () => {
        const list = await h.run((r) => r.scanRechecks.forJob('j1'));
        expect(list.map((x) => x.id)).toEqual(['r3', 'r1']);
        expect(list[1]).toEqual(recheck('r1', 'j1', 'set-a', T));
      });
    });
  });
}
