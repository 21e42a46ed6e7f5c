/**
 * The audit log's storage and integrator on a real database (PGlite, or PostgreSQL when
 * DATABASE_URL is set): the tree the integrator stores matches a from-scratch rebuild, proofs
 * served from stored nodes verify with the core verifiers, and integration under concurrent
 * appends never loses an event or assigns an index twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../src/adapters/system.ts';
import { verifyBundle } from '../../src/core/audit/tlog/bundle.ts';
import { parseCheckpoint } from '../../src/core/audit/tlog/checkpoint.ts';
import { decodeBase64, utf8 } from '../../src/core/audit/tlog/encoding.ts';
import {
  leafHash,
  rootFromLeafHashes,
  TlogError,
  verifyConsistency,
  verifyInclusion,
} from '../../src/core/audit/tlog/merkle.ts';
import { openNote, parseVerifierKey } from '../../src/core/audit/tlog/note.ts';
import { AuditLogService, leafEntry } from '../../src/services/audit/audit-log.service.ts';
import type { AuditEventInput } from '../../src/services/audit/ports.ts';
import { openTestDatabase } from '../support/database.ts';

const T = Date.UTC(2026, 10, 1, 9, 0, 0, 5);
const clock = { now: () => T };

function event(i: number): AuditEventInput {
  return {
    type: 'token.revoked',
    at: T + i,
    actor: 'cli',
    subject: `token:tok_${i}`,
    payload: { id: `tok_${i}`, nested: { b: i, a: [1, 'x'] } },
  };
}

let db: Database;
let log: AuditLogService;

beforeEach(async () => {
  db = await openTestDatabase();
  log = new AuditLogService({ uow: db.uow, clock, random: systemRandom });
});
afterEach(async () => {
  await db.close();
});

async function append(from: number, n: number): Promise<number[]> {
  return db.uow.run((tx) => tx.audit.appendMany(Array.from({ length: n }, (_, i) => event(from + i))));
}

async function allLeafHashes(size: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let start = 0; start < size; start += 1000) {
    for (const e of await log.entries(start, Math.min(size, start + 1000))) out.push(leafHash(utf8(e.entry)));
  }
  return out;
}

describe('integration', () => {
  it('appends queue events; integrate gives them consecutive leaves in seq order', async () => {
    const seqs = await append(0, 5);
    expect(await log.integrateAll()).toBe(5);
    expect(await log.integrate()).toBe(0);
    const entries = await log.entries(0, 10);
    expect(entries.map((e) => e.seq)).toEqual(seqs);
    expect(entries.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    const first = entries[0];
    expect(first?.entry).toBe(
      `{"actor":"cli","at":"2026-11-01T09:00:00.005Z","payload":{"id":"tok_0","nested":{"a":[1,"x"],"b":0}},"seq":${seqs[0]},"subject":"token:tok_0","type":"token.revoked","v":1}`,
    );
    expect(first?.leafHash).toBe(Buffer.from(leafHash(utf8(first?.entry ?? ''))).toString('base64'));
  });

  it('the incrementally stored tree equals a from-scratch rebuild at every checkpoint', async () => {
    let total = 0;
    for (const n of [1, 2, 5, 8, 13, 1, 31]) {
      await append(total, n);
      total += n;
      // Integrate in uneven batches, as the loop would.
      while ((await log.integrate(3)) > 0);
      await log.integrateAll(); // anything not settled in the rounds above (PostgreSQL under load)
      const cp = await log.checkpoint();
      expect(cp.size).toBe(total);
      expect(cp.root).toBe(Buffer.from(rootFromLeafHashes(await allLeafHashes(total))).toString('base64'));
    }
  });

  it('two integrators at once never assign the same index, and every committed event gets a leaf', async () => {
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        const seqs: number[] = [];
        for (let k = 0; k < 10; k++) seqs.push(...(await append(w * 100 + k * 3, 3)));
        return seqs;
      })(),
    );
    let writing = true;
    const integrator = async () => {
      let n = 0;
      while (writing) n += await log.integrate(7);
      return n;
    };
    const integrators = [integrator(), integrator()];
    const committed = (await Promise.all(writers)).flat();
    writing = false;
    const integrated =
      (await Promise.all(integrators)).reduce((a, b) => a + b, 0) + (await log.integrateAll());
    expect(integrated).toBe(committed.length);
    const entries = await log.entries(0, 1000);
    expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
    // In seq order along the log, although seqs were committed out of order.
    expect(entries.map((e) => e.seq)).toEqual([...committed].sort((a, b) => a - b));
    const cp = await log.checkpoint();
    expect(cp.root).toBe(Buffer.from(rootFromLeafHashes(await allLeafHashes(cp.size))).toString('base64'));
  });

  it('an event rolled back with its transaction never reaches the queue', async () => {
    await expect(
      db.uow.run(async (tx) => {
        await tx.audit.append(event(1));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await log.integrate()).toBe(0);
  });
});

describe('checkpoints', () => {
  it('are signed C2SP notes; a new one only when the log grew', async () => {
    const empty = await log.latestCheckpoint();
    expect(empty.size).toBe(0);
    await append(0, 3);
    const cp = await log.checkpoint();
    expect(cp.size).toBe(3);
    const opened = openNote(cp.note, [parseVerifierKey(log.verifierKey())]);
    const body = parseCheckpoint(opened.body);
    expect(body.origin).toBe(log.origin);
    expect(body.size).toBe(3);
    expect(Buffer.from(body.root).toString('base64')).toBe(cp.root);
    expect((await log.checkpoint()).note).toBe(cp.note);
    expect(await db.uow.run((tx) => tx.auditLog.checkpoints())).toHaveLength(2);
  });
});

describe('proofs', () => {
  it('every inclusion proof verifies against the root of its size, and fails for another leaf', async () => {
    await append(0, 21);
    await log.integrateAll();
    for (const size of [1, 2, 7, 16, 21]) {
      for (let index = 0; index < size; index++) {
        const p = await log.inclusionProof({ index, size });
        const leaf = decodeBase64(p.leafHash, 'leaf');
        const proof = p.proof.map((h) => decodeBase64(h, 'proof'));
        const root = decodeBase64(p.root, 'root');
        expect(() => verifyInclusion(leaf, index, size, proof, root)).not.toThrow();
        if (size > 1) {
          expect(() => verifyInclusion(leaf, (index + 1) % size, size, proof, root)).toThrow(TlogError);
        }
      }
    }
  });

  it('by seq, with the size of the latest checkpoint by default', async () => {
    const seqs = await append(0, 4);
    await log.checkpoint();
    const p = await log.inclusionProof({ seq: seqs[2] ?? 0 });
    expect(p).toMatchObject({ index: 2, size: 4 });
  });

  it('consistency proofs hold between any two sizes', async () => {
    await append(0, 13);
    await log.integrateAll();
    for (let from = 1; from <= 13; from++) {
      for (let to = from; to <= 13; to++) {
        const p = await log.consistencyProof({ from, to });
        const proof = p.proof.map((h) => decodeBase64(h, 'proof'));
        expect(() =>
          verifyConsistency(from, to, proof, decodeBase64(p.fromRoot, 'r1'), decodeBase64(p.toRoot, 'r2')),
        ).not.toThrow();
      }
    }
  });

  it('refuses sizes beyond the log, reversed ranges and events not yet integrated, with stable codes', async () => {
    const [seq] = await append(0, 2);
    await expect(log.inclusionProof({ index: 0, size: 1 })).rejects.toMatchObject({
      code: 'AUDIT_SIZE_INVALID',
    });
    await expect(log.inclusionProof({ seq: seq ?? 0, size: 0 })).rejects.toMatchObject({
      code: 'AUDIT_EVENT_NOT_INTEGRATED',
    });
    await log.integrateAll();
    await expect(log.inclusionProof({ index: 2, size: 2 })).rejects.toMatchObject({
      code: 'AUDIT_INDEX_INVALID',
    });
    await expect(log.inclusionProof({ seq: 999_999, size: 2 })).rejects.toMatchObject({
      code: 'AUDIT_EVENT_NOT_FOUND',
    });
    await expect(log.consistencyProof({ from: 2, to: 1 })).rejects.toMatchObject({
      code: 'AUDIT_SIZE_INVALID',
    });
    await expect(log.consistencyProof({ from: 1, to: 3 })).rejects.toMatchObject({
      code: 'AUDIT_SIZE_INVALID',
    });
    await expect(log.entries(5, 5)).rejects.toMatchObject({ code: 'AUDIT_RANGE_INVALID' });
    await expect(log.entries(0, 1001)).rejects.toMatchObject({ code: 'AUDIT_RANGE_INVALID' });
    await expect(log.event(999_999)).rejects.toMatchObject({ code: 'AUDIT_EVENT_NOT_FOUND' });
  });
});

describe('export', () => {
  it('bundles every entry and checkpoint, and records the export as an event', async () => {
    await append(0, 3);
    await log.checkpoint();
    await append(3, 2);
    const ids = ulidIds();
    const bundle = await log.exportBundle(`test:${ids.next('x')}`);
    expect(bundle.format).toBe('vigil-audit-bundle/v1');
    expect(bundle.entries).toHaveLength(5);
    expect(bundle.checkpoints).toHaveLength(1); // size 3; the latest (5) is `checkpoint`
    expect(bundle.proofs?.map((p) => [p.from, p.to])).toEqual([[3, 5]]);
    expect(verifyBundle(bundle, { trustedKey: log.verifierKey() })).toMatchObject({ ok: true, problems: [] });
    const exported = await db.uow.run((tx) => tx.audit.list({ limit: 10, type: 'audit.exported' }));
    expect(exported).toHaveLength(1);
    expect(exported[0]?.payload).toMatchObject({ size: 5 });
  });
});

it('leafEntry is canonical JSON of the event', () => {
  const event = {
    seq: 7,
    type: 'demo.loaded',
    at: 0,
    actor: 'a',
    subject: 's',
    payload: { z: 1, a: 2 },
  } as const;
  // No person: the bytes of the leaves from before events recorded one.
  expect(leafEntry({ ...event, actorPersonId: null })).toBe(
    '{"actor":"a","at":"1970-01-01T00:00:00.000Z","payload":{"a":2,"z":1},"seq":7,"subject":"s","type":"demo.loaded","v":1}',
  );
  expect(leafEntry({ ...event, actorPersonId: 'p1' })).toBe(
    '{"actor":"a","actorPersonId":"p1","at":"1970-01-01T00:00:00.000Z","payload":{"a":2,"z":1},"seq":7,"subject":"s","type":"demo.loaded","v":1}',
  );
});
