/** API tokens: the secret is shown once, at creation; only its hash is stored. */
import { z } from 'zod';
import { tokenInputSchema, tokenSchema } from '../../../services/access/schemas.ts';
import { tokenView } from '../../../services/access/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const createdSchema = z.object({
  token: z.string().meta({ description: 'The bearer token. Shown this once; store it now.' }),
  record: tokenSchema,
});

export const tokensRoutes: Routes = (app, { services }) => {
  app.get(
    '/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['tokens'],
        summary: 'List tokens (never their secrets)',
        response: {
          200: ok(z.array(tokenSchema), 'Every token, revoked ones included.'),
          ...errorResponses({}),
        },
      },
    },
    async () => (await services.tokens.list()).map(tokenView),
  );

  app.post(
    '/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['tokens'],
        summary: 'Create a token',
        description: 'A staff token must name its person (`personId`).',
        body: tokenInputSchema,
        response: {
          201: ok(createdSchema, 'The token, shown once, and its record.'),
          ...errorResponses({ body: true, extra: [404] }),
        },
      },
    },
    async (request, reply) => {
      const { token, record } = await services.tokens.create(request.body, callerOf(request).actor);
      return reply.code(201).send({ token, record: tokenView(record) });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: { 204: z.null().describe('Revoked.'), ...errorResponses({ input: true, extra: [404] }) },
      },
    },
    async (request, reply) => {
      await services.tokens.revoke(request.params.id, callerOf(request).actor);
      return reply.code(204).send(null);
    },
  );
};
