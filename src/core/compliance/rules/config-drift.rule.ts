import { sha256Hex } from '../../audit/tlog/tree.ts';
import { type ExpectedItem, expectedApplied } from '../../enforcement/applied.ts';
import type { PushedTokens } from '../../enforcement/pushed.ts';
import type { Device, DeviceRole, Platform, PostureReport } from '../../model.ts';
import type { AppliedConfiguration, AppliedTarget } from '../../posture/fields.ts';

type AppliedItem = AppliedConfiguration['items'][number];

import type { CompiledProtocol } from '../../protocol/compiled.ts';
import { DAY, type Instant } from '../../time.ts';
import { isoDate } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';
import { runStart } from '../snapshot.ts';

/** How long a device may take to apply a new protocol version before it counts as drift. */
export const DRIFT_GRACE = DAY;

/**
 * Expected tokens, computed once per protocol version, role, target and platform (compiling is
 * far too dear to do per device; Intune's differ by platform). Keyed by the compiled protocol object, which an evaluation shares
 * across every device; a memo of a pure function, so the rule stays pure.
 */
const memo = new WeakMap<CompiledProtocol, Map<string, readonly ExpectedItem[]>>();

export function expectedTokens(
  protocol: CompiledProtocol,
  role: DeviceRole,
  target: AppliedTarget,
  platform: Platform,
): readonly ExpectedItem[] {
  let byKey = memo.get(protocol);
  if (byKey === undefined) {
    byKey = new Map();
    memo.set(protocol, byKey);
  }
  const key = `${role}/${target}/${platform}`;
  let items = byKey.get(key);
  if (items === undefined) {
    items = expectedApplied(protocol.document, role, target, platform, sha256Hex);
    byKey.set(key, items);
  }
  return items;
}

type Verdict = 'applied' | 'other' | 'failed' | 'unknown';

/**
 * How a report stands toward the expected items: applied (every one applied), other (one is
 * replaced by another token of the same item: the device runs another version), failed (one
 * could not be applied), unknown (one is missing or still pending).
 */
function verdict(a: AppliedConfiguration, expected: readonly ExpectedItem[]): Verdict {
  let out: Verdict = 'applied';
  for (const e of expected) {
    const hit = a.items.find((x) => x.token === e.token && x.id === e.id);
    if (hit?.state === 'applied') continue;
    if (hit?.state === 'failed') return 'failed';
    if (hit === undefined && a.items.some((x) => x.id === e.id && x.state === 'applied' && ours(a.target, x)))
      out = 'other';
    else if (out === 'applied') out = 'unknown';
  }
  return out;
}

/** An item Vigil compiled (by the names the compilers give them), not one of the office's own. */
function ours(target: AppliedTarget, x: AppliedItem): boolean {
  switch (target) {
    case 'apple-ddm':
      return x.id.startsWith('vigil.');
    case 'amapi':
      return x.token.startsWith('vigil-');
    case 'intune':
      return x.token.startsWith('Vigil ');
  }
}

/**
 * Since when the device is expected to have applied the version and has not: from the later of
 * the version coming into force and the device entering service; or, when the device applied it
 * after that and drifted since, from the first report of the drift.
 */
function driftSince(
  posture: readonly PostureReport[],
  at: Instant,
  expected: readonly ExpectedItem[],
  protocol: CompiledProtocol,
  inService: Instant | null,
  latest: PostureReport,
): Instant {
  const floor = Math.max(
    protocol.inForceSince ?? Number.NEGATIVE_INFINITY,
    inService ?? Number.NEGATIVE_INFINITY,
  );
  let matched = Number.NEGATIVE_INFINITY;
  for (const r of posture)
    if (
      r.observedAt <= at &&
      r.applied !== null &&
      r.observedAt > matched &&
      verdict(r.applied, expected) === 'applied'
    )
      matched = r.observedAt;
  if (matched >= floor || floor === Number.NEGATIVE_INFINITY) {
    const test = (r: PostureReport) =>
      r.applied === null ? -1 : verdict(r.applied, expected) === 'applied' ? 0 : 1;
    return runStart(posture, at, test) ?? latest.observedAt;
  }
  return floor;
}

/**
 * The items a device reporting `applied` through `source` must echo: those compiled for its role
 * and platform, with the tokens a DDM server recorded when this version was pushed to it (a server may replace
 * the ServerTokens compiled, and devices echo its own).
 */
function expectedFor(
  protocol: CompiledProtocol,
  role: DeviceRole,
  platform: Platform,
  applied: AppliedConfiguration,
  source: string,
  pushed: PushedTokens,
): readonly ExpectedItem[] {
  const compiled = expectedTokens(protocol, role, applied.target, platform);
  return applied.target === 'apple-ddm'
    ? pushed.substitute(compiled, source, protocol.name, protocol.version, role)
    : compiled;
}

/**
 * Whether this applied configuration, reported through `source`, can drift for a device of
 * `role` and `platform` under `protocol`, whatever the device's history: false when the MDM holds nothing Vigil
 * compiled (Vigil does not configure the device through it), the protocol compiles nothing for
 * the target, or the expected configuration is applied. The columnar pass (columnar.ts) asks once
 * per distinct configuration and source.
 */
export function driftPossible(
  protocol: CompiledProtocol,
  role: DeviceRole,
  platform: Platform,
  applied: AppliedConfiguration,
  source: string,
  pushed: PushedTokens,
): boolean {
  return driftOf(protocol, role, platform, applied, source, pushed) !== null;
}

/** `driftPossible`, with the expected items and the verdict when it can drift. */
function driftOf(
  protocol: CompiledProtocol,
  role: DeviceRole,
  platform: Platform,
  applied: AppliedConfiguration,
  source: string,
  pushed: PushedTokens,
): { expected: readonly ExpectedItem[]; v: Verdict } | null {
  if (!applied.items.some((x) => ours(applied.target, x))) return null;
  const expected = expectedFor(protocol, role, platform, applied, source, pushed);
  if (expected.length === 0) return null;
  const v = verdict(applied, expected);
  return v === 'applied' ? null : { expected, v };
}

/**
 * The drift as of `at` of `device` governed by `protocol`, whose latest report stating the applied
 * configuration is `report`, whatever the grace: null when it applied the version or is not checked.
 */
function drift(
  at: Instant,
  device: Device,
  protocol: CompiledProtocol,
  report: PostureReport | null,
  posture: readonly PostureReport[],
  inServiceSince: Instant | null,
  pushed: PushedTokens,
) {
  const applied = report?.applied ?? null;
  if (report === null || applied === null) return null;
  const { role, platform } = device;
  const possible = driftOf(protocol, role, platform, applied, report.source, pushed);
  if (possible === null) return null;
  const { expected, v } = possible;
  const since = driftSince(posture, at, expected, protocol, inServiceSince, report);
  return { protocol, report, applied, expected, v, since };
}

/** The finding once the grace has passed (the arguments as `drift`'s). */
function drifted<T>(
  make: FindingMaker<T>,
  at: Instant,
  device: Device,
  protocol: CompiledProtocol,
  report: PostureReport | null,
  posture: readonly PostureReport[],
  inServiceSince: Instant | null,
  pushed: PushedTokens,
): T | null {
  const d = drift(at, device, protocol, report, posture, inServiceSince, pushed);
  if (d === null) return null;
  const { report: latest, applied, expected, v, since } = d;
  if (at - since < DRIFT_GRACE) return null;
  const due: Instant = since + DRIFT_GRACE;
  const outcome = v === 'unknown' ? 'unverified' : 'fail';
  if (!make.describes) return make.decide(outcome, undefined, due);
  const reported = applied.items.filter(
    (x) => expected.some((e) => e.id === x.id) && ours(applied.target, x),
  );
  const what =
    v === 'other'
      ? 'runs another configuration than'
      : v === 'failed'
        ? 'failed to apply'
        : 'has not reported applying';
  return make.make(
    outcome,
    undefined,
    due,
    `${applied.target} ${what} protocol ${protocol.name} ${protocol.version} (${device.role}), as of ${isoDate(latest.observedAt)}`,
    {
      protocol: protocol.name,
      version: protocol.version,
      role: device.role,
      target: applied.target,
      verdict: v,
      expected,
      reported,
      compliance: applied.compliance,
      reportId: latest.id,
      source: latest.source,
      observedAt: latest.observedAt,
      driftSince: since,
    },
    v === 'failed'
      ? 'See why the MDM could not apply it (its status report names the error), fix it, and push again.'
      : `Push protocol ${protocol.name} ${protocol.version} to the device's MDM (vigil mdm push) and have the device check in.`,
  );
}

/** `config.drift`: the device does not run what its protocol version compiles to. */
export const configDrift: Rule = {
  id: 'config.drift',
  title: 'Configuration drift',
  description:
    "When the device's MDM reports which configuration it applied (Apple DDM declaration status, the Android " +
    "policy applied, Intune's policy states), the tokens it echoes must be those compiled from the protocol " +
    'version in force for the role: every DDM configuration `ServerToken` active and valid (the token the DDM ' +
    'server recorded when that version was pushed, where it replaced the compiled one), the Android policy ' +
    'id, the Intune display names of the objects for its platform (iOS or Android). A device that runs another version, failed to apply it, or has not applied ' +
    `it ${DRIFT_GRACE / DAY} day after the version came into force (or it entered service) drifts. The expected ` +
    'and reported tokens are the evidence. A device whose MDM reports nothing Vigil compiled is not checked.',
  defaultSeverity: 'high',
  changesAt(ctx) {
    const protocol = ctx.protocol;
    if (protocol === null || ctx.requirements === null) return Number.POSITIVE_INFINITY;
    const snap = ctx.snapshot;
    const d = drift(
      ctx.at,
      ctx.device,
      protocol,
      snap.posture.applied,
      snap.history.posture,
      snap.inServiceSince,
      ctx.pushed,
    );
    if (d === null) return Number.POSITIVE_INFINITY;
    const due = d.since + DRIFT_GRACE;
    return ctx.at < due ? due : Number.POSITIVE_INFINITY;
  },
  evaluate(ctx) {
    const protocol = ctx.protocol;
    if (protocol === null || ctx.requirements === null) return null;
    const snap = ctx.snapshot;
    return drifted(
      DRAFTS,
      ctx.at,
      ctx.device,
      protocol,
      snap.posture.applied,
      snap.history.posture,
      snap.inServiceSince,
      ctx.pushed,
    );
  },
  columnar(row) {
    return drifted(
      row.findings,
      row.at,
      row.device,
      row.protocol,
      row.posture.applied,
      row.postureReports,
      row.inServiceSince,
      row.pushed,
    );
  },
};
