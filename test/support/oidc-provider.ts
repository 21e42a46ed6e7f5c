/**
 * A real, certified OpenID provider (oidc-provider) on loopback for the single sign-on tests:
 * one static confidential client, in-memory accounts whose claims include `groups`, and the
 * package's own development login and consent pages (any password; the login is the account).
 * `signInAt` drives those pages over HTTP with a small cookie jar, as a browser would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { OidcSettings } from '../../src/adapters/oidc/client.ts';

export interface TestAccount {
  readonly name?: string;
  readonly preferred_username?: string;
  readonly groups?: readonly string[];
}

export interface TestProvider {
  /** `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Vigil's settings for this provider (http allowed: it is loopback). */
  settings(redirectUrl: string, more?: Partial<OidcSettings>): OidcSettings;
  close(): Promise<void>;
}

/** Settings of a provider nobody listens for (discovery fails at once: OIDC_UNAVAILABLE). */
export const UNREACHABLE_PROVIDER: OidcSettings = {
  issuer: 'http://127.0.0.1:9',
  clientId: 'vigil',
  clientSecret: null,
  redirectUrl: 'http://127.0.0.1:8080/api/v1/session/oidc/callback',
  name: 'Nobody',
  scopes: 'openid',
  roleClaim: 'groups',
  roleMap: {},
  provision: false,
  allowInsecure: true,
};

export const ROLE_MAP = {
  'vigil-admins': 'admin',
  'vigil-officers': 'officer',
  auditors: 'auditor',
} as const;

export async function startTestProvider(opts: {
  readonly redirectUris: readonly string[];
  readonly accounts: Readonly<Record<string, TestAccount>>;
}): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'vigil';
  const clientSecret = 'a-test-client-secret-of-enough-length';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...opts.redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    pkce: { required: () => true },
    cookies: { keys: ['a-test-cookie-signing-key'] },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = opts.accounts[id];
      if (account === undefined) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  // Its own failures (a refused code, a bad PKCE verifier) are expected in these tests.
  provider.on('server_error', (_ctx, err) => console.error('test OpenID provider:', err));
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    settings: (redirectUrl, more = {}) => ({
      issuer,
      clientId,
      clientSecret,
      redirectUrl,
      name: 'Test Provider',
      scopes: 'openid profile groups',
      roleClaim: 'groups',
      roleMap: ROLE_MAP,
      provision: false,
      allowInsecure: true,
      ...more,
    }),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A cookie jar for one origin (names only: the provider's cookies differ by name). */
class Jar {
  readonly #cookies = new Map<string, string>();
  store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a),
      );
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const decode = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=');

/**
 * Follows the provider from the authorization URL through its login (as `login`) and consent
 * pages until it redirects to `redirectPrefix`; returns that URL (the callback with the code).
 */
export async function signInAt(authUrl: string, login: string, redirectPrefix: string): Promise<URL> {
  const jar = new Jar();
  let url = new URL(authUrl);
  let body: URLSearchParams | null = null;
  for (let step = 0; step < 20; step++) {
    if (url.href.startsWith(redirectPrefix)) return url;
    const res: Response = await fetch(url, {
      method: body === null ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body === null ? {} : { body }),
    });
    jar.store(res.headers);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location !== null) {
      url = new URL(location, url);
      body = null;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (res.status !== 200 || action === undefined || prompt === undefined) {
      throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${html.slice(0, 500)}`);
    }
    url = new URL(decode(action), url);
    body = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'any password will do' } : { prompt },
    );
  }
  throw new Error('the provider never redirected back');
}
