/** The swaps context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { SWAP_STATES } from '../../core/lifecycle/swap.ts';
import { INSPECTION_METHODS, INSPECTION_RESULTS } from '../../core/model.ts';
import {
  atField,
  evidenceFileSchema,
  idSchema,
  instantSchema,
  text,
  transitionSchema,
} from '../kernel/schemas.ts';

const location = text(200);

/** Where a device goes: a holder (person id) or a storage location (at least one). */
const custodyFields = {
  holderId: idSchema.nullable().optional(),
  location: location.nullable().optional(),
  /** When the step took effect, back-filling a past one (default now). */
  at: atField,
};

export const swapPlanInputSchema = z.strictObject({
  id: idSchema.optional(),
  /** The issued device in service to be swapped. */
  deviceId: idSchema,
  /** Default: when its protocol says the swap is due (and the stage-by date before it). */
  dueAt: instantSchema.optional(),
  stageBy: instantSchema.optional(),
  /** When it was planned, back-filling a past swap (default now). */
  at: atField,
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
  at: atField,
});

export type SwapExamineInput = z.infer<typeof swapExamineInputSchema>;

export const swapDeclineInputSchema = z.strictObject({
  /** Who declined: the holder (default) or the person who declined on their behalf. */
  declinedBy: idSchema.optional(),
  reason: text(1000),
  at: atField,
});

export type SwapDeclineInput = z.infer<typeof swapDeclineInputSchema>;

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

export const swapDetailSchema = swapSchema.extend({ transitions: z.array(transitionSchema) });
