/**
 * An OpenAPI-driven fuzzer: for every operation in docs/openapi.json and every role (and no
 * token), fast-check builds parameters, queries and bodies from the operation's own schemas,
 * drawing strings from a hostile alphabet (NUL, lone surrogates, U+202E, very long text),
 * extreme instants and numbers, and values of the wrong type. No answer may be a 5xx.
 * Bounded: a fixed seed and a fixed number of runs per operation × role.
 * Nothing is skipped: generated ids never match the tokens in use, so revoking routes
 * (DELETE /tokens/{id}) only ever see unknown ids and cannot end the run's own sessions.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES } from '../../src/services/kernel/ports.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

type Schema = Record<string, unknown>;
interface Parameter {
  readonly in: string;
  readonly name: string;
  readonly schema?: Schema;
}
interface Operation {
  readonly parameters?: Parameter[];
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const RUNS = 8;
const SEED = 20261206;

const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00',
    '\u202Eevil',
    'x'.repeat(10_000),
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59-14:00',
    '1969-12-31T23:59:59Z',
    '10000-01-01T00:00:00Z',
    '-1',
    '0',
    String(2 ** 53),
    'NaN',
    'Infinity',
    '1e308',
    'null',
    'dev_x',
  ),
  fc.string({
    unit: fc.constantFrom('a', '\u0000', '\ud800', '\udfff', '\u202E', '/', '%', 'é', '😀'),
    maxLength: 20,
  }),
);
const hostileNumber = fc.constantFrom(-1, 0, 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.5, 500, 501);
const wrongType = fc.constantFrom<unknown>(null, true, 12345, 'text', [], {}, [null], { a: 1 });

function resolve(s: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref === 'string') return doc.components?.schemas?.[ref.split('/').pop() ?? ''] ?? {};
  return s;
}

function arb(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 4) return wrongType;
  const s = resolve(schema);
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alts !== undefined) return fc.oneof(...alts.map((a) => arb(a, depth + 1)));
  let main: fc.Arbitrary<unknown>;
  if (Array.isArray(s.enum)) main = fc.constantFrom(...(s.enum as unknown[]));
  else if (s.type === 'string') main = hostileString;
  else if (s.type === 'integer' || s.type === 'number') main = hostileNumber;
  else if (s.type === 'boolean') main = fc.boolean();
  else if (s.type === 'array')
    main = fc.array(arb(s.items as Schema | undefined, depth + 1), { maxLength: 3 });
  else if (s.type === 'object' || s.properties !== undefined) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arb(v, depth + 1)]));
    main = fc.record(record, { requiredKeys: (s.required ?? []) as string[] });
  } else main = wrongType;
  return fc.oneof({ arbitrary: main, weight: 4 }, { arbitrary: wrongType, weight: 1 });
}

/** Percent-encoding that keeps a lone surrogate hostile (its CESU bytes) instead of throwing. */
function encode(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return [...s]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const c = ch.charCodeAt(0);
        const bytes = [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
        return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
    })
    .join('');
}

function requestArb(path: string, op: Operation) {
  const params = op.parameters ?? [];
  const record = (where: string) =>
    fc.record(Object.fromEntries(params.filter((p) => p.in === where).map((p) => [p.name, arb(p.schema)])), {
      ...(where === 'path' ? {} : { requiredKeys: [] }),
    }) as fc.Arbitrary<Record<string, unknown>>;
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  return fc
    .record({
      path: record('path'),
      query: record('query'),
      body: bodySchema === undefined ? fc.constant(undefined) : arb(bodySchema),
    })
    .map(({ path: p, query, body }) => {
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encode(p[name] ?? 'x') || 'x');
      const qs = Object.entries(query)
        .map(([k, v]) => `${k}=${encode(v)}`)
        .join('&');
      return { url: qs === '' ? url : `${url}?${qs}`, body };
    });
}

let t: TestApp;
let tokens: [string, string | null][];
beforeAll(async () => {
  t = await buildTestApp();
  tokens = [['none', null]];
  for (const role of ROLES) tokens.push([role, await t.token(role)]);
});
afterAll(() => t?.close());

it('no generated request to any operation, for any role, gets a 5xx', async () => {
  let sent = 0;
  const failures: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [role, token] of tokens) {
        await fc.assert(
          fc.asyncProperty(requestArb(path, op), async ({ url, body }) => {
            const res = await t.call(method.toUpperCase() as HTTPMethods, url, {
              token,
              ...(body === undefined ? {} : { body }),
            });
            sent++;
            if (res.statusCode >= 500)
              failures.push(
                `${method.toUpperCase()} ${url.slice(0, 200)} as ${role}: ${res.statusCode} ${res.body.slice(0, 200)}`,
              );
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    }
  }
  console.log(`http fuzz: ${sent} requests, ${failures.length} 5xx`);
  expect(failures).toEqual([]);
}, 180_000);
