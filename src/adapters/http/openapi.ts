/**
 * The OpenAPI 3.1 document: @fastify/swagger collects every route, and fastify-type-provider-zod
 * turns the routes' Zod schemas into JSON Schema. This module also holds the pieces every route
 * shares in that document: the one error body and the response helpers that reference it.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import pkg from '../../../package.json' with { type: 'json' };
import { ERRORS } from '../../core/errors.ts';
import { protocolSchema } from '../../core/protocol/protocol.schema.ts';
import { tokenSchema } from '../../services/access/schemas.ts';
import { auditEventSchema } from '../../services/audit/schemas.ts';
import { deviceSummarySchema, findingSchema } from '../../services/compliance/schemas.ts';
import { deviceSchema, inspectionSchema, personSchema } from '../../services/inventory/schemas.ts';
import { postureSchema } from '../../services/posture/schemas.ts';
import { protocolVersionSchema } from '../../services/protocols/schemas.ts';
import { osReleaseSchema } from '../../services/releases/schemas.ts';

/** `{"error":{"code","message","details","hint"}}`: the only error shape the API sends. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERRORS) as [keyof typeof ERRORS, ...(keyof typeof ERRORS)[]]),
      message: z.string().meta({ description: 'Safe to show to a person; never a stack trace.' }),
      details: z
        .array(
          z.looseObject({
            path: z.string().meta({ description: 'Where the problem is, e.g. `body.sensors.camera.state`.' }),
            message: z.string(),
          }),
        )
        .meta({ description: 'Every problem found, when there is more than one thing to say; else empty.' }),
      hint: z.string().meta({
        description:
          'What to do next: the command or request that helps, or the valid values (docs/errors.md).',
      }),
    }),
  })
  .meta({ description: 'An error; `code` is stable and listed in docs/errors.md.' });

export type ErrorBody = z.infer<typeof errorSchema>;

/** What the protocol routes answer for a protocol: the file format itself, so clients get its shape. */
export const resolvedProtocolSchema = protocolSchema.meta({
  description: 'A protocol document (apiVersion vigil/v1), with its `extends` chain merged in.',
});

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON.',
  401: 'AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked).',
  403: "AUTH_FORBIDDEN: the token's role may not call this route.",
  404: 'The resource does not exist.',
  409: 'The resource already exists.',
  413: 'PAYLOAD_TOO_LARGE: the body exceeds the limit.',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept.',
  422: 'The request is well-formed but inconsistent; details list every problem.',
  429: 'RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds).',
  503: 'NOT_READY: the database cannot be reached.',
};

const errorResponse = (status: number) => ({
  description: ERROR_DESCRIPTIONS[status] ?? 'Error',
  content: { 'application/json': { schema: errorSchema } },
});

/**
 * The error responses of a route. Every authenticated route may answer 401 and 403; routes
 * with input add 400; routes with a body add 413 and 415; `extra` names the route's own.
 */
export function errorResponses(opts: { auth?: boolean; input?: boolean; body?: boolean; extra?: number[] }) {
  const statuses = new Set<number>(opts.extra ?? []);
  if (opts.auth !== false) {
    statuses.add(401);
    statuses.add(403);
  }
  if (opts.input === true || opts.body === true) statuses.add(400);
  if (opts.body === true) {
    statuses.add(413);
    statuses.add(415);
  }
  return Object.fromEntries([...statuses].sort((a, b) => a - b).map((s) => [s, errorResponse(s)]));
}

/** A success response with a description. */
export function ok<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export const TAGS = [
  { name: 'health', description: 'Liveness, readiness and this document; no token needed.' },
  { name: 'people', description: 'Principals and their staff.' },
  { name: 'devices', description: 'The inventory: devices, custody and status.' },
  { name: 'posture', description: 'What MDMs, scans and people report about a device.' },
  { name: 'checks', description: 'Security checks (inspections) and swaps (rotations).' },
  { name: 'os-releases', description: 'OS releases known to Vigil.' },
  { name: 'protocols', description: 'Security protocols as code: stored, versioned, compared.' },
  { name: 'compliance', description: 'Findings and summaries, now or as of any past instant.' },
  { name: 'me', description: 'The caller.' },
  { name: 'import', description: 'Bringing an existing fleet in.' },
  { name: 'tokens', description: 'API tokens.' },
  { name: 'audit', description: 'The append-only audit log.' },
  { name: 'incidents', description: 'Compromised devices: quarantine, containment playbook, timeline.' },
  { name: 'zones', description: 'Secure facilities: detections and policy acknowledgements.' },
  { name: 'workflows', description: 'Swaps, refusals, waivers and the schedule of swaps and checks.' },
  { name: 'corrections', description: 'Corrections of recorded facts: never edits, superseding records.' },
  { name: 'notices', description: 'Notices (e-mail, signed webhooks) and who receives them.' },
  { name: 'integrations', description: 'MDM posture connectors, attestations and patch-currency feeds.' },
  // -- exports
  { name: 'exports', description: 'CSV, JSON and OSCAL exports for auditors, as of any instant.' },
  // -- dashboard auth
  { name: 'session', description: 'Dashboard sign-in: the session cookie and its CSRF token.' },
  { name: 'users', description: 'Dashboard users (user name and password).' },
  // -- scan jobs
  { name: 'scans', description: 'Forensic scans of evidence on the server, run as background jobs.' },
] as const;

/**
 * The schemas published as named components (`#/components/schemas/Person`) rather than
 * inlined wherever they occur. A registry of our own, so naming them for the document does
 * not touch Zod's global registry.
 */
const components = z.registry<{ id: string; description?: string }>();
for (const [id, schema] of Object.entries({
  Error: errorSchema,
  Person: personSchema,
  Device: deviceSchema,
  PostureReport: postureSchema,
  Inspection: inspectionSchema,
  OsRelease: osReleaseSchema,
  Finding: findingSchema,
  DeviceVerdict: deviceSummarySchema,
  Token: tokenSchema,
  Protocol: resolvedProtocolSchema,
  ProtocolVersion: protocolVersionSchema,
  AuditEvent: auditEventSchema,
})) {
  const description = z.globalRegistry.get(schema)?.description;
  components.add(schema, description === undefined ? { id } : { id, description });
}

const transformObject = createJsonSchemaTransformObject({ schemaRegistry: components });

/** Keeps only the components some path refers to (the registry yields input and output twins). */
function pruneComponents(doc: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const schemas = doc.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (text: string) => {
    for (const m of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const name = m[1] ?? '';
      if (used.has(name)) continue;
      used.add(name);
      visit(JSON.stringify(schemas[name] ?? {}));
    }
  };
  visit(JSON.stringify(doc.paths ?? {}));
  const kept = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => used.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { ...doc, components: { ...doc.components, schemas: kept } };
}

/**
 * A body declared nullish (a command whose only field is optional, e.g. `{ at }`) may be left
 * out: say so (`required: false`) and document the object alone, not its null twin.
 */
function optionalBodies(doc: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item ?? {})) {
      const body = (op as OpenAPIV3_1.OperationObject | undefined)?.requestBody as
        | OpenAPIV3_1.RequestBodyObject
        | undefined;
      const media = body?.content?.['application/json'];
      const anyOf = (media?.schema as OpenAPIV3_1.SchemaObject | undefined)?.anyOf;
      if (body === undefined || media === undefined || anyOf === undefined) continue;
      const rest = anyOf.filter((b) => (b as OpenAPIV3_1.SchemaObject).type !== 'null');
      if (rest.length === anyOf.length || rest.length !== 1) continue;
      body.required = false;
      media.schema = rest[0] as OpenAPIV3_1.SchemaObject;
    }
  }
  return doc;
}

export const swaggerOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: pkg.version,
      description:
        'Keeps the phones of targeted people to a written security protocol, and proves whether they were. ' +
        'Every route except health, readiness, sign-in and this document needs `Authorization: Bearer <token>` ' +
        'or the dashboard session cookie (with `X-CSRF-Token` on POST, PUT, PATCH and DELETE); ' +
        "each route's description names the roles that may call it. Errors are always " +
        '`{"error":{"code","message","details"}}` with a stable code.',
      license: { name: pkg.license, identifier: pkg.license },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token: `vgl_<id>_<secret>`.' },
        // -- dashboard auth
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: 'vigil_session',
          description:
            'The dashboard session (POST /session). Requests that change state also send the session’s CSRF token as `X-CSRF-Token`.',
        },
      },
    },
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    tags: TAGS.map((t) => ({ ...t })),
  },
  transform: createJsonSchemaTransform({ schemaRegistry: components }),
  transformObject: (input) => optionalBodies(pruneComponents(transformObject(input) as OpenAPIV3_1.Document)),
};

/** The document as committed in docs/openapi.json: pretty-printed, with a trailing newline. */
export const formatOpenApi = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;
