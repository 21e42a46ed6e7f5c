/** Liveness, readiness and the OpenAPI document: public, registered outside /api/v1's routes. */
import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import { errorResponses, ok } from '../openapi.ts';
import { PUBLIC } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const statusSchema = z.object({ status: z.enum(['ok', 'ready']) });

export const healthRoutes: Routes = (app, { ready }) => {
  app.get(
    '/healthz',
    {
      config: { roles: PUBLIC },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers (does not touch the database)',
        security: [],
        response: { 200: ok(statusSchema, 'The process is alive.') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { roles: PUBLIC },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        security: [],
        response: {
          200: ok(statusSchema, 'Ready to serve.'),
          ...errorResponses({ auth: false, extra: [503] }),
        },
      },
    },
    async (request) => {
      let up: unknown;
      try {
        up = await ready();
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        up = false;
      }
      if (up === false) throw new VigilError('NOT_READY', 'the database does not answer');
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/api/v1/openapi.json',
    {
      config: { roles: PUBLIC },
      schema: {
        tags: ['health'],
        summary: 'This API as an OpenAPI 3.1 document',
        security: [],
        response: { 200: ok(z.record(z.string(), z.unknown()), 'The OpenAPI 3.1.0 document.') },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
};
