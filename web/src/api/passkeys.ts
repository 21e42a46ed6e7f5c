/**
 * Passkeys through @simplewebauthn/browser: the server's options go to navigator.credentials,
 * the authenticator's answer goes back to be verified. Refusals (401 PASSKEY_INVALID) are the
 * caller's to show, not "signed out", hence allowUnauthorized.
 */
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { api } from './client.ts';
import type { Ok } from './types.ts';

export type Passkey = Ok<'/api/v1/session/passkeys'>[number];

/** Registers a passkey for the signed-in user (completes a session that had to register one). */
export async function registerPasskey(): Promise<Passkey> {
  const options = await api<PublicKeyCredentialCreationOptionsJSON>(
    '/session/passkeys/registration/options',
    {
      method: 'POST',
      allowUnauthorized: true,
    },
  );
  const answer = await startRegistration({ optionsJSON: options });
  return api<Passkey>('/session/passkeys/registration/verify', {
    method: 'POST',
    body: answer,
    allowUnauthorized: true,
  });
}

/** Proves one of the user's passkeys: the second factor after the password. */
export async function provePasskey(): Promise<Passkey> {
  const options = await api<PublicKeyCredentialRequestOptionsJSON>('/session/passkey/options', {
    method: 'POST',
    allowUnauthorized: true,
  });
  const answer = await startAuthentication({ optionsJSON: options });
  return api<Passkey>('/session/passkey/verify', { method: 'POST', body: answer, allowUnauthorized: true });
}
