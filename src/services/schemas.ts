/**
 * Input and output shapes of the services, as Zod schemas. The HTTP routes validate with
 * them and publish them in the OpenAPI document; the CLI and the fleet importer validate with
 * the same schemas, so a payload means the same thing everywhere. Times are ISO 8601 strings
 * with a zone at this boundary and epoch milliseconds inside.
 */
import { z } from 'zod';
import {
  DEVICE_ROLES,
  DEVICE_STATUSES,
  INSPECTION_METHODS,
  INSPECTION_RESULTS,
  OWNERSHIPS,
  PERSON_KINDS,
  PLATFORMS,
  SEVERITIES,
} from '../core/model.ts';
import { postureInputShape, postureOutputShape } from '../core/posture/fields.ts';
import { parseInstant } from '../core/time.ts';
import { ROLES } from './ports.ts';

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
    'expected an id of letters, digits, dot, dash, colon or underscore',
  );

export const instantSchema = z
  .string()
  .max(40)
  .refine(
    (s) => parseInstant(s) !== null,
    'expected an ISO 8601 timestamp with a zone, e.g. 2026-11-21T09:00:00Z',
  )
  .meta({ format: 'date-time', example: '2026-11-21T09:00:00Z' });

const text = (max: number) => z.string().min(1).max(max);

export const personInputSchema = z.strictObject({
  id: idSchema.optional(),
  name: text(200),
  kind: z.enum(PERSON_KINDS),
  protocol: z.string().max(64).nullable().optional(),
  principalId: idSchema.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
});
export type PersonInput = z.infer<typeof personInputSchema>;

export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PERSON_KINDS),
  protocol: z.string().nullable(),
  principalId: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: z.string(),
});

export const assignProtocolSchema = z.strictObject({
  protocol: z.string().max(64).nullable(),
  at: instantSchema.optional(),
});

export const deviceInputSchema = z.strictObject({
  id: idSchema.optional(),
  serial: text(64),
  imei: z
    .string()
    .regex(/^\d{14,16}$/, 'expected a 15-digit IMEI')
    .nullable()
    .optional(),
  platform: z.enum(PLATFORMS),
  model: text(100),
  ownership: z.enum(OWNERSHIPS),
  role: z.enum(DEVICE_ROLES),
  holderId: idSchema.nullable().optional(),
  location: z.string().max(200).nullable().optional(),
  status: z.enum(DEVICE_STATUSES).optional(),
  issuedAt: instantSchema.nullable().optional(),
});
export type DeviceInput = z.infer<typeof deviceInputSchema>;

export const deviceSchema = z.object({
  id: z.string(),
  serial: z.string(),
  imei: z.string().nullable(),
  platform: z.enum(PLATFORMS),
  model: z.string(),
  ownership: z.enum(OWNERSHIPS),
  role: z.enum(DEVICE_ROLES),
  status: z.enum(DEVICE_STATUSES).nullable(),
  holderId: z.string().nullable(),
  location: z.string().nullable(),
  issuedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const custodyInputSchema = z
  .strictObject({
    holderId: idSchema.nullable(),
    location: z.string().min(1).max(200).nullable().optional(),
    at: instantSchema.optional(),
  })
  .refine((c) => c.holderId !== null || (c.location ?? null) !== null, {
    message: 'a device without a holder needs a location',
    path: ['location'],
  });

export const statusInputSchema = z.strictObject({
  status: z.enum(DEVICE_STATUSES),
  reason: z.string().max(500).nullable().optional(),
  at: instantSchema.optional(),
});

// The posture fields' schemas come from their declaration (src/core/posture/fields.ts).
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

/** A file attached to a check as evidence, by hash (the bytes are kept elsewhere). */
export const evidenceFileSchema = z.strictObject({
  name: text(255),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256'),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});

export const inspectionInputSchema = z.strictObject({
  id: idSchema.optional(),
  deviceId: idSchema,
  at: instantSchema,
  method: z.enum(INSPECTION_METHODS),
  result: z.enum(INSPECTION_RESULTS),
  performedBy: text(200),
  notes: z.string().max(2000).nullable().optional(),
  evidence: z.array(evidenceFileSchema).max(100).optional(),
});
export type InspectionInput = z.infer<typeof inspectionInputSchema>;

export const inspectionSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  at: z.string(),
  method: z.enum(INSPECTION_METHODS),
  result: z.enum(INSPECTION_RESULTS),
  performedBy: z.string(),
  notes: z.string().nullable(),
  evidence: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number().optional() })),
});

export const rotationInputSchema = z.strictObject({
  id: idSchema.optional(),
  oldDeviceId: idSchema,
  newDeviceId: idSchema.nullable().optional(),
  at: instantSchema,
  performedBy: text(200),
});

export const osReleaseInputSchema = z.strictObject({
  platform: z.enum(PLATFORMS),
  version: z
    .string()
    .regex(
      /^(\d+(\.\d+){0,3}|\d{4}-\d{2}-\d{2})$/,
      'expected 18.6.2 (iOS) or 2026-05-01 (Android patch level)',
    ),
  build: z.string().max(32).nullable().optional(),
  releasedAt: instantSchema,
});
export type OsReleaseInput = z.infer<typeof osReleaseInputSchema>;

export const osReleaseSchema = z.object({
  platform: z.enum(PLATFORMS),
  version: z.string(),
  build: z.string().nullable(),
  releasedAt: z.string(),
});

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
  findings: z.array(findingSchema),
  devices: z.array(deviceSummarySchema),
});

export const tokenInputSchema = z.strictObject({
  name: text(100),
  role: z.enum(ROLES),
  personId: idSchema.nullable().optional(),
});

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  personId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
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

export const auditEventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  subject: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
