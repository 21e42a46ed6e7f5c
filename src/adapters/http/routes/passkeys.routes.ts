/**
 * Passkeys of the signed-in user: register one (options, then verify), list them, and the
 * second factor of a sign-in (options, then verify). Session cookie only: a bearer token has no
 * session to attach a challenge to (404 SESSION_NOT_FOUND).
 */
import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import { USER_ROLES } from '../../../services/access/ports.ts';
import { passkeyAnswerSchema, passkeySchema, passkeyView } from '../../../services/access/schemas.ts';
import type { SessionContext } from '../../../services/access/user.service.ts';
import { errorResponses, ok } from '../openapi.ts';
import type { Routes } from './types.ts';

const sessionOf = (request: { userSession: SessionContext | null }): SessionContext => {
  if (request.userSession === null) {
    throw new VigilError('SESSION_NOT_FOUND', 'passkeys belong to a sign-in session, not to a bearer token');
  }
  return request.userSession;
};

const creationOptions = z
  .looseObject({ challenge: z.string() })
  .meta({ description: 'PublicKeyCredentialCreationOptionsJSON: hand it to navigator.credentials.create.' });
const requestOptions = z
  .looseObject({ challenge: z.string() })
  .meta({ description: 'PublicKeyCredentialRequestOptionsJSON: hand it to navigator.credentials.get.' });

export const passkeysRoutes: Routes = (app, { services }) => {
  const passkeys = services.passkeys;

  app.get(
    '/session/passkeys',
    {
      config: { roles: USER_ROLES },
      schema: {
        tags: ['session'],
        summary: 'The signed-in user’s passkeys',
        response: { 200: ok(z.array(passkeySchema), 'Oldest first.'), ...errorResponses({ extra: [404] }) },
      },
    },
    async (request) => (await passkeys.list(sessionOf(request))).map(passkeyView),
  );

  app.post(
    '/session/passkeys/registration/options',
    {
      config: { roles: USER_ROLES, pendingFactors: ['passkey-registration'] },
      schema: {
        tags: ['session'],
        summary: 'Start registering a passkey: a fresh single-use challenge',
        description:
          'The challenge is kept for this session and expires after five minutes; a new request replaces it.',
        response: { 200: ok(creationOptions, 'The creation options.'), ...errorResponses({ extra: [404] }) },
      },
    },
    async (request) => passkeys.registrationOptions(sessionOf(request)),
  );

  app.post(
    '/session/passkeys/registration/verify',
    {
      config: { roles: USER_ROLES, pendingFactors: ['passkey-registration'] },
      schema: {
        tags: ['session'],
        summary: 'Finish registering a passkey',
        description:
          'Verifies the authenticator’s answer to the challenge and stores its public key. A session that had to register a passkey is complete.',
        body: passkeyAnswerSchema,
        response: {
          201: ok(passkeySchema, 'The registered passkey.'),
          ...errorResponses({ body: true, extra: [404] }),
        },
      },
    },
    async (request, reply) => {
      const passkey = await passkeys.verifyRegistration(sessionOf(request), request.body);
      return reply.code(201).send(passkeyView(passkey));
    },
  );

  app.post(
    '/session/passkey/options',
    {
      config: { roles: USER_ROLES, pendingFactors: ['passkey'] },
      schema: {
        tags: ['session'],
        summary: 'Second factor: a fresh single-use challenge for one of the user’s passkeys',
        response: { 200: ok(requestOptions, 'The request options.'), ...errorResponses({ extra: [404] }) },
      },
    },
    async (request) => passkeys.authenticationOptions(sessionOf(request)),
  );

  app.post(
    '/session/passkey/verify',
    {
      config: { roles: USER_ROLES, pendingFactors: ['passkey'] },
      schema: {
        tags: ['session'],
        summary: 'Second factor: prove a passkey; the session is complete',
        description:
          'Checks the challenge, that the credential is the signed-in user’s, the signature and that the signature counter went up.',
        body: passkeyAnswerSchema,
        response: {
          200: ok(passkeySchema, 'The passkey used; the session is complete.'),
          ...errorResponses({ body: true, extra: [404] }),
        },
      },
    },
    async (request) => passkeyView(await passkeys.verifyAuthentication(sessionOf(request), request.body)),
  );
};
