/**
 * Posture reports from MDMs, scanners and people. This is the hot path (benchmarked at
 * thousands of requests a second): validate, one service call, answer the id. Nothing else.
 */
import { z } from 'zod';
import { postureInputSchema } from '../../../services/posture/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const createdSchema = z.object({ id: z.string() });
/**
 * The 201's body, written directly rather than by the response schema's serializer (a Zod parse
 * of every reply on the hot path): one string field; `createdSchema` still documents it.
 */
const createdJson = (created: { readonly id: string }) => `{"id":${JSON.stringify(created.id)}}`;

export const postureRoutes: Routes = (app, { services }) => {
  app.post(
    '/posture',
    {
      config: { roles: ['admin', 'technician', 'ingest'], limit: 'ingest' },
      schema: {
        tags: ['posture'],
        summary: 'Record a posture report',
        description:
          'Append-only: a report never replaces an earlier one. An unknown device is refused (422).',
        body: postureInputSchema,
        response: {
          201: ok(createdSchema, 'The id of the stored report.'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const report = await services.posture.record(request.body, callerOf(request).actor);
      // A reply serializer of its own sets no content type: named here.
      return reply
        .code(201)
        .type('application/json; charset=utf-8')
        .serializer(createdJson)
        .send({ id: report.id });
    },
  );
};
