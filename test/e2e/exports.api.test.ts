/**
 * Exports through the HTTP API, on the demo office: CSV and JSON tables with their headers and
 * hashes, OSCAL documents for the fleet, an office, a person and a past date (each validated
 * against NIST's OSCAL 1.2.1 schemas), roles, bad input, and the `export.created` event.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, EXPORT_ENTITIES } from '../../src/core/exports/entities.ts';
import { DAY } from '../../src/core/time.ts';
import { readBaselines } from '../../src/runtime.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { oscalErrors } from '../support/oscal.ts';

let t: TestApp;
let auditor: string;
const PAST = new Date(Date.now() - 45 * DAY).toISOString();

beforeAll(async () => {
  t = await buildTestApp();
  await t.services.demo.load(readBaselines(), 'test');
  auditor = await t.token('auditor');
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('GET /exports/{entity}.csv|.json', () => {
  it('serves every entity in both formats, as an attachment with its hash', async () => {
    for (const entity of EXPORT_ENTITIES) {
      const csv = await t.call('GET', `/api/v1/exports/${entity}.csv`, { token: auditor });
      expect(csv.statusCode, entity).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(
        new RegExp(`attachment; filename="vigil-${entity}-`),
      );
      expect(csv.body.split('\r\n')[0]).toBe(EXPORT_COLUMNS[entity].join(','));
      expect(createHash('sha256').update(csv.body).digest('hex')).toBe(csv.headers['x-content-sha256']);
      const json = await t.call('GET', `/api/v1/exports/${entity}.json?asOf=${PAST}`, { token: auditor });
      expect(json.statusCode).toBe(200);
      expect(json.json()).toMatchObject({ entity, asOf: new Date(PAST).toISOString() });
    }
  });

  it('is an audited act', async () => {
    const res = await t.call('GET', `/api/v1/exports/waivers.csv?asOf=${PAST}`, { token: auditor });
    const events = await t.services.audit.list({ type: 'export.created', limit: 1000 });
    const e = events.find((x) => x.payload.sha256 === res.headers['x-content-sha256']);
    expect(e?.payload).toMatchObject({ kind: 'csv', entity: 'waivers', asOf: new Date(PAST).toISOString() });
    expect(e?.actor).toMatch(/^token:/);
  });

  it('answers bad input with 4xx and a stable code', async () => {
    const unknown = await t.call('GET', '/api/v1/exports/secrets.csv', { token: auditor });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
    const badDate = await t.call('GET', '/api/v1/exports/findings.csv?asOf=yesterday', { token: auditor });
    expect(badDate.statusCode).toBe(400);
    // Year 0 parses as ISO 8601 but no database stores it: refused before any query runs.
    for (const q of ['asOf=0000-01-01T00:00:00Z', 'knownAt=0000-01-01T00:00:00Z']) {
      const yearZero = await t.call('GET', `/api/v1/exports/findings.csv?${q}`, { token: auditor });
      expect(yearZero.statusCode).toBe(400);
      expect(yearZero.json().error.code).toBe('VALIDATION_FAILED');
    }
    const staff = await t.call('GET', '/api/v1/exports/findings.csv', { token: await t.token('staff') });
    expect(staff.statusCode).toBe(403);
  });
});

describe('GET /exports/oscal/*', () => {
  it('assessment results for the fleet, an office, a person and a past date are valid OSCAL 1.2.1', async () => {
    const people = (await t.services.inventory.listPeople()).filter(
      (p) => p.kind === 'staff' && p.principalId !== null,
    );
    const staff = people[0];
    const urls = [
      '/api/v1/exports/oscal/assessment-results',
      `/api/v1/exports/oscal/assessment-results?asOf=${PAST}`,
      `/api/v1/exports/oscal/assessment-results?officeId=${staff?.principalId}`,
      `/api/v1/exports/oscal/assessment-results?personId=${staff?.id}&asOf=${PAST}`,
    ];
    for (const url of urls) {
      const res = await t.call('GET', url, { token: auditor });
      expect(res.statusCode, url).toBe(200);
      expect(oscalErrors('ar', res.json()), url).toEqual([]);
    }
  });

  it('POA&M now and as of a past date is valid OSCAL 1.2.1', async () => {
    for (const url of ['/api/v1/exports/oscal/poam', `/api/v1/exports/oscal/poam?asOf=${PAST}`]) {
      const res = await t.call('GET', url, { token: auditor });
      expect(res.statusCode, url).toBe(200);
      expect(oscalErrors('poam', res.json()), url).toEqual([]);
      expect(res.json()['plan-of-action-and-milestones']['poam-items'].length).toBeGreaterThan(0);
    }
  });

  it('names an unknown person 404 and a person plus an office 422', async () => {
    const unknown = await t.call('GET', '/api/v1/exports/oscal/poam?personId=per_none', { token: auditor });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PERSON_NOT_FOUND');
    const [p] = await t.services.inventory.listPeople();
    const both = await t.call(
      'GET',
      `/api/v1/exports/oscal/assessment-results?personId=${p?.id}&officeId=${p?.id}`,
      { token: auditor },
    );
    expect(both.statusCode).toBe(422);
    expect(both.json().error.code).toBe('EXPORT_INVALID');
  });
});
