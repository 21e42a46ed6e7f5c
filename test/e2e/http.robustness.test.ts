/**
 * Hostile and careless input: every route that takes a body or a query gets malformed JSON,
 * oversized bodies, wrong types, missing and extra fields, huge strings, nested garbage, the
 * wrong content type and random JSON. The answer is always a 4xx with a registered code,
 * never a 5xx.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT } from '../../src/adapters/http/app.ts';
import { IMPORT_BODY_LIMIT } from '../../src/adapters/http/routes/import.routes.ts';
import { ERRORS } from '../../src/core/errors.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { ROUTES, type RouteRow } from './route-table.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t?.close());

/** A 4xx with a registered code (and the code's own status), never a 5xx. */
function expectRefused(res: LightMyRequestResponse, code?: keyof typeof ERRORS): void {
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  const body = res.json();
  expect(Object.keys(ERRORS)).toContain(body.error.code);
  expect(ERRORS[body.error.code as keyof typeof ERRORS].status).toBe(res.statusCode);
  expect(typeof body.error.message).toBe('string');
  expect(Array.isArray(body.error.details)).toBe(true);
  expect(res.body).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
  if (code !== undefined) expect(body.error.code).toBe(code);
}

/** Never a 5xx; a refusal is well-formed. */
function expectHandled(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400) expectRefused(res);
}

const withBody = ROUTES.filter(
  (r): r is RouteRow & { body: Record<string, unknown> } => r.body !== undefined,
);
const withQuery = ROUTES.filter(
  (r): r is RouteRow & { query: Record<string, string> } => r.query !== undefined,
);
const isImport = (r: RouteRow) => r.route === '/api/v1/import';
/** The import route checks the document itself and answers IMPORT_INVALID. */
const invalid = (r: RouteRow) => (isImport(r) ? 'IMPORT_INVALID' : 'VALIDATION_FAILED');

const send = (row: RouteRow, payload: string | Buffer, contentType = 'application/json') =>
  t.call(row.method, row.url, { payload, headers: { 'content-type': contentType } });
const sendJson = (row: RouteRow, body: unknown) => send(row, JSON.stringify(body));

const wrongType = (v: unknown): unknown =>
  typeof v === 'string' || v === null
    ? 12345
    : typeof v === 'number'
      ? 'twelve'
      : typeof v === 'boolean'
        ? 'yes'
        : 'not-an-object';

const nested = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: [v] };
  return v;
};

describe.each(withBody)('body of $method $route', (row) => {
  it('malformed JSON is BAD_JSON', async () => {
    for (const payload of ['{"a":', '{a:1}', "{'a':1}", '[1,]', 'nul', '\u0000', '{"a":1}}']) {
      expectRefused(await send(row, payload), 'BAD_JSON');
    }
  });

  it('an empty JSON body is refused', async () => {
    expectRefused(await send(row, ''));
  });

  it('an oversized body is PAYLOAD_TOO_LARGE', async () => {
    const limit = isImport(row) ? IMPORT_BODY_LIMIT : DEFAULT_BODY_LIMIT;
    const payload = JSON.stringify({ ...row.body, pad: 'x'.repeat(limit) });
    expectRefused(await send(row, payload), 'PAYLOAD_TOO_LARGE');
  });

  it('the wrong content type is UNSUPPORTED_MEDIA_TYPE', async () => {
    const json = JSON.stringify(row.body);
    const types = [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ];
    for (const type of isImport(row) ? types : [...types, 'application/yaml']) {
      expectRefused(await send(row, json, type), 'UNSUPPORTED_MEDIA_TYPE');
    }
    const res = await t.call(row.method, row.url, { payload: json, headers: {} });
    expectRefused(res, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body that is not an object is refused', async () => {
    for (const body of [null, 42, 'text', true, [], [row.body]])
      expectRefused(await sendJson(row, body), invalid(row));
  });

  it('each field with the wrong type is refused', async () => {
    for (const [k, v] of Object.entries(row.body)) {
      expectRefused(await sendJson(row, { ...row.body, [k]: wrongType(v) }), invalid(row));
    }
  });

  it('each field replaced by nested garbage is refused', async () => {
    for (const k of Object.keys(row.body)) {
      expectRefused(
        await sendJson(row, { ...row.body, [k]: { $gt: '', __proto__: { admin: true }, a: [[{}]] } }),
        invalid(row),
      );
    }
  });

  it('missing fields are refused or defaulted, never a crash', async () => {
    expectRefused(await sendJson(row, {}), invalid(row));
    for (const k of Object.keys(row.body)) {
      const { [k]: _, ...rest } = row.body;
      expectHandled(await sendJson(row, rest));
    }
  });

  it('an extra field is refused, listed by name', async () => {
    const res = await sendJson(row, { ...row.body, isAdmin: true });
    expectRefused(res, invalid(row));
    expect(res.body).toContain('isAdmin');
  });

  it('a huge string in every field is refused', async () => {
    const huge = 'A'.repeat(300_000);
    for (const k of Object.keys(row.body)) expectHandled(await sendJson(row, { ...row.body, [k]: huge }));
    expectRefused(await sendJson(row, Object.fromEntries(Object.keys(row.body).map((k) => [k, huge]))));
  });

  it('deeply nested garbage is refused', async () => {
    expectRefused(await sendJson(row, { ...row.body, deep: nested(2000) }));
    expectRefused(await send(row, `${'['.repeat(100_000)}${']'.repeat(100_000)}`));
  });

  it('prototype pollution attempts are refused and pollute nothing', async () => {
    const res = await send(
      row,
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
    expectRefused(res);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('every issue is listed', async () => {
    const res = await sendJson(row, Object.fromEntries(Object.keys(row.body).map((k) => [k, { bogus: 1 }])));
    expectRefused(res, invalid(row));
    expect(res.json().error.details.length).toBeGreaterThanOrEqual(Object.keys(row.body).length);
  });

  it('random JSON bodies never cause a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) =>
        expectHandled(await sendJson(row, value)),
      ),
      { numRuns: 25, seed: 20261121 },
    );
  });

  it('random values in known fields never cause a 5xx', async () => {
    const keys = Object.keys(row.body);
    const arb = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }), {
      maxKeys: keys.length,
    });
    await fc.assert(
      fc.asyncProperty(arb, async (patch) => expectHandled(await sendJson(row, { ...row.body, ...patch }))),
      { numRuns: 25, seed: 20261122 },
    );
  });
});

describe.each(withQuery)('query of $method $route', (row) => {
  const get = (query: string) => t.call(row.method, `${row.url}?${query}`);
  const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();

  it('the example is accepted', async () => {
    expectHandled(await get(qs(row.query)));
  });

  it('an unknown parameter is refused', async () => {
    expectRefused(await get(qs({ ...row.query, bogus: '1' })), 'VALIDATION_FAILED');
    expectRefused(await get('a[b]=1'), 'VALIDATION_FAILED');
  });

  it('wrongly typed, huge, repeated and garbage values are refused or handled', async () => {
    for (const k of Object.keys(row.query)) {
      for (const v of [
        '',
        'abc',
        '-1',
        '1e400',
        'NaN',
        '99999999999999999999',
        'x'.repeat(20_000),
        '%00',
        '{}',
      ]) {
        expectHandled(await get(qs({ ...row.query, [k]: v })));
      }
      expectRefused(await get(`${qs(row.query)}&${k}=1&${k}=2`), 'VALIDATION_FAILED');
    }
  });

  it('random query strings never cause a 5xx', async () => {
    const keys = Object.keys(row.query);
    const arb = fc.dictionary(fc.constantFrom(...keys, 'other'), fc.string({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(arb, async (q) => expectHandled(await get(qs(q)))),
      {
        numRuns: 25,
        seed: 20261123,
      },
    );
  });
});

describe('URLs and headers', () => {
  it('an unknown route is NOT_FOUND, with or without a token', async () => {
    expectRefused(await t.call('GET', '/api/v1/nope'), 'NOT_FOUND');
    expectRefused(await t.call('GET', '/api/v1/nope', { token: null }), 'NOT_FOUND');
    expectRefused(await t.call('PATCH', '/api/v1/people'), 'NOT_FOUND');
  });

  it('malformed path parameters are refused', async () => {
    for (const id of ['%zz', '..%2F..%2Fetc', 'a%00b', 'x'.repeat(300), '%F0%9F%92%A9', ' ']) {
      expectHandled(await t.call('GET', `/api/v1/people/${id}`));
      expectHandled(await t.call('GET', `/api/v1/devices/${id}`));
    }
  });

  it('a malformed Authorization header is AUTH_REQUIRED; a malformed token AUTH_INVALID_TOKEN', async () => {
    for (const header of [
      '',
      'Bearer',
      'Basic dXNlcjpwYXNz',
      'bearer',
      `Token ${t.admin}`,
      `Bearer ${t.admin} extra`,
    ]) {
      const res = await t.call('GET', '/api/v1/people', { token: null, headers: { authorization: header } });
      expectRefused(res, 'AUTH_REQUIRED');
    }
    for (const token of [
      'vgl_x',
      'garbage',
      `${t.admin}x`,
      'vgl_tok_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'x'.repeat(5000),
    ]) {
      expectRefused(await t.call('GET', '/api/v1/people', { token }), 'AUTH_INVALID_TOKEN');
    }
  });

  it('YAML to the import route: bad YAML is BAD_YAML, alias bombs are refused', async () => {
    const row = ROUTES.find(isImport);
    if (row === undefined) throw new Error('no import route');
    expectRefused(await send(row, 'a: [1, 2\nb: : :', 'application/yaml'), 'BAD_YAML');
    expectRefused(await send(row, 'a: 1\na: 2\n', 'text/yaml'), 'BAD_YAML');
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(9)
          .fill(`*${i === 1 ? 'a' : 'b'.repeat(i - 1)}`)
          .join(',')}]`,
      );
    expectRefused(await send(row, bomb.join('\n'), 'application/yaml'));
    expectRefused(
      await send(row, 'apiVersion: vigil/v1\nkind: Fleet\npeople: 3\n', 'application/yaml'),
      'IMPORT_INVALID',
    );
  });
});
