/**
 * WebAuthn verification with @simplewebauthn/server, the WebAuthnVerifier the passkey service
 * gets injected: attestation (format `none` asked for; others are still checked) and assertion
 * signatures over the COSE public key. Any malformed or failing answer is null, never a throw:
 * the service turns it into PASSKEY_INVALID. User presence is required, user verification
 * (PIN, biometrics) is not: the passkey is a second factor after the password.
 */
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { WebAuthnVerifier } from '../services/access/ports.ts';

export const simpleWebAuthn: WebAuthnVerifier = {
  async verifyRegistration({ response, expectedChallenge, expectedOrigin, expectedRpId }) {
    try {
      const result = await verifyRegistrationResponse({
        response: response as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin,
        expectedRPID: expectedRpId,
        requireUserVerification: false,
      });
      if (!result.verified) return null;
      const c = result.registrationInfo.credential;
      return {
        credentialId: c.id,
        publicKey: Buffer.from(c.publicKey).toString('base64url'),
        counter: c.counter,
        transports: c.transports ?? [],
      };
    } catch {
      return null;
    }
  },

  async verifyAuthentication({ response, expectedChallenge, expectedOrigin, expectedRpId, credential }) {
    try {
      const result = await verifyAuthenticationResponse({
        response: response as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin,
        expectedRPID: expectedRpId,
        credential: {
          id: credential.credentialId,
          publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
          counter: credential.counter,
          transports: [...credential.transports],
        },
        requireUserVerification: false,
      });
      return result.verified ? { newCounter: result.authenticationInfo.newCounter } : null;
    } catch {
      return null;
    }
  },
};
