/** The refusals context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { idSchema, instantSchema, text } from '../kernel/schemas.ts';

export const refusalInputSchema = z.strictObject({
  id: idSchema.optional(),
  /** Who declined (the principal themself, or the person who declined on their behalf). */
  personId: idSchema,
  deviceId: idSchema.nullable().optional(),
  /** `swap`, `check`, or another action (then `rule` is required). */
  action: z.string().regex(/^[a-z][a-z-]{0,39}$/, 'expected an action such as swap or check'),
  /** The rule the refusal leaves unmet; defaults for swap (rotation.overdue) and check (inspection.overdue). */
  rule: z.string().max(64).optional(),
  reason: text(1000),
  /** When it was declined (default now; never in the future). */
  at: instantSchema.optional(),
});

export type RefusalInput = z.infer<typeof refusalInputSchema>;

export const refusalListQuerySchema = z.strictObject({
  personId: idSchema.optional(),
  deviceId: idSchema.optional(),
});

export const refusalSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    deviceId: z.string().nullable(),
    action: z.string(),
    rule: z.string(),
    at: z.string(),
    reason: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    swapId: z.string().nullable(),
  })
  .meta({ description: 'A recorded refusal: who declined what, when and why.' });
