/** The kernel context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { unsafeTextReason } from '../../core/text.ts';
import { parseInstant } from '../../core/time.ts';

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
    'expected an ISO 8601 timestamp with a zone, from 1970 on, e.g. 2026-11-21T09:00:00Z',
  )
  .meta({ format: 'date-time', example: '2026-11-21T09:00:00Z' });

/**
 * A string the databases can store: no NUL, no lone surrogate (core/text.ts). Every input
 * string should start here rather than at `z.string()`, so the refusal is a 400 naming the
 * field and not a failed INSERT.
 */
export const safeString = () =>
  z.string().check((ctx) => {
    const reason = unsafeTextReason(ctx.value);
    if (reason !== null) ctx.issues.push({ code: 'custom', message: reason, input: ctx.value });
  });

export const text = (max: number) => safeString().min(1).max(max);

/** A file attached to a check as evidence, by hash (the bytes are kept elsewhere). */
export const evidenceFileSchema = z.strictObject({
  name: text(255),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256'),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});

/** When a recorded event took effect, back-filling a past one: default now, never in the future. */
export const atField = instantSchema
  .optional()
  .meta({ description: 'When it took effect (ISO 8601; default now; never in the future).' });

export const reasonInputSchema = z.strictObject({ reason: text(1000), at: atField });

/** The body of a command that takes nothing but its instant (the body may be omitted). */
export const atInputSchema = z.strictObject({ at: atField });

export type AtInput = z.infer<typeof atInputSchema>;

export type ReasonInput = z.infer<typeof reasonInputSchema>;

export const transitionSchema = z.object({
  from: z.string().nullable(),
  to: z.string(),
  command: z.string(),
  at: z.string(),
  actor: z.string(),
  details: z.record(z.string(), z.unknown()),
});
