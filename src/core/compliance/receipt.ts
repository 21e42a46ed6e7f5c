/**
 * Compliance receipts: the findings for an instant with every fact they were computed from,
 * each fact tied to the audit-log entry that recorded it by an inclusion proof in a signed
 * checkpoint, and a digest of the whole content recorded in the same log. Anyone holding the
 * log's verifier key can check a receipt offline: `verifyReceipt` re-runs the evaluator on the
 * facts and compares. Pure: the service (services/compliance/receipt.service.ts) does the I/O.
 */
import { canonicalJson } from '../audit/tlog/canonical.ts';
import { parseCheckpoint } from '../audit/tlog/checkpoint.ts';
import { decodeBase64, utf8 } from '../audit/tlog/encoding.ts';
import { leafHash, verifyInclusion } from '../audit/tlog/merkle.ts';
import { openNote, parseVerifierKey } from '../audit/tlog/note.ts';
import { checkpointSigner, type KeyHistoryEntry, keyEpochs } from '../audit/tlog/rotation.ts';
import { sha256Hex } from '../audit/tlog/tree.ts';
import { VigilError } from '../errors.ts';
import type { Finding } from '../model.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { chainInForceSince, compileProtocol, parseProtocolText, resolveProtocol } from '../protocol/index.ts';
import type { ProtocolDocument } from '../protocol/protocol.schema.ts';
import { type Instant, parseInstant, toIso } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import { inForceAt } from './in-force.ts';
import { knownCorrections, knownHistory, knownInput } from './known.ts';
import {
  FACT_KIND_NAMES,
  type FactKind,
  type FactValues,
  factMismatch,
  parseEntry,
} from './receipt-facts.ts';
import type { DeviceHistory, EvaluationInput } from './types.ts';

export const RECEIPT_FORMAT = 'vigil-compliance-receipt/v1';
/** The audit event a receipt's digest is recorded by. */
export const RECEIPT_EVENT = 'compliance.receipt-issued';

/** A protocol version a receipt's evaluation used: its exact text, pinned by its SHA-256. */
export interface ReceiptProtocol {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  readonly effectiveAt: Instant;
  readonly text: string;
}

/** One fact: a record of the evaluator's input, as JSON (instants in epoch milliseconds). */
export interface ReceiptFactContent {
  readonly kind: FactKind;
  readonly value: unknown;
}

/** What the digest covers: everything that decides the findings, and the findings. */
export interface ReceiptContent {
  /** ISO 8601: the instant evaluated. */
  readonly asOf: string;
  /** ISO 8601: facts recorded up to this instant were used (the instant the receipt was made). */
  readonly knownAt: string;
  /** The person the receipt is about, or null for the whole fleet. */
  readonly person: string | null;
  readonly protocols: readonly ReceiptProtocol[];
  readonly facts: readonly ReceiptFactContent[];
  readonly findings: readonly Finding[];
}

/** A log entry the receipt relies on, with its audit path in the checkpoint's tree. */
export interface ReceiptLogEntry {
  readonly index: number;
  /** The exact leaf text (leafEntry). */
  readonly entry: string;
  /** base64 hashes. */
  readonly proof: readonly string[];
}

export interface ComplianceReceipt extends Omit<ReceiptContent, 'protocols' | 'facts'> {
  readonly format: typeof RECEIPT_FORMAT;
  /** Hex SHA-256 of the canonical JSON of the content (see `receiptDigest`). */
  readonly digest: string;
  /** Each with the leaf indices of the entries recording it (none: unlogged). */
  readonly protocols: readonly (ReceiptProtocol & { readonly entries: readonly number[] })[];
  readonly facts: readonly (ReceiptFactContent & { readonly entries: readonly number[] })[];
  readonly log: {
    readonly origin: string;
    /** The signed checkpoint note every proof is against. */
    readonly checkpoint: string;
    /** Leaf index of the `compliance.receipt-issued` entry holding the digest. */
    readonly issued: number;
    readonly entries: readonly ReceiptLogEntry[];
    /** The log's key history when its key was rotated (core/audit/tlog/rotation.ts). */
    readonly keys?: readonly KeyHistoryEntry[];
  };
}

/** JSON as it travels: undefined fields dropped, so the writer digests what the reader reads. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Hex SHA-256 over the canonical JSON of the content. */
export function receiptDigest(c: ReceiptContent): string {
  return sha256Hex(
    canonicalJson({
      asOf: c.asOf,
      knownAt: c.knownAt,
      person: c.person,
      protocols: c.protocols.map((p) => ({
        name: p.name,
        version: p.version,
        sha256: p.sha256,
        effectiveAt: p.effectiveAt,
        text: p.text,
      })),
      facts: c.facts.map((f) => ({ kind: f.kind, value: f.value })),
      findings: c.findings,
    }),
  );
}

export interface ReceiptOptions {
  readonly asOf: Instant;
  /** Facts recorded after it are left out (as known then, known.ts); defaults to `asOf`. */
  readonly knownAt?: Instant;
  /** Restrict to what matters for this person. */
  readonly person?: string;
}

/**
 * The facts of an evaluation input, restricted to what the evaluator needs for one person when
 * one is given: the devices they ever held (whole histories), themselves, their principal and
 * the devices' holders, the releases and intel of those devices' platforms, the lifecycle
 * facts naming them or those devices, and the pushes to the MDMs those devices report through.
 */
export function receiptFacts(evaluated: EvaluationInput, person?: string): ReceiptFactContent[] {
  // Only what was known at the knowledge instant is a fact the evaluation used; a fact corrected
  // by then travels as corrected (a retracted one not at all), so the receipt's facts are the
  // facts the evaluation read and verification needs no corrections.
  const input = knownInput(evaluated);
  const corrections = knownCorrections(evaluated.corrections, evaluated.knownAt);
  let devices =
    corrections === null
      ? input.devices
      : input.devices.map((h) => knownHistory(h, Number.POSITIVE_INFINITY, corrections, input.at));
  const knownAt = input.knownAt ?? Number.POSITIVE_INFINITY;
  // Everyone as they stood (each with their own protocol then), present yet or not: staff
  // inherit from a principal whatever the principal's since. Present at `at` through an earlier
  // assignment: their fact says so by its since.
  const everyone = input.inForce.everyone;
  const present = input.inForce.people;
  let people = [...everyone.values()]
    .filter((p) => p.createdAt <= knownAt)
    .map((p) => (present.has(p.id) && p.since > input.at ? { ...p, since: input.at } : p));
  let platforms: Set<string> | null = null;
  const lc = input.lifecycle;
  let lifecycle = lc;
  if (person !== undefined) {
    const me = everyone.get(person);
    if (me === undefined || me.createdAt > knownAt)
      throw new VigilError('PERSON_NOT_FOUND', `no person has the id ${person}`);
    devices = input.devices.filter((h) => h.custody.some((c) => c.holderId === person));
    const ids = new Set(devices.map((h) => h.device.id));
    const who = new Set([person]);
    if (me.principalId !== null) who.add(me.principalId);
    for (const h of devices) for (const c of h.custody) if (c.holderId !== null) who.add(c.holderId);
    people = people.filter((p) => who.has(p.id));
    platforms = new Set(devices.map((h) => h.device.platform));
    if (lc !== undefined)
      lifecycle = {
        refusals: lc.refusals.filter(
          (r) => r.personId === person || (r.deviceId !== null && ids.has(r.deviceId)),
        ),
        waivers: lc.waivers.filter((w) =>
          'deviceId' in w.scope ? ids.has(w.scope.deviceId) : who.has(w.scope.personId),
        ),
        incidents: lc.incidents.filter(
          (i) => i.personIds.includes(person) || i.deviceIds.some((d) => ids.has(d)),
        ),
        detections: lc.detections.filter(
          (d) => d.personId === person || (d.deviceId !== null && ids.has(d.deviceId)),
        ),
        acknowledgements: lc.acknowledgements.filter((a) => who.has(a.personId)),
      };
  }
  const facts: ReceiptFactContent[] = [];
  const add = <K extends FactKind>(kind: K, values: readonly FactValues[K][]) => {
    for (const value of values) facts.push({ kind, value: plain(value) });
  };
  add('person', people);
  for (const h of devices) {
    add('device', [h.device]);
    add('custody', h.custody);
    add('status', h.statuses);
    add('posture', h.posture);
    add('inspection', h.inspections);
  }
  // A swap is in both its devices' histories: listed once.
  const rotations = new Map(devices.flatMap((h) => h.rotations.map((r) => [r.id, r] as const)));
  add('rotation', [...rotations.values()]);
  add(
    'release',
    input.releases.filter((r) => platforms === null || platforms.has(r.platform)),
  );
  if (input.intel !== undefined && (input.intel.fixes.length > 0 || input.intel.kev.length > 0))
    add('intel', [
      {
        fixes: input.intel.fixes.filter((f) => platforms === null || platforms.has(f.platform)),
        kev: input.intel.kev,
      },
    ]);
  // The MDMs' tokens config.drift compared with (those pushed as known then): for one person,
  // those of the MDMs their devices report through and their devices' roles, the only ones a
  // drift check of theirs can read.
  const pushedBy = Math.min(input.at, knownAt);
  const sources = platforms === null ? null : new Set(devices.flatMap((h) => h.posture.map((p) => p.source)));
  const roles = platforms === null ? null : new Set(devices.map((h) => h.device.role));
  add(
    'push',
    (input.pushes ?? []).filter(
      (p) =>
        p.pushedAt <= pushedBy &&
        p.remoteToken !== null &&
        (sources === null || sources.has(p.source)) &&
        (roles === null || roles.has(p.role)),
    ),
  );
  if (lifecycle !== undefined) {
    add('refusal', lifecycle.refusals);
    add('waiver', lifecycle.waivers);
    add('incident', lifecycle.incidents);
    add('detection', lifecycle.detections);
    add('acknowledgement', lifecycle.acknowledgements);
  }
  return facts;
}

/** Compiles protocol versions (those in force at the instant), as the service does. */
export function compileVersions(versions: readonly ReceiptProtocol[]): Map<string, CompiledProtocol> {
  const byName = new Map(versions.map((v) => [v.name, v]));
  // Resolving `extends` asks for a parent once per child: parse each text once.
  const parsed = new Map<string, ProtocolDocument>();
  const lookup = (name: string): ProtocolDocument | undefined => {
    const v = byName.get(name);
    if (v === undefined) return undefined;
    const seen = parsed.get(name);
    if (seen !== undefined) return seen;
    const r = parseProtocolText(v.text, `${v.name}@${v.version}`);
    if (!r.ok) throw new VigilError('PROTOCOL_INVALID', `protocol ${v.name}@${v.version} does not parse`);
    parsed.set(name, r.document);
    return r.document;
  };
  const compiled = new Map<string, CompiledProtocol>();
  for (const name of byName.keys()) {
    try {
      const since = chainInForceSince(name, lookup, (n) => byName.get(n)?.effectiveAt);
      const c = compileProtocol(resolveProtocol(name, lookup));
      compiled.set(name, since === undefined ? c : { ...c, inForceSince: since });
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
    }
  }
  return compiled;
}

type MutableHistory = {
  -readonly [K in keyof DeviceHistory]: DeviceHistory[K] extends readonly (infer T)[]
    ? T[]
    : DeviceHistory[K];
};

/** The evaluator's input rebuilt from a receipt's facts. */
export function inputFromFacts(
  facts: readonly ReceiptFactContent[],
  protocols: readonly ReceiptProtocol[],
  at: Instant,
  knownAt?: Instant,
): EvaluationInput {
  const of = <K extends FactKind>(kind: K) =>
    facts.filter((f) => f.kind === kind).map((f) => f.value as FactValues[K]);
  const devices = new Map<string, MutableHistory>();
  for (const device of of('device'))
    devices.set(device.id, {
      device,
      custody: [],
      statuses: [],
      posture: [],
      inspections: [],
      rotations: [],
    });
  const push = <T>(id: string | null, pick: (h: MutableHistory) => T[], x: T) => {
    const h = id === null ? undefined : devices.get(id);
    if (h !== undefined) pick(h).push(x);
  };
  for (const c of of('custody')) push(c.deviceId, (h) => h.custody, c);
  for (const s of of('status')) push(s.deviceId, (h) => h.statuses, s);
  for (const p of of('posture')) push(p.deviceId, (h) => h.posture, p);
  for (const i of of('inspection')) push(i.deviceId, (h) => h.inspections, i);
  for (const r of of('rotation')) {
    push(r.oldDeviceId, (h) => h.rotations, r);
    if (r.newDeviceId !== r.oldDeviceId) push(r.newDeviceId, (h) => h.rotations, r);
  }
  const intel = of('intel')[0];
  const pushes = of('push');
  return {
    at,
    ...(knownAt === undefined ? {} : { knownAt }),
    devices: [...devices.values()],
    // Each person fact carries the protocol they stood under at `at`, theirs from their since.
    inForce: inForceAt({
      at,
      people: of('person'),
      assignments: of('person').map((p) => ({
        personId: p.id,
        protocol: p.protocol,
        at: p.since,
      })),
      protocols: compileVersions(protocols),
      ...(knownAt === undefined ? {} : { knownAt }),
    }),
    releases: of('release'),
    ...(intel === undefined ? {} : { intel: intel as unknown as NonNullable<EvaluationInput['intel']> }),
    lifecycle: {
      refusals: of('refusal'),
      waivers: of('waiver'),
      incidents: of('incident'),
      detections: of('detection'),
      acknowledgements: of('acknowledgement'),
    },
    ...(pushes.length === 0 ? {} : { pushes }),
  };
}

/** The findings a receipt states: the evaluation of its facts, about the person when it names one. */
export function receiptFindings(
  facts: readonly ReceiptFactContent[],
  protocols: readonly ReceiptProtocol[],
  at: Instant,
  knownAt: Instant | undefined,
  person: string | null,
): Finding[] {
  const result = evaluateFleet(inputFromFacts(facts, protocols, at, knownAt));
  return plain(person === null ? [...result.findings] : result.findings.filter((f) => f.personId === person));
}

/**
 * A receipt's content for an evaluation input and the protocol versions in force: the facts
 * (restricted to the person, if any) and the findings computed from exactly those facts as
 * they travel, so verification re-computes the same.
 */
export function receiptContent(
  input: EvaluationInput,
  protocols: readonly ReceiptProtocol[],
  opts: ReceiptOptions,
): ReceiptContent {
  const knownAt = opts.knownAt ?? opts.asOf;
  const facts = receiptFacts({ ...input, knownAt }, opts.person);
  const versions = protocols.map((p) => ({
    name: p.name,
    version: p.version,
    sha256: p.sha256,
    effectiveAt: p.effectiveAt,
    text: p.text,
  }));
  const person = opts.person ?? null;
  return {
    asOf: toIso(opts.asOf),
    knownAt: toIso(knownAt),
    person,
    protocols: versions,
    facts,
    findings: receiptFindings(facts, versions, opts.asOf, knownAt, person),
  };
}

// ---------------------------------------------------------------- verification

/** Stable codes of a failed verification, in the order the checks run (docs/errors.md). */
export type ReceiptFailure =
  | 'RECEIPT_MALFORMED'
  | 'RECEIPT_SIGNATURE_INVALID'
  | 'RECEIPT_PROOF_INVALID'
  | 'RECEIPT_DIGEST_MISMATCH'
  | 'RECEIPT_FACT_MISMATCH'
  | 'RECEIPT_FINDINGS_DIFFER';

export interface ReceiptWarning {
  readonly code: 'RECEIPT_FACT_UNLOGGED';
  readonly message: string;
}

export type ReceiptVerdict =
  | {
      readonly ok: true;
      readonly asOf: string;
      readonly person: string | null;
      readonly facts: number;
      readonly findings: number;
      /** The checkpoint's tree size. */
      readonly size: number;
      readonly warnings: readonly ReceiptWarning[];
    }
  | {
      readonly ok: false;
      readonly code: ReceiptFailure;
      readonly message: string;
      readonly warnings: readonly ReceiptWarning[];
    };

class Failure extends Error {
  readonly code: ReceiptFailure;
  constructor(code: ReceiptFailure, message: string) {
    super(message);
    this.code = code;
  }
}

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

function shapeOf(r: unknown): ComplianceReceipt {
  const bad = (what: string) => new Failure('RECEIPT_MALFORMED', `the receipt ${what}`);
  if (typeof r !== 'object' || r === null) throw bad('is not a JSON object');
  const x = r as Record<string, unknown>;
  if (x.format !== RECEIPT_FORMAT) throw bad(`is not a ${RECEIPT_FORMAT}`);
  for (const k of ['asOf', 'knownAt', 'digest'] as const)
    if (typeof x[k] !== 'string') throw bad(`has no ${k}`);
  if (parseInstant(x.asOf as string) === null) throw bad('has an unreadable asOf');
  if (x.person !== null && typeof x.person !== 'string') throw bad('names no person or null');
  for (const k of ['protocols', 'facts', 'findings'] as const)
    if (!Array.isArray(x[k])) throw bad(`has no ${k} list`);
  const log = x.log as Record<string, unknown> | undefined;
  if (
    typeof log !== 'object' ||
    log === null ||
    typeof log.checkpoint !== 'string' ||
    !Array.isArray(log.entries)
  )
    throw bad('has no log evidence');
  const kinds = new Set<string>(FACT_KIND_NAMES);
  for (const f of x.facts as unknown[]) {
    const fact = f as { kind?: unknown; entries?: unknown };
    if (typeof fact !== 'object' || fact === null || typeof fact.kind !== 'string' || !kinds.has(fact.kind))
      throw bad('has a fact of no known kind');
    if (!Array.isArray(fact.entries)) throw bad('has a fact without an entries list');
  }
  for (const p of x.protocols as unknown[]) {
    const v = p as Partial<ReceiptProtocol> & { entries?: unknown };
    if (typeof v?.text !== 'string' || typeof v.name !== 'string' || !Array.isArray(v.entries))
      throw bad('has a malformed protocol');
  }
  for (const e of log.entries as unknown[]) {
    const v = e as Partial<ReceiptLogEntry>;
    if (typeof v?.index !== 'number' || typeof v.entry !== 'string' || !Array.isArray(v.proof))
      throw bad('has a malformed log entry');
  }
  return r as ComplianceReceipt;
}

/**
 * Checks a receipt against the log's verifier key, in this order, and reports the first
 * difference: the checkpoint's signature; every entry's inclusion proof against its root; the
 * digest entry against the content; every fact against its entries; the findings against a
 * fresh evaluation of the facts. Facts without entries are reported as warnings.
 */
export function verifyReceipt(receipt: unknown, verifierKey: string): ReceiptVerdict {
  const warnings: ReceiptWarning[] = [];
  try {
    return { ...verify(shapeOf(receipt), verifierKey, warnings), warnings };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, code: e.code, message: e.message, warnings };
    return {
      ok: false,
      code: 'RECEIPT_MALFORMED',
      message: `the receipt cannot be read: ${why(e)}`,
      warnings,
    };
  }
}

/**
 * The checkpoint's body, signed by the given key, or, when the receipt carries the log's key
 * history and the key is in it, by the key of the history whose epoch covers the checkpoint.
 */
function openCheckpointNote(r: ComplianceReceipt, verifierKey: string): string {
  const keys = r.log.keys;
  if (keys?.some((k) => k.vkey === verifierKey)) {
    const signed = checkpointSigner(r.log.checkpoint, keyEpochs(keys, r.log.origin));
    if (!signed.ok) throw new Error(signed.message);
    return signed.body;
  }
  return openNote(r.log.checkpoint, [parseVerifierKey(verifierKey)]).body;
}

function verify(r: ComplianceReceipt, verifierKey: string, warnings: ReceiptWarning[]) {
  // -- the checkpoint
  let body: string;
  try {
    body = openCheckpointNote(r, verifierKey.trim());
  } catch (e) {
    throw new Failure(
      'RECEIPT_SIGNATURE_INVALID',
      `the checkpoint is not signed by the given key: ${why(e)}`,
    );
  }
  const cp = parseCheckpoint(body);

  // -- every entry is in the checkpoint's tree
  const entries = new Map<number, string>();
  // The upper nodes of the tree appear in most proofs: decode each spelling once.
  const decoded = new Map<string, Uint8Array>();
  const decode = (h: string) => {
    let bytes = decoded.get(h);
    if (bytes === undefined) {
      bytes = decodeBase64(h, 'proof');
      decoded.set(h, bytes);
    }
    return bytes;
  };
  for (const e of r.log.entries) {
    try {
      verifyInclusion(leafHash(utf8(e.entry)), e.index, cp.size, e.proof.map(decode), cp.root);
    } catch (err) {
      throw new Failure(
        'RECEIPT_PROOF_INVALID',
        `audit entry ${e.index} is not in the signed log of ${cp.size} entries: ${why(err)}`,
      );
    }
    entries.set(e.index, e.entry);
  }
  const entry = (i: number, what: string): string => {
    const text = entries.get(i);
    if (text === undefined)
      throw new Failure(
        'RECEIPT_PROOF_INVALID',
        `${what} names audit entry ${i}, which the receipt does not prove`,
      );
    return text;
  };

  // -- the digest recorded in the log covers exactly this content
  const content: ReceiptContent = {
    asOf: r.asOf,
    knownAt: r.knownAt,
    person: r.person,
    protocols: r.protocols.map(({ entries: _, ...p }) => p),
    facts: r.facts.map((f) => ({ kind: f.kind, value: f.value })),
    findings: r.findings,
  };
  const digest = receiptDigest(content);
  const issued = parseEntry(entry(r.log.issued, 'the receipt'));
  if (issued === null || issued.type !== RECEIPT_EVENT)
    throw new Failure(
      'RECEIPT_DIGEST_MISMATCH',
      `audit entry ${r.log.issued} is not a ${RECEIPT_EVENT} event`,
    );
  if (issued.payload.digest !== digest || r.digest !== digest)
    throw new Failure(
      'RECEIPT_DIGEST_MISMATCH',
      `the content hashes to ${digest}, but the log recorded ${String(issued.payload.digest)}: a fact, finding or parameter was changed, added or dropped`,
    );

  // -- each fact is what its audit entries recorded
  const asOf = parseInstant(r.asOf) as Instant;
  const check = (kind: FactKind, value: unknown, ids: readonly number[], what: string) => {
    if (ids.length === 0) {
      warnings.push({ code: 'RECEIPT_FACT_UNLOGGED', message: `${what} has no audit entry of its own` });
      return;
    }
    const parsed = ids.map((i) => parseEntry(entry(i, what)));
    const problem = factMismatch(kind, value, parsed, asOf);
    if (problem !== null) throw new Failure('RECEIPT_FACT_MISMATCH', `${what}: ${problem}`);
  };
  for (const p of r.protocols) {
    const what = `protocol ${p.name}@${p.version}`;
    if (sha256Hex(p.text) !== p.sha256)
      throw new Failure('RECEIPT_FACT_MISMATCH', `${what}: its text does not hash to its sha256`);
    check('protocol', p, p.entries, what);
  }
  for (const [i, f] of r.facts.entries())
    check(f.kind, f.value, f.entries, `fact ${i} (${f.kind} ${label(f.value)})`);

  // -- the findings follow from the facts
  const knownAt = parseInstant(r.knownAt);
  if (knownAt === null) throw new Failure('RECEIPT_MALFORMED', 'the receipt has an unreadable knownAt');
  const again = receiptFindings(content.facts, content.protocols, asOf, knownAt, r.person);
  const stated = r.findings.map((f) => canonicalJson(f)).sort();
  const computed = again.map((f) => canonicalJson(f)).sort();
  for (let i = 0; i < Math.max(stated.length, computed.length); i++) {
    if (stated[i] === computed[i]) continue;
    const describe = (s: string | undefined) => {
      if (s === undefined) return 'nothing';
      const f = JSON.parse(s) as Finding;
      return `${f.rule} on ${f.deviceId ?? f.personId ?? 'a facility'} (${f.status})`;
    };
    throw new Failure(
      'RECEIPT_FINDINGS_DIFFER',
      `re-evaluating the facts gives ${computed.length} finding(s), the receipt states ${stated.length}; first difference: the receipt has ${describe(stated[i])}, re-evaluation ${describe(computed[i])}`,
    );
  }
  return {
    ok: true as const,
    asOf: r.asOf,
    person: r.person,
    facts: r.facts.length,
    findings: r.findings.length,
    size: cp.size,
  };
}

function label(value: unknown): string {
  const v = value as Record<string, unknown>;
  const id = v.id ?? v.deviceId ?? v.personId ?? v.remoteId ?? v.version;
  return typeof id === 'string' ? id : '';
}
