/**
 * The HTTP test harness: a fresh migrated database (PGlite in memory, or PostgreSQL when
 * DATABASE_URL is set), the real services over it and the real app, driven with `inject`.
 * Suites share one app: `buildTestApp()` in `beforeAll`, `close()` in `afterAll`.
 */
import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/adapters/http/app.ts';
import type { RateLimits } from '../../src/adapters/http/plugins/rate-limit.ts';
import type { OidcFlow } from '../../src/adapters/oidc/client.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { simpleWebAuthn } from '../../src/adapters/webauthn.ts';
import type { AuthOptions } from '../../src/services/access/user.service.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { Clock, Role } from '../../src/services/kernel/ports.ts';
import { openTestDatabase } from './database.ts';

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** Every route the app registered, as `onRoute` saw it (`/api/v1/people/:id`). */
  readonly routes: readonly RegisteredRoute[];
  /** A bearer token with the admin role. */
  readonly admin: string;
  /** Creates a token for a role; a staff token gets a new person unless one is named. */
  token(role: Role, personId?: string): Promise<string>;
  /** `inject` with a bearer token and a JSON body. */
  call(method: HTTPMethods, url: string, opts?: CallOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface CallOptions {
  readonly token?: string | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Sent as is (no JSON encoding). */
  readonly payload?: string | Buffer;
}

export interface TestAppOptions {
  readonly clock?: Clock;
  readonly bodyLimit?: number;
  /** Session lifetimes, sign-in limits, passkeys (the hasher is always argon2id). */
  readonly auth?: Omit<AuthOptions, 'passwords'>;
  /** Per-caller limits on ingest and exports; default generous, so suites never meet them. */
  readonly rateLimits?: RateLimits;
  /** Single sign-on against a provider (test/support/oidc-provider.ts). */
  readonly oidc?: OidcFlow;
}

const TEST_RATE_LIMITS: RateLimits = { ingest: 100_000, export: 100_000, windowMs: 60_000 };

export async function buildTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = await openTestDatabase(); // migrated
  const clock = opts.clock ?? systemClock;
  const services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    auth: { passwords: argon2Passwords, webauthn: simpleWebAuthn, ...opts.auth },
  });
  const app = buildApp({
    services,
    ready: () => db.ping(),
    logger: false,
    rateLimits: opts.rateLimits ?? TEST_RATE_LIMITS,
    ...(opts.bodyLimit === undefined ? {} : { bodyLimit: opts.bodyLimit }),
    ...(opts.oidc === undefined ? {} : { oidc: opts.oidc }),
  });
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  await app.ready();
  const admin = (await services.tokens.create({ name: 'test-admin', role: 'admin' }, 'test')).token;
  let people = 0;
  const token = async (role: Role, personId?: string): Promise<string> => {
    let person = personId ?? null;
    if (role === 'staff' && person === null) {
      people++;
      person = (await services.inventory.createPerson({ name: `Staff ${people}`, kind: 'staff' }, 'test')).id;
    }
    return (await services.tokens.create({ name: `test-${role}`, role, personId: person }, 'test')).token;
  };
  const call = (method: HTTPMethods, url: string, o: CallOptions = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const bearer = o.token === undefined ? admin : o.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let payload = o.payload;
    if (payload === undefined && o.body !== undefined) {
      payload = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  };
  return {
    app,
    services,
    routes,
    admin,
    token,
    call,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
