/**
 * MDM posture connectors: `POST /connectors/:source` takes a source's payload as
 * sent (JSON, XML or binary plist, CSV; up to 50 MiB) and records posture reports; and
 * `POST /devices/:id/attestations` records a named person's attestation of a sensor state a
 * platform cannot enforce or report. The raw body is parsed by the connector, not by a route
 * schema: each source has its own shape (src/adapters/mdm/<source>/README.md).
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEVICE_ROLES, SENSORS } from '../../../core/model.ts';
import { parseInstant } from '../../../core/time.ts';
import { PUSH_ACTIONS } from '../../../services/enforcement/ports.ts';
import { idSchema, instantSchema } from '../../../services/kernel/schemas.ts';
import { postureSchema } from '../../../services/posture/schemas.ts';
import { postureView } from '../../../services/posture/views.ts';
import { ingestDelivery } from '../../mdm/index.ts';
import { pushProtocol } from '../../mdm/push.ts';
import { CONNECTOR_NAMES, CONNECTORS, PUSHED } from '../../mdm/registry.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

export const CONNECTOR_BODY_LIMIT = 50 * 1024 * 1024;

const ingestResultSchema = z.object({
  source: z.string(),
  received: z.number().int().meta({ description: 'Observations in the payload.' }),
  recorded: z.number().int().meta({ description: 'Posture reports recorded.' }),
  duplicates: z
    .number()
    .int()
    .meta({ description: 'Re-delivered observations (same source, device and time), skipped.' }),
  unmatched: z.number().int().meta({ description: 'Observations of devices Vigil does not track.' }),
  linked: z
    .number()
    .int()
    .meta({ description: 'Source device ids (UDID, Intune id…) linked to Vigil devices.' }),
  unenrolled: z.number().int().meta({ description: 'Devices the source says left management (CheckOut…).' }),
  reportIds: z.array(z.string()),
});

const attestationInputSchema = z.strictObject({
  sensor: z.enum(SENSORS),
  state: z.enum(['disabled', 'enabled']),
  attestedBy: z.string().trim().min(1).max(200).meta({ description: 'Who checked, by name and role.' }),
  statement: z.string().max(2000).nullable().optional(),
  observedAt: instantSchema.optional(),
});

const pushInputSchema = z.strictObject({
  protocol: z
    .string()
    .min(1)
    .max(200)
    .meta({ description: 'The protocol; its version in force now is pushed.' }),
  role: z
    .enum(DEVICE_ROLES)
    .optional()
    .meta({ description: 'Only this role (default: every role it states).' }),
  profileUrl: z
    .url({ protocol: /^https$/ })
    .optional()
    .meta({ description: "Where the MDM serves the profile (DDM's legacy configuration)." }),
  withdraw: z.boolean().optional().meta({
    description:
      'Send nothing and remove from the MDM every object Vigil created there for the protocol (in `role`, when given); 409 PROTOCOL_IN_USE while it governs anyone.',
  }),
});

const pushResultSchema = z.object({
  source: z.string(),
  target: z.string(),
  protocol: z.string(),
  version: z.string(),
  notified: z.number().int().meta({ description: 'Enrollments sent the DeclarativeManagement command.' }),
  artifacts: z.array(
    z.object({
      pushId: z.string(),
      pushedAt: instantSchema,
      actor: z.string().meta({ description: 'Who pushed.' }),
      role: z.enum(DEVICE_ROLES),
      file: z.string(),
      sha256: z.string(),
      remoteId: z.string(),
      remoteToken: z.string().nullable(),
      action: z.enum(PUSH_ACTIONS),
    }),
  ),
  assignments: z
    .array(
      z.object({
        role: z.enum(DEVICE_ROLES),
        remoteId: z.string(),
        groupId: z.string().meta({
          description: 'The group, or the kind of target without one (all devices, all licensed users).',
        }),
        action: z.enum(['assigned', 'unchanged']),
        from: z
          .string()
          .optional()
          .meta({ description: 'The superseded object whose assignment was moved to this one.' }),
      }),
    )
    .meta({
      description:
        "Intune objects assigned to the role's group (`VIGIL_INTUNE_GROUPS`), or found assigned to it, and the assignments of superseded objects moved to the objects replacing them; empty for other MDMs.",
    }),
  retired: z
    .array(
      z.object({
        role: z.enum(DEVICE_ROLES),
        version: z.string().meta({ description: 'The superseded version the object was created for.' }),
        file: z.string(),
        sha256: z.string(),
        remoteId: z.string(),
        action: z.enum(['removed', 'gone', 'kept']),
        reason: z.string(),
      }),
    )
    .meta({
      description:
        'Objects Vigil itself created (per its push receipts) for superseded versions or roles (every one, for a withdrawal): removed from the MDM, found gone, or kept while devices still depend on them (tried again next push).',
    }),
  moved: z
    .array(
      z.object({
        pushId: z.string(),
        movedAt: instantSchema,
        actor: z.string().meta({ description: 'Who pushed.' }),
        role: z.enum(DEVICE_ROLES),
        device: z.string(),
        from: z.string().nullable(),
        to: z.string(),
      }),
    )
    .meta({
      description:
        "Android phones of the role moved onto the role's policy (`devices.patch` of `policyName`), each recorded as a receipt row; empty for other MDMs.",
    }),
  withdrawn: z.boolean().meta({ description: 'A withdrawal: nothing sent, the objects taken out.' }),
});

const raw = new WeakMap<FastifyRequest, Buffer>();

export const connectorsRoutes: Routes = (app, { services, pushes }) => {
  app.post(
    '/connectors/:source/push',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['integrations'],
        summary: 'Compile a protocol and push it to an MDM (admin)',
        description:
          "Compiles the version in force now for the connector's target (recorded as protocol.compiled) and sends it: " +
          PUSHED.map((c) => `\`${c.name}\`: ${c.push.doc}`).join('; ') +
          '. Idempotent: what the MDM already holds is left as it is. Records each artifact sent (protocol.pushed). ' +
          'Then removes from the MDM the objects Vigil itself created for superseded versions, once no device depends on them. ' +
          'With `withdraw`, sends nothing and removes every object Vigil created there for the protocol (409 PROTOCOL_IN_USE while it governs anyone). ' +
          '409 INTEL_SOURCE_UNCONFIGURED when the push is not configured; 502 INTEL_FETCH_FAILED when the MDM refuses.',
        params: z.object({ source: z.enum(PUSHED.map((c) => c.name) as [string, ...string[]]) }),
        body: pushInputSchema,
        response: {
          200: ok(pushResultSchema, 'What each MDM took.'),
          ...errorResponses({ body: true, extra: [404, 409, 502] }),
        },
      },
    },
    async (request) => {
      const b = request.body;
      const r = await pushProtocol(
        services,
        pushes?.settings ?? {},
        {
          source: request.params.source,
          protocol: b.protocol,
          role: b.role,
          profileUrl: b.profileUrl,
          withdraw: b.withdraw,
        },
        callerOf(request).actor,
        { allowInsecureHttp: pushes?.allowInsecureHttp ?? false },
      );
      return {
        ...r,
        artifacts: r.artifacts.map((a) => ({
          pushId: a.pushId,
          pushedAt: new Date(a.pushedAt).toISOString(),
          actor: a.actor,
          role: a.role,
          file: a.file,
          sha256: a.sha256,
          remoteId: a.remoteId,
          remoteToken: a.remoteToken,
          action: a.action,
        })),
        moved: r.moved.map((m) => ({
          pushId: m.pushId,
          movedAt: new Date(m.movedAt).toISOString(),
          actor: m.actor,
          role: m.role,
          device: m.device,
          from: m.from,
          to: m.to,
        })),
      };
    },
  );

  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Every content type arrives as bytes: the connector knows its source's format.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) => {
      raw.set(request, body);
      return null;
    });
    scope.post(
      '/connectors/:source',
      {
        config: { roles: ['admin', 'ingest'], limit: 'ingest' },
        bodyLimit: CONNECTOR_BODY_LIMIT,
        schema: {
          tags: ['integrations'],
          summary: `Ingest an MDM payload (${CONNECTORS.map((c) => c.title).join(', ')})`,
          description:
            'The body is the source’s own payload: ' +
            CONNECTORS.map((c) => `\`${c.name}\`: ${c.accepts}`).join('; ') +
            '. Devices are matched by serial, IMEI or a linked source id; re-deliveries are skipped. ' +
            'A malformed field is 422 CONNECTOR_PAYLOAD_INVALID naming it.',
          params: z.object({ source: z.enum(CONNECTOR_NAMES) }),
          querystring: z.object({
            serial: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .meta({ description: 'For payloads that do not name the device (a profile).' }),
            udid: z.string().min(1).max(64).optional(),
            observedAt: instantSchema
              .optional()
              .meta({ description: 'When the payload states no time of its own.' }),
          }),
          consumes: [
            'application/json',
            'application/x-apple-plist',
            'application/xml',
            'application/octet-stream',
            'text/csv',
          ],
          response: {
            200: ok(ingestResultSchema, 'What was recorded.'),
            ...errorResponses({ body: true, extra: [404, 422] }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const result = await ingestDelivery(
          services,
          request.params.source,
          raw.get(request) ?? Buffer.alloc(0),
          {
            serial: q.serial,
            udid: q.udid,
            observedAt: q.observedAt === undefined ? undefined : (parseInstant(q.observedAt) ?? undefined),
          },
          callerOf(request).actor,
        );
        return { ...result, reportIds: [...result.reportIds] };
      },
    );
  });

  app.post(
    '/devices/:id/attestations',
    {
      config: { roles: ['admin', 'officer', 'technician'] },
      schema: {
        tags: ['integrations'],
        summary:
          'Attest a sensor state the platform cannot enforce or report (e.g. microphone, location on iOS)',
        description:
          'Records a posture report with `attested` provenance, and a posture.attested audit event naming who attested.',
        params: z.object({ id: idSchema }),
        body: attestationInputSchema,
        response: {
          201: ok(postureSchema, 'The attestation as recorded.'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const report = await services.connectors.attest(
        {
          deviceId: request.params.id,
          sensor: b.sensor,
          state: b.state,
          attestedBy: b.attestedBy,
          statement: b.statement ?? null,
          observedAt: b.observedAt === undefined ? undefined : (parseInstant(b.observedAt) ?? undefined),
        },
        callerOf(request).actor,
      );
      return reply.code(201).send(postureView(report));
    },
  );
};
