/** The audit context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';

export const auditEventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  subject: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
