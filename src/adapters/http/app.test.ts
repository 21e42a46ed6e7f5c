/**
 * The app's plumbing, without a database: role declarations checked at start-up, public
 * routes, the error envelope, 500s that keep their cause to the log, and credentials that
 * never reach the log. (Routes over a real database: test/e2e.)
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../core/errors.ts';
import { type AppOptions, buildApp } from './app.ts';
import { servicesWithoutDatabase } from './openapi-document.ts';
import { PUBLIC } from './plugins/auth.ts';

function appWith(opts: Partial<AppOptions> = {}) {
  return buildApp({ services: servicesWithoutDatabase(), ready: async () => true, logger: false, ...opts });
}

function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('start-up', () => {
  it('fails for a route that declares no roles', async () => {
    const app = appWith();
    app.register(async (scope) => {
      scope.get('/forgotten', async () => 'x');
    });
    await expect(app.ready()).rejects.toThrow(/GET \/forgotten declares no roles/);
  });

  it('fails for a route that allows no role', async () => {
    const app = appWith();
    app.register(async (scope) => {
      scope.get('/nobody', { config: { roles: [] } }, async () => 'x');
    });
    await expect(app.ready()).rejects.toThrow(/allows no role/);
  });
});

describe('public routes', () => {
  it('answers liveness without touching the database', async () => {
    const app = appWith({ ready: () => Promise.reject(new Error('down')) });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect([res.statusCode, res.json()]).toEqual([200, { status: 'ok' }]);
    await app.close();
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('connection refused'))],
    ['resolves false', async () => false],
  ])('is not ready when the check %s', async (_, ready) => {
    const app = appWith({ ready });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: {
        code: 'NOT_READY',
        message: 'the database does not answer',
        details: [],
        hint: ERRORS.NOT_READY.hint,
      },
    });
    expect(res.body).not.toContain('connection refused');
    await app.close();
  });
});

describe('errors', () => {
  it('an unknown route is 404 NOT_FOUND in the error envelope', async () => {
    const app = appWith();
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'no route for GET /api/v1/nothing',
        details: [],
        hint: ERRORS.NOT_FOUND.hint,
      },
    });
    await app.close();
  });

  it('an unexpected failure is a generic 500; the cause goes to the log only', async () => {
    const sink = logSink();
    const app = appWith({ logger: { level: 'error', stream: sink.stream } });
    app.get('/boom', { config: { roles: PUBLIC } }, async () => {
      throw new Error('password authentication failed for user "vigil"');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    expect(res.body).not.toContain('password');
    expect(res.body).not.toContain('.ts:');
    expect(sink.lines.join('')).toContain('password authentication failed');
    await app.close();
  });

  it('a missing token is 401 AUTH_REQUIRED with a challenge', async () => {
    const app = appWith();
    const res = await app.inject({ method: 'GET', url: '/api/v1/people' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
    await app.close();
  });
});

describe('logging', () => {
  it('never logs the Authorization header or the token', async () => {
    const sink = logSink();
    const app = appWith({
      logger: {
        level: 'trace',
        stream: sink.stream,
        // Even a serializer that logs every header must not reveal the credential.
        serializers: { req: (req: { headers: unknown }) => ({ headers: req.headers }) },
      },
    });
    const secret = 'vgl_notreal_THIS-IS-A-SECRET';
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/people',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.json().error.code).toBe('AUTH_INVALID_TOKEN');
    const log = sink.lines.join('');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain('THIS-IS-A-SECRET');
    await app.close();
  });
});
