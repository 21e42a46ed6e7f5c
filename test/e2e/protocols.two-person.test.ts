/**
 * Protocol changes need a second person when the protocol asks for it
 * (`changes.approval: two-person`): a new version is proposed, governs nothing until a person
 * other than its proposer approves it, and then from the later of both effective instants, as
 * known from the approval's recording. An admin cannot approve; two credentials of one person
 * cannot propose and approve; a rejected version never governs; a protocol that does not ask
 * behaves as before. Through the real HTTP app, on PGlite or PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/core/time.ts';
import { buildTestApp, type Member, type TestApp } from '../support/app.ts';

let t: TestApp;
const T0 = Date.UTC(2026, 0, 15, 9);
let now = T0;
const clock = { now: () => now };
const iso = (ms: number) => new Date(ms).toISOString();

const text = (version: string, extra = 'changes: { approval: two-person }\n') => `apiVersion: vigil/v1
kind: Protocol
metadata: { name: guarded, title: Guarded, version: "${version}" }
roles:
  calls:
    sensors: { camera: disabled }
${extra}`;

let olive: Member;
let oscar: Member;

beforeAll(async () => {
  t = await buildTestApp({ clock });
  olive = await t.member('officer');
  oscar = await t.member('officer');
});
afterAll(() => t?.close());

type Res = {
  statusCode: number;
  body: string;
  json(): Record<string, unknown> & { error: { code: string } };
};
const codeOf = (r: Res) => [r.statusCode, r.json().error?.code];
const put = (token: string, body: Record<string, unknown>) =>
  t.call('PUT', '/api/v1/protocols', { token, body });
const decide = (what: 'approve' | 'reject', version: string, token: string, body?: unknown) =>
  t.call('POST', `/api/v1/protocols/guarded/versions/${version}/${what}`, { token, body });
/** Whether a version of `guarded` is in force at T as known at K: a what-if finds it, or 404. */
async function inForce(at: number, knownAt?: number): Promise<boolean> {
  const q = new URLSearchParams({
    protocol: 'guarded',
    asOf: iso(at),
    ...(knownAt ? { knownAt: iso(knownAt) } : {}),
  });
  const r = await t.call('GET', `/api/v1/compliance/summary?${q}`);
  expect([200, 404], r.body).toContain(r.statusCode);
  return r.statusCode === 200;
}

describe('a protocol that asks for two persons', () => {
  it('stores a new version as proposed: not in force, listed among the proposals', async () => {
    const r = await put(olive.token, { text: text('1'), effectiveAt: iso(T0 - 100 * DAY) });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      approval: 'two-person',
      state: 'proposed',
      inForceFrom: null,
      decision: null,
    });
    expect((await t.call('GET', '/api/v1/protocols/guarded')).statusCode).toBe(404);
    const proposals = (await t.call('GET', '/api/v1/protocols/proposals', { token: oscar.token })).json();
    expect(proposals).toEqual([
      expect.objectContaining({ name: 'guarded', version: '1', state: 'proposed' }),
    ]);
    expect(await inForce(T0)).toBe(false);
    const events = await t.services.audit.list({ type: 'protocol.version-proposed', limit: 10 });
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ name: 'guarded', version: '1', proposerPersonId: olive.personId }),
    ]);
  });

  it('refuses an admin, and the proposer under another token or user', async () => {
    expect(codeOf(await decide('approve', '1', t.admin))).toEqual([403, 'AUTH_FORBIDDEN']);
    const second = await t.call('POST', '/api/v1/tokens', {
      token: olive.token,
      body: { name: 'olive phone' },
    });
    expect(codeOf(await decide('approve', '1', second.json().token as string))).toEqual([
      403,
      'PROTOCOL_SAME_PERSON',
    ]);
    const alias = await t.member('officer', olive.personId);
    expect(codeOf(await decide('approve', '1', alias.token))).toEqual([403, 'PROTOCOL_SAME_PERSON']);
    expect(codeOf(await decide('approve', '9', oscar.token))).toEqual([404, 'PROTOCOL_NOT_FOUND']);
  });

  it('in force once another person approves: from the later of both instants, known from the approval', async () => {
    now = T0 + DAY;
    const r = await decide('approve', '1', oscar.token, { at: iso(T0) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'approved', inForceFrom: iso(T0) });
    expect(r.json().decision).toMatchObject({ approved: true, personId: oscar.personId, at: iso(T0) });
    // As true then: from the approval's instant (later than the version's own), not before.
    expect(await inForce(T0)).toBe(true);
    expect(await inForce(T0 - 1)).toBe(false);
    // As known then: not before the approval was recorded.
    expect(await inForce(T0, T0 + DAY - 1)).toBe(false);
    expect(await inForce(T0, T0 + DAY)).toBe(true);
    expect(codeOf(await decide('approve', '1', oscar.token))).toEqual([409, 'PROTOCOL_VERSION_NOT_PROPOSED']);
    const events = await t.services.audit.list({ type: 'protocol.version-approved', limit: 10 });
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        name: 'guarded',
        version: '1',
        approverPersonId: oscar.personId,
        proposerPersonId: olive.personId,
        inForceFrom: iso(T0),
      }),
    ]);
  });

  it('keeps asking while the version in force asks, even when the new text drops the rule', async () => {
    now = T0 + 2 * DAY;
    const r = await put(olive.token, { text: text('2', '') });
    expect(r.json()).toMatchObject({ state: 'proposed' });
    const shown = (await t.call('GET', '/api/v1/protocols/guarded')).json() as {
      version: { version: string };
      history: { version: string; state: string }[];
    };
    expect(shown.version.version).toBe('1');
    expect(shown.history.map((v) => [v.version, v.state])).toEqual([
      ['1', 'approved'],
      ['2', 'proposed'],
    ]);
  });

  it('a rejected version never governs, and a decision is final', async () => {
    const r = await decide('reject', '2', oscar.token, { reason: 'drops the two-person rule' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'rejected', inForceFrom: null });
    expect(codeOf(await decide('approve', '2', oscar.token))).toEqual([409, 'PROTOCOL_VERSION_NOT_PROPOSED']);
    now = T0 + 3 * DAY;
    const shown = (await t.call('GET', '/api/v1/protocols/guarded')).json() as {
      version: { version: string };
    };
    expect(shown.version.version).toBe('1');
    expect((await t.services.audit.list({ type: 'protocol.version-rejected', limit: 10 })).length).toBe(1);
  });

  it('refuses an approval for a version that needed none', async () => {
    const plain = text('1', '').replace('name: guarded', 'name: plain');
    const r = await put(olive.token, { text: plain });
    expect(r.json()).toMatchObject({
      approval: 'none',
      state: 'in-effect',
      inForceFrom: r.json().effectiveAt,
    });
    const a = await t.call('POST', '/api/v1/protocols/plain/versions/1/approve', { token: oscar.token });
    expect(codeOf(a)).toEqual([409, 'PROTOCOL_VERSION_NOT_PROPOSED']);
  });

  it('asks when a protocol in force that extends it asks', async () => {
    const base = (v: string) =>
      `apiVersion: vigil/v1\nkind: Protocol\nmetadata: { name: base-x, title: Base, version: "${v}" }\n`;
    expect((await put(olive.token, { text: base('1') })).json()).toMatchObject({ state: 'in-effect' });
    const child = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: child-x, title: Child, version: "1", extends: base-x }
changes: { approval: two-person }
`;
    const c = await put(olive.token, { text: child });
    expect(c.json()).toMatchObject({ state: 'proposed' });
    expect(
      (await t.call('POST', '/api/v1/protocols/child-x/versions/1/approve', { token: oscar.token }))
        .statusCode,
    ).toBe(200);
    // The child governs now, so changing its parent changes it: a second person is needed.
    expect((await put(olive.token, { text: base('2') })).json()).toMatchObject({ state: 'proposed' });
  });
});
