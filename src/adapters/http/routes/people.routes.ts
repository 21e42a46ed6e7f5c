/** People: principals and the staff who serve them. */
import { z } from 'zod';
import { personInputSchema, personSchema } from '../../../services/inventory/schemas.ts';
import { personView } from '../../../services/inventory/views.ts';
import { idSchema } from '../../../services/kernel/schemas.ts';
import { assignProtocolSchema } from '../../../services/protocols/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const params = z.strictObject({ id: idSchema });

export const peopleRoutes: Routes = (app, { services }) => {
  app.get(
    '/people',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['people'],
        summary: 'List people',
        response: { 200: ok(z.array(personSchema), 'Every person, by id.'), ...errorResponses({}) },
      },
    },
    async () => (await services.inventory.listPeople()).map(personView),
  );

  app.post(
    '/people',
    {
      config: { roles: ['admin', 'officer', 'technician'] },
      schema: {
        tags: ['people'],
        summary: 'Add a person',
        body: personInputSchema,
        response: {
          201: ok(personSchema, 'The person as stored.'),
          ...errorResponses({ body: true, extra: [404, 409, 422] }),
        },
      },
    },
    async (request, reply) => {
      const person = await services.inventory.createPerson(request.body, callerOf(request).actor);
      return reply.code(201).send(personView(person));
    },
  );

  app.get(
    '/people/:id',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['people'],
        summary: 'Get a person',
        params,
        response: { 200: ok(personSchema, 'The person.'), ...errorResponses({ input: true, extra: [404] }) },
      },
    },
    async (request) => personView(await services.inventory.getPerson(request.params.id)),
  );

  app.put(
    '/people/:id/protocol',
    {
      config: { roles: ['admin', 'officer'] },
      schema: {
        tags: ['people'],
        summary: "Assign (or clear, with null) a person's protocol",
        description: 'The assignment is recorded with the instant it takes effect (`at`, default now).',
        params,
        body: assignProtocolSchema,
        response: {
          200: ok(personSchema, 'The person with the new protocol.'),
          ...errorResponses({ body: true, extra: [404] }),
        },
      },
    },
    async (request) =>
      personView(
        await services.inventory.assignProtocol(request.params.id, request.body, callerOf(request).actor),
      ),
  );
};
