/**
 * `POST /import`: a whole fleet document, as JSON or YAML, up to 50 MiB. The route lives in
 * its own plugin scope so that only it accepts YAML and the larger body. The body is not
 * validated by the route: the import service checks the document and its cross-references
 * together and answers IMPORT_INVALID listing every problem, exactly as `vigil import` does.
 */
import type { FastifyRequest } from 'fastify';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import { fleetDocumentSchema } from '../../../services/import/import.service.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

const summarySchema = z.object({
  sha256: z.string().meta({ description: 'SHA-256 of the body as received.' }),
  people: z.number().int(),
  devices: z.number().int(),
  posture: z.number().int(),
  inspections: z.number().int(),
  rotations: z.number().int(),
  osReleases: z.number().int(),
  assignments: z.number().int(),
  swaps: z.number().int(),
  refusals: z.number().int(),
  waivers: z.number().int(),
  incidents: z.number().int(),
  detections: z.number().int(),
  acknowledgements: z.number().int(),
});

/** The raw text of each import request, hashed into the audit log. */
const texts = new WeakMap<FastifyRequest, string>();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new VigilError('BAD_JSON', 'the request body is not valid JSON');
  }
}

function parseYamlText(text: string): unknown {
  try {
    // The core schema only: no custom tags; a bounded number of aliases (no "billion laughs").
    return parseYaml(text, { schema: 'core', maxAliasCount: 100, uniqueKeys: true });
  } catch (err) {
    // YAMLParseError for syntax; the library throws plain errors for resource limits (aliases).
    const pos = err instanceof YAMLParseError ? err.linePos?.[0] : undefined;
    const first = err instanceof Error ? (err.message.split('\n')[0] ?? '') : '';
    throw new VigilError('BAD_YAML', 'the request body is not valid YAML', [
      { path: '(root)', message: first || 'invalid YAML', line: pos?.line ?? null, column: pos?.col ?? null },
    ]);
  }
}

export const importRoutes: Routes = (app, { services }) => {
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      async (request: FastifyRequest, body: string) => {
        texts.set(request, body);
        return parseJson(body);
      },
    );
    scope.addContentTypeParser(
      YAML_TYPES,
      { parseAs: 'string' },
      async (request: FastifyRequest, body: string) => {
        texts.set(request, body);
        return parseYamlText(body);
      },
    );

    scope.post(
      '/import',
      {
        config: { roles: ['admin'], limit: 'ingest' },
        bodyLimit: IMPORT_BODY_LIMIT,
        // Documented with the fleet schema, checked by the service (see above).
        validatorCompiler: () => (value) => ({ value }),
        schema: {
          tags: ['import'],
          summary: 'Import a fleet document (JSON or YAML, up to 50 MiB)',
          description:
            'People, devices and their history in one document (`kind: Fleet`, see docs/fleet.schema.json). ' +
            'Everything is checked first; a document with any problem is refused whole (IMPORT_INVALID, ' +
            'every problem listed) and nothing is written.',
          consumes: ['application/json', ...YAML_TYPES],
          body: fleetDocumentSchema,
          response: {
            201: ok(summarySchema, 'What was imported.'),
            ...errorResponses({ body: true, extra: [422] }),
          },
        },
      },
      async (request, reply) => {
        const summary = await services.fleetImport.importDocument(
          request.body,
          texts.get(request) ?? '',
          callerOf(request).actor,
        );
        return reply.code(201).send(summary);
      },
    );
  });
};
