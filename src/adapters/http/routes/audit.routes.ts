/** Reading the audit log, oldest first, a page at a time. */
import { z } from 'zod';
import { auditEventSchema } from '../../../services/schemas.ts';
import { auditEventView } from '../../../services/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import type { Routes } from './types.ts';

const query = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  type: z.string().min(1).max(64).optional(),
});

export const auditRoutes: Routes = (app, { services }) => {
  app.get(
    '/audit/events',
    {
      config: { roles: ['admin', 'officer', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: 'List audit events',
        description:
          'Events with a sequence number above `afterSeq`, oldest first; pass the last `seq` to page on.',
        querystring: query,
        response: { 200: ok(z.array(auditEventSchema), 'The events.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => (await services.audit.list(request.query)).map(auditEventView),
  );
};
