/**
 * A receipt carries the pushes config.drift read: the tokens a DDM server replaced the compiled
 * ones with, each checked against its `protocol.pushed` entry (time and actor included), and
 * the findings re-computed from the receipt's facts with them.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../audit/tlog/canonical.ts';
import { sha256Hex } from '../audit/tlog/tree.ts';
import { expectedApplied } from '../enforcement/applied.ts';
import type { PushedToken } from '../enforcement/pushed.ts';
import type { PostureReport } from '../model.ts';
import type { AppliedConfiguration } from '../posture/fields.ts';
import { compileProtocol } from '../protocol/compile.ts';
import { protocolSchema } from '../protocol/protocol.schema.ts';
import { DAY, HOUR, toIso } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import { type ReceiptProtocol, receiptContent, receiptFindings } from './receipt.ts';
import { factMismatch, parseEntry } from './receipt-facts.ts';
import { compliantPosture, evaluationInput, history, T0 } from './test-helpers.ts';

const SOURCE = 'test-mdm';
const raw = (version: string, camera: 'disabled' | 'allowed') => ({
  apiVersion: 'vigil/v1',
  kind: 'Protocol',
  metadata: { name: 'test-protocol', title: 'Test', version, extends: null },
  roles: {
    calls: {
      sensors: { camera },
      controls: { passcode: { minLength: 6 } },
      posture: { maxAge: 'P30D' },
    },
  },
});
const IN_FORCE = T0 - 20 * DAY;
const v1Doc = protocolSchema.parse(raw('1', 'allowed'));
const v2Doc = protocolSchema.parse(raw('2', 'disabled'));
const v2 = { ...compileProtocol(v2Doc), inForceSince: IN_FORCE };
const text = JSON.stringify(raw('2', 'disabled'));
const PROTOCOLS: ReceiptProtocol[] = [
  { name: 'test-protocol', version: '2', sha256: sha256Hex(text), effectiveAt: IN_FORCE, text },
];

const PUSHED_AT = T0 - 10 * DAY;
/** KMFDDM-style: the server keeps tokens of its own for each declaration of the version. */
const serverPushes = (version: '1' | '2', tag: string, source = SOURCE): PushedToken[] =>
  expectedApplied(version === '1' ? v1Doc : v2Doc, 'calls', 'apple-ddm', 'ios', sha256Hex).map((e, n) => ({
    pushedAt: PUSHED_AT,
    actor: 'admin@office',
    source,
    target: 'apple-ddm',
    protocol: 'test-protocol',
    version,
    role: 'calls',
    file: 'test-protocol-calls.ddm.json',
    sha256: `set-${version}`,
    action: 'created',
    remoteId: e.id,
    remoteToken: `${tag}-${n}`,
  }));
/** A device echoing the server's tokens for `tag`. */
const echoes = (tag: string): AppliedConfiguration => ({
  target: 'apple-ddm',
  compliance: null,
  items: expectedApplied(v2Doc, 'calls', 'apple-ddm', 'ios', sha256Hex).map((e, i) => ({
    id: e.id,
    token: `${tag}-${i}`,
    state: 'applied',
  })),
});
const phone = (applied: AppliedConfiguration) => {
  const r: PostureReport = compliantPosture({
    id: 'r1',
    deviceId: 'd1',
    observedAt: T0 - HOUR,
    receivedAt: T0 - HOUR,
    source: SOURCE,
    applied,
  });
  return history('d1', { posture: [r] });
};
const PUSHES = [...serverPushes('2', 'kmf'), ...serverPushes('2', 'elsewhere', 'other-mdm')];
const inputFor = (applied: AppliedConfiguration) =>
  evaluationInput([phone(applied)], { protocols: [v2], pushes: PUSHES });
const drift = <F extends { rule: string }>(fs: readonly F[]) => fs.filter((f) => f.rule === 'config.drift');

/** The `protocol.pushed` leaf recording these rows, as leafEntry writes it. */
const pushedEntry = (rows: readonly PushedToken[], at = PUSHED_AT, actor = 'admin@office') =>
  canonicalJson({
    v: 1,
    seq: 7,
    type: 'protocol.pushed',
    at: toIso(at),
    actor,
    subject: 'protocol:test-protocol',
    payload: {
      source: rows[0]?.source,
      target: 'apple-ddm',
      name: 'test-protocol',
      version: rows[0]?.version,
      artifacts: rows.map((r) => ({
        role: r.role,
        file: r.file,
        sha256: r.sha256,
        remoteId: r.remoteId,
        remoteToken: r.remoteToken,
        action: r.action,
      })),
      notified: 1,
    },
  });

describe('a receipt with pushes', () => {
  it('carries the pushes to the MDM its devices report through, and re-evaluates to the same findings', () => {
    const input = inputFor(echoes('kmf'));
    expect(drift(evaluateFleet(input).findings)).toEqual([]);
    for (const person of [undefined, 'p1']) {
      const c = receiptContent(input, PROTOCOLS, { asOf: T0, ...(person === undefined ? {} : { person }) });
      const pushes = c.facts.filter((f) => f.kind === 'push').map((f) => f.value as PushedToken);
      expect(pushes.map((p) => p.source)).toEqual(
        person === undefined
          ? PUSHES.map((p) => p.source)
          : PUSHES.filter((p) => p.source === SOURCE).map(() => SOURCE),
      );
      expect(pushes[0]).toMatchObject({ actor: 'admin@office', sha256: 'set-2', pushedAt: PUSHED_AT });
      expect(drift(c.findings)).toEqual([]);
      // Without the push records, the server's tokens are not the compiled ones: the facts alone would drift.
      const without = c.facts.filter((f) => f.kind !== 'push');
      expect(drift(receiptFindings(without, PROTOCOLS, T0, T0, c.person))).toHaveLength(1);
    }
  });

  it('states a drift finding the facts give again, with the server tokens expected', () => {
    const c = receiptContent(inputFor(echoes('stale')), PROTOCOLS, { asOf: T0, person: 'p1' });
    const [f] = drift(c.findings);
    expect(f).toMatchObject({ rule: 'config.drift', deviceId: 'd1' });
    expect(((f?.evidence.expected ?? []) as { token: string }[]).map((e) => e.token)).toContain('kmf-0');
    const again = receiptFindings(c.facts, c.protocols, T0, T0, 'p1');
    expect(again.map((x) => canonicalJson(x)).sort()).toEqual(c.findings.map((x) => canonicalJson(x)).sort());
  });

  it('leaves out pushes made after the instant or known only later', () => {
    const later = PUSHES.map((p) => ({ ...p, pushedAt: T0 + HOUR }));
    const input = evaluationInput([phone(echoes('kmf'))], { protocols: [v2], pushes: later });
    const c = receiptContent(input, PROTOCOLS, { asOf: T0 });
    expect(c.facts.filter((f) => f.kind === 'push')).toEqual([]);
    const known = receiptContent(inputFor(echoes('kmf')), PROTOCOLS, { asOf: T0, knownAt: PUSHED_AT - 1 });
    expect(known.facts.filter((f) => f.kind === 'push')).toEqual([]);
  });
});

describe('a push fact against its protocol.pushed entry', () => {
  const rows = serverPushes('2', 'kmf');
  const row = rows[1] as PushedToken;
  const check = (value: PushedToken, entry = pushedEntry(rows)) =>
    factMismatch('push', JSON.parse(JSON.stringify(value)), [parseEntry(entry)], T0);

  it('matches the artifact of the event it was recorded by', () => {
    expect(check(row)).toBeNull();
  });

  it('fails for any changed field, another time or another actor', () => {
    for (const changed of [
      { ...row, remoteToken: 'forged' },
      { ...row, sha256: 'set-1' },
      { ...row, remoteId: 'com.example.other' },
      { ...row, version: '1' },
      { ...row, target: 'intune' },
      { ...row, pushedAt: PUSHED_AT + 1 },
      { ...row, actor: 'someone-else' },
    ])
      expect(check(changed)).toMatch(/records other values/);
    expect(check(row, pushedEntry(rows, PUSHED_AT, 'someone-else'))).toMatch(/records other values/);
    expect(check(row, pushedEntry(rows, PUSHED_AT - DAY))).toMatch(/records other values/);
  });

  it('fails against an entry of another type', () => {
    expect(check(row, pushedEntry(rows).replace('protocol.pushed', 'protocol.compiled'))).toMatch(
      /is a protocol.compiled/,
    );
  });
});
