/**
 * Separation of duties binds PEOPLE, not credentials. A probe found an admin could mint an
 * officer token and approve a waiver "as another officer". Now: a token is minted only for the
 * user who asks, in their role (an admin mints ingest tokens, which belong to no one); an admin
 * cannot approve; two credentials of one person cannot request and approve; two people can; a
 * credential linked to no person (from before) cannot take part in a two-person action.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/core/time.ts';
import { buildTestApp, type Member, type TestApp } from '../support/app.ts';

let t: TestApp;
const T0 = Date.UTC(2026, 0, 15, 9);
const clock = { now: () => T0 };
const iso = (ms: number) => new Date(ms).toISOString();

const PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: tp-proto, title: Two people, version: "1" }
roles:
  calls:
    sensors: { camera: disabled }
waivers: { maxDuration: P30D, approverRole: officer }
`;

let olive: Member;
let oscar: Member;

beforeAll(async () => {
  t = await buildTestApp({ clock });
  const ok = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
    const r = await t.call(method, url, { body });
    expect(r.statusCode, r.body).toBeLessThan(300);
  };
  await ok('PUT', '/api/v1/protocols', { text: PROTOCOL, effectiveAt: iso(T0 - 100 * DAY) });
  await ok('POST', '/api/v1/people', {
    id: 'per_pm',
    name: 'Pat Premier',
    kind: 'principal',
    protocol: 'tp-proto',
  });
  await ok('POST', '/api/v1/devices', {
    id: 'dev_calls',
    serial: 'SN-calls',
    platform: 'ios',
    model: 'iPhone 16',
    ownership: 'issued',
    role: 'calls',
    holderId: 'per_pm',
    issuedAt: iso(T0 - 10 * DAY),
  });
  olive = await t.member('officer');
  oscar = await t.member('officer');
});
afterAll(() => t?.close());

const request = (token: string) =>
  t.call('POST', '/api/v1/waivers', {
    token,
    body: {
      rule: 'sensor.camera',
      deviceId: 'dev_calls',
      reason: 'video calls',
      risk: 'camera on',
      expiresAt: iso(T0 + 10 * DAY),
    },
  });
const approve = (id: string, token: string) => t.call('POST', `/api/v1/waivers/${id}/approve`, { token });
const mint = (token: string, body: Record<string, unknown>) =>
  t.call('POST', '/api/v1/tokens', { token, body });
const codeOf = (r: { statusCode: number; json(): { error: { code: string } } }) => [
  r.statusCode,
  r.json().error.code,
];

describe('minting', () => {
  it('refuses an admin minting an officer token, for an officer or for themselves', async () => {
    expect(codeOf(await mint(t.admin, { name: 'second officer', role: 'officer' }))).toEqual([
      403,
      'TOKEN_FOR_OTHER',
    ]);
    expect(codeOf(await mint(t.admin, { name: 'as olive', userId: olive.userId }))).toEqual([
      403,
      'TOKEN_FOR_OTHER',
    ]);
    // What an admin may mint: a token of their own (admin) and ingest tokens (no one's).
    const own = await mint(t.admin, { name: 'admin laptop' });
    expect([own.statusCode, own.json().record.role]).toEqual([201, 'admin']);
    const ingest = await mint(t.admin, { name: 'mdm', role: 'ingest' });
    expect([ingest.statusCode, ingest.json().record]).toEqual([
      201,
      expect.objectContaining({ role: 'ingest', userId: null, personId: null }),
    ]);
    expect(codeOf(await mint(olive.token, { name: 'robot', role: 'ingest' }))).toEqual([
      403,
      'TOKEN_FOR_OTHER',
    ]);
  });

  it('refuses an admin approving a waiver, with any token of theirs', async () => {
    const w = await request(olive.token);
    expect(w.statusCode, w.body).toBe(201);
    const own = (await mint(t.admin, { name: 'another admin token' })).json().token as string;
    for (const token of [t.admin, own]) {
      expect(codeOf(await approve(w.json().id, token))).toEqual([403, 'AUTH_FORBIDDEN']);
    }
  });
});

describe('approval compares people', () => {
  it('refuses two tokens of one person requesting and approving', async () => {
    const second = await mint(olive.token, { name: 'olive phone' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().record).toMatchObject({
      role: 'officer',
      userId: olive.userId,
      personId: olive.personId,
    });
    const w = await request(olive.token);
    expect(codeOf(await approve(w.json().id, second.json().token))).toEqual([403, 'WAIVER_SELF_APPROVAL']);
    // Nor as a second user account of the same person.
    const alias = await t.member('officer', olive.personId);
    expect(codeOf(await approve(w.json().id, alias.token))).toEqual([403, 'WAIVER_SELF_APPROVAL']);
  });

  it('lets two different people request and approve, and records both people', async () => {
    const w = await request(olive.token);
    const ok = await approve(w.json().id, oscar.token);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('approved');
    const events = await t.services.audit.list({ type: 'waiver.approved', limit: 100 });
    expect(events.find((e) => e.payload.id === w.json().id)?.payload).toMatchObject({
      approverPersonId: oscar.personId,
      requesterPersonId: olive.personId,
    });
  });

  it('refuses a credential linked to no person (minted before) in two-person actions, until replaced', async () => {
    // A token as a database from before holds it: an officer token with no user and no person.
    const secret = 'A'.repeat(43);
    const legacy = `vgl_legacy1_${secret}`;
    await insertLegacyToken('legacy1', createHash('sha256').update(secret).digest('hex'));
    const w = await request(olive.token);
    expect(codeOf(await approve(w.json().id, legacy))).toEqual([403, 'PERSON_REQUIRED']);
    const close = await t.call('POST', '/api/v1/incidents/inc_none/close', {
      token: legacy,
      body: { resolution: 'cleared' },
    });
    expect(codeOf(close)).toEqual([403, 'PERSON_REQUIRED']);
    // It still reads, in its role.
    expect((await t.call('GET', '/api/v1/waivers', { token: legacy })).statusCode).toBe(200);
    // And it cannot mint itself a token that would carry a person.
    expect(codeOf(await mint(legacy, { name: 'upgrade' }))).toEqual([403, 'TOKEN_FOR_OTHER']);
  });
});

async function insertLegacyToken(id: string, secretHash: string): Promise<void> {
  await t.uow.run((tx) =>
    tx.tokens.insert({
      id,
      name: 'old officer token',
      role: 'officer',
      personId: null,
      userId: null,
      secretHash,
      createdAt: T0 - 30 * DAY,
      createdBy: 'cli',
      revokedAt: null,
    }),
  );
}
