/** The posture context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { PROVENANCES, SENSOR_STATES } from '../../core/model.ts';
import { idSchema, instantSchema, text } from '../kernel/schemas.ts';

const sensorReadingSchema = z.strictObject({ state: z.enum(SENSOR_STATES), provenance: z.enum(PROVENANCES) });

const appId = z.string().min(1).max(255);

export const postureInputSchema = z.strictObject({
  deviceId: idSchema,
  observedAt: instantSchema,
  source: text(100),
  osVersion: z
    .string()
    .regex(/^\d+(\.\d+){0,3}$/, 'expected a version such as 18.6.2')
    .nullable()
    .optional(),
  osBuild: z.string().max(32).nullable().optional(),
  patchLevel: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a patch level such as 2026-05-01')
    .nullable()
    .optional(),
  sensors: z
    .strictObject({
      camera: sensorReadingSchema.optional(),
      microphone: sensorReadingSchema.optional(),
      location: sensorReadingSchema.optional(),
      bluetooth: sensorReadingSchema.optional(),
    })
    .optional(),
  apps: z.array(appId).max(2000).nullable().optional(),
  lockdownMode: z.boolean().nullable().optional(),
  supervised: z.boolean().nullable().optional(),
});

export type PostureInput = z.infer<typeof postureInputSchema>;

export const postureSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  observedAt: z.string(),
  receivedAt: z.string(),
  source: z.string(),
  osVersion: z.string().nullable(),
  osBuild: z.string().nullable(),
  patchLevel: z.string().nullable(),
  sensors: z.record(z.string(), sensorReadingSchema),
  apps: z.array(z.string()).nullable(),
  lockdownMode: z.boolean().nullable(),
  supervised: z.boolean().nullable(),
});
