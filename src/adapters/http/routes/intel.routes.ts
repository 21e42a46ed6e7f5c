/**
 * Patch-currency intelligence: `POST /intel/:kind` imports a SOFA iOS feed, the CISA
 * KEV catalog or Android patch levels as published (the body is checked by the importer, which
 * names a malformed field: 422 INTEL_FEED_INVALID); `GET /intel` says what Vigil knows.
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INTEL_KINDS } from '../../../core/intel/feeds.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

export const INTEL_BODY_LIMIT = 20 * 1024 * 1024;

const importResultSchema = z.object({
  kind: z.enum(INTEL_KINDS),
  origin: z.string(),
  sha256: z.string(),
  version: z.string().nullable(),
  releases: z.number().int(),
  fixes: z.number().int(),
  kev: z.number().int(),
});

const summarySchema = z.object({
  releases: z.object({ ios: z.number().int(), android: z.number().int() }),
  newest: z.object({ ios: z.string().nullable(), android: z.string().nullable() }),
  fixes: z.number().int(),
  exploitedFixes: z.number().int(),
  kev: z.number().int(),
});

const texts = new WeakMap<FastifyRequest, string>();

export const intelRoutes: Routes = (app, { services }) => {
  app.get(
    '/intel',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['integrations'],
        summary: 'What Vigil knows of OS releases, CVE fixes and the KEV catalog',
        response: {
          200: ok(summarySchema, 'Counts and the newest release per platform.'),
          ...errorResponses({}),
        },
      },
    },
    () => services.intel.summary(),
  );

  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, async (request: FastifyRequest, body: string) => {
      texts.set(request, body);
      return null;
    });
    scope.post(
      '/intel/:kind',
      {
        config: { roles: ['admin'] },
        bodyLimit: INTEL_BODY_LIMIT,
        schema: {
          tags: ['integrations'],
          summary: 'Import a SOFA iOS feed, the CISA KEV catalog, or Android patch levels',
          description:
            'The body is the published JSON (SOFA v2 `ios_data_feed.json`, `known_exploited_vulnerabilities.json`) ' +
            "or Vigil's Android patch-level format (src/core/intel/README.md). Releases, CVE fixes and KEV entries " +
            'are upserted in one transaction with an intel.imported audit event.',
          params: z.object({ kind: z.enum(INTEL_KINDS) }),
          consumes: ['application/json'],
          response: {
            201: ok(importResultSchema, 'What was imported.'),
            ...errorResponses({ body: true, extra: [422] }),
          },
        },
      },
      async (request, reply) => {
        const result = await services.intel.import(
          request.params.kind,
          texts.get(request) ?? '',
          'upload',
          callerOf(request).actor,
        );
        return reply.code(201).send(result);
      },
    );
  });
};
