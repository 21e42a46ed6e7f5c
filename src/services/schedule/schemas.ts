/** The schedule context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { instantSchema } from '../kernel/schemas.ts';

export const scheduleQuerySchema = z.strictObject({ asOf: instantSchema.optional() });

export const scheduleItemSchema = z.object({
  kind: z.enum(['swap', 'check']),
  deviceId: z.string(),
  personId: z.string().nullable(),
  protocol: z.string(),
  dueAt: z.string(),
  graceUntil: z.string(),
  stageBy: z.string().optional(),
  overdue: z.boolean(),
});

export const scheduleSchema = z.object({ asOf: z.string(), items: z.array(scheduleItemSchema) });
