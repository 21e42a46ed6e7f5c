/** Incidents and their playbooks, zone detections, facilities, policy acknowledgements. */
import { z } from 'zod';
import { parseInstant } from '../../../core/time.ts';
import {
  incidentCloseInputSchema,
  incidentInputSchema,
  incidentQuerySchema,
  incidentSchema,
  incidentStepInputSchema,
  incidentView,
} from '../../../services/incidents/schemas.ts';
import { idSchema } from '../../../services/kernel/schemas.ts';
import {
  acknowledgementInputSchema,
  acknowledgementQuerySchema,
  acknowledgementSchema,
  acknowledgementView,
  detectionInputSchema,
  detectionQuerySchema,
  detectionResultSchema,
  detectionSchema,
  detectionView,
  zoneSchema,
} from '../../../services/zones/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

const params = z.strictObject({ id: idSchema });
const stepParams = z.strictObject({ id: idSchema, stepId: z.string().min(1).max(64) });

/** Who may declare an incident and work its playbook. */
const RESPONDERS = ['admin', 'officer', 'technician'] as const;

export const incidentsRoutes: Routes = (app, { services }) => {
  app.post(
    '/incidents',
    {
      config: { roles: RESPONDERS },
      schema: {
        tags: ['incidents'],
        summary: 'Declare an incident: its devices are quarantined and its containment playbook starts',
        body: incidentInputSchema,
        response: {
          201: ok(incidentSchema, 'The incident with its playbook.'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const incident = await services.incidents.open(request.body, callerOf(request).actor);
      return reply.code(201).send(incidentView(incident));
    },
  );

  app.get(
    '/incidents',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['incidents'],
        summary: 'List incidents, newest first',
        querystring: incidentQuerySchema,
        response: { 200: ok(z.array(incidentSchema), 'Incidents.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => {
      const list = await services.incidents.list(compact(request.query));
      const people = await services.incidents.involvedPeople(list);
      return list.map((i) => incidentView(i, people.get(i.id)));
    },
  );

  app.get(
    '/incidents/:id',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['incidents'],
        summary: 'An incident with its playbook and timeline',
        params,
        response: {
          200: ok(incidentSchema, 'The incident.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => {
      const i = await services.incidents.get(request.params.id);
      return incidentView(i, (await services.incidents.involvedPeople([i])).get(i.id));
    },
  );

  app.post(
    '/incidents/:id/steps/:stepId',
    {
      config: { roles: RESPONDERS },
      schema: {
        tags: ['incidents'],
        summary: 'Move a playbook step forward (in-progress, done, or skipped with a reason)',
        params: stepParams,
        body: incidentStepInputSchema,
        response: {
          200: ok(incidentSchema, 'The incident after the change.'),
          ...errorResponses({ body: true, extra: [404, 409] }),
        },
      },
    },
    async (request) => {
      const i = await services.incidents.updateStep(
        request.params.id,
        request.params.stepId,
        request.body,
        callerOf(request).actor,
      );
      return incidentView(i, (await services.incidents.involvedPeople([i])).get(i.id));
    },
  );

  app.post(
    '/incidents/:id/close',
    {
      config: { roles: ['admin', 'officer'] },
      schema: {
        tags: ['incidents'],
        summary: 'Close a contained incident; its devices leave quarantine as the resolution says',
        description:
          'A two-person action between people: the caller’s credential must belong to a person (else 403 PERSON_REQUIRED), and not to the person who declared the incident or recorded one of its steps, whichever token or user they use (403 INCIDENT_SAME_PERSON).',
        params,
        body: incidentCloseInputSchema,
        response: {
          200: ok(incidentSchema, 'The closed incident.'),
          ...errorResponses({ body: true, extra: [404, 409] }),
        },
      },
    },
    async (request) =>
      incidentView(
        await services.incidents.close(
          request.params.id,
          request.body,
          callerOf(request).actor,
          callerOf(request).personId,
        ),
      ),
  );

  app.post(
    '/detections',
    {
      config: { roles: ['admin', 'ingest'] },
      schema: {
        tags: ['zones'],
        summary: 'Record a device identifier seen in a facility by a sensor or check-point',
        body: detectionInputSchema,
        response: {
          201: ok(
            detectionResultSchema,
            'The detection as recorded, and whether it breaks the facility’s ban.',
          ),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const d = await services.zones.recordDetection(request.body, callerOf(request).actor);
      return reply.code(201).send({ ...detectionView(d), violation: d.violation });
    },
  );

  app.get(
    '/detections',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['zones'],
        summary: 'List detections, newest first',
        querystring: detectionQuerySchema,
        response: { 200: ok(z.array(detectionSchema), 'Detections.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => {
      const { since, ...rest } = request.query;
      const from = since === undefined ? null : parseInstant(since);
      const filter = { ...compact(rest), ...(from === null ? {} : { since: from }) };
      return (await services.zones.listDetections(filter)).map(detectionView);
    },
  );

  app.get(
    '/zones',
    {
      config: { roles: [...R_ALL_READ, 'staff'] },
      schema: {
        tags: ['zones'],
        summary: 'Facilities declared by the protocols in force, with their policy versions',
        response: { 200: ok(z.array(zoneSchema), 'Facilities.'), ...errorResponses({}) },
      },
    },
    async () => services.zones.zones(),
  );

  app.post(
    '/acknowledgements',
    {
      config: { roles: ['admin', 'officer', 'staff'] },
      schema: {
        tags: ['zones'],
        summary: 'Acknowledge a facility policy (staff for themselves; officers on someone’s behalf)',
        body: acknowledgementInputSchema,
        response: {
          201: ok(acknowledgementSchema, 'The acknowledgement recorded.'),
          200: ok(acknowledgementSchema, 'Already acknowledged: the earlier acknowledgement.'),
          ...errorResponses({ body: true, extra: [404, 422] }),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const r = await services.zones.acknowledge(request.body, caller);
      return reply.code(r.created ? 201 : 200).send(acknowledgementView(r.acknowledgement));
    },
  );

  app.get(
    '/acknowledgements',
    {
      config: { roles: [...R_ALL_READ, 'staff'] },
      schema: {
        tags: ['zones'],
        summary: 'List policy acknowledgements (staff see their own)',
        querystring: acknowledgementQuerySchema,
        response: {
          200: ok(z.array(acknowledgementSchema), 'Acknowledgements, oldest first.'),
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request) =>
      (await services.zones.listAcknowledgements(compact(request.query), callerOf(request))).map(
        acknowledgementView,
      ),
  );
};
