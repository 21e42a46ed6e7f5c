/** The audit context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';

export const auditEventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  actorPersonId: z
    .string()
    .nullable()
    .meta({ description: "The person behind the actor's credential when the event was appended, if any." }),
  subject: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
