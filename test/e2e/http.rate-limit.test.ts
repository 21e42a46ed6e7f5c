/**
 * Per-caller rate limits on ingest and exports (src/adapters/http/plugins/rate-limit.ts), with
 * small configured limits: past the limit a caller gets 429 RATE_LIMITED with Retry-After in
 * the usual error shape; another token keeps its own budget; ingest and exports are counted
 * apart; routes outside both groups are not limited; an unauthenticated request is refused
 * (401) before it is counted against anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

const INGEST = 3;
const EXPORT = 2;
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ rateLimits: { ingest: INGEST, export: EXPORT, windowMs: 60_000 } });
}, 60_000);
afterAll(() => t.close());

// An unknown device: a 422 after the limit check, so nothing is stored.
const posture = (token: string) =>
  t.call('POST', '/api/v1/posture', {
    token,
    body: { deviceId: 'dev_nobody', observedAt: new Date().toISOString(), source: 'rate-test' },
  });

const exportCsv = (token: string) => t.call('GET', '/api/v1/exports/devices.csv', { token });

describe('rate limits per caller', () => {
  it('ingest: the request past the limit is 429 RATE_LIMITED with Retry-After; another token is not limited', async () => {
    const first = await t.token('ingest');
    for (let i = 0; i < INGEST; i++) expect((await posture(first)).statusCode).toBe(422);
    const limited = await posture(first);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED', details: [] } });
    expect(limited.json().error.message).toMatch(/retry in/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const second = await t.token('ingest');
    expect((await posture(second)).statusCode).toBe(422);
    // The first is still limited: the budget is the token's, not the address's (one address here).
    expect((await posture(first)).statusCode).toBe(429);
  });

  it('exports have their own budget, apart from ingest', async () => {
    const auditor = await t.token('auditor');
    for (let i = 0; i < EXPORT; i++) expect((await exportCsv(auditor)).statusCode).toBe(200);
    const limited = await exportCsv(auditor);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // OSCAL exports share the group.
    expect(
      (await t.call('GET', '/api/v1/exports/oscal/assessment-results', { token: auditor })).statusCode,
    ).toBe(429);

    const admin = await t.token('admin');
    expect((await exportCsv(admin)).statusCode).toBe(200);
    // The admin's ingest budget is untouched by its exports, and the other way round.
    expect((await posture(admin)).statusCode).toBe(422);
  });

  it('routes outside the groups are not limited', async () => {
    const auditor = await t.token('auditor');
    for (let i = 0; i < EXPORT; i++) await exportCsv(auditor);
    expect((await exportCsv(auditor)).statusCode).toBe(429);
    for (let i = 0; i < 10; i++) {
      expect((await t.call('GET', '/api/v1/devices', { token: auditor })).statusCode).toBe(200);
    }
  });

  it('an unauthenticated request is refused before it counts', async () => {
    for (let i = 0; i < INGEST + 2; i++) {
      const res = await t.call('POST', '/api/v1/posture', { token: null, body: {} });
      expect(res.statusCode).toBe(401);
    }
    const fresh = await t.token('ingest');
    expect((await posture(fresh)).statusCode).toBe(422);
  });

  it('the OpenAPI document lists 429 on the limited routes', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json', { token: null })).json();
    expect(Object.keys(doc.paths['/api/v1/posture'].post.responses)).toContain('429');
    expect(Object.keys(doc.paths['/api/v1/exports/{file}'].get.responses)).toContain('429');
    expect(Object.keys(doc.paths['/api/v1/devices'].get.responses)).not.toContain('429');
  });
});
