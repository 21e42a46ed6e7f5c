/** The protocols context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { instantSchema } from '../kernel/schemas.ts';

export const assignProtocolSchema = z.strictObject({
  protocol: z.string().max(64).nullable(),
  at: instantSchema.optional(),
});

export const protocolPutSchema = z.strictObject({
  /** The protocol as YAML or JSON text, exactly as it should be stored. */
  text: z
    .string()
    .min(1)
    .max(256 * 1024),
  effectiveAt: instantSchema.optional(),
});

export const protocolVersionSchema = z.object({
  name: z.string(),
  version: z.string(),
  sha256: z.string(),
  effectiveAt: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
