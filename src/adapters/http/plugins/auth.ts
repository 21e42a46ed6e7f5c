/**
 * Bearer-token authentication and role checks. Every route declares who may call it in its
 * route config, `config: { roles: ['admin', 'officer'] }` or `config: { roles: PUBLIC }`; a
 * route that declares nothing stops the app from starting, so none is forgotten. The check
 * runs in `onRequest`, before the body is read: an unauthenticated or forbidden caller never
 * gets as far as validation, and never makes the server buffer a large body.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { VigilError } from '../../../core/errors.ts';
import type { Role } from '../../../services/ports.ts';
import type { Caller, TokenService } from '../../../services/token.service.ts';

/** Routes anyone may call: health, readiness, the OpenAPI document. */
export const PUBLIC = 'public';

/** Every role that reads the whole office (staff and ingest do not). */
export const R_ALL_READ = ['admin', 'officer', 'technician', 'auditor'] as const satisfies readonly Role[];

export type RouteRoles = readonly Role[] | typeof PUBLIC;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required: see the onRoute check below. */
    roles?: RouteRoles;
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes (use `callerOf`). */
    caller: Caller | null;
  }
}

const BEARER = /^Bearer +(\S+) *$/i;

/** The caller of an authenticated route. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === null) throw new VigilError('AUTH_REQUIRED', 'this route needs a bearer token');
  return request.caller;
}

/** Fails start-up for a route without a roles declaration, and documents the roles of the others. */
function checkRoute(route: RouteOptions): void {
  const roles = route.config?.roles;
  const name = `${String(route.method)} ${route.url}`;
  if (roles === undefined) {
    throw new Error(`route ${name} declares no roles: add config: { roles: [...] } (or roles: PUBLIC)`);
  }
  if (roles !== PUBLIC && roles.length === 0) throw new Error(`route ${name} allows no role at all`);
  if (route.schema !== undefined) {
    const who = roles === PUBLIC ? 'Public: no token needed.' : `Roles: ${roles.join(', ')}.`;
    const description = route.schema.description;
    route.schema.description = description === undefined ? who : `${description}\n\n${who}`;
  }
}

export function authPlugin(app: FastifyInstance, opts: { tokens: Pick<TokenService, 'verify'> }): void {
  app.decorateRequest('caller', null);
  app.addHook('onRoute', checkRoute);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    // A route always declares roles (checkRoute); an absent list would allow nobody.
    const roles = request.routeOptions.config.roles ?? [];
    if (roles === PUBLIC) return;
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    if (match === null) {
      throw new VigilError('AUTH_REQUIRED', 'send Authorization: Bearer <token>');
    }
    const caller = await opts.tokens.verify(match[1] ?? '');
    if (!roles.includes(caller.role)) {
      throw new VigilError('AUTH_FORBIDDEN', `the ${caller.role} role may not call this route`);
    }
    request.caller = caller;
  });
}
