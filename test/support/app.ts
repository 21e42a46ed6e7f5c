/**
 * The HTTP test harness: a fresh migrated database (PGlite in memory, or PostgreSQL when
 * DATABASE_URL is set), the real services over it and the real app, driven with `inject`.
 * Suites share one app: `buildTestApp()` in `beforeAll`, `close()` in `afterAll`.
 */
import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/adapters/http/app.ts';
import type { RateLimits } from '../../src/adapters/http/plugins/rate-limit.ts';
import { workHistoryFills } from '../../src/adapters/jobs/history.ts';
import { startJobQueue } from '../../src/adapters/jobs/queue.ts';
import type { PushSettingsOf } from '../../src/adapters/mdm/push.ts';
import type { OidcFlow } from '../../src/adapters/oidc/client.ts';
import { argon2Passwords } from '../../src/adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { simpleWebAuthn } from '../../src/adapters/webauthn.ts';
import type { AuthOptions } from '../../src/services/access/user.service.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { Clock, Role, UnitOfWork } from '../../src/services/kernel/ports.ts';
import { openTestDatabase } from './database.ts';

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** The database's unit of work, to set up what no service writes any more (rows from before). */
  readonly uow: UnitOfWork;
  /** Every route the app registered, as `onRoute` saw it (`/api/v1/people/:id`). */
  readonly routes: readonly RegisteredRoute[];
  /** A bearer token with the admin role. */
  readonly admin: string;
  /**
   * Creates a token for a role: ingest belongs to no one; any other role gets a new user, who
   * is a new person (operator, or staff for the staff role) unless one is named.
   */
  token(role: Role, personId?: string): Promise<string>;
  /** Like `token`, with the user and person behind it (to mint a second token of the same user). */
  member(role: Role, personId?: string): Promise<Member>;
  /** `inject` with a bearer token and a JSON body. */
  call(method: HTTPMethods, url: string, opts?: CallOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface Member {
  readonly token: string;
  readonly userId: string;
  readonly personId: string;
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
  /** MDM pushes, to local fakes. */
  readonly pushes?: PushSettingsOf;
  /**
   * Work the history-fill queue in this process, as a worker process does (the dashboard's
   * past days are computed only there); off by default, as pg-boss takes a moment to start.
   */
  readonly historyWorker?: boolean;
}

const quiet = { info: () => {}, error: () => {} };

const TEST_RATE_LIMITS: RateLimits = { ingest: 100_000, export: 100_000, windowMs: 60_000 };

let members = 0;

/**
 * A new user of `role` (the services need a password hasher), who is a new person (operator,
 * or staff for the staff role) unless one is named, and a token of theirs.
 */
export async function createMember(services: Services, role: Role, personId?: string): Promise<Member> {
  if (role === 'ingest') throw new Error('an ingest token belongs to no one: use createToken');
  members++;
  const kind = role === 'staff' ? 'staff' : 'operator';
  const person =
    personId ?? (await services.inventory.createPerson({ name: `Test ${kind} ${members}`, kind }, 'test')).id;
  const { user } = await services.users.create(
    { username: `test-${role}-${members}`, name: `Test ${role} ${members}`, role, personId: person },
    'test',
  );
  const { token } = await services.tokens.create({ name: `test-${role}`, userId: user.id }, 'test');
  return { token, userId: user.id, personId: person };
}

/** A token of a new member of `role`; an ingest token (no one's) for ingest. */
export async function createToken(services: Services, role: Role, personId?: string): Promise<string> {
  return role === 'ingest'
    ? (await services.tokens.create({ name: 'test-ingest', role }, 'test')).token
    : (await createMember(services, role, personId)).token;
}

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
    ...(opts.pushes === undefined ? {} : { pushes: opts.pushes }),
  });
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  await app.ready();
  const queue =
    opts.historyWorker === true ? await startJobQueue(db.jobs, quiet, { superviseSeconds: 5 }) : null;
  if (queue !== null) await workHistoryFills(queue.boss, (days) => services.dashboard.fill(days), quiet);
  const member = (role: Role, personId?: string) => createMember(services, role, personId);
  const token = (role: Role, personId?: string) => createToken(services, role, personId);
  const admin = await token('admin');
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
    uow: db.uow,
    routes,
    admin,
    token,
    member,
    call,
    async close() {
      await app.close();
      await queue?.stop();
      await db.close();
    },
  };
}
