/** The zones context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import type { Acknowledgement } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { text } from '../incidents/schemas.ts';
import { atField, idSchema, instantSchema } from '../kernel/schemas.ts';
import type { StoredDetection } from './ports.ts';

export const detectionInputSchema = z.strictObject({
  facility: z.string().min(1).max(64),
  identifier: z
    .string()
    .min(3)
    .max(100)
    .meta({ description: 'imei:<digits>, serial:<serial number> or mac-sha256:<64 hex digits>' }),
  /** When the device was seen; default now; never in the future. */
  at: atField,
  /** Which sensor or check-point; default the caller. */
  source: text(200).optional(),
});

export type DetectionInput = z.infer<typeof detectionInputSchema>;

export const detectionQuerySchema = z.strictObject({
  facility: z.string().max(64).optional(),
  personId: idSchema.optional(),
  since: instantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const detectionSchema = z
  .object({
    id: z.string(),
    facility: z.string(),
    at: z.string(),
    identifier: z.string(),
    deviceId: z.string().nullable(),
    personId: z.string().nullable(),
    source: z.string(),
    receivedAt: z.string(),
  })
  .meta({ description: 'A device identifier seen in a facility.' });

export const detectionResultSchema = detectionSchema.extend({
  violation: z
    .boolean()
    .meta({ description: 'Whether the facility bans this device (personal or unknown).' }),
});

export function detectionView(d: StoredDetection): z.infer<typeof detectionSchema> {
  return { ...d, at: toIso(d.at), receivedAt: toIso(d.receivedAt) };
}

export const zoneSchema = z.object({
  facility: z.string(),
  title: z.string(),
  protocol: z.string(),
  personalDevices: z.enum(['banned', 'allowed']),
  acknowledgement: z.enum(['required', 'optional']),
  policyVersion: z.string(),
});

export const acknowledgementInputSchema = z.strictObject({
  /** Whose acknowledgement; a staff caller may omit it (themself) and may name no one else. */
  personId: idSchema.optional(),
  facility: z.string().min(1).max(64),
  /** The version accepted; must be the one in force at `at` (default: it). */
  policyVersion: z.string().min(1).max(200).optional(),
  /** When they accepted it, back-filling a past acknowledgement (default now). */
  at: atField,
});

export type AcknowledgementInput = z.infer<typeof acknowledgementInputSchema>;

export const acknowledgementQuerySchema = z.strictObject({
  personId: idSchema.optional(),
  facility: z.string().max(64).optional(),
});

export const acknowledgementSchema = z.object({
  personId: z.string(),
  facility: z.string(),
  policyVersion: z.string(),
  at: z.string(),
});

export function acknowledgementView(a: Acknowledgement): z.infer<typeof acknowledgementSchema> {
  return { ...a, at: toIso(a.at) };
}
