/** Security checks (inspections) and swaps (rotations). */
import {
  inspectionInputSchema,
  inspectionSchema,
  rotationInputSchema,
  rotationSchema,
} from '../../../services/inventory/schemas.ts';
import { inspectionView, rotationView } from '../../../services/inventory/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

export const checksRoutes: Routes = (app, { services }) => {
  app.post(
    '/inspections',
    {
      config: { roles: ['admin', 'technician'] },
      schema: {
        tags: ['checks'],
        summary: 'Record a security check of a device',
        body: inspectionInputSchema,
        response: {
          201: ok(inspectionSchema, 'The check as recorded.'),
          ...errorResponses({ body: true, extra: [404, 409] }),
        },
      },
    },
    async (request, reply) => {
      const inspection = await services.inventory.recordInspection(request.body, callerOf(request).actor);
      return reply.code(201).send(inspectionView(inspection));
    },
  );

  app.post(
    '/rotations',
    {
      config: { roles: ['admin', 'technician'] },
      schema: {
        tags: ['checks'],
        summary: 'Record a swap: the old device leaves service, the new one (if any) replaces it',
        body: rotationInputSchema,
        response: {
          201: ok(rotationSchema, 'The swap as recorded.'),
          ...errorResponses({ body: true, extra: [404, 409] }),
        },
      },
    },
    async (request, reply) => {
      const rotation = await services.inventory.recordRotation(request.body, callerOf(request).actor);
      return reply.code(201).send(rotationView(rotation));
    },
  );
};
