/**
 * The verifiable audit log through the HTTP API: commands append events, a checkpoint signs
 * them, and every proof the API serves verifies with the core verifiers against the signed
 * root, without trusting anything else the server says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/core/audit/tlog/bundle.ts';
import { parseCheckpoint } from '../../src/core/audit/tlog/checkpoint.ts';
import { decodeBase64, utf8 } from '../../src/core/audit/tlog/encoding.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/core/audit/tlog/merkle.ts';
import { openNote, parseVerifierKey } from '../../src/core/audit/tlog/note.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t?.close());

interface CheckpointBody {
  note: string;
  size: number;
  root: string;
  verifierKey: string;
  cosignatures: unknown[];
}

async function checkpoint(): Promise<CheckpointBody> {
  const r = await t.call('POST', '/api/v1/audit/checkpoint');
  expect(r.statusCode, r.body).toBe(200);
  return r.json<CheckpointBody>();
}

/** Opens the note with the key: the root a client may trust. */
function trustedRoot(cp: CheckpointBody, vkey: string) {
  const body = parseCheckpoint(openNote(cp.note, [parseVerifierKey(vkey)]).body);
  expect(body.size).toBe(cp.size);
  return body.root;
}

const b64 = (s: string) => decodeBase64(s, 'hash');

describe('the audit log API', () => {
  it('serves a signed checkpoint, events with their leaves, and proofs that verify', async () => {
    const vkey = (await checkpoint()).verifierKey;
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/api/v1/people', { body: { name: `Person ${i}`, kind: 'staff' } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const first = await checkpoint();
    const firstRoot = trustedRoot(first, vkey);
    expect(first.size).toBeGreaterThanOrEqual(6); // the test admin (person, user, token) + 5 people

    const events = (await t.call('GET', '/api/v1/audit/events?limit=1000')).json<
      { seq: number; type: string; actor: string }[]
    >();
    // The harness's own admin is a person too (recorded by `test`): these are the five posted.
    const created = events.filter((e) => e.type === 'person.created' && e.actor !== 'test');
    expect(created).toHaveLength(5);
    for (const e of created) {
      const got = await t.call('GET', `/api/v1/audit/events/${e.seq}`);
      expect(got.statusCode, got.body).toBe(200);
      const ev = got.json<{ index: number; entry: string; leafHash: string; event: { seq: number } }>();
      expect(ev.event.seq).toBe(e.seq);
      expect(JSON.parse(ev.entry)).toMatchObject({ v: 1, seq: e.seq, type: 'person.created' });
      const proof = await t.call('GET', `/api/v1/audit/proofs/inclusion?seq=${e.seq}&size=${first.size}`);
      expect(proof.statusCode, proof.body).toBe(200);
      const p = proof.json<{ index: number; size: number; proof: string[] }>();
      expect(p.index).toBe(ev.index);
      // The leaf is recomputed from the bytes, the root is the signed one: nothing else trusted.
      verifyInclusion(leafHash(utf8(ev.entry)), p.index, p.size, p.proof.map(b64), firstRoot);
    }

    await t.call('POST', '/api/v1/people', { body: { name: 'Later', kind: 'staff' } });
    const second = await checkpoint();
    const secondRoot = trustedRoot(second, vkey);
    expect(second.size).toBeGreaterThan(first.size);
    const c = await t.call('GET', `/api/v1/audit/proofs/consistency?from=${first.size}&to=${second.size}`);
    expect(c.statusCode, c.body).toBe(200);
    verifyConsistency(
      first.size,
      second.size,
      c.json<{ proof: string[] }>().proof.map(b64),
      firstRoot,
      secondRoot,
    );

    const latest = await t.call('GET', '/api/v1/audit/checkpoint');
    expect(latest.json<CheckpointBody>().note).toBe(second.note);

    const entries = await t.call('GET', `/api/v1/audit/entries?start=0&end=${second.size + 50}`);
    expect(entries.statusCode, entries.body).toBe(200);
    const list = entries.json<{ entries: { index: number; entry: string; leafHash: string }[] }>().entries;
    expect(list).toHaveLength(second.size);
    const report = verifyBundle(
      {
        format: 'vigil-audit-bundle/v1',
        origin: second.note.split('\n')[0] ?? '',
        verifierKey: vkey,
        checkpoint: second.note,
        checkpoints: [first.note],
        entries: list,
      },
      { trustedKey: vkey, since: first.note },
    );
    expect(report.problems.filter((p) => p.warning !== true)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('answers bad sizes and ranges with stable 4xx codes', async () => {
    const cp = await checkpoint();
    const code = async (url: string) => {
      const r = await t.call('GET', url);
      return [r.statusCode, r.json<{ error: { code: string } }>().error.code];
    };
    expect(await code(`/api/v1/audit/proofs/inclusion?index=0&size=${cp.size + 1}`)).toEqual([
      400,
      'AUDIT_SIZE_INVALID',
    ]);
    expect(await code(`/api/v1/audit/proofs/inclusion?index=${cp.size}&size=${cp.size}`)).toEqual([
      400,
      'AUDIT_INDEX_INVALID',
    ]);
    expect(await code('/api/v1/audit/proofs/inclusion?seq=99999999')).toEqual([404, 'AUDIT_EVENT_NOT_FOUND']);
    expect(await code('/api/v1/audit/proofs/consistency?from=3&to=2')).toEqual([400, 'AUDIT_SIZE_INVALID']);
    expect(await code('/api/v1/audit/entries?start=0&end=5000')).toEqual([400, 'AUDIT_RANGE_INVALID']);
    expect(await code('/api/v1/audit/events/99999999')).toEqual([404, 'AUDIT_EVENT_NOT_FOUND']);
    expect(await code('/api/v1/audit/entries?start=x&end=1')).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('has no way to change or delete an event', async () => {
    const [e] = (await t.call('GET', '/api/v1/audit/events?limit=1')).json<{ seq: number }[]>();
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const r = await t.call(method, `/api/v1/audit/events/${e?.seq}`, { body: { payload: {} } });
      expect([404, 405]).toContain(r.statusCode);
    }
  });

  it('lets auditors read and checkpoint, not technicians', async () => {
    const auditor = await t.token('auditor');
    expect((await t.call('POST', '/api/v1/audit/checkpoint', { token: auditor })).statusCode).toBe(200);
    const technician = await t.token('technician');
    expect((await t.call('GET', '/api/v1/audit/checkpoint', { token: technician })).statusCode).toBe(403);
  });
});

describe('the person behind each event', () => {
  it('is recorded for every event a credential linked to a person causes, and is in the leaf', async () => {
    const officer = await t.member('officer');
    const users = (await t.call('GET', '/api/v1/users')).json<{ id: string; username: string }[]>();
    const username = users.find((u) => u.id === officer.userId)?.username;
    expect(username).toBeDefined();
    const byToken = await t.call('POST', '/api/v1/people', {
      token: officer.token,
      body: { name: 'By token', kind: 'staff' },
    });
    expect(byToken.statusCode, byToken.body).toBe(201);
    const { inventory } = t.services;
    await inventory.createPerson({ name: 'By session', kind: 'staff' }, `user:${username}`);
    await inventory.createPerson({ name: 'By the CLI for a user', kind: 'staff' }, `cli:${username}`);
    await inventory.createPerson({ name: 'By a machine', kind: 'staff' }, 'system:test');
    await inventory.createPerson({ name: 'By the bare CLI', kind: 'staff' }, 'cli');

    const cp = await checkpoint();
    const events = (await t.call('GET', '/api/v1/audit/events?limit=1000')).json<
      { seq: number; type: string; actor: string; actorPersonId: string | null; payload: { name?: string } }[]
    >();
    const personOf = (name: string) => events.find((e) => e.payload.name === name)?.actorPersonId;
    expect(personOf('By token')).toBe(officer.personId);
    expect(personOf('By session')).toBe(officer.personId);
    expect(personOf('By the CLI for a user')).toBe(officer.personId);
    expect(personOf('By a machine')).toBeNull();
    expect(personOf('By the bare CLI')).toBeNull();
    // Not only the two-person events: e.g. minting the officer's user recorded the admin's person.
    expect(events.filter((e) => e.actor.startsWith('token:') && e.actorPersonId === null)).toEqual([]);

    // The person is in the signed leaf, and the log still verifies from end to end.
    const seq = events.find((e) => e.payload.name === 'By token')?.seq;
    const got = (await t.call('GET', `/api/v1/audit/events/${seq}`)).json<{ entry: string }>();
    expect(JSON.parse(got.entry)).toMatchObject({ actorPersonId: officer.personId });
    const list = (await t.call('GET', `/api/v1/audit/entries?start=0&end=${cp.size}`)).json<{
      entries: { index: number; entry: string; leafHash: string }[];
    }>().entries;
    const report = verifyBundle(
      {
        format: 'vigil-audit-bundle/v1',
        origin: cp.note.split('\n')[0] ?? '',
        verifierKey: cp.verifierKey,
        checkpoint: cp.note,
        checkpoints: [],
        entries: list,
      },
      { trustedKey: cp.verifierKey },
    );
    expect(report.problems.filter((p) => p.warning !== true)).toEqual([]);
  });
});
