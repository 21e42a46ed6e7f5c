/** Compliance receipts: the findings as of an instant with their facts and audit-log proofs. */
import { z } from 'zod';
import { RECEIPT_FORMAT } from '../../../core/compliance/receipt.ts';
import { FACT_KIND_NAMES } from '../../../core/compliance/receipt-facts.ts';
import { idSchema, instantSchema } from '../../../services/kernel/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const entries = z.array(z.number().int()).meta({
  description: 'Leaf indices of the audit entries that recorded it (in `log.entries`); empty: unlogged.',
});

const receiptSchema = z
  .object({
    format: z.literal(RECEIPT_FORMAT),
    asOf: z.string(),
    knownAt: z.string(),
    person: z.string().nullable(),
    digest: z.string().meta({ description: 'Hex SHA-256 recorded by the compliance.receipt-issued event.' }),
    protocols: z.array(
      z.object({
        name: z.string(),
        version: z.string(),
        sha256: z.string(),
        effectiveAt: z.number(),
        text: z.string(),
        entries,
      }),
    ),
    facts: z.array(
      z.object({
        kind: z.enum(FACT_KIND_NAMES as [string, ...string[]]),
        value: z.unknown().meta({ description: "The evaluator's input record (instants in epoch ms)." }),
        entries,
      }),
    ),
    findings: z.array(z.unknown()),
    log: z.object({
      origin: z.string(),
      checkpoint: z.string().meta({ description: 'The signed checkpoint note every proof is against.' }),
      issued: z.number().int(),
      entries: z.array(z.object({ index: z.number().int(), entry: z.string(), proof: z.array(z.string()) })),
    }),
  })
  .meta({ id: 'ComplianceReceipt' });

export const receiptRoutes: Routes = (app, { services }) => {
  app.get(
    '/compliance/receipt',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['compliance'],
        summary: 'A compliance receipt anyone can check offline (`vigil receipt verify`)',
        description:
          'The findings as of `asOf` (default now), for one person or the whole fleet, with every fact the ' +
          'evaluation used, the protocol versions in force, each fact’s audit-log entry with an inclusion ' +
          'proof, and a signed checkpoint. Its digest is recorded as a `compliance.receipt-issued` audit event.',
        querystring: z.strictObject({
          asOf: instantSchema.optional(),
          knownAt: instantSchema
            .optional()
            .meta({ description: 'Only facts recorded by then (default: now, when the receipt is made).' }),
          personId: idSchema.optional(),
        }),
        response: {
          200: ok(receiptSchema, 'The receipt.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => {
      const receipt = await services.receipts.issue(
        { asOf: request.query.asOf, knownAt: request.query.knownAt, personId: request.query.personId },
        callerOf(request).actor,
      );
      // The schema's arrays are mutable; the receipt's are readonly for its writers only.
      return receipt as unknown as z.infer<typeof receiptSchema>;
    },
  );
};
