/** The inventory context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import {
  DEVICE_ROLES,
  DEVICE_STATUSES,
  INSPECTION_METHODS,
  INSPECTION_RESULTS,
  OWNERSHIPS,
  PERSON_KINDS,
  PLATFORMS,
} from '../../core/model.ts';
import { evaluationQuerySchema } from '../compliance/schemas.ts';
import { evidenceFileSchema, idSchema, instantSchema, text } from '../kernel/schemas.ts';
import { postureSchema } from '../posture/schemas.ts';

/** When Vigil recorded a fact (its clock, never input): later than `at` for a back-filled fact. */
const recordedAtSchema = z
  .string()
  .meta({ description: 'When Vigil recorded it (later than `at` when back-filled).' });

export const personInputSchema = z.strictObject({
  id: idSchema.optional(),
  name: text(200),
  kind: z.enum(PERSON_KINDS),
  protocol: z.string().max(64).nullable().optional(),
  principalId: idSchema.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  /** From when the person counts (default now; never in the future). */
  since: instantSchema.optional(),
});

export type PersonInput = z.infer<typeof personInputSchema>;

export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PERSON_KINDS),
  protocol: z.string().nullable(),
  principalId: z.string().nullable(),
  email: z.string().nullable(),
  /** From when the person counts: as-of evaluations before it do not see them. */
  since: z.string(),
  createdAt: z.string(),
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
  recordedAt: recordedAtSchema,
});

export const rotationInputSchema = z.strictObject({
  id: idSchema.optional(),
  oldDeviceId: idSchema,
  newDeviceId: idSchema.nullable().optional(),
  at: instantSchema,
  performedBy: text(200),
});

export const rotationSchema = z.object({
  id: z.string(),
  oldDeviceId: z.string(),
  newDeviceId: z.string().nullable(),
  at: z.string(),
  performedBy: z.string(),
  recordedAt: recordedAtSchema,
});

const statusChangeSchema = z.object({
  status: z.enum(DEVICE_STATUSES),
  at: z.string(),
  reason: z.string().nullable(),
  recordedAt: recordedAtSchema,
});

const custodySchema = z.object({
  holderId: z.string().nullable(),
  location: z.string().nullable(),
  at: z.string(),
  recordedBy: z.string(),
  recordedAt: recordedAtSchema,
});

/** A device's past view: as of `asOf`, by what was recorded by `knownAt` (both optional). */
export const deviceViewQuerySchema = evaluationQuerySchema.pick({ asOf: true, knownAt: true });

export const deviceDetailSchema = z.object({
  device: deviceSchema.meta({ description: 'Status and custody as they stood at `asOf` in a past view.' }),
  statuses: z.array(statusChangeSchema),
  custody: z.array(custodySchema),
  posture: z.array(postureSchema).meta({ description: 'The latest reports (at most 20), newest first.' }),
  inspections: z.array(inspectionSchema),
  rotations: z.array(rotationSchema),
  asOf: z
    .string()
    .nullable()
    .meta({ description: 'The past view was as of this instant; null: the facts as recorded now.' }),
  knownAt: z.string().nullable().meta({
    description: 'Only facts recorded at or before it (corrections too); null: everything recorded.',
  }),
});
