/** The inventory of devices: registration, custody, status and what is known about each. */
import { z } from 'zod';
import { DEVICE_ROLES, DEVICE_STATUSES } from '../../../core/model.ts';
import {
  custodyInputSchema,
  deviceDetailSchema,
  deviceInputSchema,
  deviceSchema,
  deviceViewQuerySchema,
  statusInputSchema,
} from '../../../services/inventory/schemas.ts';
import { deviceDetailView, deviceView } from '../../../services/inventory/views.ts';
import { idSchema } from '../../../services/kernel/schemas.ts';
import { postureSchema } from '../../../services/posture/schemas.ts';
import { postureView } from '../../../services/posture/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

const params = z.strictObject({ id: idSchema });

const listQuery = z.strictObject({
  holderId: idSchema.optional(),
  role: z.enum(DEVICE_ROLES).optional(),
  status: z.enum(DEVICE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
});

const postureQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(20) });

export const devicesRoutes: Routes = (app, { services }) => {
  app.get(
    '/devices',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['devices'],
        summary: 'List devices',
        description:
          'Each with its current status and custody. Ordered by id; page with `limit` and `offset`.',
        querystring: listQuery,
        response: { 200: ok(z.array(deviceSchema), 'The devices.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => (await services.inventory.listDevices(compact(request.query))).map(deviceView),
  );

  app.post(
    '/devices',
    {
      config: { roles: ['admin', 'technician'] },
      schema: {
        tags: ['devices'],
        summary: 'Register a device',
        body: deviceInputSchema,
        response: {
          201: ok(deviceSchema, 'The device as registered.'),
          ...errorResponses({ body: true, extra: [409, 422] }),
        },
      },
    },
    async (request, reply) => {
      const device = await services.inventory.registerDevice(request.body, callerOf(request).actor);
      return reply.code(201).send(deviceView(device));
    },
  );

  app.get(
    '/devices/:id',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['devices'],
        summary: 'Get a device with its history',
        description:
          'Status and custody histories, the latest posture reports, security checks and swaps, each fact with ' +
          'when it took effect and when Vigil recorded it. With `asOf` and/or `knownAt`, the device on a past ' +
          'day: only facts in effect at or before `asOf` ("as true then"; default now) and, with `knownAt`, ' +
          'only those recorded by then, with the corrections known then applied ("as known then"); its status ' +
          'and holder as they stood at `asOf`. A future instant is 422 `INSTANT_IN_FUTURE`; a device not ' +
          'recorded by `knownAt`, or not begun by `asOf`, is 404 `DEVICE_NOT_FOUND`.',
        params,
        querystring: deviceViewQuerySchema,
        response: {
          200: ok(deviceDetailSchema, 'The device.'),
          ...errorResponses({ input: true, extra: [404, 422] }),
        },
      },
    },
    async (request) =>
      deviceDetailView(await services.inventory.getDevice(request.params.id, compact(request.query))),
  );

  app.post(
    '/devices/:id/custody',
    {
      config: { roles: ['admin', 'technician'] },
      schema: {
        tags: ['devices'],
        summary: 'Hand a device to a person, or put it in storage',
        params,
        body: custodyInputSchema,
        response: {
          200: ok(deviceSchema, 'The device with its new custody.'),
          ...errorResponses({ body: true, extra: [404, 422] }),
        },
      },
    },
    async (request) =>
      deviceView(
        await services.inventory.changeCustody(request.params.id, request.body, callerOf(request).actor),
      ),
  );

  app.post(
    '/devices/:id/status',
    {
      config: { roles: ['admin', 'technician', 'officer'] },
      schema: {
        tags: ['devices'],
        summary: "Change a device's status (e.g. quarantine it)",
        params,
        body: statusInputSchema,
        response: {
          200: ok(deviceSchema, 'The device with its new status.'),
          ...errorResponses({ body: true, extra: [404, 409] }),
        },
      },
    },
    async (request) =>
      deviceView(
        await services.inventory.changeStatus(request.params.id, request.body, callerOf(request).actor),
      ),
  );

  app.get(
    '/devices/:id/posture',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['devices', 'posture'],
        summary: "A device's posture reports, newest first",
        params,
        querystring: postureQuery,
        response: { 200: ok(z.array(postureSchema), 'The reports.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => (await services.posture.list(request.params.id, request.query.limit)).map(postureView),
  );
};
