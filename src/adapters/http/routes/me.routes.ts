/** The caller: its token, and for a token tied to a person, that person's devices and open findings. */
import { z } from 'zod';
import { findingSchema } from '../../../services/compliance/schemas.ts';
import { findingView } from '../../../services/compliance/views.ts';
import { deviceSchema, personSchema } from '../../../services/inventory/schemas.ts';
import { deviceView, personView } from '../../../services/inventory/views.ts';
import { ROLES } from '../../../services/kernel/ports.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
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
