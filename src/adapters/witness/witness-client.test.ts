import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWitness, type TestWitness } from '../../../test/support/test-witness.ts';
import { formatCheckpoint } from '../../core/audit/tlog/checkpoint.ts';
import { verifyCosignature } from '../../core/audit/tlog/cosignature.ts';
import { utf8 } from '../../core/audit/tlog/encoding.ts';
import {
  CompactRange,
  compactRangeIds,
  consistencyPlan,
  type Hash,
  leafHash,
  type NodeId,
  rootFromCompactRange,
} from '../../core/audit/tlog/merkle.ts';
import { parseSignerKey, signerKeyFromSeed, signNote } from '../../core/audit/tlog/note.ts';
import { createWitnessClient } from './witness-client.ts';

const ORIGIN = 'vigil.test/witnessed-log';
const LOG = signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(9));
const IMPOSTOR = signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(10));

/** An in-memory log: stores the nodes `append` returns, signs checkpoints, builds proofs. */
function makeLog(prefix: string) {
  const range = CompactRange.empty();
  const nodes = new Map<string, Hash>();
  const get = (id: NodeId) => nodes.get(`${id.level}/${id.index}`) as Hash;
  const rootAt = (size: number) => rootFromCompactRange(compactRangeIds(size).map(get));
  return {
    grow(n: number) {
      for (let i = 0; i < n; i++)
        for (const { id, hash } of range.append(leafHash(utf8(`${prefix}${range.size}`))))
          nodes.set(`${id.level}/${id.index}`, hash);
    },
    note(size = range.size, skey = LOG.skey, origin = ORIGIN) {
      return signNote(formatCheckpoint({ origin, size, root: rootAt(size), extensions: [] }), [
        parseSignerKey(skey),
      ]);
    },
    proof: (from: number, to = range.size) => consistencyPlan(from, to).assemble(get),
    get size() {
      return range.size;
    },
  };
}

const bodyOf = (note: string) => note.slice(0, note.lastIndexOf('\n\n') + 1);

describe('witness client against a real test witness', () => {
  let witness: TestWitness;
  const client = createWitnessClient({ timeoutMs: 5000 });
  beforeAll(async () => {
    witness = await startTestWitness({
      logs: [{ origin: ORIGIN, vkey: LOG.vkey }],
      now: () => 1_800_000_000,
    });
  });
  afterAll(() => witness.close());

  it('cosigns a first checkpoint, then consistent growth; answers 409 with its size to a stale submitter', async () => {
    const log = makeLog('a');
    log.grow(3);
    const first = await client.addCheckpoint({ url: witness.url, oldSize: 0, proof: [], note: log.note() });
    if (!first.ok) throw new Error(first.message);
    expect(verifyCosignature(bodyOf(log.note()), first.cosignature, witness.vkey)).toEqual({
      timestamp: 1_800_000_000,
    });
    expect(witness.state(ORIGIN)?.size).toBe(3);

    log.grow(9);
    // The caller thought the witness had nothing yet: 409 with the size it holds.
    const stale = await client.addCheckpoint({ url: witness.url, oldSize: 0, proof: [], note: log.note() });
    expect(stale).toMatchObject({ ok: false, status: 409, witnessSize: 3 });
    const retry = await client.addCheckpoint({
      url: `${witness.url}/`,
      oldSize: 3,
      proof: log.proof(3),
      note: log.note(),
    });
    if (!retry.ok) throw new Error(retry.message);
    expect(verifyCosignature(bodyOf(log.note()), retry.cosignature, witness.vkey).timestamp).toBe(
      1_800_000_000,
    );
    expect(witness.state(ORIGIN)?.size).toBe(12);

    // Same size again, same root: fine (empty proof).
    expect(
      (await client.addCheckpoint({ url: witness.url, oldSize: 12, proof: [], note: log.note() })).ok,
    ).toBe(true);
  });

  it('refuses a forked history (422), an untrusted signature (403), an unknown origin (404), old > size (400)', async () => {
    const held = witness.state(ORIGIN)?.size ?? 0;
    // A fork of the same log: different leaves, proof from the size the witness holds.
    const fork = makeLog('b');
    fork.grow(held + 4);
    expect(
      await client.addCheckpoint({
        url: witness.url,
        oldSize: held,
        proof: fork.proof(held),
        note: fork.note(),
      }),
    ).toMatchObject({
      ok: false,
      status: 422,
    });
    // Equal size, different root.
    expect(
      await client.addCheckpoint({ url: witness.url, oldSize: held, proof: [], note: fork.note(held) }),
    ).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(
      await client.addCheckpoint({
        url: witness.url,
        oldSize: held,
        proof: fork.proof(held),
        note: fork.note(fork.size, IMPOSTOR.skey),
      }),
    ).toMatchObject({ ok: false, status: 403 });
    const other = signerKeyFromSeed('vigil.test/other-log', new Uint8Array(32).fill(11));
    expect(
      await client.addCheckpoint({
        url: witness.url,
        oldSize: 0,
        proof: [],
        note: fork.note(3, other.skey, 'vigil.test/other-log'),
      }),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await client.addCheckpoint({ url: witness.url, oldSize: held + 100, proof: [], note: fork.note() }),
    ).toMatchObject({
      ok: false,
      status: 400,
    });
    // Nothing of that changed what the witness holds.
    expect(witness.state(ORIGIN)?.size).toBe(held);
  });

  it('requires an empty proof from size 0, and the empty root at size 0', async () => {
    const w = await startTestWitness({ logs: [{ origin: ORIGIN, vkey: LOG.vkey }] });
    try {
      const log = makeLog('c');
      log.grow(5);
      expect(
        await client.addCheckpoint({ url: w.url, oldSize: 0, proof: log.proof(1), note: log.note() }),
      ).toMatchObject({
        ok: false,
        status: 422,
      });
      const badEmpty = signNote(
        formatCheckpoint({ origin: ORIGIN, size: 0, root: new Uint8Array(32), extensions: [] }),
        [parseSignerKey(LOG.skey)],
      );
      expect(await client.addCheckpoint({ url: w.url, oldSize: 0, proof: [], note: badEmpty })).toMatchObject(
        { status: 422 },
      );
      expect((await client.addCheckpoint({ url: w.url, oldSize: 0, proof: [], note: log.note(0) })).ok).toBe(
        true,
      );
      expect(w.answers).toEqual([422, 422, 200]);
    } finally {
      await w.close();
    }
  });

  it('reports an unreachable witness as status 0, without throwing', async () => {
    const w = await startTestWitness({ logs: [] });
    const url = w.url;
    await w.close();
    const log = makeLog('d');
    log.grow(1);
    expect(await client.addCheckpoint({ url, oldSize: 0, proof: [], note: log.note() })).toMatchObject({
      ok: false,
      status: 0,
    });
    expect(await client.addCheckpoint({ url, oldSize: -1, proof: [], note: log.note() })).toMatchObject({
      ok: false,
      status: 0,
    });
  });
});
