/**
 * The caller: its token, and for a token tied to a person, that person's devices and open
 * findings; and the person's self-service (their page, acknowledging a facility policy,
 * attesting a setting the MDM cannot see, confirming a swap staged for them). Self-service acts
 * as the caller's person, never one named in the request.
 */
import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import type { Caller } from '../../../services/access/token.service.ts';
import { findingSchema } from '../../../services/compliance/schemas.ts';
import { findingView } from '../../../services/compliance/views.ts';
import { deviceSchema, personSchema } from '../../../services/inventory/schemas.ts';
import { deviceView, personView } from '../../../services/inventory/views.ts';
import { ROLES } from '../../../services/kernel/ports.ts';
import { idSchema } from '../../../services/kernel/schemas.ts';
import {
  selfAcknowledgementInputSchema,
  selfAttestationInputSchema,
  selfAttestationSchema,
  selfPageSchema,
} from '../../../services/self-service/schemas.ts';
import type { Self } from '../../../services/self-service/self-service.service.ts';
import { selfAttestationView, selfPageView } from '../../../services/self-service/views.ts';
import { swapSchema } from '../../../services/swaps/schemas.ts';
import { swapView } from '../../../services/swaps/views.ts';
import { acknowledgementSchema, acknowledgementView } from '../../../services/zones/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const meSchema = z.object({
  token: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), personId: z.string().nullable() }),
  person: personSchema.nullable(),
  devices: z.array(deviceSchema).meta({ description: 'Devices the person holds now.' }),
  findings: z.array(findingSchema).meta({ description: "Open findings on the person's devices." }),
});

export const meRoutes: Routes = (app, { services }) => {
  app.get(
    '/me',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['me'],
        summary: 'Who am I: the token, and for a personal (staff) token my devices and open findings',
        response: { 200: ok(meSchema, 'The caller.'), ...errorResponses({}) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const token = { id: caller.tokenId, name: caller.name, role: caller.role, personId: caller.personId };
      if (caller.personId === null) return { token, person: null, devices: [], findings: [] };
      const personId = caller.personId;
      const [person, devices, evaluation] = await Promise.all([
        services.inventory.getPerson(personId),
        services.inventory.listDevices({ holderId: personId }),
        services.compliance.evaluate({ personId }),
      ]);
      return {
        token,
        person: personView(person),
        devices: devices.map(deviceView),
        findings: evaluation.findings.filter((f) => f.status === 'open').map(findingView),
      };
    },
  );
};

/** Every role whose credential is a person's (an ingest token is a machine's). */
const PEOPLE_ROLES = [...R_ALL_READ, 'staff'] as const;

/** The caller as a person; PERSON_REQUIRED for a credential linked to no person. */
function selfOf(caller: Caller): Self {
  if (caller.personId === null) {
    throw new VigilError('PERSON_REQUIRED', 'this credential is linked to no person: self-service needs one');
  }
  return { personId: caller.personId, actor: caller.actor };
}

export const selfServiceRoutes: Routes = (app, { services }) => {
  app.get(
    '/me/page',
    {
      config: { roles: PEOPLE_ROLES },
      schema: {
        tags: ['me'],
        summary:
          'My page: my devices in plain words, what I must do and by when, my waivers, my facility rules',
        response: { 200: ok(selfPageSchema, 'The signed-in person’s page.'), ...errorResponses({}) },
      },
    },
    async (request) => selfPageView(await services.selfService.page(selfOf(callerOf(request)).personId)),
  );

  app.post(
    '/me/acknowledgements',
    {
      config: { roles: PEOPLE_ROLES },
      schema: {
        tags: ['me'],
        summary: 'Accept a facility policy, as myself',
        body: selfAcknowledgementInputSchema,
        response: {
          201: ok(acknowledgementSchema, 'The acknowledgement recorded.'),
          200: ok(acknowledgementSchema, 'Already acknowledged: the earlier acknowledgement.'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const self = selfOf(caller);
      const r = await services.zones.acknowledge({ ...request.body, personId: self.personId }, caller);
      return reply.code(r.created ? 201 : 200).send(acknowledgementView(r.acknowledgement));
    },
  );

  app.post(
    '/me/attestations',
    {
      config: { roles: PEOPLE_ROLES },
      schema: {
        tags: ['me'],
        summary: 'State that a setting of my iPhone the MDM cannot see is as the protocol asks',
        description:
          'Recorded as the caller, with a self-attestation.recorded audit event. Shown beside the finding; it does not satisfy the rule, which needs a named person’s check (POST /devices/{id}/attestations).',
        body: selfAttestationInputSchema,
        response: {
          201: ok(selfAttestationSchema, 'The attestation recorded.'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const self = selfOf(callerOf(request));
      const b = request.body;
      const a = await services.selfService.attest(self, {
        deviceId: b.deviceId,
        setting: b.setting,
        ...(b.at === undefined ? {} : { at: b.at }),
      });
      return reply.code(201).send(selfAttestationView(a));
    },
  );

  app.post(
    '/me/swaps/:id/confirm',
    {
      config: { roles: PEOPLE_ROLES },
      schema: {
        tags: ['me'],
        summary: 'Confirm I collected the replacement staged for my swap (its handover, recorded as me)',
        params: z.object({ id: idSchema }),
        response: {
          200: ok(swapSchema, 'The swap, handed over.'),
          ...errorResponses({ input: true, extra: [404, 409, 422] }),
        },
      },
    },
    async (request) =>
      swapView(await services.selfService.confirmSwap(selfOf(callerOf(request)), request.params.id)),
  );
};
