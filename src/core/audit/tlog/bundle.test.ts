import { describe, expect, it } from 'vitest';
import { type LogBundle, type VerifyOptions, verifyBundle } from './bundle.ts';
import { canonicalJson } from './canonical.ts';
import { formatCheckpoint } from './checkpoint.ts';
import { cosignerKeyFromSeed, parseCosignerKey } from './cosignature.ts';
import { encodeBase64, utf8 } from './encoding.ts';
import { CompactRange, consistencyPlan, type Hash, leafHash } from './merkle.ts';
import { parseSignerKey, signerKeyFromSeed, signNote } from './note.ts';

const ORIGIN = 'vigil.test/audit-log';
const seed = (n: number) => new Uint8Array(32).fill(n);
const LOG = signerKeyFromSeed(ORIGIN, seed(1));
const OTHER_LOG = signerKeyFromSeed(ORIGIN, seed(2));
const W1 = cosignerKeyFromSeed('witness.test/one', seed(3));
const W2 = cosignerKeyFromSeed('witness.test/two', seed(4));

const event = (seq: number, payload: unknown = { n: seq }) =>
  canonicalJson({
    actor: 'tester',
    at: '2026-01-01T00:00:00.000Z',
    payload,
    seq,
    subject: `s${seq}`,
    type: 't',
    v: 1,
  });

/** A signed checkpoint note over the given entries (as the server would make it). */
function checkpointNote(entries: readonly string[], skey = LOG.skey, origin = ORIGIN): string {
  const range = CompactRange.empty();
  for (const e of entries) range.append(leafHash(utf8(e)));
  const body = formatCheckpoint({ origin, size: entries.length, root: range.root(), extensions: [] });
  return signNote(body, [parseSignerKey(skey)]);
}

function bundleOf(entries: readonly string[], earlierSizes: readonly number[] = []): LogBundle {
  return {
    format: 'vigil-audit-bundle/v1',
    origin: ORIGIN,
    verifierKey: LOG.vkey,
    checkpoint: checkpointNote(entries),
    checkpoints: earlierSizes.map((n) => checkpointNote(entries.slice(0, n))),
    entries: entries.map((entry, index) => ({ index, entry, leafHash: encodeBase64(leafHash(utf8(entry))) })),
  };
}

const ENTRIES = Array.from({ length: 20 }, (_, i) => event(100 + 2 * i));
const trusted: VerifyOptions = { trustedKey: LOG.vkey };
const codes = (b: LogBundle, opts: VerifyOptions = trusted) =>
  verifyBundle(b, opts).problems.map((p) => p.code);
const firstProblem = (b: LogBundle, opts: VerifyOptions = trusted) => verifyBundle(b, opts).problems[0];

describe('verifyBundle', () => {
  it('verifies an honest bundle, flagging a self-certified key as weaker', () => {
    const b = bundleOf(ENTRIES, [5, 8, 16]);
    const report = verifyBundle(b, trusted);
    expect(report).toMatchObject({ ok: true, size: 20, problems: [], cosignatures: 0 });
    const weak = verifyBundle(b, {});
    expect(weak.ok).toBe(true);
    expect(weak.problems).toEqual([expect.objectContaining({ code: 'UNTRUSTED_KEY', warning: true })]);
    expect(verifyBundle(bundleOf([]), trusted)).toMatchObject({ ok: true, size: 0 });
    expect(verifyBundle(b, { ...trusted, since: checkpointNote(ENTRIES.slice(0, 7)) }).ok).toBe(true);
    expect(verifyBundle(b, { ...trusted, since: b.checkpoint }).ok).toBe(true);
  });

  it('a changed entry: LEAF_MISMATCH names it, and the root no longer matches', () => {
    const b = bundleOf(ENTRIES);
    const entries = b.entries.map((e) => (e.index === 7 ? { ...e, entry: event(114, { n: 'changed' }) } : e));
    const report = verifyBundle({ ...b, entries }, trusted);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ code: 'LEAF_MISMATCH', index: 7 });
    expect(report.problems.map((p) => p.code)).toContain('ROOT_MISMATCH');
  });

  it('a changed entry whose stored leaf hash was forged too: ROOT_MISMATCH, located by earlier checkpoints', () => {
    const b = bundleOf(ENTRIES, [4, 8, 12]);
    const forged = event(118, { n: 'forged' });
    const entries = b.entries.map((e) =>
      e.index === 9 ? { index: 9, entry: forged, leafHash: encodeBase64(leafHash(utf8(forged))) } : e,
    );
    const problems = verifyBundle({ ...b, entries }, trusted).problems;
    expect(problems.map((p) => p.code)).toEqual(['INCONSISTENT_CHECKPOINT', 'ROOT_MISMATCH']);
    expect(problems[0]?.message).toContain('[8, 12)');
    // And a saved checkpoint past the change shows the rewrite as a fork.
    const since = checkpointNote(ENTRIES.slice(0, 15));
    expect(codes({ ...b, entries }, { ...trusted, since })).toContain('FORK');
  });

  it('a missing entry: MISSING_ENTRY names it', () => {
    const b = bundleOf(ENTRIES);
    expect(firstProblem({ ...b, entries: b.entries.filter((e) => e.index !== 11) })).toMatchObject({
      code: 'MISSING_ENTRY',
      index: 11,
    });
  });

  it('reordered entries: REORDERED names the first of them', () => {
    const b = bundleOf(ENTRIES);
    // Two events swapped in storage (contents and stored hashes move, indices stay).
    const swapped = b.entries.map((e) => {
      const other = e.index === 4 ? 9 : e.index === 9 ? 4 : e.index;
      return { ...(b.entries[other] as LogBundle['entries'][number]), index: e.index };
    });
    const report = verifyBundle({ ...b, entries: swapped }, trusted);
    expect(report.problems[0]).toMatchObject({ code: 'REORDERED', index: 4 });
    expect(report.problems.map((p) => p.code)).toContain('ROOT_MISMATCH');
    // Listed out of order (same indices): flagged, though the tree still verifies.
    const listed = [...b.entries];
    [listed[2], listed[3]] = [listed[3] as never, listed[2] as never];
    expect(codes({ ...b, entries: listed })).toEqual(['REORDERED']);
    // Duplicates.
    expect(codes({ ...b, entries: [...b.entries, b.entries[3] as never] })).toContain('DUPLICATE_ENTRY');
  });

  it('a truncated tail: TRUNCATED against the checkpoint, ROLLBACK against a saved checkpoint', () => {
    const b = bundleOf(ENTRIES);
    expect(firstProblem({ ...b, entries: b.entries.slice(0, 17) })).toMatchObject({
      code: 'TRUNCATED',
      index: 17,
    });
    // The server re-signed a shorter log: the saved checkpoint is larger than the current one.
    const shorter = bundleOf(ENTRIES.slice(0, 12));
    expect(codes(shorter, { ...trusted, since: b.checkpoint })).toEqual(['ROLLBACK']);
  });

  it('a rollback to an earlier backup that then grew differently: FORK', () => {
    const saved = checkpointNote(ENTRIES.slice(0, 10));
    const restored = [...ENTRIES.slice(0, 6), ...Array.from({ length: 14 }, (_, i) => event(500 + i))];
    const report = verifyBundle(bundleOf(restored), { ...trusted, since: saved });
    expect(report.problems.map((p) => p.code)).toEqual(['FORK']);
    expect(report.problems[0]?.message).toContain('[0, 10)');
  });

  it('a bad signature: another key, or an edited checkpoint', () => {
    const b = bundleOf(ENTRIES);
    expect(codes({ ...b, checkpoint: checkpointNote(ENTRIES, OTHER_LOG.skey) })).toContain('BAD_SIGNATURE');
    const edited = b.checkpoint.replace('\n20\n', '\n21\n');
    expect(codes({ ...b, checkpoint: edited })[0]).toBe('BAD_SIGNATURE');
    // A substituted log key inside the bundle verifies its own checkpoint, but not the saved one.
    const substituted = {
      ...bundleOf(ENTRIES),
      verifierKey: OTHER_LOG.vkey,
      checkpoint: checkpointNote(ENTRIES, OTHER_LOG.skey),
    };
    expect(verifyBundle(substituted, {}).ok).toBe(true);
    expect(codes(substituted, { since: checkpointNote(ENTRIES.slice(0, 3)) })).toContain('BAD_SIGNATURE');
    expect(codes(b, { trustedKey: 'garbage' })).toContain('BAD_KEY');
  });

  it('a wrong origin', () => {
    const b = bundleOf(ENTRIES);
    expect(codes({ ...b, origin: 'elsewhere.test/log' })).toContain('ORIGIN_MISMATCH');
    const foreign = checkpointNote(ENTRIES.slice(0, 3), LOG.skey, 'vigil.test/another-log');
    expect(codes(b, { ...trusted, since: foreign })).toEqual(['ORIGIN_MISMATCH']);
  });

  it('earlier checkpoints inconsistent with the entries', () => {
    const b = bundleOf(ENTRIES, [5]);
    const forkedEarlier = checkpointNote([...ENTRIES.slice(0, 4), event(999)]);
    expect(codes({ ...b, checkpoints: [forkedEarlier] })).toEqual(['INCONSISTENT_CHECKPOINT']);
    const larger = checkpointNote([...ENTRIES, event(999)]);
    expect(codes({ ...b, checkpoints: [larger] })).toEqual(['INCONSISTENT_CHECKPOINT']);
    expect(codes({ ...b, checkpoints: [checkpointNote(ENTRIES.slice(0, 5), OTHER_LOG.skey)] })).toEqual([
      'BAD_SIGNATURE',
    ]);
  });

  it('witness cosignatures count against the quorum', () => {
    const b = bundleOf(ENTRIES);
    const body = b.checkpoint.slice(0, b.checkpoint.lastIndexOf('\n\n') + 1);
    const line1 = parseCosignerKey(W1.skey).cosign(body, 1_800_000_000);
    const line2 = parseCosignerKey(W2.skey).cosign(body, 1_800_000_001);
    const witnesses = [{ vkey: W1.vkey }, { vkey: W2.vkey }];
    const both = { ...b, checkpoint: `${b.checkpoint}${line1}${line2}`, witnesses };
    expect(verifyBundle(both, { ...trusted, witnessQuorum: 2 })).toMatchObject({ ok: true, cosignatures: 2 });
    const one = { ...b, checkpoint: `${b.checkpoint}${line1}`, witnesses };
    expect(verifyBundle(one, { ...trusted, witnessQuorum: 1 })).toMatchObject({ ok: true, cosignatures: 1 });
    expect(codes(one, { ...trusted, witnessQuorum: 2 })).toEqual(['WITNESS_QUORUM']);
    // Only the given witnesses count.
    expect(codes(both, { ...trusted, witnessQuorum: 2, witnesses: [W1.vkey] })).toEqual(['WITNESS_QUORUM']);
    // A cosignature over another checkpoint does not count, and is reported.
    const stale = parseCosignerKey(W2.skey).cosign(body.replace('\n20\n', '\n19\n'), 1_800_000_000);
    expect(
      codes({ ...both, checkpoint: `${b.checkpoint}${line1}${stale}` }, { ...trusted, witnessQuorum: 2 }),
    ).toEqual(['BAD_COSIGNATURE', 'WITNESS_QUORUM']);
    expect(codes({ ...both, witnesses: [{ vkey: 'nope+00000000+AAAA' }] }, trusted)).toEqual([]);
  });

  it('consistency proofs between signed checkpoints: verified, and BAD_PROOF when altered', () => {
    const b = bundleOf(ENTRIES, [5, 12]);
    const nodes = new Map<string, Hash>();
    const range = CompactRange.empty();
    for (const e of ENTRIES)
      for (const n of range.append(leafHash(utf8(e)))) nodes.set(`${n.id.level}/${n.id.index}`, n.hash);
    const proofFrom = (from: number) => ({
      from,
      to: ENTRIES.length,
      proof: consistencyPlan(from, ENTRIES.length)
        .assemble((id) => nodes.get(`${id.level}/${id.index}`) as Hash)
        .map(encodeBase64),
    });
    const proofs = [proofFrom(5), proofFrom(12)];
    expect(verifyBundle({ ...b, proofs }, trusted)).toMatchObject({ ok: true, problems: [] });
    const flipped = proofs.map((p, i) =>
      i === 1 ? { ...p, proof: [encodeBase64(new Uint8Array(32).fill(7)), ...p.proof.slice(1)] } : p,
    );
    expect(codes({ ...b, proofs: flipped })).toEqual(['BAD_PROOF']);
    expect(codes({ ...b, proofs: [{ ...proofFrom(5), from: 6 }] })).toEqual(['BAD_PROOF']);
  });

  it('a bundle that is not the shape its type claims', () => {
    const b = bundleOf(ENTRIES);
    expect(codes({ ...b, entries: null } as unknown as LogBundle)).toEqual(['MALFORMED_BUNDLE']);
    expect(codes({ ...b, format: 'other' } as unknown as LogBundle)).toEqual(['BAD_FORMAT']);
    expect(codes({ ...b, checkpoint: 'not a note' })).toEqual(['BAD_SIGNATURE']);
  });
});
