/**
 * Exports on a real database with the demo office: the tables as of now and as of a past day,
 * and every OSCAL document (fleet, an office, one person, a past date, POA&M) validated against
 * NIST's OSCAL 1.2.1 schemas; each export appends `export.created`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { oscalErrors } from '../../../test/support/oscal.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { EXPORT_COLUMNS, EXPORT_ENTITIES } from '../../core/exports/entities.ts';
import { DAY } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { uuidV5 } from './export.service.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
let db: Database;
let services: Services;
const PAST = new Date(NOW - 60 * DAY).toISOString();

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  await services.demo.load(readBaselines(), 'test');
}, 60_000);

afterAll(async () => {
  await db.close();
});

type Doc = Record<string, Record<string, unknown>>;
const ar = (d: Record<string, unknown>) => (d as Doc)['assessment-results'] as Record<string, unknown>;
const result0 = (d: Record<string, unknown>) => (ar(d).results as Record<string, unknown>[])[0] ?? {};

describe('uuidV5', () => {
  it('is deterministic, version 5 and RFC 9562 variant', () => {
    const a = uuidV5('device:dev_1');
    expect(a).toBe(uuidV5('device:dev_1'));
    expect(a).not.toBe(uuidV5('device:dev_2'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('matches the RFC 9562 test vector (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('tables', () => {
  it('exports every entity as CSV with its documented header, and as JSON with the same rows', async () => {
    for (const entity of EXPORT_ENTITIES) {
      const csv = await services.exports.table({ entity, format: 'csv' }, 'test');
      const json = await services.exports.table({ entity, format: 'json' }, 'test');
      expect(csv.body.split('\r\n')[0]).toBe(EXPORT_COLUMNS[entity].join(','));
      const parsed = JSON.parse(json.body) as { rows: unknown[]; columns: string[]; asOf: string };
      expect(parsed.columns).toEqual(EXPORT_COLUMNS[entity]);
      expect(parsed.rows.length).toBe(csv.rows);
      expect(parsed.asOf).toBe(new Date(NOW).toISOString());
      expect(csv.rows).toBeGreaterThan(0);
    }
  });

  it('as of a past day shows what was recorded by then', async () => {
    const now = JSON.parse(
      (await services.exports.table({ entity: 'inspections', format: 'json' }, 'test')).body,
    );
    const then = JSON.parse(
      (await services.exports.table({ entity: 'inspections', format: 'json', asOf: PAST }, 'test')).body,
    );
    expect(then.rows.length).toBeLessThan(now.rows.length);
    for (const r of then.rows as { at: string }[])
      expect(Date.parse(r.at)).toBeLessThanOrEqual(Date.parse(PAST));
    const incidentsThen = JSON.parse(
      (await services.exports.table({ entity: 'incidents', format: 'json', asOf: PAST }, 'test')).body,
    );
    for (const r of incidentsThen.rows as { openedAt: string }[]) {
      expect(Date.parse(r.openedAt)).toBeLessThanOrEqual(Date.parse(PAST));
    }
  });

  it('is repeatable: the same instant gives the same bytes', async () => {
    const a = await services.exports.table({ entity: 'findings', format: 'csv', asOf: PAST }, 'test');
    const b = await services.exports.table({ entity: 'findings', format: 'csv', asOf: PAST }, 'test');
    expect(a.sha256).toBe(b.sha256);
  });

  it('appends export.created with the kind, as-of and hash', async () => {
    const file = await services.exports.table({ entity: 'devices', format: 'csv', asOf: PAST }, 'auditor-1');
    const events = await services.audit.list({ type: 'export.created', limit: 1000 });
    const mine = events.find((e) => e.payload.sha256 === file.sha256 && e.actor === 'auditor-1');
    expect(mine?.payload).toMatchObject({
      kind: 'csv',
      entity: 'devices',
      asOf: new Date(PAST).toISOString(),
    });
  });
});

describe('as known at an instant', () => {
  type Prop = { name: string; value: string };
  const propsOf = (d: Record<string, unknown>) =>
    ((ar(d).metadata as Record<string, unknown>).props as Prop[]).filter(
      (p) => p.name === 'as-of' || p.name === 'known-at',
    );

  it('assessment results carry both instants and validate', async () => {
    const file = await services.exports.oscal(
      { kind: 'assessment-results', asOf: PAST, knownAt: new Date(NOW).toISOString() },
      'test',
    );
    expect(oscalErrors('ar', file.document)).toEqual([]);
    expect(propsOf(file.document).map((p) => [p.name, p.value])).toEqual([
      ['as-of', new Date(PAST).toISOString()],
      ['known-at', new Date(NOW).toISOString()],
    ]);
    const plain = await services.exports.oscal({ kind: 'assessment-results', asOf: PAST }, 'test');
    expect(propsOf(plain.document).find((p) => p.name === 'known-at')?.value).toBe('everything-recorded');
    // Everything was recorded by now: the same findings either way.
    expect(file.rows).toBe(plain.rows);
  });

  it('before the demo was recorded, nothing of its back-dated past was known', async () => {
    const before = new Date(NOW - DAY).toISOString();
    const then = JSON.parse(
      (
        await services.exports.table(
          { entity: 'devices', format: 'json', asOf: PAST, knownAt: before },
          'test',
        )
      ).body,
    );
    expect(then.knownAt).toBe(before);
    expect(then.rows).toEqual([]);
    const findings = await services.exports.table(
      { entity: 'findings', format: 'csv', asOf: PAST, knownAt: before },
      'auditor-2',
    );
    expect(findings.rows).toBe(0);
    const events = await services.audit.list({ type: 'export.created', limit: 1000 });
    expect(events.find((e) => e.actor === 'auditor-2')?.payload).toMatchObject({ knownAt: before });
  });
});

describe('OSCAL', () => {
  it('fleet assessment results validate and carry observations, findings and risks', async () => {
    const file = await services.exports.oscal({ kind: 'assessment-results' }, 'test');
    expect(oscalErrors('ar', file.document)).toEqual([]);
    const r = result0(file.document);
    expect((r.observations as unknown[]).length).toBeGreaterThan(0);
    const findings = r.findings as { target: { status: { state: string } } }[];
    expect(findings.some((f) => f.target.status.state === 'not-satisfied')).toBe(true);
    expect((r.risks as unknown[]).length).toBe(
      findings.filter((f) => f.target.status.state === 'not-satisfied').length,
    );
  });

  it('one person, an office and a past date validate, and scope the devices', async () => {
    const people = await services.inventory.listPeople();
    const staff = people.find((p) => p.kind === 'staff' && p.principalId !== null);
    const principal = people.find((p) => p.id === staff?.principalId);
    expect(principal && staff).toBeTruthy();
    const fleet = await services.exports.oscal({ kind: 'assessment-results', asOf: PAST }, 'test');
    const office = await services.exports.oscal(
      { kind: 'assessment-results', officeId: principal?.id, asOf: PAST },
      'test',
    );
    const person = await services.exports.oscal({ kind: 'assessment-results', personId: staff?.id }, 'test');
    for (const f of [fleet, office, person]) expect(oscalErrors('ar', f.document)).toEqual([]);
    const items = (d: Record<string, unknown>) =>
      (
        ((result0(d)['local-definitions'] as Record<string, unknown[]> | undefined)?.['inventory-items'] ??
          []) as unknown[]
      ).length;
    // The demo office has one principal: the office holds the fleet's devices, one person fewer.
    expect(items(office.document)).toBeLessThanOrEqual(items(fleet.document));
    expect(items(person.document)).toBeGreaterThan(0);
    expect(items(person.document)).toBeLessThan(items(office.document));
    expect((ar(fleet.document).metadata as { 'last-modified': string })['last-modified']).toBe(
      new Date(PAST).toISOString(),
    );
  });

  it('is deterministic: re-exporting the same instant gives the same document', async () => {
    const a = await services.exports.oscal({ kind: 'assessment-results', asOf: PAST }, 'test');
    const b = await services.exports.oscal({ kind: 'assessment-results', asOf: PAST }, 'test');
    expect(a.body).toBe(b.body);
  });

  it('POA&M validates, with one item per open or waived finding and a deadline per risk', async () => {
    const file = await services.exports.oscal({ kind: 'poam' }, 'test');
    expect(oscalErrors('poam', file.document)).toEqual([]);
    const poam = (file.document as Doc)['plan-of-action-and-milestones'] as Record<string, unknown[]>;
    const open = (await services.compliance.evaluate({})).findings;
    expect(poam['poam-items']?.length).toBe(open.length);
    for (const r of (poam.risks ?? []) as { deadline?: string }[]) expect(r.deadline).toMatch(/Z$/);
  });

  it('the validator rejects a broken document (the tests can fail)', async () => {
    const file = await services.exports.oscal({ kind: 'assessment-results' }, 'test');
    const broken = structuredClone(file.document) as Doc;
    delete (broken['assessment-results'] as Record<string, unknown>)['import-ap'];
    expect(oscalErrors('ar', broken).length).toBeGreaterThan(0);
    const badState = structuredClone(file.document) as Doc;
    const f = (result0(badState).findings as { target: { status: { state: string } } }[])[0];
    if (f !== undefined) f.target.status.state = 'pass';
    expect(oscalErrors('ar', badState).length).toBeGreaterThan(0);
  });

  it('refuses an unknown person and a staff member as an office', async () => {
    await expect(services.exports.oscal({ kind: 'poam', personId: 'nobody' }, 'test')).rejects.toMatchObject({
      code: 'PERSON_NOT_FOUND',
    });
    const staff = (await services.inventory.listPeople()).find((p) => p.kind === 'staff');
    await expect(services.exports.oscal({ kind: 'poam', officeId: staff?.id }, 'test')).rejects.toMatchObject(
      { code: 'EXPORT_INVALID' },
    );
  });
});

describe('event stream', () => {
  it('returns only integrated events, in seq order, after the given seq', async () => {
    expect(await services.exports.eventsAfter(0, 10)).toEqual([]); // nothing integrated yet
    await services.auditLog.integrateAll();
    const all = await services.exports.eventsAfter(0, 100_000);
    expect(all.length).toBeGreaterThan(10);
    const seqs = all.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const from = seqs[4] ?? 0;
    const rest = await services.exports.eventsAfter(from, 3);
    expect(rest.map((e) => e.seq)).toEqual(seqs.slice(5, 8));
  });
});
