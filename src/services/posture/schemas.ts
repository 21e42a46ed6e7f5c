/**
 * The posture context's input and output shapes, shared by HTTP, CLI and the importer. The
 * posture fields' schemas come from their declaration (src/core/posture/fields.ts).
 */
import { z } from 'zod';
import { postureInputShape, postureOutputShape } from '../../core/posture/fields.ts';
import { idSchema, instantSchema, text } from '../kernel/schemas.ts';

export const postureInputSchema = z.strictObject({
  deviceId: idSchema,
  observedAt: instantSchema,
  source: text(100),
  ...postureInputShape,
});

export type PostureInput = z.infer<typeof postureInputSchema>;

export const postureSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  observedAt: z.string(),
  receivedAt: z.string(),
  source: z.string(),
  ...postureOutputShape,
});
