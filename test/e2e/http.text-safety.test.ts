/**
 * Text the databases cannot store (a NUL, a lone UTF-16 surrogate) is bad input at every
 * boundary: HTTP bodies and queries, MDM deliveries, CLI arguments and the fleet document.
 * Each is refused with a stable 4xx code naming the field, and nothing is written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { type CliEnv, cliEnv } from '../support/cli-env.ts';

const BAD = { nul: 'Ada\u0000Example', surrogate: 'Ada \ud800 Example', lowSurrogate: '\udc00' } as const;

let t: TestApp;
let cli: CliEnv;
beforeAll(async () => {
  t = await buildTestApp();
  cli = cliEnv();
});
afterAll(async () => {
  await t?.close();
  await cli?.cleanup();
});

describe.each(Object.entries(BAD))('HTTP with %s', (_kind, bad) => {
  it('POST /people name → 400 VALIDATION_FAILED naming the field', async () => {
    const res = await t.call('POST', '/api/v1/people', { body: { name: bad, kind: 'principal' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json().error)).toMatch(/name/);
  });

  it('POST /posture source → 400 VALIDATION_FAILED', async () => {
    const res = await t.call('POST', '/api/v1/posture', {
      body: { deviceId: 'dev_x', observedAt: '2026-01-15T09:00:00Z', source: bad },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json().error)).toMatch(/source/);
  });
});

it('a NUL in a query string → 400 VALIDATION_FAILED', async () => {
  const res = await t.call('GET', '/api/v1/people?q=Ada%00Example');
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe('VALIDATION_FAILED');
});

describe('POST /connectors/csv', () => {
  it('a NUL byte in a cell → 422 CONNECTOR_PAYLOAD_INVALID, nothing recorded', async () => {
    const csv = 'serial,observed_at,os_version\nSN-\u0000-1,2026-11-19T00:00:00Z,18.6\n';
    const res = await t.call('POST', '/api/v1/connectors/csv', {
      payload: Buffer.from(csv, 'utf8'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('CONNECTOR_PAYLOAD_INVALID');
  });

  it('a NUL in the serial query → 400 VALIDATION_FAILED', async () => {
    const res = await t.call('POST', '/api/v1/connectors/csv?serial=SN%00X', {
      payload: Buffer.from('serial\nSN-1\n', 'utf8'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('a JSON-escaped lone surrogate in a JSON payload → 422, not 500', async () => {
    const res = await t.call('POST', '/api/v1/connectors/fleet', {
      payload: '{"hosts":[{"hardware_serial":"SN\\ud800","os_version":"iOS 18.6"}]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
  });
});

describe('CLI', () => {
  it('vigil person add with a lone-surrogate name exits non-zero with a message', async () => {
    const r = await cli.run('person', 'add', '--name', 'Sam \ud800', '--kind', 'principal');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/VALIDATION_FAILED/);
    expect(r.stderr).toMatch(/surrogate/);
  });

  it('vigil import of a document with a NUL in a name is refused, nothing written', async () => {
    const file = join(cli.cwd, 'nul.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: vigil/v1',
        'kind: Fleet',
        'people:',
        '  - { id: nul-person, name: "Nul\\0Person", kind: principal }',
      ].join('\n'),
    );
    const r = await cli.run('import', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IMPORT_INVALID/);
    expect(r.stderr).toMatch(/people\.0\.name/);
    const people = await cli.run('--json', 'person', 'list');
    expect((JSON.parse(people.stdout) as { id: string }[]).some((p) => p.id === 'nul-person')).toBe(false);
  });

  it('POST /import with a NUL in a name → 422 IMPORT_INVALID, nothing written', async () => {
    const doc = {
      apiVersion: 'vigil/v1',
      kind: 'Fleet',
      people: [{ id: 'nul-http', name: 'Nul\u0000Http', kind: 'principal' }],
    };
    const res = await t.call('POST', '/api/v1/import', { body: doc });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect((await t.call('GET', '/api/v1/people/nul-http')).statusCode).toBe(404);
  });
});
