/**
 * Single sign-on (OpenID Connect, docs/adr/0025). GET /session/oidc tells the sign-in page
 * whether to offer "Sign in with <provider>"; GET /session/oidc/start sends the browser to the
 * provider (code flow, PKCE, state, nonce) with a short-lived transaction cookie; the provider
 * sends it back to GET /session/oidc/callback, which verifies everything, starts the same
 * session a password sign-in does (same cookie, CSRF token, revocation) and redirects to the
 * dashboard, or to the sign-in page with `?error=<code>`. Admins link identities to users.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ERRORS, type ErrorCode, VigilError } from '../../../core/errors.ts';
import { TRANSACTION_SECRET } from '../../oidc/client.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, PUBLIC, setSessionCookie } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

/** The sign-in transaction's cookie: sent back only to the callback, gone after 10 minutes. */
const TRANSACTION_COOKIE = 'vigil_oidc';
/**
 * Lax, unlike the session cookie: the provider's redirect back is a navigation from another
 * site, on which a Strict cookie is not sent. It only ever proves "this browser started it".
 */
const TRANSACTION_COOKIE_OPTIONS = {
  path: '/api/v1/session/oidc',
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
  maxAge: 600,
} as const;

const SIGNIN_PAGE = '/signin';

/** A redirect: no body; the Location header says where. */
const redirectResponse = (description: string) => z.null().describe(description);

/** Back to the sign-in page, saying why with a stable error code. */
function refuse(reply: FastifyReply, code: ErrorCode) {
  reply.clearCookie(TRANSACTION_COOKIE, TRANSACTION_COOKIE_OPTIONS);
  return reply.redirect(`${SIGNIN_PAGE}?error=${code}`, 303);
}

const codeOf = (err: unknown): ErrorCode =>
  err instanceof VigilError && err.code in ERRORS ? err.code : 'OIDC_FAILED';

export const ssoRoutes: Routes = (app, { services, oidc }) => {
  const flow = oidc ?? null;

  app.get(
    '/session/oidc',
    {
      config: { roles: PUBLIC },
      schema: {
        tags: ['session'],
        summary: 'Whether single sign-on is offered, and the provider’s name',
        security: [],
        response: {
          200: ok(
            z.object({
              enabled: z.boolean(),
              name: z.string().nullable().meta({ description: 'Shown as "Sign in with <name>".' }),
              startUrl: z.string().nullable(),
            }),
            'The sign-in page shows the button when enabled.',
          ),
        },
      },
    },
    async () =>
      flow === null
        ? { enabled: false, name: null, startUrl: null }
        : { enabled: true, name: flow.settings.name, startUrl: '/api/v1/session/oidc/start' },
  );

  app.get(
    '/session/oidc/start',
    {
      config: { roles: PUBLIC },
      schema: {
        tags: ['session'],
        summary: 'Start single sign-on: redirect to the OpenID provider',
        description:
          'Sets the short-lived `vigil_oidc` transaction cookie and redirects (303) to the provider’s authorization endpoint (code flow with PKCE S256, state and nonce). When the provider cannot be reached: 303 to `/signin?error=OIDC_UNAVAILABLE`.',
        security: [],
        response: {
          303: redirectResponse('To the provider (or back to the sign-in page with an error code).'),
          ...errorResponses({ auth: false, extra: [404] }),
        },
      },
    },
    async (_request, reply) => {
      if (flow === null) throw new VigilError('OIDC_NOT_CONFIGURED', 'single sign-on is not configured');
      let started: { url: string; secret: string };
      try {
        started = await flow.start();
      } catch (err) {
        reply.log.warn({ err }, 'single sign-on could not start');
        return refuse(reply, codeOf(err));
      }
      reply.setCookie(TRANSACTION_COOKIE, started.secret, TRANSACTION_COOKIE_OPTIONS);
      return reply.redirect(started.url, 303);
    },
  );

  const param = z.string().max(4096).optional();
  app.get(
    '/session/oidc/callback',
    {
      config: { roles: PUBLIC },
      schema: {
        tags: ['session'],
        summary: 'Complete single sign-on: the provider redirects the browser here',
        description:
          'Verifies the state (against the transaction cookie), exchanges the code with the PKCE verifier, verifies the ID token and its nonce, maps the role claim, then sets the `vigil_session` cookie as a password sign-in does and redirects (303) to `/` (to `/signin` when passkeys are required for the role and the session still owes its passkey). On any failure: 303 to `/signin?error=<code>` (OIDC_FAILED, OIDC_NO_ROLE, OIDC_NOT_LINKED, OIDC_USER_DISABLED, OIDC_UNAVAILABLE).',
        security: [],
        // Not strict: a provider may add parameters (session_state...), which must be ignored.
        querystring: z.object({
          code: param,
          state: param,
          iss: param,
          error: param,
          error_description: param,
        }),
        response: {
          303: redirectResponse('To the dashboard, signed in; or to the sign-in page with an error code.'),
          ...errorResponses({ auth: false, input: true, extra: [404] }),
        },
      },
    },
    async (request, reply) => {
      if (flow === null) throw new VigilError('OIDC_NOT_CONFIGURED', 'single sign-on is not configured');
      const secret = request.cookies[TRANSACTION_COOKIE];
      if (secret === undefined || !TRANSACTION_SECRET.test(secret)) {
        request.log.warn('single sign-on callback without its transaction cookie');
        return refuse(reply, 'OIDC_FAILED');
      }
      // The registered redirect URL with the query the provider added: openid-client checks
      // it, and sends it as redirect_uri, so it must not depend on the Host header.
      const callbackUrl = new URL(flow.settings.redirectUrl);
      callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
      try {
        const identity = await flow.finish(callbackUrl, secret);
        const { secret: session, context } = await services.users.signInExternal({
          ...identity,
          provision: flow.settings.provision,
          ip: request.ip,
        });
        reply.clearCookie(TRANSACTION_COOKIE, TRANSACTION_COOKIE_OPTIONS);
        setSessionCookie(reply, session);
        // A session still owing its passkey goes to the sign-in page, which asks for it.
        return reply.redirect((context.session.pendingFactor ?? null) === null ? '/' : SIGNIN_PAGE, 303);
      } catch (err) {
        request.log.warn({ err }, 'single sign-on refused');
        return refuse(reply, codeOf(err));
      }
    },
  );

  app.post(
    '/users/:id/identities',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Link an OpenID provider identity to a user (single sign-on)',
        description:
          'The user may then sign in through the provider; the role claim still decides their role at each sign-in.',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        body: z.strictObject({
          issuer: z.url().max(2048).meta({ description: 'The provider’s issuer identifier (`iss`).' }),
          subject: z.string().min(1).max(255).meta({ description: 'The person’s `sub` at that provider.' }),
        }),
        response: {
          201: ok(
            z.object({ userId: z.string(), issuer: z.string(), subject: z.string(), createdAt: z.string() }),
            'The link.',
          ),
          ...errorResponses({ body: true, extra: [404, 409] }),
        },
      },
    },
    async (request, reply) => {
      const link = await services.users.linkIdentity(
        request.params.id,
        request.body,
        callerOf(request).actor,
      );
      return reply.code(201).send({
        userId: link.userId,
        issuer: link.issuer,
        subject: link.subject,
        createdAt: new Date(link.createdAt).toISOString(),
      });
    },
  );
};
