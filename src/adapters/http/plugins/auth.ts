/**
 * Authentication and role checks. Every route declares who may call it in its
 * route config, `config: { roles: ['admin', 'officer'] }` or `config: { roles: PUBLIC }`; a
 * route that declares nothing stops the app from starting, so none is forgotten. The check
 * runs in `onRequest`, before the body is read: an unauthenticated or forbidden caller never
 * gets as far as validation, and never makes the server buffer a large body.
 *
 * A caller is EITHER a bearer token (`Authorization: Bearer …`, which wins when both are sent)
 * OR the dashboard's session cookie `vigil_session`. Cookies are sent by the browser on its own,
 * so a cookie request that changes state (anything but GET, HEAD, OPTIONS) must also carry the
 * session's CSRF token in `X-CSRF-Token`, which another site's page cannot read: else 403
 * CSRF_FAILED. Bearer requests need no CSRF token (no browser attaches them by itself).
 *
 * A session still owing its passkey (see services/access/passkey.service.ts) reaches only the
 * routes that declare its pending factor in `config.pendingFactors`.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { VigilError } from '../../../core/errors.ts';
import type { PendingFactor } from '../../../services/access/ports.ts';
import type { Caller, TokenService } from '../../../services/access/token.service.ts';
import type { SessionContext, UserService } from '../../../services/access/user.service.ts';
import type { Role } from '../../../services/kernel/ports.ts';

/** The dashboard's session cookie. */
export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Secure even on http://127.0.0.1 and http://localhost: browsers treat those as secure contexts
 * and keep Secure cookies from them (Chromium checked, test/e2e/session.api.test.ts); any other
 * address needs HTTPS in front of Vigil. Strict: never sent on a request another site starts.
 */
const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' } as const;

export function setSessionCookie(reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, COOKIE_OPTIONS);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
}

/** Routes anyone may call: health, readiness, the OpenAPI document, sign-in. */
export const PUBLIC = 'public';

/** Every role that reads the whole office (staff and ingest do not). */
export const R_ALL_READ = ['admin', 'officer', 'technician', 'auditor'] as const satisfies readonly Role[];

export type RouteRoles = readonly Role[] | typeof PUBLIC;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required: see the onRoute check below. */
    roles?: RouteRoles;
    /**
     * The pending factors a session may call this route with (the passkey routes, sign-out);
     * any other route answers such a session 401 AUTH_SECOND_FACTOR_REQUIRED.
     */
    pendingFactors?: readonly PendingFactor[];
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes (use `callerOf`). */
    caller: Caller | null;
    /** The dashboard session when the caller came with the session cookie (else null). */
    userSession: SessionContext | null;
  }
}

const BEARER = /^Bearer +(\S+) *$/i;

/** The caller of an authenticated route. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === null) {
    throw new VigilError('AUTH_REQUIRED', 'this route needs a bearer token or a signed-in session');
  }
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

export interface AuthPluginOptions {
  readonly tokens: Pick<TokenService, 'verify'>;
  readonly sessions: Pick<UserService, 'authenticate' | 'checkCsrf'>;
}

/** The session cookie's value, read from the header (the hook runs before any cookie plugin hook). */
function sessionCookie(app: FastifyInstance, request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined || !header.includes(SESSION_COOKIE)) return undefined;
  return app.parseCookie(header)[SESSION_COOKIE];
}

export function authPlugin(app: FastifyInstance, opts: AuthPluginOptions): void {
  app.register(cookie);
  app.decorateRequest('caller', null);
  app.decorateRequest('userSession', null);
  app.addHook('onRoute', checkRoute);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    // A route always declares roles (checkRoute); an absent list would allow nobody.
    const roles = request.routeOptions.config.roles ?? [];
    if (roles === PUBLIC) return;
    const header = request.headers.authorization;
    let caller: Caller;
    if (header !== undefined) {
      const match = BEARER.exec(header);
      if (match === null) throw new VigilError('AUTH_REQUIRED', 'send Authorization: Bearer <token>');
      caller = await opts.tokens.verify(match[1] ?? '');
    } else {
      const secret = sessionCookie(app, request);
      if (secret === undefined) {
        throw new VigilError(
          'AUTH_REQUIRED',
          'send Authorization: Bearer <token>, or sign in (POST /api/v1/session)',
        );
      }
      const session = await opts.sessions.authenticate(secret);
      if (!SAFE_METHODS.has(request.method)) {
        const token = request.headers[CSRF_HEADER];
        if (typeof token !== 'string' || !opts.sessions.checkCsrf(session.session, token)) {
          throw new VigilError('CSRF_FAILED', `send the session's CSRF token in the X-CSRF-Token header`);
        }
      }
      const pending = session.session.pendingFactor ?? null;
      if (pending !== null && !(request.routeOptions.config.pendingFactors ?? []).includes(pending)) {
        throw new VigilError(
          'AUTH_SECOND_FACTOR_REQUIRED',
          pending === 'passkey'
            ? 'prove your passkey first (POST /api/v1/session/passkey/options, then …/verify)'
            : 'register a passkey first (POST /api/v1/session/passkeys/registration/options, then …/verify)',
        );
      }
      request.userSession = session;
      caller = session.caller;
    }
    if (!roles.includes(caller.role)) {
      throw new VigilError('AUTH_FORBIDDEN', `the ${caller.role} role may not call this route`);
    }
    request.caller = caller;
  });
}
