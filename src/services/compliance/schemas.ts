/** The compliance context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { SEVERITIES } from '../../core/model.ts';
import { idSchema, instantSchema } from '../kernel/schemas.ts';

export const findingSchema = z.object({
  deviceId: z.string().nullable(),
  personId: z.string().nullable(),
  protocol: z.string().nullable(),
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(['open', 'waived', 'resolved']),
  outcome: z.enum(['fail', 'unverified']),
  since: z.string(),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  remedy: z.string(),
  waiver: z.string().nullable(),
});

export const evaluationQuerySchema = z.strictObject({
  asOf: instantSchema.optional(),
  /** Only facts Vigil had recorded by then count ("as known then"); default: everything recorded. */
  knownAt: instantSchema.optional(),
  protocol: z.string().max(64).optional(),
  personId: idSchema.optional(),
  deviceId: idSchema.optional(),
  rule: z.string().max(64).optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export type EvaluationQuery = z.infer<typeof evaluationQuerySchema>;

export const deviceSummarySchema = z.object({
  deviceId: z.string(),
  personId: z.string().nullable(),
  protocol: z.string().nullable(),
  role: z.string(),
  verdict: z.enum(['compliant', 'non-compliant', 'waived', 'not-evaluated']),
  reason: z.string().nullable(),
  openFindings: z.number(),
});

export const evaluationSchema = z.object({
  asOf: z.string(),
  knownAt: z
    .string()
    .nullable()
    .meta({ description: 'Only facts recorded at or before it counted; null: everything recorded.' }),
  findings: z.array(findingSchema),
  devices: z.array(deviceSummarySchema),
});
