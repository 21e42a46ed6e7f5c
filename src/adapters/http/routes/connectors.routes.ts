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
import { SENSORS } from '../../../core/model.ts';
import { parseInstant } from '../../../core/time.ts';
import { idSchema, instantSchema } from '../../../services/kernel/schemas.ts';
import { postureSchema } from '../../../services/posture/schemas.ts';
import { postureView } from '../../../services/posture/views.ts';
import { ingestDelivery } from '../../mdm/index.ts';
import { CONNECTOR_NAMES, CONNECTORS } from '../../mdm/registry.ts';
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

const raw = new WeakMap<FastifyRequest, Buffer>();

export const connectorsRoutes: Routes = (app, { services }) => {
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
