/**
 * Compliance receipts on a real database with the demo office: a receipt written by the service
 * verifies with the pure verifier (core/compliance/receipt.ts), states the same findings as the
 * compliance service, and every kind of tampering is caught with its code. An issuer that signs
 * wrong content (re-issued here with the log's own key) is caught by the fact and findings checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { oscalErrors } from '../../../test/support/oscal.ts';
import type { Database } from '../../adapters/db/client.ts';
import { systemRandom, ulidIds } from '../../adapters/system.ts';
import { canonicalJson } from '../../core/audit/tlog/canonical.ts';
import { formatCheckpoint } from '../../core/audit/tlog/checkpoint.ts';
import { encodeBase64, utf8 } from '../../core/audit/tlog/encoding.ts';
import { leafHash } from '../../core/audit/tlog/merkle.ts';
import { parseSignerKey, signerKeyFromSeed, signNote } from '../../core/audit/tlog/note.ts';
import { MerkleTree } from '../../core/audit/tlog/tree.ts';
import {
  type ComplianceReceipt,
  type ReceiptContent,
  receiptDigest,
  verifyReceipt,
} from '../../core/compliance/receipt.ts';
import { expectedTokens } from '../../core/compliance/rules/config-drift.rule.ts';
import type { PushedToken } from '../../core/enforcement/pushed.ts';
import type { Finding } from '../../core/model.ts';
import { DAY } from '../../core/time.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../index.ts';
import { evaluationInput } from './compliance.service.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
const ORIGIN = 'vigil.test/audit-log';
const keys = signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(7));
const signer = parseSignerKey(keys.skey);
const other = signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(9));

let db: Database;
let services: Services;
let fleet: ComplianceReceipt;
let mine: ComplianceReceipt;
let principal: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const clock = { now: () => NOW };
  services = createServices({
    uow: db.uow,
    clock,
    ids: ulidIds(clock, systemRandom),
    random: systemRandom,
    auditLog: { origin: ORIGIN, signer, verifierKey: keys.vkey },
  });
  await services.demo.load(readBaselines(), 'test');
  principal = 'premier';
  fleet = await services.receipts.issue({}, 'test');
  mine = await services.receipts.issue({ personId: principal }, 'test');
}, 60_000);

afterAll(async () => {
  await db.close();
});

/** A receipt as JSON, free to edit. */
type Editable = Omit<ComplianceReceipt, 'facts' | 'findings'> & {
  facts: { kind: ComplianceReceipt['facts'][number]['kind']; value: unknown; entries: number[] }[];
  findings: Finding[];
};
const copy = (r: ComplianceReceipt): Editable => JSON.parse(JSON.stringify(r)) as Editable;
const codeOf = (r: unknown, key = keys.vkey) => {
  const v = verifyReceipt(r, key);
  return v.ok ? 'OK' : v.code;
};

/**
 * The receipt an issuer holding the log key could write for other content: its entries and a
 * new digest entry in a fresh log, signed. Only the fact and findings checks can catch it.
 */
function reissue(r: ComplianceReceipt, change: (c: ReceiptContent) => ReceiptContent): ComplianceReceipt {
  const content = change({
    asOf: r.asOf,
    knownAt: r.knownAt,
    person: r.person,
    protocols: r.protocols.map(({ entries: _, ...p }) => p),
    facts: r.facts.map((f) => ({ kind: f.kind, value: f.value })),
    findings: r.findings,
  });
  const digest = receiptDigest(content);
  const old = r.log.entries.map((e) => e.index);
  const at = new Map(old.map((i, n) => [i, n]));
  const texts = r.log.entries.map((e) => e.entry);
  const issuedText = texts[at.get(r.log.issued) as number] as string;
  const issued = JSON.parse(issuedText) as { payload: Record<string, unknown> };
  texts.push(canonicalJson({ ...issued, payload: { ...issued.payload, digest } }));
  const tree = new MerkleTree(texts.map((t) => leafHash(utf8(t))));
  const note = signNote(
    formatCheckpoint({ origin: ORIGIN, size: tree.size, root: tree.root(), extensions: [] }),
    [signer],
  );
  const remap = (ids: readonly number[]) => ids.map((i) => at.get(i) as number);
  const byValue = new Map(r.facts.map((f) => [canonicalJson(f.value), f.entries]));
  return {
    ...r,
    ...content,
    digest,
    protocols: content.protocols.map((p, i) => ({ ...p, entries: remap(r.protocols[i]?.entries ?? []) })),
    // Same length: the facts keep their entries by position (a changed value, the same entry).
    facts: content.facts.map((f, i) => ({
      ...f,
      entries: remap(
        (content.facts.length === r.facts.length
          ? r.facts[i]?.entries
          : byValue.get(canonicalJson(f.value))) ?? [],
      ),
    })),
    log: {
      origin: ORIGIN,
      checkpoint: note,
      issued: texts.length - 1,
      entries: texts.map((entry, index) => ({
        index,
        entry,
        proof: tree.inclusionProof(index).map(encodeBase64),
      })),
    },
  };
}

describe('a compliance receipt', () => {
  it('verifies offline with the log key, fleet-wide and for one person, every fact logged', () => {
    for (const r of [fleet, mine]) {
      const v = verifyReceipt(copy(r), keys.vkey);
      expect(v).toMatchObject({ ok: true, warnings: [] });
      expect(r.facts.every((f) => f.entries.length > 0)).toBe(true);
    }
    expect(mine.person).toBe(principal);
    expect(mine.facts.length).toBeLessThan(fleet.facts.length);
    expect(fleet.findings.length).toBeGreaterThan(0);
  });

  it('states the findings the compliance service reports for the same instant and person', async () => {
    const sort = (fs: readonly Finding[]) =>
      fs.map((f) => canonicalJson(JSON.parse(JSON.stringify(f)))).sort();
    const all = await services.compliance.evaluate({ asOf: fleet.asOf });
    expect(sort(fleet.findings)).toEqual(sort(all.findings));
    const theirs = await services.compliance.evaluate({ asOf: mine.asOf, personId: principal });
    expect(sort(mine.findings)).toEqual(sort(theirs.findings));
  });

  it('records its digest in the log as compliance.receipt-issued', () => {
    const issued = mine.log.entries.find((e) => e.index === mine.log.issued);
    expect(JSON.parse(issued?.entry ?? '{}')).toMatchObject({
      type: 'compliance.receipt-issued',
      payload: { digest: mine.digest, personId: principal, asOf: mine.asOf },
    });
  });

  it('as known at an earlier instant: facts recorded later are left out, and it verifies', async () => {
    // The demo was recorded at NOW: a minute before, Vigil knew none of it.
    const before = new Date(NOW - 60_000).toISOString();
    const r = await services.receipts.issue({ knownAt: before }, 'test');
    expect(r.knownAt).toBe(before);
    expect(r.facts.filter((f) => f.kind === 'device')).toEqual([]);
    expect(codeOf(r)).toBe('OK');
    const known = await services.compliance.evaluate({ asOf: r.asOf, knownAt: before });
    expect(r.findings.length).toBe(known.findings.length);
  });

  it('a past instant verifies too', async () => {
    const past = await services.receipts.issue(
      { asOf: new Date(NOW - 30 * DAY).toISOString(), personId: principal },
      'test',
    );
    expect(codeOf(past)).toBe('OK');
  });
});

describe('tampering is detected with the first difference', () => {
  it('a changed fact', () => {
    const r = copy(mine);
    const i = r.facts.findIndex((f) => f.kind === 'custody');
    (r.facts[i]?.value as { location: string | null }).location = 'Elsewhere';
    expect(codeOf(r)).toBe('RECEIPT_DIGEST_MISMATCH');
  });

  it('a dropped fact', () => {
    const r = copy(mine);
    r.facts.splice(
      r.facts.findIndex((f) => f.kind === 'posture'),
      1,
    );
    expect(codeOf(r)).toBe('RECEIPT_DIGEST_MISMATCH');
  });

  it('an added fact', () => {
    const r = copy(mine);
    const extra = fleet.facts.find(
      (f) => f.kind === 'device' && !r.facts.some((g) => canonicalJson(g.value) === canonicalJson(f.value)),
    );
    r.facts.push(copy({ ...mine, facts: [extra as ComplianceReceipt['facts'][number]] }).facts[0] as never);
    expect(codeOf(r)).toBe('RECEIPT_DIGEST_MISMATCH');
  });

  it('a changed finding', () => {
    const r = copy(mine);
    (r.findings as Finding[]).pop();
    expect(codeOf(r)).toBe('RECEIPT_DIGEST_MISMATCH');
  });

  it('a changed as-of instant', () => {
    const r = copy(mine);
    (r as { asOf: string }).asOf = new Date(NOW - DAY).toISOString();
    expect(codeOf(r)).toBe('RECEIPT_DIGEST_MISMATCH');
  });

  it('a substituted key', () => {
    expect(codeOf(copy(mine), other.vkey)).toBe('RECEIPT_SIGNATURE_INVALID');
    expect(codeOf(copy(mine), 'not a key')).toBe('RECEIPT_SIGNATURE_INVALID');
  });

  it('a proof for another checkpoint', () => {
    const r = copy(mine);
    (r.log as { checkpoint: string }).checkpoint = fleet.log.checkpoint;
    expect(codeOf(r)).toBe('RECEIPT_PROOF_INVALID');
  });

  it('a changed audit entry', () => {
    const r = copy(mine);
    const e = r.log.entries[0] as { entry: string };
    e.entry = e.entry.replace('"v":1', '"v":2');
    expect(codeOf(r)).toBe('RECEIPT_PROOF_INVALID');
  });

  it('an issuer signing a fact the log does not hold', () => {
    expect(codeOf(reissue(mine, (c) => c))).toBe('OK');
    const r = reissue(mine, (c) => ({
      ...c,
      facts: c.facts.map((f) =>
        f.kind === 'custody' ? { ...f, value: { ...(f.value as object), location: 'Elsewhere' } } : f,
      ),
    }));
    expect(codeOf(r)).toBe('RECEIPT_FACT_MISMATCH');
  });

  it('an issuer signing findings the facts do not give', () => {
    const r = reissue(mine, (c) => ({ ...c, findings: c.findings.slice(1) }));
    expect(verifyReceipt(r, keys.vkey)).toMatchObject({ ok: false, code: 'RECEIPT_FINDINGS_DIFFER' });
  });

  it('an issuer dropping facts that decide findings', () => {
    // Dropping every inspection changes what the evaluator concludes about check dates.
    const r = reissue(mine, (c) => ({ ...c, facts: c.facts.filter((f) => f.kind !== 'inspection') }));
    expect(codeOf(r)).toBe('RECEIPT_FINDINGS_DIFFER');
  });

  it('a fact marked unlogged is a warning, not a failure', () => {
    const r = copy(reissue(mine, (c) => c));
    const fact = r.facts.find((f) => f.kind === 'posture') as { entries: number[] };
    fact.entries = [];
    const v = verifyReceipt(r, keys.vkey);
    expect(v).toMatchObject({ ok: true, warnings: [{ code: 'RECEIPT_FACT_UNLOGGED' }] });
  });

  it('not a receipt', () => {
    expect(codeOf({ format: 'nope' })).toBe('RECEIPT_MALFORMED');
    expect(codeOf(null)).toBe('RECEIPT_MALFORMED');
  });
});

describe('the OSCAL assessment results', () => {
  it('carry a receipt of the same instant in the back matter when asked, and stay valid OSCAL', async () => {
    const asOf = new Date(NOW - 10 * DAY).toISOString();
    const file = await services.exports.oscal(
      { kind: 'assessment-results', asOf, personId: principal, receipt: true },
      'test',
    );
    expect(oscalErrors('ar', file.document)).toEqual([]);
    const resources = (file.document['assessment-results'] as { 'back-matter': { resources: unknown[] } })[
      'back-matter'
    ].resources as { props?: { name: string; value: string }[]; base64?: { value: string } }[];
    const attached = resources.find((r) => r.base64 !== undefined);
    const receipt = JSON.parse(Buffer.from(attached?.base64?.value ?? '', 'base64').toString('utf8'));
    expect(receipt).toMatchObject({ asOf, person: principal });
    expect(attached?.props).toEqual([
      expect.objectContaining({ name: 'receipt-digest', value: receipt.digest }),
    ]);
    expect(codeOf(receipt)).toBe('OK');
    // Without asking, the document is as before (deterministic for an instant).
    const plainDoc = await services.exports.oscal({ kind: 'assessment-results', asOf }, 'test');
    expect(plainDoc.body).not.toContain('receipt-digest');
    await expect(services.exports.oscal({ kind: 'poam', receipt: true }, 'test')).rejects.toMatchObject({
      code: 'EXPORT_INVALID',
    });
  });
});

describe('a receipt of a device judged against what was pushed to its MDM', () => {
  const SOURCE = 'kmfddm';
  const DEVICE = 'premier-calls';
  let drifting: ComplianceReceipt;
  let serverTokens: string[];

  beforeAll(async () => {
    // What the protocol in force for the phone's holder compiles to for a DDM iPhone of its role.
    const input = evaluationInput(await db.uow.run((tx) => tx.fleet.load(NOW)), NOW);
    const governing = input.inForce.governing.get(principal) ?? null;
    if (governing === null) throw new Error('the demo principal is under no protocol');
    const expected = expectedTokens(governing, 'calls', 'apple-ddm', 'ios');
    serverTokens = expected.map((_, n) => `server-token-${n}`);
    // A KMFDDM-style server kept tokens of its own, which devices echo: the push recorded them.
    await services.pushes.record(
      {
        source: SOURCE,
        target: 'apple-ddm',
        protocol: governing.name,
        version: governing.version,
        artifacts: expected.map((e, n) => ({
          role: 'calls',
          file: `${governing.name}-calls.ddm.json`,
          sha256: 'a'.repeat(64),
          remoteId: e.id,
          remoteToken: serverTokens[n] ?? null,
          action: 'created',
        })),
        notified: 1,
      },
      'admin',
    );
    // The phone reports tokens of another version, for longer than the grace period.
    await services.posture.record(
      {
        deviceId: DEVICE,
        observedAt: new Date(NOW - 2 * DAY).toISOString(),
        source: SOURCE,
        applied: {
          target: 'apple-ddm',
          compliance: null,
          items: expected.map((e, n) => ({ id: e.id, token: `stale-${n}`, state: 'applied' })),
        },
      },
      'test',
    );
    drifting = await services.receipts.issue({ personId: principal }, 'test');
  }, 60_000);

  const driftOf = (r: { findings: readonly Finding[] }) =>
    r.findings.find((f) => f.rule === 'config.drift' && f.deviceId === DEVICE);
  const pushesOf = (r: { facts: readonly { kind: string; value: unknown }[] }) =>
    r.facts.filter((f) => f.kind === 'push').map((f) => f.value as PushedToken);

  it('carries the pushes, each with its protocol.pushed entry, and verifies offline with the drift finding', async () => {
    expect(codeOf(copy(drifting))).toBe('OK');
    const pushes = pushesOf(drifting);
    expect(pushes.map((p) => p.remoteToken).sort()).toEqual([...serverTokens].sort());
    expect(pushes[0]).toMatchObject({ source: SOURCE, actor: 'admin', target: 'apple-ddm', pushedAt: NOW });
    for (const f of drifting.facts.filter((x) => x.kind === 'push')) {
      expect(f.entries).toHaveLength(1);
      const entry = drifting.log.entries.find((e) => e.index === f.entries[0]);
      expect(JSON.parse(entry?.entry ?? '{}')).toMatchObject({ type: 'protocol.pushed', actor: 'admin' });
    }
    const finding = driftOf(drifting);
    expect(finding?.evidence).toMatchObject({ verdict: 'other', target: 'apple-ddm' });
    expect(((finding?.evidence.expected ?? []) as { token: string }[]).map((e) => e.token).sort()).toEqual(
      [...serverTokens].sort(),
    );
    // The same finding the compliance service reports.
    const theirs = await services.compliance.evaluate({ asOf: drifting.asOf, personId: principal });
    const norm = (f: Finding | undefined) => canonicalJson(JSON.parse(JSON.stringify(f ?? null)));
    expect(norm(driftOf(drifting))).toBe(norm(driftOf(theirs)));
  });

  it('a tampered push record fails verification', () => {
    const r = copy(drifting);
    const fact = r.facts.find((f) => f.kind === 'push') as { value: { remoteToken: string } };
    fact.value.remoteToken = 'stale-0';
    expect(codeOf(r)).toBe('RECEIPT_DIGEST_MISMATCH');
  });

  it('an issuer signing a push the log does not hold, or another actor, is caught', () => {
    expect(codeOf(reissue(drifting, (c) => c))).toBe('OK');
    const forge = (change: (v: PushedToken) => PushedToken) =>
      reissue(drifting, (c) => ({
        ...c,
        facts: c.facts.map((f) => (f.kind === 'push' ? { ...f, value: change(f.value as PushedToken) } : f)),
      }));
    expect(codeOf(forge((v) => ({ ...v, remoteToken: `${v.remoteToken}-forged` })))).toBe(
      'RECEIPT_FACT_MISMATCH',
    );
    expect(codeOf(forge((v) => ({ ...v, actor: 'someone-else' })))).toBe('RECEIPT_FACT_MISMATCH');
    expect(codeOf(forge((v) => ({ ...v, pushedAt: v.pushedAt - DAY })))).toBe('RECEIPT_FACT_MISMATCH');
  });

  it('an issuer dropping the pushes the drift finding relied on is caught', () => {
    const r = reissue(drifting, (c) => ({ ...c, facts: c.facts.filter((f) => f.kind !== 'push') }));
    expect(codeOf(r)).toBe('RECEIPT_FINDINGS_DIFFER');
  });
});
