/** The releases context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { PLATFORMS } from '../../core/model.ts';
import { instantSchema } from '../kernel/schemas.ts';

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
