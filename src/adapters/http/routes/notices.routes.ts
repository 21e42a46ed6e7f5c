/** Notices (the outbox) and the e-mail recipients of roles. */
import { z } from 'zod';
import {
  noticeIdSchema,
  noticeQuerySchema,
  noticeSchema,
  noticeView,
  recipientInputSchema,
  recipientSchema,
  recipientView,
} from '../../../services/notices/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

export const noticesRoutes: Routes = (app, { services }) => {
  app.get(
    '/notices',
    {
      config: { roles: ['admin', 'officer', 'auditor'] },
      schema: {
        tags: ['notices'],
        summary: 'List notices, newest first',
        querystring: noticeQuerySchema,
        response: {
          200: ok(z.array(noticeSchema), 'Notices and their delivery state.'),
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request) => (await services.notices.list(compact(request.query))).map(noticeView),
  );

  app.post(
    '/notices/:id/retry',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['notices'],
        summary: 'Retry a failed notice',
        description:
          'Puts a failed (or pending) notice back in the queue, due now, with a fresh retry budget.',
        params: noticeIdSchema,
        response: {
          200: ok(noticeSchema, 'The notice, pending again.'),
          ...errorResponses({ input: true, extra: [404, 409] }),
        },
      },
    },
    async (request) => noticeView(await services.notices.retry(request.params.id, callerOf(request).actor)),
  );

  app.get(
    '/notices/recipients',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['notices'],
        summary: 'List the e-mail recipients of roles',
        response: { 200: ok(z.array(recipientSchema), 'Every role recipient.'), ...errorResponses({}) },
      },
    },
    async () => (await services.notices.listRecipients()).map(recipientView),
  );

  app.post(
    '/notices/recipients',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['notices'],
        summary: 'Add an e-mail recipient for a role',
        description:
          'Notices addressed to the role are e-mailed to it. Adding an existing pair changes nothing.',
        body: recipientInputSchema,
        response: { 201: ok(recipientSchema, 'The recipient.'), ...errorResponses({ body: true }) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(recipientView(await services.notices.addRecipient(request.body, callerOf(request).actor))),
  );

  app.delete(
    '/notices/recipients',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['notices'],
        summary: 'Remove an e-mail recipient from a role',
        querystring: recipientInputSchema,
        response: { 204: z.null().describe('Removed.'), ...errorResponses({ input: true, extra: [404] }) },
      },
    },
    async (request, reply) => {
      await services.notices.removeRecipient(request.query, callerOf(request).actor);
      return reply.code(204).send(null);
    },
  );
};
