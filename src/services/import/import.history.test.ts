/**
 * The fleet document's history sections over a real database: a valid past is written through
 * the lifecycle functions with its instants and audit stamps; a future instant, an instant
 * before its subject existed, a dangling reference or a step the state machine refuses is
 * IMPORT_INVALID with the entry's path, and nothing of that document is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../adapters/db/client.ts';
import { argon2Passwords } from '../../adapters/passwords.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { VigilError } from '../../core/errors.ts';
import { createServices, type Services } from '../index.ts';

const T = Date.UTC(2026, 10, 1, 9);
const DAY = 86_400_000;
const ago = (days: number) => new Date(T - days * DAY).toISOString();
let db: Database;
let services: Services;

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: hist, title: History test, version: "1" }
roles:
  calls: { rotation: { every: P30D } }
facilities:
  hq: { title: Headquarters, personalDevices: banned, acknowledgement: required, policyVersion: "1" }
waivers: { maxDuration: P90D, approverRole: officer }
`;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => T };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock),
    random: systemRandom,
    auth: { passwords: argon2Passwords },
  });
  await services.protocols.put({ text: PROTOCOL, effectiveAt: ago(400) }, 'test');
}, 60_000);
afterAll(() => db?.close());

/** A small office under prefix `p` (ids unique per test), plus `history`. */
function fleet(p: string, n: number, history: Record<string, unknown> = {}) {
  const imei = String(350_000_000_000_000 + n);
  return {
    apiVersion: 'vigil/v1',
    kind: 'Fleet',
    people: [
      { id: `${p}pm`, name: 'Premier', kind: 'principal' },
      { id: `${p}aide`, name: 'Aide', kind: 'staff', principalId: `${p}pm` },
    ],
    assignments: [{ personId: `${p}pm`, protocol: 'hist', at: ago(300) }],
    devices: [
      {
        id: `${p}calls`,
        serial: `${p}-S1`,
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'calls',
        holderId: `${p}pm`,
        issuedAt: ago(200),
      },
      {
        id: `${p}personal`,
        serial: `${p}-S2`,
        imei,
        platform: 'android',
        model: 'Pixel 9',
        ownership: 'personal',
        role: 'general',
        statuses: [{ status: 'active', at: ago(300) }],
        custody: [{ holderId: `${p}aide`, at: ago(300) }],
        issuedAt: null,
      },
    ],
    inspections: [
      {
        id: `${p}chk`,
        deviceId: `${p}personal`,
        at: ago(100),
        method: 'forensic-scan',
        result: 'compromised',
        performedBy: 'Tech',
      },
    ],
    ...history,
    imei,
  };
}

/** The document without the test's helper field. */
const doc = (f: Record<string, unknown>) => {
  const { imei: _, ...rest } = f;
  return rest;
};

const importDoc = (value: unknown) =>
  services.fleetImport.importDocument(value, JSON.stringify(value), 'test');

async function problemsOf(value: unknown): Promise<{ path: string; code?: string }[]> {
  try {
    await importDoc(value);
  } catch (e) {
    if (e instanceof VigilError && e.code === 'IMPORT_INVALID') return [...(e.details ?? [])];
    throw e;
  }
  throw new Error('the import was accepted');
}

async function nothingWritten(p: string) {
  const people = await services.inventory.listPeople();
  expect(people.filter((x) => x.id.startsWith(p))).toEqual([]);
}

describe('a valid history', () => {
  it('is written through the lifecycle functions, each at its instant, audited at the import instant', async () => {
    const f = fleet('ok-', 1);
    const value = doc({
      ...f,
      assignments: [
        { personId: 'ok-pm', protocol: 'hist', at: ago(300), until: ago(250) },
        { personId: 'ok-pm', protocol: 'hist', at: ago(240) },
      ],
      refusals: [
        { personId: 'ok-pm', deviceId: 'ok-calls', action: 'check', reason: 'busy', at: ago(50), by: 'Tech' },
      ],
      swaps: [
        {
          id: 'ok-swap',
          deviceId: 'ok-calls',
          planned: { at: ago(40), by: 'Tech' },
          dueAt: ago(30),
          stageBy: ago(38),
          steps: [{ type: 'decline', at: ago(35), by: 'Tech', declinedBy: 'ok-pm', reason: 'inconvenient' }],
        },
      ],
      waivers: [
        {
          id: 'ok-waiver',
          rule: 'sensor.camera',
          personId: 'ok-pm',
          reason: 'Video calls',
          risk: 'Filming',
          startsAt: ago(90),
          expiresAt: ago(10),
          requested: { at: ago(91), by: 'Tech' },
          approved: { at: ago(90), by: 'Officer' },
        },
      ],
      incidents: [
        {
          id: 'ok-inc',
          deviceIds: ['ok-personal'],
          compromise: 'confirmed',
          summary: 'Spyware on the aide’s personal phone',
          inspectionId: 'ok-chk',
          opened: { at: ago(99), by: 'Officer' },
          steps: [{ stepId: 'quarantine', status: 'done', at: ago(98), by: 'Tech' }],
        },
      ],
      detections: [{ facility: 'hq', identifier: `imei:${f.imei}`, at: ago(5), source: 'gate' }],
      acknowledgements: [{ personId: 'ok-pm', facility: 'hq', at: ago(60) }],
    });
    const summary = await importDoc(value);
    expect(summary).toMatchObject({
      assignments: 2,
      refusals: 1,
      swaps: 1,
      waivers: 1,
      incidents: 1,
      detections: 1,
      acknowledgements: 1,
    });
    const assignments = await db.uow.run((tx) => tx.assignments.list());
    expect(
      assignments
        .filter((a) => a.personId === 'ok-pm')
        .map((a) => [a.protocol, new Date(a.at).toISOString()]),
    ).toEqual([
      ['hist', ago(300)],
      [null, ago(250)],
      ['hist', ago(240)],
    ]);
    const refusals = await services.refusals.listRefusals({ personId: 'ok-pm' });
    expect(refusals.map((r) => [r.action, r.reason, new Date(r.at).toISOString()]).sort()).toEqual([
      ['check', 'busy', ago(50)],
      ['swap', 'inconvenient', ago(35)],
    ]);
    expect(refusals.find((r) => r.action === 'check')?.recordedAt).toBe(T);
    const [waiver] = await services.waivers.listWaivers({ personId: 'ok-pm' });
    expect(waiver).toMatchObject({ state: 'approved', requestedBy: 'Tech', approvedBy: 'Officer' });
    expect(waiver?.approvedAt).toBe(T - 90 * DAY);
    const incident = await services.incidents.get('ok-inc');
    expect(incident.openedAt).toBe(T - 99 * DAY);
    expect(incident.steps.find((s) => s.id === 'quarantine')?.status).toBe('done');
    const [detection] = await services.zones.listDetections({ facility: 'hq' });
    expect(detection).toMatchObject({
      deviceId: 'ok-personal',
      personId: 'ok-aide',
      at: T - 5 * DAY,
      receivedAt: T,
    });
    // Back-dated facts are audited when Vigil learned of them, with the instant they took effect.
    const events = await db.uow.run((tx) => tx.audit.list({ limit: 1000, type: 'refusal.recorded' }));
    const check = events.find((e) => e.payload.action === 'check');
    expect(check?.at).toBe(T);
    expect(check?.payload).toMatchObject({ effectiveAt: ago(50), recordedAt: new Date(T).toISOString() });
    const opened = await db.uow.run((tx) => tx.audit.list({ limit: 1000, type: 'incident.opened' }));
    expect(opened.find((e) => e.payload.id === 'ok-inc')).toMatchObject({
      at: T,
      payload: { effectiveAt: ago(99) },
    });
    // History is not news: no notice was queued for the old incident or sighting.
    const notices = await db.uow.run((tx) => tx.outbox.list({ limit: 100 }));
    expect(notices.filter((n) => n.key.includes('ok-inc'))).toEqual([]);
  }, 60_000);
});

describe('an invalid history is refused whole, every problem with its path', () => {
  it('refuses instants in the future', async () => {
    const f = fleet('fut-', 2);
    const later = new Date(T + DAY).toISOString();
    const problems = await problemsOf(
      doc({
        ...f,
        refusals: [{ personId: 'fut-pm', action: 'check', reason: 'busy', at: later }],
        acknowledgements: [{ personId: 'fut-pm', facility: 'hq', at: later }],
        detections: [{ facility: 'hq', identifier: `imei:${f.imei}`, at: later }],
        assignments: [{ personId: 'fut-pm', protocol: 'hist', at: ago(300), until: later }],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining(
        ['refusals.0.at', 'acknowledgements.0.at', 'detections.0.at', 'assignments.0.until'].map((path) =>
          expect.objectContaining({ path, code: 'INSTANT_IN_FUTURE' }),
        ),
      ),
    );
    await nothingWritten('fut-');
  });

  it('refuses instants before their subject existed', async () => {
    const f = fleet('old-', 3);
    const problems = await problemsOf(
      doc({
        ...f,
        refusals: [{ personId: 'old-pm', deviceId: 'old-calls', action: 'check', reason: 'x', at: ago(201) }],
        swaps: [{ id: 'old-swap', deviceId: 'old-calls', planned: { at: ago(250) } }],
        incidents: [
          {
            id: 'old-inc',
            deviceIds: ['old-personal'],
            compromise: 'suspected',
            summary: 'Old',
            opened: { at: ago(301) },
          },
        ],
        detections: [{ facility: 'hq', identifier: `imei:${f.imei}`, at: ago(365) }],
        waivers: [
          {
            id: 'old-w',
            rule: 'sensor.camera',
            deviceId: 'old-calls',
            reason: 'r',
            risk: 'k',
            expiresAt: ago(150),
            requested: { at: ago(220) },
          },
        ],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining(
        [
          'refusals.0.at',
          'swaps.0.planned.at',
          'incidents.0.opened.at',
          'detections.0.at',
          'waivers.0.requested.at',
        ].map((path) => expect.objectContaining({ path, code: 'INSTANT_BEFORE_SUBJECT' })),
      ),
    );
    await nothingWritten('old-');
  });

  it('refuses dangling references and steps out of order', async () => {
    const f = fleet('ref-', 4);
    const problems = await problemsOf(
      doc({
        ...f,
        assignments: [{ personId: 'nobody', protocol: 'no-such-protocol', at: ago(10) }],
        refusals: [{ personId: 'ref-pm', deviceId: 'no-device', action: 'dance', reason: 'x', at: ago(10) }],
        swaps: [
          {
            id: 'ref-swap',
            deviceId: 'ref-calls',
            planned: { at: ago(20) },
            steps: [
              { type: 'stage', at: ago(19), replacementId: 'no-device' },
              { type: 'decline', at: ago(25), declinedBy: 'nobody', reason: 'x' },
            ],
          },
        ],
        waivers: [
          {
            id: 'ref-w',
            rule: 'no.rule',
            deviceId: 'no-device',
            reason: 'r',
            risk: 'k',
            expiresAt: ago(1),
            requested: { at: ago(10) },
            approved: { at: ago(11) },
          },
        ],
        incidents: [
          {
            id: 'ref-inc',
            deviceIds: ['no-device'],
            personIds: ['nobody'],
            compromise: 'suspected',
            summary: 'x',
            opened: { at: ago(10) },
            closed: { at: ago(12), resolution: 'cleared' },
          },
        ],
        detections: [{ facility: 'nowhere', identifier: 'serial:ABC123', at: ago(1) }],
        acknowledgements: [{ personId: 'nobody', facility: 'nowhere', at: ago(1) }],
      }),
    );
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'assignments.0.personId',
        'assignments.0.protocol',
        'refusals.0.deviceId',
        'refusals.0.rule',
        'swaps.0.steps.0.replacementId',
        'swaps.0.steps.1.declinedBy',
        'swaps.0.steps.1.at',
        'waivers.0.rule',
        'waivers.0.deviceId',
        'waivers.0.approved.at',
        'incidents.0.deviceIds.0',
        'incidents.0.personIds.0',
        'incidents.0.closed.at',
        'detections.0.facility',
        'acknowledgements.0.personId',
        'acknowledgements.0.facility',
      ]),
    );
    await nothingWritten('ref-');
  });

  it('refuses a step its state machine refuses, at the step’s path, and writes nothing', async () => {
    const f = fleet('sm-', 5);
    const before = await db.uow.run((tx) => tx.audit.list({ limit: 100_000 }));
    const problems = await problemsOf(
      doc({
        ...f,
        waivers: [
          {
            id: 'sm-w',
            rule: 'sensor.camera',
            personId: 'sm-pm',
            reason: 'r',
            risk: 'k',
            expiresAt: ago(1),
            requested: { at: ago(20), by: 'Tech' },
            approved: { at: ago(19), by: 'Tech' },
          },
        ],
        // The staff member's protocol declares hq, but the policy version claimed is not in force.
        acknowledgements: [{ personId: 'sm-aide', facility: 'hq', policyVersion: '0', at: ago(5) }],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'waivers.0.approved', code: 'WAIVER_SELF_APPROVAL' }),
        expect.objectContaining({
          path: 'acknowledgements.0.policyVersion',
          code: 'ACKNOWLEDGEMENT_INVALID',
        }),
      ]),
    );
    await nothingWritten('sm-');
    expect(await services.waivers.listWaivers({ personId: 'sm-pm' })).toEqual([]);
    const after = await db.uow.run((tx) => tx.audit.list({ limit: 100_000 }));
    expect(after.length).toBe(before.length);
  });

  it('refuses a protocol given both in people[] and in assignments', async () => {
    const f = fleet('both-', 6);
    const people = f.people.map((p) => (p.id === 'both-pm' ? { ...p, protocol: 'hist' } : p));
    const problems = await problemsOf(doc({ ...f, people }));
    expect(problems.map((p) => p.path)).toContain('assignments.0.personId');
  });
});
