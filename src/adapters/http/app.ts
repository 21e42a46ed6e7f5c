/**
 * Builds the HTTP API as a Fastify instance that does not listen (server.ts listens), so
 * tests drive the real app in-process with `inject`. Order matters: the auth and error
 * plugins and @fastify/swagger hook `onRoute`, so they come before the routes.
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { Services } from '../../services/index.ts';
import type { PushSettingsOf } from '../mdm/push.ts';
import type { OidcFlow } from '../oidc/client.ts';
import { swaggerOptions } from './openapi.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin, frameworkErrors } from './plugins/errors.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits, rateLimitPlugin } from './plugins/rate-limit.ts';
import { webPlugin } from './plugins/web.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { checksRoutes } from './routes/checks.routes.ts';
import { complianceRoutes } from './routes/compliance.routes.ts';
import { connectorsRoutes } from './routes/connectors.routes.ts';
import { correctionsRoutes } from './routes/corrections.routes.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { devicesRoutes } from './routes/devices.routes.ts';
import { exportsRoutes } from './routes/exports.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { importRoutes } from './routes/import.routes.ts';
import { incidentsRoutes } from './routes/incidents.routes.ts';
import { intelRoutes } from './routes/intel.routes.ts';
import { meRoutes, selfServiceRoutes } from './routes/me.routes.ts';
import { noticesRoutes } from './routes/notices.routes.ts';
import { passkeysRoutes } from './routes/passkeys.routes.ts';
import { peopleRoutes } from './routes/people.routes.ts';
import { postureRoutes } from './routes/posture.routes.ts';
import { protocolsRoutes } from './routes/protocols.routes.ts';
import { receiptRoutes } from './routes/receipt.routes.ts';
import { releasesRoutes } from './routes/releases.routes.ts';
import { scansRoutes } from './routes/scans.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { ssoRoutes } from './routes/sso.routes.ts';
import { tokensRoutes } from './routes/tokens.routes.ts';
import type { RouteDeps, Routes } from './routes/types.ts';
import { workflowsRoutes } from './routes/workflows.routes.ts';

export const API_PREFIX = '/api/v1';

/** Every module of routes under /api/v1. A new module goes here (see README.md). */
const API_ROUTES: readonly Routes[] = [
  peopleRoutes,
  devicesRoutes,
  postureRoutes,
  checksRoutes,
  releasesRoutes,
  protocolsRoutes,
  complianceRoutes,
  receiptRoutes,
  meRoutes,
  selfServiceRoutes,
  importRoutes,
  tokensRoutes,
  auditRoutes,
  // -- workflows
  workflowsRoutes,
  correctionsRoutes,
  // -- incidents, zones, acknowledgements
  incidentsRoutes,
  // -- notices
  noticesRoutes,
  // -- audit log
  // -- integrations
  connectorsRoutes,
  intelRoutes,
  // -- dashboard api
  dashboardRoutes,
  // -- dashboard auth
  sessionRoutes,
  passkeysRoutes,
  // -- single sign-on
  ssoRoutes,
  // -- scan jobs
  scansRoutes,
  // -- exports
  exportsRoutes,
];

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Never logged, whatever the log level: credentials. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  // -- dashboard auth: the session's CSRF token, and passwords should a serializer ever log bodies
  'req.headers["x-csrf-token"]',
  'req.body.password',
];

export type AppLoggerOptions = LoggerOptions & { stream?: DestinationStream };

export interface AppOptions {
  readonly services: Services;
  /** Resolves when the database answers (resolving `false` or rejecting means not ready). */
  readonly ready: () => Promise<unknown>;
  /** Pino options (plus an optional destination), or false for no logging. Default: info to stdout. */
  readonly logger?: AppLoggerOptions | false;
  /** Largest JSON body in bytes, except the import route (50 MiB). Default 1 MiB. */
  readonly bodyLimit?: number;
  /** Per-caller limits on ingest and export routes (plugins/rate-limit.ts). */
  readonly rateLimits?: RateLimits;
  // -- dashboard auth
  /** Where the built dashboard is (default web/dist). */
  readonly webRoot?: string;
  // -- single sign-on
  /** The OpenID Connect flow (src/adapters/oidc), when configured. */
  /** The configured MDM pushes (src/adapters/mdm/push.ts). */
  readonly pushes?: PushSettingsOf;
  readonly oidc?: OidcFlow | null;
}

function loggerOptions(logger: AppLoggerOptions | false | undefined): AppLoggerOptions | false {
  if (logger === false) return false;
  const redact = logger?.redact;
  const paths = Array.isArray(redact) ? redact : (redact?.paths ?? []);
  return { level: 'info', ...logger, redact: { paths: [...REDACT, ...paths], censor: '[redacted]' } };
}

export function buildApp(opts: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // HEAD twins of every GET would double the route table and the role matrix for no use.
    exposeHeadRoutes: false,
    // Guards a listening server against slow clients; harmless under `inject`.
    requestTimeout: 120_000,
    // A malformed URL is the caller's mistake, answered in the same error shape as any other.
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only (the import route adds YAML in its own scope): text/plain is a 415, not a string body.
  app.removeContentTypeParser('text/plain');

  errorsPlugin(app);
  authPlugin(app, { tokens: opts.services.tokens, sessions: opts.services.users });
  rateLimitPlugin(app, opts.rateLimits ?? DEFAULT_RATE_LIMITS);
  webPlugin(app, opts.webRoot === undefined ? {} : { root: opts.webRoot });
  app.register(swagger, swaggerOptions);

  const deps: RouteDeps = {
    services: opts.services,
    ready: opts.ready,
    oidc: opts.oidc ?? null,
    ...(opts.pushes === undefined ? {} : { pushes: opts.pushes }),
  };
  app.register(async (root) => healthRoutes(root.withTypeProvider<ZodTypeProvider>(), deps));
  app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      for (const routes of API_ROUTES) routes(typed, deps);
    },
    { prefix: API_PREFIX },
  );
  return app;
}
