/**
 * Dashboard sign-in: POST /session signs in and sets the `vigil_session` cookie,
 * GET /session says who is signed in (and hands out the CSRF token again), DELETE /session
 * signs out, DELETE /sessions signs out everywhere. Users are managed by admins under /users.
 */
import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import { PENDING_FACTORS, USER_ROLES } from '../../../services/access/ports.ts';
import {
  linkPersonInputSchema,
  passwordInputSchema,
  sessionSchema,
  sessionUserView,
  signInSchema,
  userInputSchema,
  userSchema,
  userView,
} from '../../../services/access/schemas.ts';
import { RateLimitedError, type SessionContext } from '../../../services/access/user.service.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, clearSessionCookie, PUBLIC, setSessionCookie } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

const sessionOf = (request: { userSession: SessionContext | null }): SessionContext => {
  if (request.userSession === null) {
    throw new VigilError('SESSION_NOT_FOUND', 'this request came with a bearer token, not a session cookie');
  }
  return request.userSession;
};

const sessionBody = (ctx: SessionContext) => ({
  user: sessionUserView(ctx.user),
  csrfToken: ctx.csrfToken,
  pendingFactor: ctx.session.pendingFactor ?? null,
});

const withPassword = z.object({
  user: userSchema,
  password: z
    .string()
    .nullable()
    .meta({ description: 'The generated password, shown this once (null when one was given).' }),
});

export const sessionRoutes: Routes = (app, { services }) => {
  const users = services.users;

  app.post(
    '/session',
    {
      config: { roles: PUBLIC },
      schema: {
        tags: ['session'],
        summary: 'Sign in with a user name and password',
        description:
          'Sets the `vigil_session` cookie (HttpOnly, Secure, SameSite=Strict). Failures slow down, never lock out: a user name failing from one client address backs off exponentially there (429 RATE_LIMITED with Retry-After) while it signs in normally from elsewhere; an address failing often is limited whatever the names.',
        security: [],
        body: signInSchema,
        response: {
          200: ok(sessionSchema, 'Signed in; the cookie is set.'),
          ...errorResponses({ auth: false, body: true, extra: [401, 429] }),
        },
      },
    },
    async (request, reply) => {
      try {
        const { secret, context } = await users.signIn({ ...request.body, ip: request.ip });
        setSessionCookie(reply, secret);
        return sessionBody(context);
      } catch (err) {
        if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
        throw err;
      }
    },
  );

  app.get(
    '/session',
    {
      // A pending session may read itself: after single sign-on the dashboard learns here that
      // the passkey step is still owed.
      config: { roles: USER_ROLES, pendingFactors: PENDING_FACTORS },
      schema: {
        tags: ['session'],
        summary: 'The signed-in user and the session’s CSRF token',
        response: {
          200: ok(sessionSchema, 'The session.'),
          ...errorResponses({ extra: [404] }),
        },
      },
    },
    async (request) => sessionBody(sessionOf(request)),
  );

  app.delete(
    '/session',
    {
      config: { roles: USER_ROLES, pendingFactors: PENDING_FACTORS },
      schema: {
        tags: ['session'],
        summary: 'Sign out: end this session and clear the cookie',
        response: { 204: z.null().describe('Signed out.'), ...errorResponses({ extra: [404] }) },
      },
    },
    async (request, reply) => {
      await users.signOut(sessionOf(request));
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/sessions',
    {
      config: { roles: USER_ROLES },
      schema: {
        tags: ['session'],
        summary: 'Sign out everywhere: end every session of the signed-in user',
        response: { 204: z.null().describe('Every session ended.'), ...errorResponses({ extra: [404] }) },
      },
    },
    async (request, reply) => {
      await users.signOutEverywhere(sessionOf(request));
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  // ---------------------------------------------------------------- users (admin)

  app.get(
    '/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'List dashboard users (never their password hashes)',
        response: {
          200: ok(z.array(userSchema), 'Every user, disabled ones included.'),
          ...errorResponses({}),
        },
      },
    },
    async () => (await users.list()).map(userView),
  );

  app.post(
    '/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Create a dashboard user',
        description:
          'A staff user must name their person (`personId`). Omit `password` to have one generated.',
        body: userInputSchema,
        response: {
          201: ok(withPassword, 'The user, and the generated password if any.'),
          ...errorResponses({ body: true, extra: [409, 422] }),
        },
      },
    },
    async (request, reply) => {
      const { user, password } = await users.create(request.body, callerOf(request).actor);
      return reply.code(201).send({ user: userView(user), password });
    },
  );

  const idParams = z.strictObject({ id: z.string().min(1).max(64) });

  app.post(
    '/users/:id/disable',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Disable a user: no more sign-ins, every session ends at once',
        params: idParams,
        response: {
          200: ok(userSchema, 'The disabled user.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => userView(await users.disable(request.params.id, callerOf(request).actor)),
  );

  app.post(
    '/users/:id/person',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Link a user to the person they are',
        description:
          'For users created before every user had to be a person: until linked they may not take part in two-person actions (403 PERSON_REQUIRED).',
        params: idParams,
        body: linkPersonInputSchema,
        response: {
          200: ok(userSchema, 'The linked user.'),
          ...errorResponses({ body: true, extra: [404, 422] }),
        },
      },
    },
    async (request) =>
      userView(await users.linkPerson(request.params.id, request.body.personId, callerOf(request).actor)),
  );

  app.post(
    '/users/:id/password',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Reset a user’s password; every session of theirs ends',
        params: idParams,
        body: passwordInputSchema,
        response: {
          200: ok(withPassword, 'The user, and the generated password if any.'),
          ...errorResponses({ body: true, extra: [404, 422] }),
        },
      },
    },
    async (request) => {
      const { user, password } = await users.resetPassword(
        request.params.id,
        request.body.password,
        callerOf(request).actor,
      );
      return { user: userView(user), password };
    },
  );
};
