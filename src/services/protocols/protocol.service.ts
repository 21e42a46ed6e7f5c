/**
 * Protocols as code: stored as the exact text submitted, versioned, never changed. Which
 * version governs at an instant is the latest whose `effectiveAt` is at or before it, so a
 * past day is evaluated under the protocol that was in force that day. Asked what was known at
 * K, only versions recorded by K count (a version recorded later, even if effective earlier,
 * was not known then). A protocol that asks for it (`changes.approval: two-person`) makes a new
 * version proposed: in force only once another person approves it, from the later of both
 * effective instants, known from the approval's recording (core/compliance/in-force.ts
 * `inForceFrom`; docs/adr/0032-protocol-changes-two-person.md).
 */

import { createHash } from 'node:crypto';
import { inForceFrom, versionsInForceAt } from '../../core/compliance/in-force.ts';
import {
  type Artifact,
  compiledRoles,
  compileEnforcement,
  coverageByRole,
  type EnforcementTarget,
  explainCoverage,
  type RoleCoverage,
  type TargetRelease,
} from '../../core/enforcement/index.ts';
import { VigilError } from '../../core/errors.ts';
import { DEVICE_ROLES, type DeviceRole, type OsRelease } from '../../core/model.ts';
import type { CompiledProtocol } from '../../core/protocol/compiled.ts';
import {
  chainInForceSince,
  compareProtocols,
  compileProtocol,
  type ProtocolDifference,
  type ProtocolProblem,
  parseProtocolText,
  protocolChain,
  protocolProblemsError,
  resolveProtocol,
} from '../../core/protocol/index.ts';
import { noProtocolNamed } from '../../core/protocol/names.ts';
import type { ProtocolDocument } from '../../core/protocol/protocol.schema.ts';
import { type Instant, toIso } from '../../core/time.ts';
import type { CommandContext, Tx } from '../kernel/command-service.ts';
import { effectiveInstant, instantOr } from '../kernel/instant.ts';
import type { Clock, UnitOfWork } from '../kernel/ports.ts';
import type { AtInput, ReasonInput } from '../kernel/schemas.ts';
import { personOfActor } from '../waivers/waiver.service.ts';
import type { ProtocolDecision, ProtocolVersion } from './ports.ts';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// Parsing is pure and versions never change, so a parsed document is cached by its hash.
const parsed = new Map<string, ProtocolDocument>();

function documentOf(v: ProtocolVersion): ProtocolDocument {
  let doc = parsed.get(v.sha256);
  if (doc === undefined) {
    const result = parseProtocolText(v.text, `${v.name}@${v.version}`);
    if (!result.ok)
      throw new VigilError('PROTOCOL_INVALID', `stored protocol ${v.name}@${v.version} no longer parses`);
    doc = result.document;
    parsed.set(v.sha256, doc);
  }
  return doc;
}

/** The version of each protocol in force at `at`, among those recorded by `knownAt` (all by default). */
export function versionsInForce(
  versions: readonly ProtocolVersion[],
  at: Instant,
  knownAt: Instant = Number.POSITIVE_INFINITY,
): Map<string, ProtocolVersion> {
  return versionsInForceAt(versions, at, knownAt);
}

/** A version awaiting a second person's decision. */
export const isProposed = (v: ProtocolVersion): boolean => v.approval === 'two-person' && v.decision == null;

/** Who decides on a proposed version: the audit identity and the person behind the credential. */
export interface Decider {
  readonly actor: string;
  /** Approving needs one (PERSON_REQUIRED), never the proposer's (PROTOCOL_SAME_PERSON). */
  readonly personId: string | null;
}

/**
 * Resolves and compiles every protocol in force at `at` as known at `knownAt` (all recorded
 * versions by default); a protocol that cannot resolve then is left out.
 */
export function compileInForce(
  versions: readonly ProtocolVersion[],
  at: Instant,
  knownAt: Instant = Number.POSITIVE_INFINITY,
): Map<string, CompiledProtocol> {
  const inForce = versionsInForce(versions, at, knownAt);
  const lookup = (name: string) => {
    const v = inForce.get(name);
    return v === undefined ? undefined : documentOf(v);
  };
  const compiled = new Map<string, CompiledProtocol>();
  for (const name of inForce.keys()) {
    try {
      const since = chainInForceSince(name, lookup, (n) => inForce.get(n)?.effectiveAt);
      const c = compileProtocol(resolveProtocol(name, lookup));
      compiled.set(name, since === undefined ? c : { ...c, inForceSince: since });
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
    }
  }
  return compiled;
}

export interface ProtocolSummary {
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly extends: string | null;
  readonly effectiveAt: string;
  readonly versions: number;
}

export class ProtocolService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;

  constructor(deps: { uow: UnitOfWork; clock: Clock }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
  }

  /**
   * Checks a protocol text without storing it: syntax, schema, its `extends` chain against the
   * stored protocols, and citations. Returns every problem found.
   */
  validate(
    text: string,
    file: string,
  ): Promise<{ document: ProtocolDocument | null; problems: ProtocolProblem[] }> {
    return this.#uow.run(async (tx) => validateInTx(tx, text, file, this.#clock.now()));
  }

  /** Versions awaiting a second person's decision, oldest first, each with its proposer's person. */
  proposals(): Promise<{ version: ProtocolVersion; proposerPersonId: string | null }[]> {
    return this.#uow.run(async (tx) => {
      const out: { version: ProtocolVersion; proposerPersonId: string | null }[] = [];
      for (const version of (await tx.protocols.listVersions()).filter(isProposed)) {
        out.push({ version, proposerPersonId: await personOfActor(tx, version.recordedBy) });
      }
      return out;
    });
  }

  /**
   * Approves a proposed version as a person other than its proposer: it governs from the later
   * of its `effectiveAt` and the approval's `at` (now by default; a past instant back-dates it,
   * as every recorded fact may be, and is known from now).
   */
  approve(name: string, version: string, decider: Decider, input: AtInput = {}): Promise<ProtocolVersion> {
    if (decider.personId === null) {
      throw new VigilError(
        'PERSON_REQUIRED',
        'approving a protocol version is a two-person action: this credential is linked to no person',
      );
    }
    const approver = decider.personId;
    return this.#decide(name, version, decider, input.at, null, async (tx, v) => {
      const proposer = await personOfActor(tx, v.recordedBy);
      if (proposer === approver) {
        throw new VigilError(
          'PROTOCOL_SAME_PERSON',
          `${name} ${version} was proposed by this person; another person approves it`,
        );
      }
      return proposer;
    });
  }

  /** Rejects a proposed version (its proposer may withdraw it): it never governs. */
  reject(name: string, version: string, decider: Decider, input: ReasonInput): Promise<ProtocolVersion> {
    return this.#decide(name, version, decider, input.at, input.reason, async () => null);
  }

  #decide(
    name: string,
    version: string,
    decider: Decider,
    atText: string | undefined,
    reason: string | null,
    check: (tx: Tx<'tokens' | 'users'>, v: ProtocolVersion) => Promise<string | null>,
  ): Promise<ProtocolVersion> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const v = (await tx.protocols.listVersions()).find((x) => x.name === name && x.version === version);
      if (v === undefined)
        throw new VigilError(
          'PROTOCOL_NOT_FOUND',
          `no version ${version} of a protocol named ${name} is stored`,
        );
      if (!isProposed(v)) {
        throw new VigilError(
          'PROTOCOL_VERSION_NOT_PROPOSED',
          v.approval === 'two-person'
            ? `${name} ${version} was already ${v.decision?.approved === true ? 'approved' : 'rejected'}; a decision is final`
            : `${name} ${version} needed no second person: it governs from its effectiveAt`,
        );
      }
      const proposerPersonId = await check(tx, v);
      const at = effectiveInstant(atText === undefined ? undefined : instantOr(atText, now), now);
      const decision: ProtocolDecision = {
        name,
        version,
        approved: reason === null,
        decidedBy: decider.actor,
        personId: decider.personId,
        reason,
        effectiveAt: at,
        recordedAt: now,
      };
      await tx.protocols.decide(decision);
      const decided: ProtocolVersion = { ...v, decision };
      const base = { at: now, actor: decider.actor, subject: `protocol:${name}` };
      const when = { at: toIso(at), recordedAt: toIso(now) };
      if (reason === null) {
        await tx.audit.append({
          ...base,
          type: 'protocol.version-approved',
          payload: {
            name,
            version,
            sha256: v.sha256,
            approverPersonId: decider.personId ?? '',
            proposerPersonId,
            inForceFrom: toIso(inForceFrom(decided) ?? at),
            ...when,
          },
        });
      } else {
        await tx.audit.append({
          ...base,
          type: 'protocol.version-rejected',
          payload: { name, version, sha256: v.sha256, reason, personId: decider.personId, ...when },
        });
      }
      return decided;
    });
  }

  put(input: { text: string; effectiveAt?: string | undefined }, actor: string): Promise<ProtocolVersion> {
    const now = this.#clock.now();
    return this.#uow.run((tx) =>
      putProtocolInTx(tx, input.text, 'request body', instantOr(input.effectiveAt, now), { actor, now }),
    );
  }

  list(): Promise<ProtocolSummary[]> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const versions = await tx.protocols.listVersions();
      const inForce = versionsInForce(versions, now);
      return [...inForce.values()]
        .map((v) => {
          const doc = documentOf(v);
          return {
            name: v.name,
            title: doc.metadata.title,
            version: v.version,
            extends: doc.metadata.extends ?? null,
            effectiveAt: toIso(v.effectiveAt),
            versions: versions.filter((x) => x.name === v.name).length,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /** The protocol in force now, resolved (its `extends` merged), with its stored text and history. */
  show(name: string): Promise<{
    resolved: ProtocolDocument;
    version: ProtocolVersion;
    text: string;
    history: ProtocolVersion[];
    /** Per role, how far each MDM target holds each setting the protocol states. */
    coverage: RoleCoverage[];
  }> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const versions = await tx.protocols.listVersions();
      const { resolved, version } = resolveInForce(versions, name, now);
      return {
        resolved,
        version,
        text: version.text,
        history: versions.filter((v) => v.name === name),
        coverage: coverageByRole(resolved, DEVICE_ROLES),
      };
    });
  }

  compare(
    a: string,
    b: string,
  ): Promise<{ a: ProtocolDocument; b: ProtocolDocument; differences: ProtocolDifference[] }> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const versions = await tx.protocols.listVersions();
      const ra = resolveInForce(versions, a, now).resolved;
      const rb = resolveInForce(versions, b, now).resolved;
      return { a: ra, b: rb, differences: compareProtocols(ra, rb) };
    });
  }

  /**
   * Compiles the version in force now of a protocol for a target, for one role or every role
   * it states, and records each artifact's SHA-256 (`protocol.compiled`). DDM's enforced update
   * targets the highest iOS release recorded, if any.
   */
  compileFor(
    name: string,
    input: { target: EnforcementTarget; role?: DeviceRole | undefined; profileUrl?: string | undefined },
    actor: string,
  ): Promise<CompiledEnforcement> {
    const now = this.#clock.now();
    return this.#uow.run(async (tx) => {
      const versions = await tx.protocols.listVersions();
      const { resolved, version } = resolveInForce(versions, name, now);
      const latestIos = newestIos(await tx.releases.list());
      const compiled = compileDocument(resolved, version.version, { ...input, latestIos });
      // What the MDM is given is recorded, so a device's echoed tokens can be traced to a version.
      const emitsUpdate = compiled.artifacts.some((a) =>
        a.content.includes('"com.apple.configuration.softwareupdate.enforcement.specific"'),
      );
      await tx.audit.append({
        type: 'protocol.compiled',
        at: now,
        actor,
        subject: `protocol:${version.name}`,
        payload: {
          name: version.name,
          version: version.version,
          sha256: version.sha256,
          target: input.target,
          latestIos: emitsUpdate ? (latestIos?.version ?? null) : null,
          artifacts: compiled.artifacts.map((a) => ({ role: a.role, file: a.file, sha256: a.sha256 })),
        },
      });
      return compiled;
    });
  }

  /** Stores the shipped baselines that are not stored yet (same name and version = already there). */
  syncBaselines(
    files: readonly { file: string; text: string }[],
    effectiveAt: Instant,
    actor: string,
  ): Promise<string[]> {
    const now = this.#clock.now();
    const attempt = () =>
      this.#uow.run(async (tx) => storeBaselinesInTx(tx, files, effectiveAt, { actor, now }));
    // Several processes starting together may race to store the same baseline; the loser's
    // transaction fails on the unique version, and a second attempt finds it stored.
    return attempt().catch((err: unknown) => {
      if (err instanceof VigilError && err.code === 'PROTOCOL_VERSION_EXISTS') return attempt();
      throw err;
    });
  }
}

export interface CompiledEnforcement {
  readonly protocol: string;
  readonly version: string;
  readonly target: EnforcementTarget;
  readonly artifacts: Artifact[];
  /** Per role, setting and column of the target (`intune` and `intune-android` for Intune). */
  readonly coverage: { role: DeviceRole; setting: string; column: string; level: string; how: string }[];
}

/** Compiles a resolved protocol document (also used offline, for files and the shipped baselines). */
export function compileDocument(
  resolved: ProtocolDocument,
  version: string,
  input: {
    target: EnforcementTarget;
    role?: DeviceRole | undefined;
    profileUrl?: string | undefined;
    latestIos?: TargetRelease | null;
  },
): CompiledEnforcement {
  const roles = input.role === undefined ? compiledRoles(resolved, DEVICE_ROLES) : [input.role];
  const options = {
    sha256,
    latestIos: input.latestIos ?? null,
    ...(input.profileUrl === undefined ? {} : { profileUrl: input.profileUrl }),
  };
  return {
    protocol: resolved.metadata.name,
    version,
    target: input.target,
    artifacts: roles.flatMap((role) => compileEnforcement(resolved, role, input.target, options)),
    coverage: roles.flatMap((role) =>
      explainCoverage(resolved, role, input.target).map(({ setting, column, cell }) => ({
        role,
        setting,
        column,
        ...cell,
      })),
    ),
  };
}

const versionParts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0);

function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    const d = (x[k] ?? 0) - (y[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The highest iOS version recorded (a point release of an older major can come out later). */
export function newestIos(releases: readonly OsRelease[]): TargetRelease | null {
  let best: OsRelease | null = null;
  for (const r of releases) {
    if (r.platform !== 'ios') continue;
    const d = best === null ? 1 : compareVersions(r.version, best.version);
    if (best === null || d > 0 || (d === 0 && r.releasedAt < best.releasedAt)) best = r;
  }
  return best === null ? null : { version: best.version, build: best.build, releasedAt: best.releasedAt };
}

function resolveInForce(versions: readonly ProtocolVersion[], name: string, at: Instant) {
  const inForce = versionsInForce(versions, at);
  const version = inForce.get(name);
  if (version === undefined)
    throw new VigilError('PROTOCOL_NOT_FOUND', noProtocolNamed(name, inForce.keys()));
  const resolved = resolveProtocol(name, (n) => {
    const v = inForce.get(n);
    return v === undefined ? undefined : documentOf(v);
  });
  return { resolved, version };
}

async function validateInTx(
  tx: Tx<'protocols'>,
  text: string,
  file: string,
  now: Instant,
  pending: ReadonlyMap<string, ProtocolDocument> = new Map(),
): Promise<{
  document: ProtocolDocument | null;
  problems: ProtocolProblem[];
  /** Whether a second person must approve it (only computed when valid). */
  twoPerson?: boolean;
}> {
  const result = parseProtocolText(text, file);
  if (!result.ok) return { document: null, problems: result.problems };
  const doc = result.document;
  const inForce = versionsInForce(await tx.protocols.listVersions(), now);
  const lookup = (n: string) => {
    if (n === doc.metadata.name) return doc;
    const p = pending.get(n);
    if (p !== undefined) return p;
    const v = inForce.get(n);
    return v === undefined ? undefined : documentOf(v);
  };
  try {
    const resolved = resolveProtocol(doc.metadata.name, lookup);
    return {
      document: doc,
      problems: [],
      twoPerson: asksForTwoPersons(resolved, doc.metadata.name, inForce),
    };
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    const details = err.details ?? [];
    const problems: ProtocolProblem[] =
      details.length > 0
        ? details.map((d) => ({ file, path: d.path, line: null, column: null, message: d.message }))
        : [{ file, path: 'metadata.extends', line: null, column: null, message: err.message }];
    return { document: doc, problems };
  }
}

/**
 * Whether changing protocol `name` needs a second person: the new version asks for it, or the
 * version in force does, or a protocol in force that extends it (a parent's change is theirs too).
 */
function asksForTwoPersons(
  proposed: ProtocolDocument,
  name: string,
  inForce: ReadonlyMap<string, ProtocolVersion>,
): boolean {
  if (proposed.changes?.approval === 'two-person') return true;
  const lookup = (n: string) => {
    const v = inForce.get(n);
    return v === undefined ? undefined : documentOf(v);
  };
  for (const n of inForce.keys()) {
    try {
      if (!protocolChain(n, lookup).some((d) => d.metadata.name === name)) continue;
      if (resolveProtocol(n, lookup).changes?.approval === 'two-person') return true;
    } catch (err) {
      // A protocol that cannot resolve now governs nothing, so it asks for nothing.
      if (!(err instanceof VigilError)) throw err;
    }
  }
  return false;
}

export async function putProtocolInTx(
  tx: Tx<'audit' | 'protocols' | 'tokens' | 'users'>,
  text: string,
  file: string,
  effectiveAt: Instant,
  ctx: CommandContext,
  pending: ReadonlyMap<string, ProtocolDocument> = new Map(),
): Promise<ProtocolVersion> {
  const { document, problems, twoPerson } = await validateInTx(
    tx,
    text,
    file,
    Math.max(effectiveAt, ctx.now),
    pending,
  );
  if (document === null || problems.length > 0) throw protocolProblemsError(problems);
  const hash = sha256(text);
  const existing = (await tx.protocols.listVersions()).find(
    (v) => v.name === document.metadata.name && v.version === document.metadata.version,
  );
  if (existing !== undefined) {
    if (existing.sha256 === hash) return existing;
    throw new VigilError(
      'PROTOCOL_VERSION_EXISTS',
      `${document.metadata.name} version ${document.metadata.version} is already stored with other content; raise metadata.version`,
      [{ path: 'metadata.version', message: 'expected a version not stored yet' }],
    );
  }
  const version: ProtocolVersion = {
    name: document.metadata.name,
    version: document.metadata.version,
    text,
    sha256: hash,
    effectiveAt,
    recordedAt: ctx.now,
    recordedBy: ctx.actor,
    ...(twoPerson === true ? { approval: 'two-person' as const, decision: null } : {}),
  };
  await tx.protocols.append(version);
  const base = { at: ctx.now, actor: ctx.actor, subject: `protocol:${version.name}` };
  const payload = {
    name: version.name,
    version: version.version,
    sha256: hash,
    effectiveAt: toIso(effectiveAt),
  };
  if (twoPerson === true) {
    await tx.audit.append({
      ...base,
      type: 'protocol.version-proposed',
      payload: { ...payload, proposerPersonId: await personOfActor(tx, ctx.actor) },
    });
  } else {
    await tx.audit.append({ ...base, type: 'protocol.version-added', payload });
  }
  return version;
}

/** Stores baselines in dependency order (a protocol after the one it extends). */
export async function storeBaselinesInTx(
  tx: Tx<'audit' | 'protocols' | 'tokens' | 'users'>,
  files: readonly { file: string; text: string }[],
  effectiveAt: Instant,
  ctx: CommandContext,
): Promise<string[]> {
  const docs = new Map<string, { file: string; text: string; doc: ProtocolDocument }>();
  for (const f of files) {
    const r = parseProtocolText(f.text, f.file);
    if (!r.ok) throw protocolProblemsError(r.problems);
    docs.set(r.document.metadata.name, { ...f, doc: r.document });
  }
  const stored: string[] = [];
  const done = new Set<string>();
  const pending = new Map([...docs].map(([k, v]) => [k, v.doc]));
  const visit = async (name: string): Promise<void> => {
    const entry = docs.get(name);
    if (entry === undefined || done.has(name)) return;
    done.add(name);
    const parent = entry.doc.metadata.extends;
    if (parent != null) await visit(parent);
    const v = await putProtocolInTx(tx, entry.text, entry.file, effectiveAt, ctx, pending);
    if (v.recordedAt === ctx.now) stored.push(name);
  };
  for (const name of [...docs.keys()].sort()) await visit(name);
  return stored;
}
