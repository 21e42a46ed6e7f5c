/**
 * Input and output shapes of the workflows (swaps, refusals, waivers, the schedule), shared by
 * the HTTP routes (and their OpenAPI document) and the CLI.
 */
import { z } from 'zod';
import { SWAP_STATES } from '../core/lifecycle/swap.ts';
import { WAIVER_STATES } from '../core/lifecycle/waiver.ts';
import { INSPECTION_METHODS, INSPECTION_RESULTS } from '../core/model.ts';
import { evidenceFileSchema, idSchema, instantSchema } from './schemas.ts';

const text = (max: number) => z.string().min(1).max(max);
const location = text(200);

/** Where a device goes: a holder (person id) or a storage location (at least one). */
const custodyFields = {
  holderId: idSchema.nullable().optional(),
  location: location.nullable().optional(),
};

export const swapPlanInputSchema = z.strictObject({
  id: idSchema.optional(),
  /** The issued device in service to be swapped. */
  deviceId: idSchema,
  /** Default: when its protocol says the swap is due (and the stage-by date before it). */
  dueAt: instantSchema.optional(),
  stageBy: instantSchema.optional(),
});
export type SwapPlanInput = z.infer<typeof swapPlanInputSchema>;

export const swapStageInputSchema = z.strictObject({
  /** A staged issued device. */
  newDeviceId: idSchema,
  ...custodyFields,
});
export type SwapStageInput = z.infer<typeof swapStageInputSchema>;

export const custodyStepInputSchema = z
  .strictObject(custodyFields)
  .refine((c) => (c.holderId ?? null) !== null || (c.location ?? null) !== null, {
    message: 'give the holder (holderId) or the location, or both',
    path: ['holderId'],
  });
export type CustodyStepInput = z.infer<typeof custodyStepInputSchema>;

export const swapExamineInputSchema = z.strictObject({
  method: z.enum(INSPECTION_METHODS),
  result: z.enum(INSPECTION_RESULTS),
  notes: z.string().max(2000).nullable().optional(),
  evidence: z.array(evidenceFileSchema).max(100).optional(),
});
export type SwapExamineInput = z.infer<typeof swapExamineInputSchema>;

export const swapDeclineInputSchema = z.strictObject({
  /** Who declined: the holder (default) or the person who declined on their behalf. */
  declinedBy: idSchema.optional(),
  reason: text(1000),
});
export type SwapDeclineInput = z.infer<typeof swapDeclineInputSchema>;

export const reasonInputSchema = z.strictObject({ reason: text(1000) });
export type ReasonInput = z.infer<typeof reasonInputSchema>;

export const swapListQuerySchema = z.strictObject({
  state: z.enum(SWAP_STATES).optional(),
  /** `true`: only swaps still in progress. */
  open: z.enum(['true', 'false']).optional(),
  deviceId: idSchema.optional(),
});

const custodySchema = z.object({ holderId: z.string().nullable(), location: z.string().nullable() });

export const swapSchema = z
  .object({
    id: z.string(),
    oldDeviceId: z.string(),
    personId: z.string(),
    state: z.enum(SWAP_STATES),
    dueAt: z.string().nullable(),
    stageBy: z.string().nullable(),
    newDeviceId: z.string().nullable(),
    custody: z.object({ old: custodySchema, new: custodySchema.nullable() }),
    rotationId: z.string().nullable(),
    inspectionId: z.string().nullable(),
    refusalId: z.string().nullable(),
    reason: z.string().nullable(),
    plannedAt: z.string(),
    plannedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ description: 'A swap of an issued device and where it stands.' });

export const transitionSchema = z.object({
  from: z.string().nullable(),
  to: z.string(),
  command: z.string(),
  at: z.string(),
  actor: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const swapDetailSchema = swapSchema.extend({ transitions: z.array(transitionSchema) });

export const refusalInputSchema = z.strictObject({
  id: idSchema.optional(),
  /** Who declined (the principal themself, or the person who declined on their behalf). */
  personId: idSchema,
  deviceId: idSchema.nullable().optional(),
  /** `swap`, `check`, or another action (then `rule` is required). */
  action: z.string().regex(/^[a-z][a-z-]{0,39}$/, 'expected an action such as swap or check'),
  /** The rule the refusal leaves unmet; defaults for swap (rotation.overdue) and check (inspection.overdue). */
  rule: z.string().max(64).optional(),
  reason: text(1000),
  /** When it was declined (default now; never in the future). */
  at: instantSchema.optional(),
});
export type RefusalInput = z.infer<typeof refusalInputSchema>;

export const refusalListQuerySchema = z.strictObject({
  personId: idSchema.optional(),
  deviceId: idSchema.optional(),
});

export const refusalSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    deviceId: z.string().nullable(),
    action: z.string(),
    rule: z.string(),
    at: z.string(),
    reason: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    swapId: z.string().nullable(),
  })
  .meta({ description: 'A recorded refusal: who declined what, when and why.' });

export const waiverRequestInputSchema = z
  .strictObject({
    id: idSchema.optional(),
    rule: z.string().min(1).max(64),
    /** Exactly one of deviceId and personId (all of the person's devices). */
    deviceId: idSchema.optional(),
    personId: idSchema.optional(),
    reason: text(2000),
    risk: text(2000),
    /** Default now. */
    startsAt: instantSchema.optional(),
    expiresAt: instantSchema,
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
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    startsAt: z.string(),
    expiresAt: z.string(),
    endedAt: z.string().nullable(),
    endedBy: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({ description: 'A waiver and its state; expiry is time, not a state (see `expiresAt`).' });

export const waiverDetailSchema = waiverSchema.extend({ transitions: z.array(transitionSchema) });

export const scheduleQuerySchema = z.strictObject({ asOf: instantSchema.optional() });

export const scheduleItemSchema = z.object({
  kind: z.enum(['swap', 'check']),
  deviceId: z.string(),
  personId: z.string().nullable(),
  protocol: z.string(),
  dueAt: z.string(),
  graceUntil: z.string(),
  stageBy: z.string().optional(),
  overdue: z.boolean(),
});

export const scheduleSchema = z.object({ asOf: z.string(), items: z.array(scheduleItemSchema) });
