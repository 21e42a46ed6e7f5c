/**
 * The correction service over a real database: a wrong check result corrected later reads as
 * first recorded when known before the correction and as corrected from then on; the checks
 * (an existing fact, fields the kind lets change, no future or earlier effective instant);
 * the audit event; retractions of refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { codeOf } from '../../../test/support/errors.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { createServices, type Services } from '../index.ts';

const T = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
let now = T - 2 * DAY;
let db: Database;
let services: Services;

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: corr, title: Corrections test, version: "1" }
roles:
  calls: { inspection: { every: P30D, methods: [forensic-scan] } }
`;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => now };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock), random: systemRandom });
  await services.protocols.put({ text: PROTOCOL, effectiveAt: iso(T - 100 * DAY) }, 'test');
  await services.inventory.createPerson(
    { id: 'pm', name: 'PM', kind: 'principal', protocol: 'corr' },
    'test',
  );
  await services.inventory.registerDevice(
    {
      id: 'd',
      serial: 'd',
      platform: 'ios',
      model: 'iPhone',
      ownership: 'issued',
      role: 'calls',
      holderId: 'pm',
      issuedAt: iso(T - 50 * DAY),
    },
    'test',
  );
});
afterAll(() => db?.close());

const failed = async (knownAt?: number) =>
  (
    await services.compliance.evaluate({
      asOf: iso(T),
      ...(knownAt === undefined ? {} : { knownAt: iso(knownAt) }),
    })
  ).findings.filter((f) => f.rule === 'inspection.failed');

describe('CorrectionService', () => {
  it('corrects a check result: as known before, the old answer; from the correction on, the new', async () => {
    now = T - 2 * DAY;
    await services.inventory.recordInspection(
      {
        id: 'ins1',
        deviceId: 'd',
        at: iso(T - 3 * DAY),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'tech',
      },
      'token:tech',
    );
    expect(await failed()).toEqual([]);
    now = T - DAY;
    const c = await services.corrections.correct(
      {
        kind: 'inspection',
        factId: 'ins1',
        reason: 'the report says suspicious',
        set: { result: 'suspicious' },
      },
      'token:officer',
    );
    expect(c).toMatchObject({
      kind: 'inspection',
      factId: 'ins1',
      deviceId: 'd',
      effectiveAt: T - 3 * DAY,
      recordedAt: T - DAY,
      recordedBy: 'token:officer',
      values: {
        result: 'suspicious',
        method: 'forensic-scan',
        at: T - 3 * DAY,
        performedBy: 'tech',
        notes: null,
      },
    });
    expect(await failed(T - DAY - 1)).toEqual([]);
    expect(await failed(T - DAY)).toHaveLength(1);
    expect(await failed()).toHaveLength(1);

    const [event] = await services.audit.list({ type: 'fact.corrected' });
    expect(event?.payload).toMatchObject({
      kind: 'inspection',
      factId: 'ins1',
      effectiveAt: iso(T - 3 * DAY),
      recordedAt: iso(T - DAY),
      reason: 'the report says suspicious',
      values: { result: 'suspicious', at: iso(T - 3 * DAY) },
    });
    expect((await services.corrections.list({ factId: 'ins1' })).map((x) => x.id)).toEqual([c.id]);
  });

  it('builds on the latest correction: a second one keeps the first one’s changes', async () => {
    now = T - DAY + 1;
    const c = await services.corrections.correct(
      { kind: 'inspection', factId: 'ins1', reason: 'notes missing', set: { notes: 'see report 12' } },
      'token:officer',
    );
    expect(c.values).toMatchObject({ result: 'suspicious', notes: 'see report 12' });
  });

  it('refuses unknown facts, fields the kind does not let change, future and earlier instants', async () => {
    now = T;
    const correct = (input: Parameters<Services['corrections']['correct']>[0]) =>
      codeOf(services.corrections.correct(input, 'token:officer'));
    expect(await correct({ kind: 'inspection', factId: 'nope', reason: 'x', retract: true })).toBe(
      'FACT_NOT_FOUND',
    );
    expect(await correct({ kind: 'status', factId: 'abc', reason: 'x', retract: true })).toBe(
      'FACT_NOT_FOUND',
    );
    expect(
      await correct({ kind: 'inspection', factId: 'ins1', reason: 'x', set: { deviceId: 'other' } }),
    ).toBe('CORRECTION_INVALID');
    expect(await correct({ kind: 'inspection', factId: 'ins1', reason: 'x', set: { result: 'dirty' } })).toBe(
      'CORRECTION_INVALID',
    );
    expect(
      await correct({ kind: 'inspection', factId: 'ins1', reason: 'x', set: { at: iso(T + DAY) } }),
    ).toBe('INSTANT_IN_FUTURE');
    expect(
      await correct({ kind: 'inspection', factId: 'ins1', reason: 'x', set: { at: iso(T - 4 * DAY) } }),
    ).toBe('CORRECTION_INVALID');
  });

  it('retracts a refusal: as known from the retraction on, it never happened', async () => {
    now = T - DAY;
    const r = await services.refusals.recordRefusal(
      { personId: 'pm', deviceId: 'd', action: 'check', reason: 'busy', at: iso(T - DAY) },
      'token:tech',
    );
    now = T;
    const c = await services.corrections.correct(
      { kind: 'refusal', factId: r.id, reason: 'recorded for the wrong person', retract: true },
      'token:officer',
    );
    expect(c.values).toBeNull();
    expect(c.deviceId).toBe('d');
  });
});
