/** The OpenAPI document: served, complete, and committed as docs/openapi.json without drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApi } from '../../scripts/generate-openapi.ts';
import { buildApp } from '../../src/adapters/http/app.ts';
import { servicesWithoutDatabase } from '../../src/adapters/http/openapi-document.ts';
import { ROUTES } from './route-table.ts';

const app = buildApp({ services: servicesWithoutDatabase(), ready: async () => true, logger: false });
beforeAll(() => app.ready());
afterAll(() => app.close());

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

const openapiPath = (route: string) => route.replaceAll(/:(\w+)/g, '{$1}');

describe('OpenAPI', () => {
  it('is served without a token as OpenAPI 3.1.0 with every route', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(ROUTES.map((r) => `${r.method} ${openapiPath(r.route)}`).sort());
  });

  it('documents every route: tag, summary, roles, input, success and error responses', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const row of ROUTES) {
      const op: Operation = doc.paths[openapiPath(row.route)][row.method.toLowerCase()];
      const name = `${row.method} ${row.route}`;
      expect(op.tags?.length, name).toBeGreaterThan(0);
      expect(op.summary, name).toBeTruthy();
      expect(op.description, name).toMatch(row.roles === 'public' ? /Public/ : /Roles: /);
      if (row.roles === 'public') expect(op.security, name).toEqual([]);
      else expect(op.responses['401'], name).toBeDefined();
      if (row.body !== undefined) expect(op.requestBody, name).toBeDefined();
      if (row.query !== undefined || row.route.includes(':'))
        expect(op.parameters?.length, name).toBeGreaterThan(0);
      const codes = Object.keys(op.responses);
      // Success is a 2xx, or for the single sign-on redirects a 303.
      expect(
        codes.some((c) => c.startsWith('2') || c === '303'),
        name,
      ).toBe(true);
      for (const code of codes.filter((c) => Number(c) >= 400)) {
        expect(op.responses[code]?.content?.['application/json']?.schema, `${name} ${code}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
    expect(doc.components.schemas.Error.properties.error.required).toEqual([
      'code',
      'message',
      'details',
      'hint',
    ]);
  });

  it('docs/openapi.json is what the code generates (run `node scripts/generate-openapi.ts`)', async () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(committed).toBe(await renderOpenApi());
  });
});
