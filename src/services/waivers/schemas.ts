/** The waivers context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { WAIVER_STATES } from '../../core/lifecycle/waiver.ts';
import { idSchema, instantSchema, text, transitionSchema } from '../kernel/schemas.ts';

export const waiverRequestInputSchema = z
  .strictObject({
    id: idSchema.optional(),
    rule: z.string().min(1).max(64),
    /** Exactly one of deviceId and personId (all of the person's devices). */
    deviceId: idSchema.optional(),
    personId: idSchema.optional(),
    reason: text(2000),
    risk: text(2000),
    /** Default: when the request took effect (`at`). */
    startsAt: instantSchema.optional(),
    expiresAt: instantSchema,
    /** When the request was made, back-filling a past one (default now; never in the future). */
    at: instantSchema.optional(),
  })
  .refine((w) => (w.deviceId === undefined) !== (w.personId === undefined), {
    message: 'give exactly one of deviceId and personId',
    path: ['deviceId'],
  });

export type WaiverRequestInput = z.infer<typeof waiverRequestInputSchema>;

export const waiverListQuerySchema = z.strictObject({
  state: z.enum(WAIVER_STATES).optional(),
  deviceId: idSchema.optional(),
  personId: idSchema.optional(),
  rule: z.string().max(64).optional(),
});

export const waiverSchema = z
  .object({
    id: z.string(),
    rule: z.string(),
    scope: z.union([z.object({ deviceId: z.string() }), z.object({ personId: z.string() })]),
    reason: z.string(),
    risk: z.string(),
    state: z.enum(WAIVER_STATES),
    requestedBy: z.string(),
    requestedAt: z.string(),
    recordedAt: z
      .string()
      .meta({ description: 'When the request was recorded (requestedAt is when it took effect).' }),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    approvalRecordedAt: z.string().nullable(),
    startsAt: z.string(),
    expiresAt: z.string(),
    endedAt: z.string().nullable(),
    endRecordedAt: z.string().nullable(),
    endedBy: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({ description: 'A waiver and its state; expiry is time, not a state (see `expiresAt`).' });

export const waiverDetailSchema = waiverSchema.extend({ transitions: z.array(transitionSchema) });
