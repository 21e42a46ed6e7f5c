/**
 * Exports for auditors: CSV and JSON tables as of any instant, OSCAL Assessment Results and
 * POA&M. Each call is an audited act (`export.created`). The body is sent as rendered by the
 * service (so its SHA-256 in the audit event is the SHA-256 of what the caller received).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { EXPORT_ENTITIES, type ExportEntity } from '../../../core/exports/entities.ts';
import type { ExportFile } from '../../../services/exports/export.service.ts';
import { idSchema, instantSchema } from '../../../services/kernel/schemas.ts';
import { errorResponses } from '../openapi.ts';
import { callerOf } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const READERS = ['admin', 'officer', 'auditor'] as const;

const FILES = EXPORT_ENTITIES.flatMap((e) => [`${e}.csv`, `${e}.json`] as const);

const fileParams = z.strictObject({
  file: z
    .enum(FILES as [string, ...string[]])
    .meta({ description: 'Entity and format, e.g. `findings.csv`.' }),
});

const asOfQuery = z.strictObject({
  asOf: instantSchema.optional().meta({ description: 'As of this instant (default now).' }),
  knownAt: instantSchema.optional().meta({
    description:
      'Only facts Vigil had recorded by this instant ("as known then"; default: everything recorded).',
  }),
});

const oscalQuery = z.strictObject({
  asOf: instantSchema.optional().meta({ description: 'As of this instant (default now).' }),
  knownAt: instantSchema.optional().meta({
    description:
      'Only facts Vigil had recorded by this instant ("as known then"; default: everything recorded).',
  }),
  personId: idSchema.optional().meta({ description: 'Only this person’s devices and findings.' }),
  officeId: idSchema.optional().meta({ description: 'A principal’s office: the principal and their staff.' }),
  receipt: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .meta({
      description:
        'Assessment results of the fleet or one person: attach a compliance receipt of the same instant to the back matter (records a compliance.receipt-issued event; the document then differs between exports).',
    }),
});

const oscalDocument = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.looseObject({}) } },
});

/**
 * Sends the rendered bytes as they are (Fastify does not re-serialize a string), so the body
 * is exactly what `x-content-sha256` and the audit event name. The route's typed reply wants
 * the schema's shape; the bytes are that shape, already serialized.
 */
function send(reply: FastifyReply, file: ExportFile): void {
  reply.header('content-disposition', `attachment; filename="${file.filename}"`);
  reply.header('x-content-sha256', file.sha256);
  reply.type(file.contentType);
  reply.send(file.body);
}

export const exportsRoutes: Routes = (app, { services }) => {
  app.get(
    '/exports/:file',
    {
      config: { roles: [...READERS], limit: 'export' },
      schema: {
        tags: ['exports'],
        summary: 'Export findings, devices, inspections, waivers or incidents as CSV or JSON',
        description:
          'As in effect at or before `asOf` (findings as evaluated then); with `knownAt`, only facts recorded by then. Columns are documented in docs/exports.md; CSV is RFC 4180 with spreadsheet formulas neutralised.',
        params: fileParams,
        querystring: asOfQuery,
        response: {
          200: {
            description: 'The export (attachment); `x-content-sha256` is recorded in `export.created`.',
            content: {
              'text/csv': { schema: z.string() },
              'application/json': { schema: z.looseObject({}) },
            },
          },
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request, reply) => {
      const [entity, format] = request.params.file.split('.') as [ExportEntity, 'csv' | 'json'];
      const file = await services.exports.table(
        { entity, format, asOf: request.query.asOf, knownAt: request.query.knownAt },
        callerOf(request).actor,
      );
      send(reply as unknown as FastifyReply, file);
      return reply;
    },
  );

  for (const [kind, summary, description, document] of [
    [
      'assessment-results',
      'OSCAL 1.2.1 Assessment Results for the fleet, an office or a person',
      'Observations are the latest posture report and security check of each device; findings are Vigil’s findings against SP 800-53 controls (docs/exports.md). UUIDs are stable across exports.',
      'An OSCAL assessment-results document.',
    ],
    [
      'poam',
      'OSCAL 1.2.1 Plan of Action and Milestones for the open findings',
      'One POA&M item per open or waived finding, each with its risk and a deadline (waiver expiry, KEV due date or the severity’s window).',
      'An OSCAL plan-of-action-and-milestones document.',
    ],
  ] as const) {
    app.get(
      `/exports/oscal/${kind}`,
      {
        config: { roles: [...READERS], limit: 'export' },
        schema: {
          tags: ['exports'],
          summary,
          description,
          querystring: oscalQuery,
          response: {
            200: oscalDocument(document),
            ...errorResponses({ input: true, extra: [404, 422] }),
          },
        },
      },
      async (request, reply) => {
        const file = await services.exports.oscal({ kind, ...request.query }, callerOf(request).actor);
        send(reply as unknown as FastifyReply, file);
        return reply;
      },
    );
  }
};
