/** Security protocols as code: list, show, store a version, validate without storing, compare. */
import { z } from 'zod';
import {
  COVERAGE_COLUMNS,
  COVERAGE_LEVELS,
  ENFORCEMENT_TARGETS,
  type EnforcementTarget,
  PROTOCOL_SETTINGS,
} from '../../../core/enforcement/index.ts';
import { DEVICE_ROLES } from '../../../core/model.ts';
import { toIso } from '../../../core/time.ts';
import { atInputSchema, reasonInputSchema } from '../../../services/kernel/schemas.ts';
import {
  protocolDecisionParamsSchema,
  protocolPutSchema,
  protocolVersionSchema,
} from '../../../services/protocols/schemas.ts';
import { protocolVersionView } from '../../../services/protocols/views.ts';
import { errorResponses, ok, resolvedProtocolSchema } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const NAME = z.string().min(1).max(64);

/** Approving a proposed version is an officer's, never an administrator's (as for waivers). */
const PROTOCOL_APPROVERS = ['officer'] as const;
/** Rejecting one (or its proposer withdrawing it) is also open to an administrator. */
const PROTOCOL_DECIDERS = ['admin', 'officer'] as const;

const summarySchema = z.object({
  name: z.string(),
  title: z.string(),
  version: z.string(),
  extends: z.string().nullable(),
  effectiveAt: z.string(),
  versions: z.number().int().meta({ description: 'How many versions are stored.' }),
});

const coverageSchema = z
  .array(
    z.object({
      role: z.enum(DEVICE_ROLES),
      settings: z.array(
        z.object({
          setting: z.enum(PROTOCOL_SETTINGS),
          targets: z.array(
            z.object({
              target: z.enum(COVERAGE_COLUMNS),
              level: z.enum(COVERAGE_LEVELS),
              how: z.string(),
            }),
          ),
        }),
      ),
    }),
  )
  .meta({
    description:
      'Per role the protocol states requirements for, per setting it states, how far each target holds the phone to it: enforced (the compiled configuration makes the device comply), reported (the MDM reports it, Vigil finds a breach but cannot prevent it), attested (only an attestation or an inspection shows it), n/a (not the platform of the target). As `vigil protocol compile --explain` prints it.',
  });

const pushedSchema = z
  .array(
    z.object({
      source: z.string().meta({ description: 'The connector pushed to.' }),
      target: z.enum(ENFORCEMENT_TARGETS),
      version: z.string(),
      role: z.enum(DEVICE_ROLES),
      file: z.string(),
      sha256: z.string().meta({ description: 'SHA-256 of the artifact as compiled (protocol.compiled).' }),
      remoteId: z.string().meta({ description: "The MDM's id or name of the object." }),
      remoteToken: z.string().nullable(),
      action: z.enum(['created', 'updated', 'unchanged']),
      pushedAt: z.string(),
      actor: z.string(),
    }),
  )
  .meta({
    description:
      'The push receipts: per MDM and role, every object of the latest push of this protocol (what the MDM holds now), with the artifact hash, who pushed it and when.',
  });

const showSchema = z.object({
  resolved: resolvedProtocolSchema,
  version: protocolVersionSchema,
  text: z.string().meta({ description: 'The stored text of the version in force, exactly as submitted.' }),
  history: z.array(protocolVersionSchema),
  coverage: coverageSchema,
  pushed: pushedSchema,
});

const proposalSchema = protocolVersionSchema.extend({
  proposerPersonId: z
    .string()
    .nullable()
    .meta({ description: 'The person behind the proposing credential: they may not approve it.' }),
});

const validateBodySchema = z.strictObject({
  text: z
    .string()
    .min(1)
    .max(256 * 1024),
  file: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Named in the problems (default: request body).' }),
});

const problemSchema = z.object({
  file: z.string(),
  path: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  message: z.string(),
});

const validateResultSchema = z.object({ valid: z.boolean(), problems: z.array(problemSchema) });

const compareSchema = z.object({
  a: resolvedProtocolSchema,
  b: resolvedProtocolSchema,
  differences: z.array(
    z.object({
      path: z.string(),
      a: z.string().nullable(),
      b: z.string().nullable(),
      stricter: z.enum(['a', 'b', 'equal', 'unknown']),
    }),
  ),
});

export const protocolsRoutes: Routes = (app, { services }) => {
  app.get(
    '/protocols',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['protocols'],
        summary: 'List the protocols in force',
        response: { 200: ok(z.array(summarySchema), 'The protocols, by name.'), ...errorResponses({}) },
      },
    },
    () => services.protocols.list(),
  );

  app.put(
    '/protocols',
    {
      config: { roles: ['admin', 'officer'] },
      schema: {
        tags: ['protocols'],
        summary: 'Store a new version of a protocol',
        description:
          'The text is stored exactly as sent; its name and version come from `metadata`. Storing the same ' +
          'version again with the same text is harmless; with other text it is refused. When the protocol asks ' +
          'for it (`changes.approval: two-person`, in the new version, the version in force or a protocol in ' +
          'force that extends it) the version is stored as `proposed`: it governs nothing until another person approves it.',
        body: protocolPutSchema,
        response: {
          201: ok(protocolVersionSchema, 'The stored version.'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const version = await services.protocols.put(request.body, callerOf(request).actor);
      return reply.code(201).send(protocolVersionView(version));
    },
  );

  app.get(
    '/protocols/proposals',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['protocols'],
        summary: 'Protocol versions awaiting a second person',
        response: {
          200: ok(z.array(proposalSchema), 'Proposed versions, oldest first.'),
          ...errorResponses({}),
        },
      },
    },
    async () =>
      (await services.protocols.proposals()).map((p) => ({
        ...protocolVersionView(p.version),
        proposerPersonId: p.proposerPersonId,
      })),
  );

  app.post(
    '/protocols/:name/versions/:version/approve',
    {
      config: { roles: PROTOCOL_APPROVERS },
      schema: {
        tags: ['protocols'],
        summary: 'Approve a proposed protocol version (not its proposer)',
        description:
          'A two-person action between people: the approver’s credential must belong to a person (else 403 PERSON_REQUIRED), and not to the person who proposed the version, whichever token or user they use (403 PROTOCOL_SAME_PERSON). The version governs from the later of its effectiveAt and the approval’s `at` (default now). A version awaiting no decision is 409 PROTOCOL_VERSION_NOT_PROPOSED.',
        params: protocolDecisionParamsSchema,
        body: atInputSchema.nullish(),
        response: {
          200: ok(protocolVersionSchema, 'The approved version.'),
          ...errorResponses({ body: true, extra: [404, 409, 422] }),
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { name, version } = request.params;
      return protocolVersionView(
        await services.protocols.approve(
          name,
          version,
          { actor: caller.actor, personId: caller.personId },
          request.body ?? {},
        ),
      );
    },
  );

  app.post(
    '/protocols/:name/versions/:version/reject',
    {
      config: { roles: PROTOCOL_DECIDERS },
      schema: {
        tags: ['protocols'],
        summary: 'Reject a proposed protocol version: it never governs',
        description:
          'Its proposer may withdraw it this way. A decision is final: propose a new version instead.',
        params: protocolDecisionParamsSchema,
        body: reasonInputSchema,
        response: {
          200: ok(protocolVersionSchema, 'The rejected version.'),
          ...errorResponses({ body: true, extra: [404, 409, 422] }),
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { name, version } = request.params;
      return protocolVersionView(
        await services.protocols.reject(
          name,
          version,
          { actor: caller.actor, personId: caller.personId },
          request.body,
        ),
      );
    },
  );

  app.post(
    '/protocols/validate',
    {
      config: { roles: ['admin', 'officer', 'technician', 'auditor'] },
      schema: {
        tags: ['protocols'],
        summary: 'Check a protocol text without storing it',
        description: 'Syntax, schema, the `extends` chain against the stored protocols, and citations.',
        body: validateBodySchema,
        response: {
          200: ok(validateResultSchema, 'Every problem found (none when valid).'),
          ...errorResponses({ body: true }),
        },
      },
    },
    async (request) => {
      const { problems } = await services.protocols.validate(
        request.body.text,
        request.body.file ?? 'request body',
      );
      return { valid: problems.length === 0, problems };
    },
  );

  app.get(
    '/protocols/compare',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['protocols'],
        summary: 'Compare two protocols setting by setting',
        querystring: z.strictObject({ a: NAME, b: NAME }),
        response: {
          200: ok(compareSchema, 'Both resolved documents and every setting that differs.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    (request) => services.protocols.compare(request.query.a, request.query.b),
  );

  app.get(
    '/protocols/:name',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['protocols'],
        summary: 'Show a protocol: resolved document, version in force, stored text and history',
        params: z.strictObject({ name: NAME }),
        response: { 200: ok(showSchema, 'The protocol.'), ...errorResponses({ input: true, extra: [404] }) },
      },
    },
    async (request) => {
      const p = await services.protocols.show(request.params.name);
      const pushed = await services.pushes.lastPushed({ protocol: p.version.name });
      return {
        resolved: p.resolved,
        version: protocolVersionView(p.version),
        text: p.text,
        history: p.history.map(protocolVersionView),
        coverage: p.coverage,
        pushed: pushed.map((r) => ({
          source: r.source,
          target: r.target as EnforcementTarget,
          version: r.version,
          role: r.role,
          file: r.file,
          sha256: r.sha256,
          remoteId: r.remoteId,
          remoteToken: r.remoteToken,
          action: r.action as 'created' | 'updated' | 'unchanged',
          pushedAt: toIso(r.pushedAt),
          actor: r.actor,
        })),
      };
    },
  );
};
