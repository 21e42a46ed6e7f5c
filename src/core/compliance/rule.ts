/**
 * A compliance rule is a module that declares its own id, documentation and evaluation
 * (no central switch over rule ids: adding a rule touches only its module and one registry
 * line). The registry just lists the modules.
 * Rules are pure: they read the snapshot of one device as of one instant and return
 * findings as data, never throw for a violation.
 */

import type { PushedTokens } from '../enforcement/pushed.ts';
import type {
  Detection,
  Device,
  Finding,
  FindingOutcome,
  IncidentFact,
  Inspection,
  Person,
  PostureReport,
  Refusal,
  Severity,
  Waiver,
} from '../model.ts';
import type { CompiledProtocol, CompiledRole } from '../protocol/compiled.ts';
import type { Instant } from '../time.ts';
import type { OsCatalog } from './os-catalog.ts';
import type { DeviceSnapshot, LatestReports } from './snapshot.ts';

export interface RuleContext {
  /** The instant evaluated: every fact used is at or before it. */
  readonly at: Instant;
  readonly device: Device;
  readonly snapshot: DeviceSnapshot;
  /** The person holding the device at `at`, if any. */
  readonly holder: Person | null;
  /** The protocol governing the device at `at`, and the requirements for its role. */
  readonly protocol: CompiledProtocol | null;
  readonly requirements: CompiledRole | null;
  readonly catalog: OsCatalog;
  /** Lifecycle facts about this device (and, for refusals and waivers, its holder), at or before `at`. */
  readonly lifecycle: DeviceLifecycle;
  /** The tokens the MDMs hold for what was pushed at or before `at` (`config.drift` reads them). */
  readonly pushed: PushedTokens;
}

/** The lifecycle facts one device's rules may read; empty arrays when there are none. */
export interface DeviceLifecycle {
  /** Refusals concerning this device, or its holder with no device named. */
  readonly refusals: readonly Refusal[];
  /** Waivers scoped to this device or to its holder (approved or not; rules check the window). */
  readonly waivers: readonly Waiver[];
  /** Incidents naming this device. */
  readonly incidents: readonly IncidentFact[];
  /** Detections of this device in a facility. */
  readonly detections: readonly Detection[];
}

/**
 * One device's row in the columnar full pass (columnar.ts), as of `at`: what a rule's `columnar`
 * body reads instead of a snapshot. Only for a device in service, governed by `protocol` with
 * requirements for its role, with no lifecycle facts, its facts as recorded (no `knownAt`, no
 * corrections): any other device takes the snapshot path.
 */
export interface RuleRow {
  readonly at: Instant;
  readonly device: Device;
  readonly protocol: CompiledProtocol;
  readonly requirements: CompiledRole;
  readonly catalog: OsCatalog;
  /** As the snapshot's (`DeviceSnapshot`). */
  readonly inServiceSince: Instant | null;
  readonly latestPostureAt: Instant | null;
  readonly lastInspection: Inspection | null;
  /** Every inspection recorded (later ones too: compare with `at`). */
  readonly inspections: readonly Inspection[];
  /** The latest report stating the OS version (iOS) or the security patch level (Android). */
  readonly osReport: PostureReport | null;
  /** Every posture report recorded (later ones too: compare with `at`), for run starts. */
  readonly postureReports: readonly PostureReport[];
  /** Per posture field, the latest report stating it as of `at` (the snapshot's `posture`). */
  readonly posture: LatestReports;
  readonly pushed: PushedTokens;
  /**
   * Builds the finding of the rule being run on this row (device, holder, protocol and severity
   * filled in as the evaluator's `toFinding` fills them), in one allocation: no draft.
   */
  readonly findings: FindingMaker<Finding>;
}

/**
 * What a rule's body builds when it finds something, given the draft's fields: a draft for
 * `evaluate` (`DRAFTS`), the finding itself for `columnar` (`RuleRow.findings`). A body written
 * over a maker serves both, and the columnar pass allocates one object per finding, not two
 * (at a million devices the findings and the collector's copying of them are most of the pass).
 *
 * The columnar pass first only decides: while `describes` is false a body returns
 * `decide(outcome, severity, since)` (all the sort and the summaries need) before building its
 * message and evidence, and is run again over the same row, describing, when the finding is read
 * (the decision's fields kept, the description's texts and evidence filled in).
 */
export interface FindingMaker<T> {
  /** False: return `decide`'s value, not `make`'s (the texts and evidence are built later). */
  readonly describes: boolean;
  decide(
    outcome: FindingOutcome,
    /** Overrides the rule's default severity (`FindingDraft.severity`); undefined: the default. */
    severity: Severity | undefined,
    since: Instant,
  ): T;
  make(
    outcome: FindingOutcome,
    /** Overrides the rule's default severity (`FindingDraft.severity`); undefined: the default. */
    severity: Severity | undefined,
    since: Instant,
    message: string,
    evidence: Readonly<Record<string, unknown>>,
    remedy: string,
  ): T;
}

/** Drafts, as `evaluate` returns them (no `severity` key when the default applies). */
export const DRAFTS: FindingMaker<FindingDraft> = {
  describes: true,
  decide() {
    throw new Error('drafts are always described');
  },
  make(outcome, severity, since, message, evidence, remedy) {
    return severity === undefined
      ? { outcome, since, message, evidence, remedy }
      : { outcome, severity, since, message, evidence, remedy };
  },
};

/** What a rule returns; the evaluator adds device, person, protocol, status and severity. */
export interface FindingDraft {
  readonly outcome: FindingOutcome;
  readonly since: Instant;
  readonly message: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly remedy: string;
  /** Overrides the rule's default severity for this finding (e.g. unverified is lower). */
  readonly severity?: Severity;
}

export interface Rule {
  /**
   * Stable id, e.g. `sensor.camera`: a fixed contract, since protocols override severities by it,
   * waivers and refusals name it, and exports and the audit log keep it.
   */
  readonly id: string;
  readonly title: string;
  /** What the rule checks and why, for docs and the dashboard. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  evaluate(ctx: RuleContext): FindingDraft | readonly FindingDraft[] | null;
  /**
   * The finding `evaluate`'s draft becomes, read from the device's row (`RuleRow`) rather than a
   * snapshot and built by `row.findings`: write both as adapters over one body taking a
   * `FindingMaker` (`DRAFTS` for `evaluate`), so they cannot disagree. Omitted: a device this rule
   * may fire on goes through `evaluate` (its snapshot taken again), which costs several times more
   * at a million devices. The pass first runs it to decide (`row.findings.describes` false: the
   * body returns `decide`'s finding, its texts empty), then again over the same row to describe
   * it when the findings are read. columnar.property.test.ts compares the two.
   */
  columnar?(row: RuleRow): Finding | null;
  /**
   * The earliest instant after `ctx.at` at which `evaluate` may answer otherwise for this device
   * by the passage of time alone (a deadline plus grace, a staleness limit), the facts unchanged.
   * Omitted: only facts taking effect change the answer (the evaluator watches those itself).
   * Earlier than the true instant is allowed (a wasted re-evaluation), later is not: the
   * incremental fleet state (incremental.ts) is exact only up to this instant.
   */
  changesAt?(ctx: RuleContext): Instant;
}
