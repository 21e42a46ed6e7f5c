/**
 * The audit log: events a page at a time, and the verifiable log over them (signed
 * checkpoints, inclusion and consistency proofs, leaf entries for mirroring). No route changes
 * or deletes an event; the one write, POST /audit/checkpoint, only signs what is already there.
 */
import { z } from 'zod';
import type { CheckpointView } from '../../../services/audit/audit-log.service.ts';
import { auditEventSchema } from '../../../services/audit/schemas.ts';
import { auditEventView } from '../../../services/audit/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { compact, type Routes } from './types.ts';

const READERS = ['admin', 'officer', 'auditor'] as const;

const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const b64 = (description: string) => z.string().meta({ description: `${description} (base64).` });

const query = z.strictObject({
  afterSeq: count.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  type: z.string().min(1).max(64).optional(),
});

const checkpointSchema = z.object({
  note: z.string().meta({
    description:
      'The C2SP signed checkpoint note (origin, size, root, log signature), with witness cosignature lines appended.',
  }),
  size: z.number().meta({ description: 'Number of entries the checkpoint commits to.' }),
  root: b64('RFC 6962 Merkle tree root at `size`'),
  at: z.string().meta({ description: 'When it was signed.' }),
  verifierKey: z
    .string()
    .meta({ description: 'The log’s public key (vkey); pin it, do not trust it from here.' }),
  cosignatures: z.array(z.object({ witness: z.string(), line: z.string() })),
});

const eventEntrySchema = z.object({
  event: auditEventSchema,
  index: z
    .number()
    .nullable()
    .meta({ description: 'Leaf index in the tree; null until integrated (< 1 s).' }),
  entry: z.string().meta({ description: 'The exact leaf bytes (UTF-8 canonical JSON).' }),
  leafHash: b64('SHA-256(0x00 || entry)'),
});

const inclusionSchema = z.object({
  index: z.number(),
  size: z.number(),
  leafHash: b64('The leaf hash'),
  root: b64('Tree root at `size`'),
  proof: z.array(z.string()).meta({ description: 'RFC 9162 inclusion proof, base64 hashes, bottom up.' }),
});

const consistencySchema = z.object({
  from: z.number(),
  to: z.number(),
  fromRoot: b64('Root at `from`'),
  toRoot: b64('Root at `to`'),
  proof: z.array(z.string()).meta({ description: 'RFC 9162 consistency proof, base64 hashes.' }),
});

const entriesSchema = z.object({
  entries: z.array(z.object({ index: z.number(), seq: z.number(), entry: z.string(), leafHash: z.string() })),
});

const checkpointView = (cp: CheckpointView) => ({
  ...cp,
  at: new Date(cp.at).toISOString(),
  cosignatures: [...cp.cosignatures],
});

export const auditRoutes: Routes = (app, { services }) => {
  app.get(
    '/audit/events',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'List audit events',
        description:
          'Events with a sequence number above `afterSeq`, oldest first; pass the last `seq` to page on.',
        querystring: query,
        response: { 200: ok(z.array(auditEventSchema), 'The events.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => (await services.audit.list(request.query)).map(auditEventView),
  );

  app.get(
    '/audit/events/:seq',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'One audit event with its leaf',
        description:
          'The event, its leaf index in the Merkle tree and the exact leaf bytes that were hashed.',
        params: z.strictObject({ seq: count }),
        response: {
          200: ok(eventEntrySchema, 'The event.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => {
      const r = await services.auditLog.event(request.params.seq);
      return { ...r, event: auditEventView(r.event) };
    },
  );

  app.get(
    '/audit/checkpoint',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'The latest signed checkpoint',
        description: 'Signed at least every VIGIL_CHECKPOINT_INTERVAL seconds while the log grows.',
        response: { 200: ok(checkpointSchema, 'The checkpoint.'), ...errorResponses({}) },
      },
    },
    async () => checkpointView(await services.auditLog.latestCheckpoint()),
  );

  app.get(
    '/audit/keys',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'The log’s signing-key history',
        description:
          'The first key, then each later key with the key-transition checkpoint its predecessor and it signed (docs/adr/0024-log-key-rotation.md). One entry when the key was never rotated. A verifier holding any key of the chain follows it; none of it needs trusting from here.',
        response: {
          200: ok(
            z.object({
              keys: z.array(
                z.object({
                  vkey: z.string(),
                  transition: z
                    .string()
                    .nullable()
                    .meta({ description: 'The key-transition checkpoint note (null for the first key).' }),
                }),
              ),
            }),
            'The key history, oldest first.',
          ),
          ...errorResponses({}),
        },
      },
    },
    async () => ({ keys: await services.auditLog.keyHistory() }),
  );

  app.post(
    '/audit/checkpoint',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'Sign a checkpoint now',
        description:
          'Integrates pending events and signs a checkpoint if the log grew; returns the latest either way.',
        response: { 200: ok(checkpointSchema, 'The latest checkpoint.'), ...errorResponses({}) },
      },
    },
    async () => checkpointView(await services.auditLog.checkpoint()),
  );

  app.get(
    '/audit/proofs/inclusion',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'Inclusion proof of an event',
        description:
          'Of the leaf `index`, or of the event `seq`, in the tree of `size` entries (default: the latest checkpoint).',
        querystring: z.strictObject({
          seq: count.optional(),
          index: count.optional(),
          size: count.optional(),
        }),
        response: {
          200: ok(inclusionSchema, 'The proof.'),
          ...errorResponses({ input: true, extra: [404, 409] }),
        },
      },
    },
    async (request) => services.auditLog.inclusionProof(compact(request.query)),
  );

  app.get(
    '/audit/proofs/consistency',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'Consistency proof between two tree sizes',
        description:
          'Proves the tree of `to` entries (default: the latest checkpoint) extends the tree of `from`.',
        querystring: z.strictObject({ from: count, to: count.optional() }),
        response: { 200: ok(consistencySchema, 'The proof.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) =>
      services.auditLog.consistencyProof(compact(request.query) as { from: number; to?: number }),
  );

  app.get(
    '/audit/entries',
    {
      config: { roles: [...READERS] },
      schema: {
        tags: ['audit'],
        summary: 'Leaf entries for mirroring and verification',
        description:
          'Entries with start <= index < end (at most 1,000; `end` is clamped to the tree size), with their stored leaf hashes.',
        querystring: z.strictObject({ start: count, end: count }),
        response: { 200: ok(entriesSchema, 'The entries.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => ({ entries: await services.auditLog.entries(request.query.start, request.query.end) }),
  );
};
