/**
 * Per-caller rate limits on the routes that take data in (ingest: posture, connectors, scans,
 * import) and on those that hand a whole office out (exports). A route opts in with
 * `config: { limit: 'ingest' }` or `'export'`; each group has its own budget per caller. The
 * key is the authenticated caller, never the address: a bearer token by its id, a dashboard
 * user by their id (so signing in again does not reset the budget), which is why the check
 * runs after authentication (a route-level onRequest hook, after the app-level auth hook).
 * A counter per group, shared by its routes.
 * Over the limit: 429 RATE_LIMITED with Retry-After, in the usual error shape. The counters
 * are in memory, per process.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import { VigilError } from '../../../core/errors.ts';
import { errorResponses } from '../openapi.ts';

/** The groups a route may join. */
export type LimitGroup = 'ingest' | 'export';

/** Requests each caller may make per group within the window. */
export interface RateLimits {
  readonly ingest: number;
  readonly export: number;
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { ingest: 600, export: 30, windowMs: 60_000 };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The rate-limit group of the route, if any. */
    limit?: LimitGroup;
  }
}

/** The caller a limit is counted against (auth ran first; a public route has none). */
function callerKey(request: FastifyRequest): string {
  if (request.userSession !== null) return `user:${request.userSession.user.id}`;
  if (request.caller !== null) return `token:${request.caller.tokenId}`;
  return `ip:${request.ip}`;
}

export function rateLimitPlugin(app: FastifyInstance, limits: RateLimits): void {
  app.register(rateLimit, {
    global: false,
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) =>
      new VigilError('RATE_LIMITED', `too many requests for this caller; retry in ${context.after}`),
  });
  // One limiter (one store) per group, so every route of a group draws on the same budget; built
  // on the first route, once the plugin above has decorated the app.
  const limiters = new Map<LimitGroup, onRequestHookHandler>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const group = route.config?.limit;
    if (group === undefined) return;
    let limiter = limiters.get(group);
    if (limiter === undefined) {
      limiter = app.rateLimit({ max: limits[group], timeWindow: limits.windowMs });
      limiters.set(group, limiter);
    }
    // Route-level hooks run after the app-level authentication hook.
    route.onRequest = [...[route.onRequest ?? []].flat(), limiter];
    const response = route.schema?.response;
    if (route.schema !== undefined && typeof response === 'object' && response !== null) {
      route.schema.response = { ...response, ...errorResponses({ auth: false, extra: [429] }) };
      const note = `Rate limited per caller: ${limits[group]} ${group} requests per ${limits.windowMs / 1000} s (429 RATE_LIMITED with Retry-After).`;
      const description = route.schema.description;
      route.schema.description = description === undefined ? note : `${description}\n\n${note}`;
    }
  });
}
