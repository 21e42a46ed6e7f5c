/**
 * API tokens: the secret is shown once, at creation; only its hash is stored. Anyone signed in
 * mints tokens of their own (their role, their person); an admin also mints ingest tokens.
 */
import { z } from 'zod';
import { USER_ROLES } from '../../../services/access/ports.ts';
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
      config: { roles: USER_ROLES },
      schema: {
        tags: ['tokens'],
        summary: 'Mint a token of your own (or, admin, an ingest token)',
        description:
          'The token is the caller’s user’s, in their role, with their person. Naming another user or another role is 403 TOKEN_FOR_OTHER; only an admin mints an ingest token (`role: ingest`), which belongs to no one.',
        body: tokenInputSchema,
        response: {
          201: ok(createdSchema, 'The token, shown once, and its record.'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const { token, record } = await services.tokens.mint(request.body, callerOf(request));
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
