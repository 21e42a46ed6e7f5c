/**
 * OpenID Connect sign-in with openid-client: authorization code flow with PKCE (S256), state
 * and nonce, against the provider found by discovery (https only, unless `allowInsecure`).
 *
 * Nothing is stored on the server between the redirect to the provider and the callback: the
 * browser holds one random transaction secret in a short-lived HttpOnly cookie, and the state,
 * the nonce and the PKCE verifier are derived from it (SHA-256 under distinct labels). The
 * provider sees the state, the nonce and the verifier's hash; none of them gives back the
 * secret or another of them, so only the browser that started a sign-in can complete it, and
 * every Vigil process sharing the database can complete any sign-in (docs/adr/0025).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { VigilError } from '../../core/errors.ts';
import { mapRole, type RoleMap } from '../../services/access/external-identity.ts';
import type { UserRole } from '../../services/access/ports.ts';

export interface OidcSettings {
  /** The provider's issuer identifier; discovery reads <issuer>/.well-known/openid-configuration. */
  readonly issuer: string;
  readonly clientId: string;
  /** null: a public client (PKCE only, no client authentication). */
  readonly clientSecret: string | null;
  /** Vigil's callback, as registered at the provider: <origin>/api/v1/session/oidc/callback. */
  readonly redirectUrl: string;
  /** Shown on the sign-in button: "Sign in with <name>". */
  readonly name: string;
  /** Space-separated; `openid` is always sent. */
  readonly scopes: string;
  /** The claim (ID token, else userinfo) whose value(s) map to a Vigil role. */
  readonly roleClaim: string;
  readonly roleMap: RoleMap;
  /** Create a user at the first sign-in of an unlinked identity. */
  readonly provision: boolean;
  /** Allow http:// for discovery and the provider's endpoints (tests on loopback only). */
  readonly allowInsecure: boolean;
}

/** Who the provider vouched for, with the role their claim maps to. */
export interface VerifiedIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly role: UserRole | null;
  readonly preferredUsername?: string;
  readonly name?: string;
}

export interface OidcFlow {
  readonly settings: OidcSettings;
  /** The provider URL to send the browser to, and the transaction secret to keep in its cookie. */
  start(): Promise<{ url: string; secret: string }>;
  /** Verifies the callback (state, code with PKCE, ID token with nonce); OIDC_FAILED when anything is off. */
  finish(callbackUrl: URL, secret: string): Promise<VerifiedIdentity>;
}

/** The transaction secret: 32 random bytes, base64url. */
export const TRANSACTION_SECRET = /^[A-Za-z0-9_-]{43}$/;

const derive = (label: string, secret: string): string =>
  createHash('sha256').update(`vigil-oidc-${label}\0${secret}`).digest('base64url');

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function createOidcFlow(settings: OidcSettings): OidcFlow {
  let discovered: Promise<oidc.Configuration> | null = null;

  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        settings.clientSecret === null ? oidc.None() : oidc.ClientSecretBasic(settings.clientSecret),
        settings.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((err: unknown) => {
        discovered = null; // the next sign-in tries again
        throw new VigilError('OIDC_UNAVAILABLE', 'the sign-in provider cannot be reached', undefined, {
          cause: err,
        });
      });
    return discovered;
  };

  const scope = ['openid', ...settings.scopes.split(/\s+/).filter((s) => s !== '' && s !== 'openid')].join(
    ' ',
  );

  return {
    settings,

    async start() {
      const config = await configuration();
      const secret = randomBytes(32).toString('base64url');
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(derive('pkce', secret)),
        code_challenge_method: 'S256',
        state: derive('state', secret),
        nonce: derive('nonce', secret),
      });
      return { url: url.href, secret };
    },

    async finish(callbackUrl, secret) {
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: derive('pkce', secret),
          expectedState: derive('state', secret),
          expectedNonce: derive('nonce', secret),
          idTokenExpected: true,
        });
      } catch (err) {
        throw new VigilError(
          'OIDC_FAILED',
          'the sign-in provider’s answer could not be verified',
          undefined,
          {
            cause: err,
          },
        );
      }
      const claims = tokens.claims();
      if (claims === undefined) throw new VigilError('OIDC_FAILED', 'the provider sent no ID token');
      let profile: Record<string, unknown> = claims;
      // Providers that conform strictly release scope claims from userinfo only, not in the ID token.
      if (claims[settings.roleClaim] === undefined) {
        try {
          const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
          profile = { ...info, ...claims };
        } catch (err) {
          throw new VigilError('OIDC_FAILED', 'the provider’s userinfo could not be read', undefined, {
            cause: err,
          });
        }
      }
      const preferredUsername = text(profile.preferred_username);
      const name = text(profile.name);
      return {
        issuer: claims.iss,
        subject: claims.sub,
        role: mapRole(profile[settings.roleClaim], settings.roleMap),
        ...(preferredUsername === undefined ? {} : { preferredUsername }),
        ...(name === undefined ? {} : { name }),
      };
    },
  };
}
