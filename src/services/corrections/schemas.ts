/** The corrections context's input and output shapes, shared by HTTP and CLI. */
import { z } from 'zod';
import { CORRECTABLE_KINDS } from '../../core/model.ts';
import { idSchema, text } from '../kernel/schemas.ts';

export const correctionInputSchema = z
  .strictObject({
    kind: z.enum(CORRECTABLE_KINDS),
    /** The fact's id; a status's or custody record's `seq`. */
    factId: idSchema,
    reason: text(1000),
    /** The fact never happened. */
    retract: z.literal(true).optional(),
    /** The fields to correct (instants as ISO 8601; null empties a field that may be empty). */
    set: z.record(z.string().max(64), z.string().max(1000).nullable()).optional(),
  })
  .refine((x) => (x.retract === true) !== (x.set !== undefined), {
    message: 'give either retract: true or set, not both',
    path: ['set'],
  });

export type CorrectionInput = z.infer<typeof correctionInputSchema>;

export const correctionListQuerySchema = z.strictObject({
  kind: z.enum(CORRECTABLE_KINDS).optional(),
  factId: idSchema.optional(),
  deviceId: idSchema.optional(),
});

export const correctionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CORRECTABLE_KINDS),
    factId: z.string(),
    deviceId: z.string().nullable(),
    effectiveAt: z.string(),
    values: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({
    description:
      'A correction of a recorded fact: its corrected values, or null when retracted (the fact never happened).',
  });
