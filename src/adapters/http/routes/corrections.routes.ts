/**
 * Corrections, never edits: admins and officers correct or retract a recorded fact (bound to the
 * caller); everyone who reads the office reads the corrections. A technician who entered a
 * fact wrongly asks an officer: a correction changes past verdicts, so it is an officer's act.
 */
import { z } from 'zod';
import {
  correctionInputSchema,
  correctionListQuerySchema,
  correctionSchema,
} from '../../../services/corrections/schemas.ts';
import { correctionView } from '../../../services/corrections/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

const tags = ['corrections'];

export const correctionsRoutes: Routes = (app, { services }) => {
  app.post(
    '/corrections',
    {
      config: { roles: ['admin', 'officer'] },
      schema: {
        tags,
        summary:
          'Correct or retract a recorded fact (the fact is kept; evaluations as known before still read it)',
        body: correctionInputSchema,
        response: {
          201: ok(correctionSchema, 'The correction.'),
          ...errorResponses({ body: true, extra: [404, 422] }),
        },
      },
    },
    async (request, reply) => {
      const correction = await services.corrections.correct(request.body, callerOf(request).actor);
      return reply.code(201).send(correctionView(correction));
    },
  );

  app.get(
    '/corrections',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags,
        summary: 'List corrections, oldest first',
        querystring: correctionListQuerySchema,
        response: { 200: ok(z.array(correctionSchema), 'Corrections.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => (await services.corrections.list(compact(request.query))).map(correctionView),
  );
};
