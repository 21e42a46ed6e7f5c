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

export const protocolDecisionSchema = z.object({
  approved: z.boolean(),
  decidedBy: z.string(),
  personId: z.string().nullable(),
  reason: z.string().nullable(),
  at: z
    .string()
    .meta({ description: 'An approval: the version governs from the later of this and its effectiveAt.' }),
  recordedAt: z.string(),
});

export const protocolVersionSchema = z.object({
  name: z.string(),
  version: z.string(),
  sha256: z.string(),
  effectiveAt: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  approval: z.enum(['none', 'two-person']).meta({
    description:
      '`two-person`: stored as proposed, it governs nothing until a person other than its proposer approves it.',
  }),
  state: z.enum(['in-effect', 'proposed', 'approved', 'rejected']).meta({
    description:
      '`in-effect`: needed no second person (governs from effectiveAt); `proposed`: awaits a decision; `approved` (governs from inForceFrom); `rejected` (never governs).',
  }),
  inForceFrom: z.string().nullable().meta({
    description:
      'From when it governs: effectiveAt, or for an approved proposal the later of both instants; null: never (yet).',
  }),
  decision: protocolDecisionSchema.nullable(),
});

/** Naming a stored version to decide on. */
export const protocolDecisionParamsSchema = z.strictObject({
  name: z.string().min(1).max(64),
  version: z.string().min(1).max(64),
});
