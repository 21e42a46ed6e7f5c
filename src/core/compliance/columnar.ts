/**
 * The fleet in columns, for the whole-fleet pass.
 *
 * `FleetColumns` keeps what the rules decide on, one typed array per field indexed by the
 * device's place, strings (holders, app lists, OS versions, inspection methods, applied
 * configurations) interned to small integers. It is built once from the histories
 * (`buildFleetColumns`, with the evaluator's own `fillSnapshot`, so the same facts win) and can
 * then be kept: `updateFleetColumns` refills only the rows of the devices a change names, so a
 * later full pass (after a protocol change, a new OS release) reads the columns without taking
 * a million snapshots again. `evaluateColumns` (or `startColumnarEvaluation`, a bounded amount
 * of work at a time) answers, per device, "can any rule find anything here?" with a tight loop
 * over the columns and tables computed once per protocol and role (and, for OS versions, app
 * lists and applied configurations, once per distinct value). Where the answer is yes and every
 * rule named has a columnar body (`Rule.columnar`: the rule's own body over the device's row, the
 * same draft as its `evaluate`), the findings come from those bodies with no snapshot taken: only
 * decided in the pass (outcome, severity, since: what the sort and summaries need), described
 * (message, evidence, remedy: each body run again over the row it decided on) when read. The
 * other devices where the answer is yes (or where the columns cannot tell: lifecycle facts, no
 * protocol, facts as known at an instant or corrected) are evaluated by `evaluateDevice` itself;
 * every other device is compliant by construction, and a device through the bodies has its open
 * findings counted: neither gets a summary object until one is asked for. Each holder's protocol
 * is kept in the columns from pass to pass while what is in force is the same map
 * (`FleetColumns.govern`). The checks are a sound filter: a check missing here can only send a
 * device to a rule that then finds nothing. A rule the columns do not know sends every device to
 * `evaluateDevice` (see `CHECKED_RULES`). ADRs 0035 and 0042 have the design and the figures; columnar.property.test.ts
 * compares it with `evaluateFleet` on random fleets, each columnar body's findings among them.
 */

import type { PushedTokens } from '../enforcement/pushed.ts';
import type {
  Device,
  DeviceRole,
  Finding,
  FindingOutcome,
  Inspection,
  Platform,
  PostureReport,
  Sensor,
  Severity,
} from '../model.ts';
import { DEVICE_ROLES, SENSORS } from '../model.ts';
import type { AppliedConfiguration } from '../posture/fields.ts';
import type { CompiledProtocol, CompiledRole } from '../protocol/compiled.ts';
import type { Instant } from '../time.ts';
import {
  type EvaluationContext,
  evaluateDevice,
  type FleetEvaluationOptions,
  NO_STATUS_REASON,
  NOT_IN_SERVICE_PREFIX,
  PERSONAL_DEVICE_REASON,
  prepareEvaluation,
} from './evaluate.ts';
import { FindingsSort } from './evaluate-order.ts';
import { evaluatePeople } from './evaluate-people.ts';
import { type KnownCorrections, knownCorrections, knownHistory, knownInput } from './known.ts';
import type { OsCatalog } from './os-catalog.ts';
import { fillPosture, type LatestReports, Posture } from './posture.generated.ts';
import { RULES } from './registry.ts';
import type { FindingMaker, Rule, RuleRow } from './rule.ts';
import { driftPossible } from './rules/config-drift.rule.ts';
import { fillSnapshot, Snapshot } from './snapshot.ts';
import type { DeviceHistory, DeviceSummary, EvaluationInput, EvaluationResult } from './types.ts';

/**
 * Rule ids the columns can rule out. A rule with another id (a new one, or a test's own) makes
 * every device take the exact path until its check is added to `mayFind`.
 */
export const CHECKED_RULES: ReadonlySet<string> = new Set([
  'protocol.unassigned',
  'protocol.role-uncovered',
  // Fires only on a device no one holds, and such a device has no protocol: the exact path.
  'custody.unassigned',
  'rotation.overdue',
  'inspection.overdue',
  'sensor.camera',
  'sensor.microphone',
  'sensor.location',
  'sensor.bluetooth',
  'apps.unapproved',
  'os.outdated',
  'os.exploited',
  'lockdown.off',
  'config.drift',
  'posture.stale',
  'inspection.failed',
  // Both read lifecycle facts only: a device with any goes to the exact path.
  'refusal.unwaived',
  'waiver.expired',
]);

/** Sensor readings as stored: no reading, disabled, anything else. */
const SENSOR_NONE = 0;
const SENSOR_DISABLED = 1;
const SENSOR_OTHER = 2;
/** Lockdown Mode as stored. */
const LOCKDOWN_NONE = 0;
const LOCKDOWN_ON = 2;
const LOCKDOWN_OFF = 1;

/**
 * Per device: why its row cannot be decided by the rule checks (0: it can). A device not in
 * service (or personal) is not evaluated, and its summary says why (`notEvaluated`).
 */
const EXACT_NOT_IN_SERVICE = 1;
const EXACT_ROLE = 2;

const ROLE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(DEVICE_ROLES.map((r, i) => [r, i]));

/**
 * Interns strings to dense small integers. A null-prototype object rather than a Map: V8 keeps
 * its keys internalized and compares them by pointer (as evaluate.ts's `resolved`), several
 * times cheaper per lookup at a million devices.
 */
class StringIds {
  readonly values: string[] = [];
  readonly #ids = Object.create(null) as Record<string, number | undefined>;
  id(value: string): number {
    let id = this.#ids[value];
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#ids[value] = id;
    }
    return id;
  }
  find(value: string): number | undefined {
    return this.#ids[value];
  }
}

/**
 * Interns values by identity first (reports decoded together often share one array or object),
 * then by a content key, so equal values get one id however they were built.
 */
class ValueIds<T extends object> {
  readonly values: T[] = [];
  readonly #byIdentity = new WeakMap<T, number>();
  readonly #byContent = new Map<string, number>();
  readonly #key: (value: T) => string;
  #last: T | null = null;
  #lastId = -1;
  constructor(key: (value: T) => string) {
    this.#key = key;
  }
  id(value: T): number {
    if (value === this.#last) return this.#lastId;
    let id = this.#byIdentity.get(value);
    if (id === undefined) {
      const key = this.#key(value);
      id = this.#byContent.get(key);
      if (id === undefined) {
        id = this.values.length;
        this.values.push(value);
        this.#byContent.set(key, id);
      }
      this.#byIdentity.set(value, id);
    }
    this.#last = value;
    this.#lastId = id;
    return id;
  }
}

/** Only the target and the items decide drift (`driftPossible`). */
function appliedKey(config: AppliedConfiguration): string {
  let key: string = config.target;
  for (const x of config.items) key += `\u0000${x.id}\u0001${x.token}\u0001${x.state}`;
  return key;
}

function sensorState(report: PostureReport | null, sensor: Sensor): number {
  const reading = report === null ? undefined : report.sensors[sensor];
  return reading === undefined ? SENSOR_NONE : reading.state === 'disabled' ? SENSOR_DISABLED : SENSOR_OTHER;
}

/** A typed array of `capacity` elements holding `old`'s. */
function grown<A extends Uint8Array | Int32Array | Float64Array>(old: A, capacity: number): A {
  const next = new (old.constructor as new (n: number) => A)(capacity);
  next.set(old);
  return next;
}

/**
 * The fleet's rows as of `at` (see the module comment). A row is the device's snapshot at `at`;
 * keep it so by naming every device whose facts changed, or that has a fact taking effect
 * between the old and the new instant, to `updateFleetColumns`. The arrays are replaced when the
 * fleet grows: read them from the object, never keep one.
 */
export class FleetColumns {
  /** Devices (rows) in use. */
  size = 0;
  /** The instant the rows are snapshots of. */
  at: Instant;
  /** The input as known at its `knownAt` (`knownInput`); its `devices` are `histories`. */
  input: EvaluationInput;
  /** Per row, the device's history as recorded (the exact path cuts it as the evaluator does). */
  readonly histories: DeviceHistory[] = [];
  /** Bits of EXACT_*: rows the rule checks cannot decide. */
  exact: Uint8Array;
  /** Index into `reasons` for a device not evaluated (EXACT_NOT_IN_SERVICE), else -1. */
  reason: Int32Array;
  /** Index into DEVICE_ROLES. */
  role: Uint8Array;
  /** 0 iOS, 1 Android. */
  platform: Uint8Array;
  /** Index into `holders` (the custody record's holder), -1 when none. */
  holder: Int32Array;
  /** Instants; NaN for none. */
  inServiceSince: Float64Array;
  latestPostureAt: Float64Array;
  lastInspectionAt: Float64Array;
  /** Index into `methods`, -1 when never checked. */
  lastInspectionMethod: Int32Array;
  /** 1 when the latest check was clean (or there is none). */
  lastInspectionClean: Uint8Array;
  /** SENSOR_* per device and sensor, `SENSORS.length` per device. */
  sensors: Uint8Array;
  /** LOCKDOWN_* per device. */
  lockdown: Uint8Array;
  /** Index into the device's platform's versions (iOS version, Android patch level), -1 when unreported. */
  version: Int32Array;
  /** Index into `appLists`, -1 when no inventory was reported. */
  apps: Int32Array;
  /** The latest inspection (`lastInspection*` are its fields), for the rules' columnar bodies. */
  readonly lastInspections: (Inspection | null)[] = [];
  /** The latest report stating the version in `version`, for the rules' columnar bodies. */
  readonly osReports: (PostureReport | null)[] = [];
  /** Index into `applied`, -1 when the MDM reported no applied configuration. */
  appliedConfig: Int32Array;
  /** Index into `sources`: the MDM that reported it (a DDM server may hold its own tokens). */
  appliedSource: Int32Array;
  readonly holders = new StringIds();
  readonly reasons = new StringIds();
  readonly methods = new StringIds();
  /** Per platform (0 iOS, 1 Android). */
  readonly versions: readonly [StringIds, StringIds] = [new StringIds(), new StringIds()];
  readonly appLists = new ValueIds<readonly string[]>((list) => list.join('\u0000'));
  readonly applied = new ValueIds<AppliedConfiguration>(appliedKey);
  readonly sources = new StringIds();
  #knownAt: Instant;
  #corrections: KnownCorrections | null;
  /** Device id -> row for the first `#indexed` rows, built on first need (lifecycle facts, updates). */
  #index: Map<string, number> | null = null;
  #indexed = 0;
  readonly #snapshot = new Snapshot();
  /**
   * Per holder, the index into `#governed` of the protocol governing them (-1: none), looked up
   * in `#governedBy` for the first `#holdersGoverned` holders. Kept across passes: a million
   * holders' lookups are a tenth of a pass, and what is in force is rebuilt (a new map) whenever
   * it changes, so the same map gives the same answers; holders added since are looked up alone.
   * Entries once written are never changed (a pass's summaries read them after it ends).
   */
  #governedBy: ReadonlyMap<string, CompiledProtocol | null> | null = null;
  #holderProtocol = new Int32Array(0);
  #holdersGoverned = 0;
  #governed: CompiledProtocol[] = [];

  constructor(input: EvaluationInput, capacity: number) {
    this.at = input.at;
    this.input = { ...input, devices: this.histories };
    this.#knownAt = input.knownAt ?? Number.POSITIVE_INFINITY;
    this.#corrections = knownCorrections(input.corrections, input.knownAt);
    const n = Math.max(1, capacity);
    this.exact = new Uint8Array(n);
    this.reason = new Int32Array(n);
    this.role = new Uint8Array(n);
    this.platform = new Uint8Array(n);
    this.holder = new Int32Array(n);
    this.inServiceSince = new Float64Array(n);
    this.latestPostureAt = new Float64Array(n);
    this.lastInspectionAt = new Float64Array(n);
    this.lastInspectionMethod = new Int32Array(n);
    this.lastInspectionClean = new Uint8Array(n);
    this.sensors = new Uint8Array(n * SENSORS.length);
    this.lockdown = new Uint8Array(n);
    this.version = new Int32Array(n);
    this.apps = new Int32Array(n);
    this.appliedConfig = new Int32Array(n);
    this.appliedSource = new Int32Array(n);
  }

  /** The row of a device, if it has one. */
  indexOf(deviceId: string): number | undefined {
    return this.indexUpTo(this.size).get(deviceId);
  }

  /** The index of device ids with at least the first `to` rows in it (built a slice at a time by a pass in steps). */
  indexUpTo(to: number): Map<string, number> {
    let index = this.#index;
    if (index === null) {
      index = new Map();
      this.#index = index;
    }
    for (let i = this.#indexed; i < to; i++) index.set((this.histories[i] as DeviceHistory).device.id, i);
    if (to > this.#indexed) this.#indexed = to;
    return index;
  }

  /**
   * Looks up the protocol governing up to `quota` more holders in `governing` (starting again
   * when it is another map than the last pass's); returns the lookups made. Done when
   * `holdersGoverned()` is the number of holders.
   */
  govern(governing: ReadonlyMap<string, CompiledProtocol | null>, quota: number): number {
    const holders = this.holders.values;
    if (governing !== this.#governedBy) {
      // New arrays, not cleared ones: an earlier pass's summaries still read the old ones.
      this.#governedBy = governing;
      this.#holdersGoverned = 0;
      this.#governed = [];
      this.#holderProtocol = new Int32Array(holders.length);
    }
    if (this.#holderProtocol.length < holders.length) {
      const next = new Int32Array(Math.max(holders.length, this.#holderProtocol.length * 2));
      next.set(this.#holderProtocol.subarray(0, this.#holdersGoverned));
      this.#holderProtocol = next;
    }
    const holderProtocol = this.#holderProtocol;
    const protocols = this.#governed;
    let h = this.#holdersGoverned;
    const end = Math.min(holders.length, h + Math.max(0, quota));
    let last: CompiledProtocol | null = null;
    let lastK = -1;
    for (; h < end; h++) {
      const p = governing.get(holders[h] as string);
      if (p == null) holderProtocol[h] = -1;
      else if (p === last) holderProtocol[h] = lastK;
      else {
        let k = protocols.indexOf(p);
        if (k < 0) k = protocols.push(p) - 1;
        last = p;
        lastK = k;
        holderProtocol[h] = k;
      }
    }
    const done = h - this.#holdersGoverned;
    this.#holdersGoverned = h;
    return done;
  }

  /** Holders whose protocol `govern` has looked up. */
  holdersGoverned(): number {
    return this.#holdersGoverned;
  }

  /** Per holder, the index into `governedProtocols()` (-1: none); valid for `holdersGoverned()` holders. */
  holderProtocols(): Int32Array {
    return this.#holderProtocol;
  }

  /** The protocols `govern` found, in the order first met. */
  governedProtocols(): readonly CompiledProtocol[] {
    return this.#governed;
  }

  /** Makes room for `n` rows. */
  reserve(n: number): void {
    if (n <= this.exact.length) return;
    const c = Math.max(n, this.exact.length * 2);
    this.exact = grown(this.exact, c);
    this.reason = grown(this.reason, c);
    this.role = grown(this.role, c);
    this.platform = grown(this.platform, c);
    this.holder = grown(this.holder, c);
    this.inServiceSince = grown(this.inServiceSince, c);
    this.latestPostureAt = grown(this.latestPostureAt, c);
    this.lastInspectionAt = grown(this.lastInspectionAt, c);
    this.lastInspectionMethod = grown(this.lastInspectionMethod, c);
    this.lastInspectionClean = grown(this.lastInspectionClean, c);
    this.sensors = grown(this.sensors, c * SENSORS.length);
    this.lockdown = grown(this.lockdown, c);
    this.version = grown(this.version, c);
    this.apps = grown(this.apps, c);
    this.appliedConfig = grown(this.appliedConfig, c);
    this.appliedSource = grown(this.appliedSource, c);
  }

  /** Adds a device's row (not filled yet: `fill`). */
  add(history: DeviceHistory): number {
    const i = this.size;
    this.reserve(i + 1);
    this.histories.push(history);
    this.lastInspections.push(null);
    this.osReports.push(null);
    this.size = i + 1;
    if (this.#index !== null && this.#indexed === i) this.indexUpTo(i + 1);
    return i;
  }

  /** Takes the non-device facts of `input` (see `updateFleetColumns`). */
  retarget(input: EvaluationInput): void {
    this.at = input.at;
    this.input = { ...input, devices: this.histories };
    this.#corrections = knownCorrections(input.corrections, undefined);
  }

  /** Refills rows `from` up to `to` from their histories as of `at`. */
  fill(from: number, to: number): void {
    const snapshot = this.#snapshot;
    const at = this.at;
    const cut = this.#knownAt !== Number.POSITIVE_INFINITY || this.#corrections !== null;
    const {
      histories,
      exact,
      reason,
      role,
      platform,
      holder,
      inServiceSince,
      latestPostureAt,
      lastInspectionAt,
      lastInspectionMethod,
      lastInspectionClean,
      sensors,
      lockdown,
      version,
      apps,
      appliedConfig,
      appliedSource,
    } = this;
    const [iosVersions, androidVersions] = this.versions;
    for (let i = from; i < to; i++) {
      const recorded = histories[i] as DeviceHistory;
      const history = cut ? knownHistory(recorded, this.#knownAt, this.#corrections, at) : recorded;
      fillSnapshot(snapshot, history, at);
      const device = history.device;
      let flags = 0;
      // The evaluator's reasons (evaluate.ts), in its order.
      const status = snapshot.status;
      const why =
        device.ownership !== 'issued'
          ? PERSONAL_DEVICE_REASON
          : status !== 'active'
            ? status === null
              ? NO_STATUS_REASON
              : `${NOT_IN_SERVICE_PREFIX}${status}`
            : null;
      if (why !== null) flags |= EXACT_NOT_IN_SERVICE;
      reason[i] = why === null ? -1 : this.reasons.id(why);
      const r = ROLE_INDEX[device.role];
      if (r === undefined) flags |= EXACT_ROLE;
      exact[i] = flags;
      role[i] = r ?? 0;
      const ios = device.platform === 'ios';
      platform[i] = ios ? 0 : 1;
      const c = snapshot.custody;
      const holderId = c === null ? null : c.holderId;
      holder[i] = holderId === null ? -1 : this.holders.id(holderId);
      inServiceSince[i] = snapshot.inServiceSinceOrNaN;
      latestPostureAt[i] = snapshot.latestPostureAtOrNaN;
      const inspection = snapshot.lastInspection;
      this.lastInspections[i] = inspection;
      if (inspection === null) {
        lastInspectionAt[i] = Number.NaN;
        lastInspectionMethod[i] = -1;
        lastInspectionClean[i] = 1;
      } else {
        lastInspectionAt[i] = inspection.at;
        lastInspectionMethod[i] = this.methods.id(inspection.method);
        lastInspectionClean[i] = inspection.result === 'clean' ? 1 : 0;
      }
      const posture = snapshot.posture;
      // Unrolled (in SENSORS order): a keyed read by a variable sensor name is several times slower.
      const base = i * SENSORS.length;
      sensors[base] = sensorState(posture.camera, 'camera');
      sensors[base + 1] = sensorState(posture.microphone, 'microphone');
      sensors[base + 2] = sensorState(posture.location, 'location');
      sensors[base + 3] = sensorState(posture.bluetooth, 'bluetooth');
      const mode = posture.lockdownMode;
      lockdown[i] =
        mode === null || mode.lockdownMode === null
          ? LOCKDOWN_NONE
          : mode.lockdownMode
            ? LOCKDOWN_ON
            : LOCKDOWN_OFF;
      const field = ios ? posture.osVersion : posture.patchLevel;
      this.osReports[i] = field;
      const value = field === null ? null : ios ? field.osVersion : field.patchLevel;
      version[i] = value === null ? -1 : (ios ? iosVersions : androidVersions).id(value);
      const appsReport = posture.apps;
      const list = appsReport === null ? null : appsReport.apps;
      apps[i] = list === null ? -1 : this.appLists.id(list);
      const appliedReport = posture.applied;
      const config = appliedReport === null ? null : appliedReport.applied;
      appliedConfig[i] = config === null ? -1 : this.applied.id(config);
      appliedSource[i] =
        config === null || appliedReport === null ? -1 : this.sources.id(appliedReport.source);
    }
  }
}

/** An empty store for `asked`'s devices (as known at its `knownAt`), rows added not filled. */
function emptyColumns(asked: EvaluationInput): FleetColumns {
  const input = knownInput(asked);
  const cols = new FleetColumns(input, input.devices.length);
  for (const h of input.devices) cols.add(h);
  return cols;
}

/** Takes every device's snapshot as of `asked.at` (as known at `asked.knownAt`) into columns. */
export function buildFleetColumns(asked: EvaluationInput): FleetColumns {
  const cols = emptyColumns(asked);
  cols.fill(0, cols.size);
  return cols;
}

/**
 * Keeps the columns in step with a change of facts, as `FleetState.apply` does: `input` is the
 * fleet's facts now, its `devices` only the histories that changed, are new, or have a fact
 * taking effect between the columns' instant and `input.at`; only their rows are refilled.
 * For facts as recorded: neither the columns nor `input` may have a `knownAt`.
 */
export function updateFleetColumns(cols: FleetColumns, input: EvaluationInput): void {
  if (input.knownAt !== undefined || cols.input.knownAt !== undefined)
    throw new Error('columns kept up to date are about facts as recorded: no knownAt');
  cols.retarget(input);
  for (const h of input.devices) {
    let i = cols.indexOf(h.device.id);
    if (i === undefined) i = cols.add(h);
    else cols.histories[i] = h;
    cols.fill(i, i + 1);
  }
}

/** What one protocol asks of one role, read once per pass; caches per distinct value (-1: not asked yet). */
interface RoleCheck {
  readonly protocol: CompiledProtocol;
  readonly role: DeviceRole;
  readonly requirements: CompiledRole | null;
  /** (start + every) + grace is compared with `at` as the rules compare it; NaN: not checked. */
  readonly rotationEvery: number;
  readonly rotationGrace: number;
  readonly inspectionEvery: number;
  readonly inspectionGrace: number;
  readonly inspectionMethods: readonly string[];
  /** Per method id: 1 qualifies, 0 not. */
  readonly qualifying: Int8Array;
  /** Per sensor index: 1 when the role requires it disabled and its rule is on. */
  readonly sensorsDisabled: Uint8Array;
  /** Whether the role has an allow list; per app list id: 1 when every app is allowed. */
  readonly apps: boolean;
  readonly appsOk: Int8Array;
  /** Whether the role has an OS section; per platform, per version id: the OS rules that may find something (bits). */
  readonly os: boolean;
  readonly versionBits: readonly [Int32Array, Int32Array];
  readonly lockdownRequired: boolean;
  readonly postureMaxAge: number;
  /** Per applied configuration, source and platform ((config * sources + source) * 2 + platform): 1 when it cannot drift. */
  readonly appliedOk: Int8Array;
  /** The bits of the rules that are on. */
  readonly on: number;
}

function unknowns(n: number): Int8Array {
  return new Int8Array(n).fill(-1);
}

function roleCheck(
  cols: FleetColumns,
  protocol: CompiledProtocol,
  role: DeviceRole,
  on: ReadonlySet<string>,
): RoleCheck {
  const req = protocol.roles[role] ?? null;
  const sensorsDisabled = new Uint8Array(SENSORS.length);
  if (req?.sensors != null) {
    for (let s = 0; s < SENSORS.length; s++) {
      const sensor = SENSORS[s] as Sensor;
      if (req.sensors.disabled.includes(sensor) && on.has(`sensor.${sensor}`)) sensorsDisabled[s] = 1;
    }
  }
  return {
    protocol,
    role,
    requirements: req,
    rotationEvery: req?.rotation != null && on.has('rotation.overdue') ? req.rotation.every : Number.NaN,
    rotationGrace: req?.rotation?.grace ?? 0,
    inspectionEvery:
      req?.inspection != null && on.has('inspection.overdue') ? req.inspection.every : Number.NaN,
    inspectionGrace: req?.inspection?.grace ?? 0,
    inspectionMethods: req?.inspection?.methods ?? [],
    qualifying: unknowns(cols.methods.values.length),
    sensorsDisabled,
    apps: req?.apps != null,
    appsOk: unknowns(cols.appLists.values.length),
    os: req?.os != null,
    versionBits: [
      new Int32Array(cols.versions[0].values.length).fill(-1),
      new Int32Array(cols.versions[1].values.length).fill(-1),
    ],
    lockdownRequired: req?.os?.lockdownMode === 'required' && on.has('lockdown.off'),
    postureMaxAge: req?.posture != null && on.has('posture.stale') ? req.posture.maxAge : Number.NaN,
    appliedOk: unknowns(cols.applied.values.length * cols.sources.values.length * 2),
    on: [...on].reduce((bits, id) => bits | (BIT[id] ?? 0), 0),
  };
}

/** `check.apps` says the role has an allow list: never used, the type wants a value. */
const NOTHING_ALLOWED: ReadonlySet<string> = new Set();

/** One bit per checked rule, in `CHECKED_RULES` order: which rules may find something on a device. */
const BIT: Readonly<Record<string, number>> = Object.fromEntries(
  [...CHECKED_RULES].map((id, k) => [id, 1 << k]),
);
const bit = (id: string): number => BIT[id] ?? 0;
const FAILED = bit('inspection.failed');
const ROTATION = bit('rotation.overdue');
const INSPECTION = bit('inspection.overdue');
const SENSOR_BITS = Int32Array.from(SENSORS, (s) => bit(`sensor.${s}`));
const APPS = bit('apps.unapproved');
const OUTDATED = bit('os.outdated');
const EXPLOITED = bit('os.exploited');
const LOCKDOWN = bit('lockdown.off');
const STALE = bit('posture.stale');
const DRIFT = bit('config.drift');

/** The OS rules that may find something for this version (os.outdated, os.exploited), as bits. */
function versionMayFind(
  check: RoleCheck,
  ctx: EvaluationContext,
  platform: Platform,
  version: string,
): number {
  const req = check.requirements?.os;
  if (req == null) return 0;
  const at = ctx.at;
  const catalog = ctx.catalog;
  let bits = catalog.exposures(platform, version, at).length > 0 ? EXPLOITED : 0;
  const key = catalog.versionKey(platform, version);
  if (key === null) return bits | OUTDATED;
  const min = platform === 'ios' ? req.minVersion.ios : req.minVersion.android;
  const minKey = min === null ? null : catalog.versionKey(platform, min);
  if (minKey !== null && key < minKey) return bits | OUTDATED;
  if (req.maxBehindLatest !== null) {
    const supersededAt = catalog.supersededAt(platform, version, at);
    if (supersededAt !== null && at > supersededAt + req.maxBehindLatest) bits |= OUTDATED;
  }
  return bits;
}

/**
 * The rules that may find something on row `i` (which the columns can decide), as bits; 0: none
 * can. A bit may be set in vain (the exact path then finds nothing), never missing. Reads typed
 * arrays only, but for the first device with a given method, app list, version or configuration.
 */
function mayFind(
  cols: FleetColumns,
  i: number,
  check: RoleCheck,
  ctx: EvaluationContext,
  at: number,
): number {
  let bits = cols.lastInspectionClean[i] === 0 ? FAILED : 0;
  const inService = cols.inServiceSince[i] as number;
  const rotationEvery = check.rotationEvery;
  // A NaN instant compares false: a device never in service counts as overdue.
  if (!Number.isNaN(rotationEvery)) {
    if (!(at <= inService + rotationEvery + check.rotationGrace)) bits |= ROTATION;
  }
  const inspectionEvery = check.inspectionEvery;
  if (!Number.isNaN(inspectionEvery)) {
    const checkedAt = cols.lastInspectionAt[i] as number;
    let start = inService;
    let qualifies = true;
    if (!Number.isNaN(checkedAt)) {
      const method = cols.lastInspectionMethod[i] as number;
      let q = check.qualifying[method] as number;
      if (q < 0) {
        const methods = check.inspectionMethods;
        q = methods.length === 0 || methods.includes(cols.methods.values[method] as string) ? 1 : 0;
        check.qualifying[method] = q;
      }
      // The latest check does not qualify: an earlier one may; the exact path looks.
      qualifies = q === 1;
      start = checkedAt;
    }
    if (!qualifies || !(at <= start + inspectionEvery + check.inspectionGrace)) bits |= INSPECTION;
  }
  const base = i * SENSORS.length;
  const disabled = check.sensorsDisabled;
  for (let s = 0; s < SENSORS.length; s++) {
    if (disabled[s] === 1 && cols.sensors[base + s] !== SENSOR_DISABLED) bits |= SENSOR_BITS[s] as number;
  }
  if (check.apps) {
    const list = cols.apps[i] as number;
    if (list < 0) bits |= APPS;
    else {
      let ok = check.appsOk[list] as number;
      if (ok < 0) {
        const allow = check.requirements?.apps?.allow ?? NOTHING_ALLOWED;
        ok = (cols.appLists.values[list] as readonly string[]).every((app) => allow.has(app)) ? 1 : 0;
        check.appsOk[list] = ok;
      }
      if (ok === 0) bits |= APPS;
    }
  }
  if (check.os) {
    const v = cols.version[i] as number;
    if (v < 0) bits |= OUTDATED | EXPLOITED;
    else {
      const p = cols.platform[i] as number;
      const cache = p === 0 ? check.versionBits[0] : check.versionBits[1];
      let found = cache[v] as number;
      if (found < 0) {
        const value = (cols.versions[p] as StringIds).values[v] as string;
        found = versionMayFind(check, ctx, p === 0 ? 'ios' : 'android', value);
        cache[v] = found;
      }
      bits |= found;
    }
  }
  if (check.lockdownRequired && cols.platform[i] === 0 && cols.lockdown[i] !== LOCKDOWN_ON) bits |= LOCKDOWN;
  const maxAge = check.postureMaxAge;
  if (!Number.isNaN(maxAge) && !(at <= (cols.latestPostureAt[i] as number) + maxAge)) bits |= STALE;
  const config = cols.appliedConfig[i] as number;
  if (config >= 0) {
    const source = cols.appliedSource[i] as number;
    // Intune expects the objects of the device's platform: the platform is part of the key.
    const p = cols.platform[i] as number;
    const key = (config * cols.sources.values.length + source) * 2 + p;
    let ok = check.appliedOk[key] as number;
    if (ok < 0) {
      const value = cols.applied.values[config] as AppliedConfiguration;
      const from = cols.sources.values[source] as string;
      const platform = p === 0 ? 'ios' : 'android';
      ok = driftPossible(check.protocol, check.role, platform, value, from, ctx.pushed) ? 0 : 1;
      check.appliedOk[key] = ok;
    }
    if (ok === 0) bits |= DRIFT;
  }
  return bits;
}

/**
 * A columnar evaluation: the findings (sorted as `EvaluationResult` says, unless asked not to)
 * and each device's summary on demand. Compliant devices have no summary object until one is
 * asked for.
 */
export interface ColumnarEvaluation {
  readonly at: Instant;
  /** Sorted, every one described (reading them describes what the columnar bodies only decided). */
  readonly findings: readonly Finding[];
  /**
   * The same findings, those of the columnar bodies perhaps only decided (outcome, severity,
   * since and the rest; message, evidence and remedy empty) until `findings` is read or
   * `describe` has returned false: what counting them by severity or device needs.
   */
  readonly decided: readonly Finding[];
  /** Describes up to `quota` more decided findings; true while any remain. */
  describe(quota: number): boolean;
  /** How many devices took the exact path (`evaluateDevice`). */
  readonly exactDevices: number;
  /** The rows that took the exact path, in order (for the benchmark's baseline). */
  readonly exactRows: readonly number[];
  /** The rows whose findings came from the rules' columnar bodies (`Rule.columnar`), in order. */
  readonly rowRows: readonly number[];
  summary(i: number): DeviceSummary;
  /** The same result as `evaluateFleet` (summaries built for every device). */
  toResult(): EvaluationResult;
}

/** A device through the rules costs about as much as this many devices through the filter. */
const EXACT_COST = 16;
/** A device through the rules' columnar bodies (`Rule.columnar`), likewise. */
const ROW_COST = 6;

/**
 * The row the columnar bodies read (`RuleRow`), refilled in place for each device, and the maker
 * of its findings for the rule being run (`rule`, `holderId`): each built as the evaluator's
 * `toFinding` builds it from a draft, the same fields in the same order, with no draft.
 */
class Row implements RuleRow, FindingMaker<Finding> {
  readonly at: Instant;
  readonly catalog: OsCatalog;
  device: Device;
  protocol: CompiledProtocol;
  requirements: CompiledRole;
  inServiceSince: Instant | null = null;
  latestPostureAt: Instant | null = null;
  lastInspection: Inspection | null = null;
  inspections: readonly Inspection[] = [];
  osReport: PostureReport | null = null;
  readonly pushed: PushedTokens;
  postureReports: readonly PostureReport[] = [];
  holderId: string | null = null;
  rule: Rule | null = null;
  readonly findings: FindingMaker<Finding> = this;
  /** While false, the bodies only decide (`decide`); while true they describe `target`. */
  describes = false;
  /** The decided finding being described: `make` fills in its texts and evidence. */
  target: Finding | null = null;
  readonly #posture = new Posture();
  /** The reports `#posture` was filled from (the same array at the same instant: the same answer). */
  #filledFrom: readonly PostureReport[] | null = null;
  constructor(ctx: EvaluationContext, device: Device, check: RoleCheck) {
    this.at = ctx.at;
    this.catalog = ctx.catalog;
    this.pushed = ctx.pushed;
    this.device = device;
    this.protocol = check.protocol;
    this.requirements = check.requirements as CompiledRole;
  }
  /**
   * The finding with every field `toFinding` gives it, in its order, the texts and evidence
   * empty until described (assigned in place then: the keys keep their order).
   */
  decide(outcome: FindingOutcome, severity: Severity | undefined, since: Instant): Finding {
    const rule = this.rule as Rule;
    const protocol = this.protocol;
    return {
      deviceId: this.device.id,
      personId: this.holderId,
      protocol: protocol.name,
      rule: rule.id,
      severity: protocol.severities[rule.id] ?? severity ?? rule.defaultSeverity,
      status: 'open',
      outcome,
      since,
      message: '',
      evidence: UNDESCRIBED,
      remedy: '',
      waiver: null,
    };
  }
  /**
   * Describes `target` (its decision kept: a body deciding otherwise than it describes shows);
   * with no target (a pass describing as it goes), the whole finding.
   */
  make(
    outcome: FindingOutcome,
    severity: Severity | undefined,
    since: Instant,
    message: string,
    evidence: Readonly<Record<string, unknown>>,
    remedy: string,
  ): Finding {
    const target = this.target;
    if (target === null) return this.#whole(outcome, severity, since, message, evidence, remedy);
    const described = target as Described;
    described.message = message;
    described.evidence = evidence;
    described.remedy = remedy;
    return target;
  }
  #whole(
    outcome: FindingOutcome,
    severity: Severity | undefined,
    since: Instant,
    message: string,
    evidence: Readonly<Record<string, unknown>>,
    remedy: string,
  ): Finding {
    const rule = this.rule as Rule;
    const protocol = this.protocol;
    return {
      deviceId: this.device.id,
      personId: this.holderId,
      protocol: protocol.name,
      rule: rule.id,
      severity: protocol.severities[rule.id] ?? severity ?? rule.defaultSeverity,
      status: 'open',
      outcome,
      since,
      message,
      evidence,
      remedy,
      waiver: null,
    };
  }
  /** Taken from the reports on first need: most bodies read the columns alone. */
  get posture(): LatestReports {
    if (this.#filledFrom !== this.postureReports) {
      fillPosture(this.#posture, this.postureReports, this.at);
      this.#filledFrom = this.postureReports;
    }
    return this.#posture;
  }
}
/** A decided finding's evidence until it is described. */
const UNDESCRIBED: Readonly<Record<string, unknown>> = Object.freeze({});

/** What describing a decided finding writes. */
type Described = { -readonly [K in 'message' | 'evidence' | 'remedy']: Finding[K] };

/** Findings described per unit of budget (a body run again, its texts and evidence built). */
const DESCRIBED_PER_UNIT = 2;
/** Summaries built per unit of budget (an object each, nothing read but the columns). */
const SUMMARIES_PER_UNIT = 8;
/** A device's rules cost about as much as this many comparisons of findings: the sort's budget. */
const COMPARISONS_PER_UNIT = 2;

/** One pass over the columns, a bounded amount of work at a time. */
class ColumnarRun {
  readonly #cols: FleetColumns;
  readonly #ctx: EvaluationContext;
  readonly #input: EvaluationInput;
  readonly #unsorted: boolean;
  readonly #people: boolean;
  readonly #everyRuleChecked: boolean;
  /** From the columns once every holder's protocol is looked up (`FleetColumns.govern`). */
  #protocols: readonly CompiledProtocol[] = [];
  #holderProtocol: Int32Array = new Int32Array(0);
  /** Rows indexed by id (for lifecycle facts): the first steps. */
  #rowsIndexed = 0;
  readonly #on: ReadonlySet<string>;
  /** Per row and per holder: 1 when lifecycle facts name them (the exact path); null when none do. */
  readonly #deviceFacts: Uint8Array | null;
  readonly #holderFacts: Uint8Array | null;
  readonly #checks: RoleCheck[] = [];
  readonly #byRules = new Map<number, EvaluationContext>();
  readonly #findings: Finding[] = [];
  /** The summaries of the devices the evaluator took (`evaluateDevice` builds them), in row order. */
  readonly #summaries: DeviceSummary[] = [];
  /**
   * Per row through the columnar bodies, its open findings: its summary is built from the
   * columns on demand, as a compliant device's is (an object per device costs more than the row).
   * Per row the evaluator took, -1 - its index into `#summaries` (no array of a slot per device).
   */
  readonly #open: Int32Array;
  readonly #exactRows: number[] = [];
  readonly #rowRows: number[] = [];
  /**
   * The bits of the rules whose every instance has a columnar body, 0 when the rows cannot be
   * read as the evaluator reads the histories (facts as known at an instant, or corrected).
   */
  readonly #rowBits: number;
  /** Per rule of the context: its bit. */
  readonly #ruleBits: Int32Array;
  #row: Row | null = null;
  /**
   * The findings of the columnar bodies, decided but not yet described (`describe`), and what
   * their row held when decided: the rule (its index), the history, the role's check, the
   * instants (NaN: none), the latest check and OS report. The columns may change before a
   * finding is read; these do not.
   */
  readonly #lazy: Finding[] = [];
  readonly #lazyRule: number[] = [];
  readonly #lazyHistory: DeviceHistory[] = [];
  readonly #lazyCheck: RoleCheck[] = [];
  readonly #lazyInService: number[] = [];
  readonly #lazyLatest: number[] = [];
  readonly #lazyInspection: (Inspection | null)[] = [];
  readonly #lazyOsReport: (PostureReport | null)[] = [];
  #described = 0;
  readonly #eager: boolean;
  #next = 0;
  #sort: FindingsSort | null = null;
  #sorted: Finding[] | null = null;

  constructor(
    cols: FleetColumns,
    rules: readonly Rule[],
    unsorted: boolean,
    people: boolean,
    /** Describe each finding as it is found: for a caller that reads them all at once anyway. */
    eager = false,
  ) {
    this.#eager = eager;
    this.#cols = cols;
    this.#unsorted = unsorted;
    this.#people = people;
    // The rows are already as known then: the exact path cuts each history the same way.
    const input = cols.input;
    this.#input = input;
    // Without the devices: holders are resolved as the exact path meets them, not all up front.
    this.#ctx = prepareEvaluation({ ...input, devices: [] }, rules);
    const ctx = this.#ctx;
    this.#everyRuleChecked = rules.every((r) => CHECKED_RULES.has(r.id));
    const n = cols.size;
    this.#deviceFacts = ctx.byDevice.size === 0 ? null : new Uint8Array(n);
    this.#holderFacts = ctx.byPerson.size === 0 ? null : new Uint8Array(cols.holders.values.length);
    this.#on = new Set(rules.map((r) => r.id));
    this.#open = new Int32Array(n);
    this.#ruleBits = Int32Array.from(ctx.rules, (r) => BIT[r.id] ?? 0);
    let withBody = 0;
    let without = 0;
    for (const r of ctx.rules) {
      if (r.columnar === undefined) without |= BIT[r.id] ?? 0;
      else withBody |= BIT[r.id] ?? 0;
    }
    const asRecorded = ctx.knownAt === Number.POSITIVE_INFINITY && ctx.corrections === null;
    this.#rowBits = asRecorded ? withBody & ~without : 0;
  }

  /**
   * Row `i`'s findings from the rules' columnar bodies (every rule in `bits` has one: see
   * `#rowBits`), as `evaluateDevice` would give them, and its open findings counted in `#open`
   * (its summary is `evaluateDevice`'s, built on demand): the device is in service, governed by
   * `check.protocol` with requirements for its role, and has no lifecycle facts.
   */
  #fromRow(i: number, bits: number, check: RoleCheck): void {
    const cols = this.#cols;
    const history = cols.histories[i] as DeviceHistory;
    const device = history.device;
    let row = this.#row;
    if (row === null) {
      row = new Row(this.#ctx, device, check);
      row.describes = this.#eager;
      this.#row = row;
    }
    row.device = device;
    row.protocol = check.protocol;
    row.requirements = check.requirements as CompiledRole;
    const inService = cols.inServiceSince[i] as number;
    row.inServiceSince = Number.isNaN(inService) ? null : inService;
    const latest = cols.latestPostureAt[i] as number;
    row.latestPostureAt = Number.isNaN(latest) ? null : latest;
    row.lastInspection = cols.lastInspections[i] as Inspection | null;
    row.inspections = history.inspections;
    row.postureReports = history.posture;
    row.osReport = cols.osReports[i] as PostureReport | null;
    row.holderId = cols.holders.values[cols.holder[i] as number] as string;
    const rules = this.#ctx.rules;
    const ruleBits = this.#ruleBits;
    const out = this.#findings;
    const before = out.length;
    for (let r = 0; r < rules.length; r++) {
      if (((ruleBits[r] as number) & bits) === 0) continue;
      const rule = rules[r] as Rule;
      row.rule = rule;
      const finding = (rule.columnar as NonNullable<Rule['columnar']>)(row);
      if (finding === null) continue;
      out.push(finding);
      if (!this.#eager) {
        this.#lazy.push(finding);
        this.#lazyRule.push(r);
        this.#lazyHistory.push(history);
        this.#lazyCheck.push(check);
        this.#lazyInService.push(inService);
        this.#lazyLatest.push(latest);
        this.#lazyInspection.push(row.lastInspection);
        this.#lazyOsReport.push(row.osReport);
      }
    }
    this.#open[i] = out.length - before;
    this.#rowRows.push(i);
  }

  /** The exact path runs only the rules a device's columns name (the others would find nothing). */
  #ctxFor(bits: number): EvaluationContext {
    let c = this.#byRules.get(bits);
    if (c === undefined) {
      const ctx = this.#ctx;
      c = { ...ctx, rules: ctx.rules.filter((r) => ((BIT[r.id] ?? 0) & bits) !== 0) };
      this.#byRules.set(bits, c);
    }
    return c;
  }

  /**
   * Per holder, the protocol governing them; then the rows and holders lifecycle facts name,
   * and the checks per protocol and role. Returns the budget left (in EXACT_COST units).
   */
  #prepare(quota: number): number {
    const cols = this.#cols;
    const ctx = this.#ctx;
    // Kept by the columns while what is in force is the same: only new holders are looked up.
    let work = cols.govern(ctx.inForce.governing, quota);
    if (cols.holdersGoverned() < cols.holders.values.length) return 0;
    this.#holderProtocol = cols.holderProtocols();
    this.#protocols = cols.governedProtocols();
    const protocols = this.#protocols;
    const deviceFacts = this.#deviceFacts;
    if (deviceFacts !== null && this.#rowsIndexed < cols.size) {
      const to = Math.min(cols.size, this.#rowsIndexed + Math.max(1, quota - work));
      cols.indexUpTo(to);
      work += to - this.#rowsIndexed;
      this.#rowsIndexed = to;
      if (to < cols.size) return 0;
      for (const id of ctx.byDevice.keys()) {
        const i = cols.indexOf(id);
        if (i !== undefined) deviceFacts[i] = 1;
      }
    }
    const holderFacts = this.#holderFacts;
    if (holderFacts !== null)
      for (const id of ctx.byPerson.keys()) {
        const k = cols.holders.find(id);
        if (k !== undefined) holderFacts[k] = 1;
      }
    for (const p of protocols)
      for (const role of DEVICE_ROLES) this.#checks.push(roleCheck(cols, p, role, this.#on));
    this.#prepared = true;
    return Math.max(0, quota - work);
  }

  #prepared = false;

  /** Does about `budget` devices' worth of work; true while any remains. */
  step(budget: number): boolean {
    if (this.#sorted !== null) return false;
    let left = Math.max(1, budget);
    if (!this.#prepared) {
      const rest = this.#prepare(left * EXACT_COST);
      if (rest <= 0) return true;
      left = Math.ceil(rest / EXACT_COST);
    }
    const cols = this.#cols;
    const n = cols.size;
    if (this.#next < n) {
      const ctx = this.#ctx;
      const at = ctx.at;
      const histories = cols.histories;
      const holderProtocol = this.#holderProtocol;
      const deviceFacts = this.#deviceFacts;
      const holderFacts = this.#holderFacts;
      const checks = this.#checks;
      const everyRuleChecked = this.#everyRuleChecked;
      const rowBits = this.#rowBits;
      const roles = DEVICE_ROLES.length;
      let i = this.#next;
      // A compliant device costs one unit per EXACT_COST devices; one through the rules, one unit.
      let work = 0;
      const quota = left * EXACT_COST;
      for (; i < n && work < quota; i++) {
        work++;
        const h = cols.holder[i] as number;
        const k = h < 0 ? -1 : (holderProtocol[h] as number);
        let run: EvaluationContext | null = null;
        // Not evaluated: its summary comes from the columns (no rule runs on it).
        if ((cols.exact[i] as number) & EXACT_NOT_IN_SERVICE) continue;
        if (
          !everyRuleChecked ||
          k < 0 ||
          cols.exact[i] !== 0 ||
          (deviceFacts !== null && deviceFacts[i] === 1) ||
          (holderFacts !== null && holderFacts[h] === 1)
        )
          run = ctx;
        else {
          const check = checks[k * roles + (cols.role[i] as number)] as RoleCheck;
          if (check.requirements === null) run = ctx;
          else {
            const bits = mayFind(cols, i, check, ctx, at) & check.on;
            if (bits !== 0) {
              if ((bits & rowBits) === bits) {
                this.#fromRow(i, bits, check);
                work += ROW_COST - 1;
              } else run = this.#ctxFor(bits);
            }
          }
        }
        if (run !== null) {
          this.#open[i] = -1 - this.#summaries.length;
          this.#summaries.push(evaluateDevice(histories[i] as DeviceHistory, run, this.#findings));
          this.#exactRows.push(i);
          work += EXACT_COST - 1;
        }
      }
      this.#next = i;
      left -= Math.ceil(work / EXACT_COST);
      if (i < n || left <= 0) return true;
    }
    if (this.#sort === null) {
      if (this.#people) evaluatePeople(this.#input, this.#ctx, this.#findings);
      if (this.#unsorted) {
        this.#sorted = this.#findings;
        return false;
      }
      this.#sort = new FindingsSort(this.#findings);
    }
    if (this.#sort.step(left * EXACT_COST * COMPARISONS_PER_UNIT)) return true;
    this.#sorted = this.#sort.result();
    return false;
  }

  /**
   * Describes up to `quota` more of the findings the columnar bodies decided (their bodies run
   * again over the same row, describing); true while any remain.
   */
  describe(quota: number): boolean {
    const lazy = this.#lazy;
    const row = this.#row;
    if (row === null || this.#described >= lazy.length) return false;
    const rules = this.#ctx.rules;
    const end = Math.min(lazy.length, this.#described + Math.max(1, quota));
    row.describes = true;
    try {
      for (let k = this.#described; k < end; k++) {
        const target = lazy[k] as Finding;
        const history = this.#lazyHistory[k] as DeviceHistory;
        const check = this.#lazyCheck[k] as RoleCheck;
        row.device = history.device;
        row.protocol = check.protocol;
        row.requirements = check.requirements as CompiledRole;
        const inService = this.#lazyInService[k] as number;
        row.inServiceSince = Number.isNaN(inService) ? null : inService;
        const latest = this.#lazyLatest[k] as number;
        row.latestPostureAt = Number.isNaN(latest) ? null : latest;
        row.lastInspection = this.#lazyInspection[k] as Inspection | null;
        row.inspections = history.inspections;
        row.postureReports = history.posture;
        row.osReport = this.#lazyOsReport[k] as PostureReport | null;
        row.holderId = target.personId;
        const rule = rules[this.#lazyRule[k] as number] as Rule;
        row.rule = rule;
        row.target = target;
        if ((rule.columnar as NonNullable<Rule['columnar']>)(row) !== target)
          throw new Error(`${rule.id} decided a finding on ${target.deviceId} it does not describe`);
      }
    } finally {
      row.describes = this.#eager;
      row.target = null;
    }
    this.#described = end;
    return end < lazy.length;
  }

  result(): ColumnarEvaluation {
    const sorted = this.#sorted;
    if (sorted === null) throw new Error('the evaluation is not finished: step until it returns false');
    const cols = this.#cols;
    const input = this.#input;
    const summaries = this.#summaries;
    const openFindings = this.#open;
    const protocols = this.#protocols;
    const holderProtocol = this.#holderProtocol;
    const summary = (i: number): DeviceSummary => {
      const open = openFindings[i] as number;
      if (open < 0) return summaries[-1 - open] as DeviceSummary;
      const h = cols.holder[i] as number;
      const why = cols.reason[i] as number;
      if (why >= 0) {
        const device = (cols.histories[i] as DeviceHistory).device;
        return {
          deviceId: device.id,
          personId: h < 0 ? null : (cols.holders.values[h] as string),
          protocol: null,
          role: device.role,
          verdict: 'not-evaluated',
          reason: cols.reasons.values[why] as string,
          openFindings: 0,
        };
      }
      // Compliant by construction, or through the columnar bodies (with their open findings).
      return {
        deviceId: (cols.histories[i] as DeviceHistory).device.id,
        personId: h < 0 ? null : (cols.holders.values[h] as string),
        protocol: (protocols[holderProtocol[h] as number] as CompiledProtocol).name,
        role: DEVICE_ROLES[cols.role[i] as number] as DeviceRole,
        verdict: open > 0 ? 'non-compliant' : 'compliant',
        reason: null,
        openFindings: open,
      };
    };
    const n = cols.size;
    const describe = (quota: number) => this.describe(quota);
    return {
      at: input.at,
      get findings() {
        describe(Number.POSITIVE_INFINITY);
        return sorted;
      },
      decided: sorted,
      describe,
      exactDevices: this.#exactRows.length,
      exactRows: this.#exactRows,
      rowRows: this.#rowRows,
      summary,
      toResult(): EvaluationResult {
        const devices: DeviceSummary[] = new Array(n);
        for (let i = 0; i < n; i++) devices[i] = summary(i);
        describe(Number.POSITIVE_INFINITY);
        return resultOf(input, sorted, devices);
      },
    };
  }
}

function resultOf(
  input: EvaluationInput,
  findings: readonly Finding[],
  devices: DeviceSummary[],
): EvaluationResult {
  return {
    at: input.at,
    ...(input.knownAt === undefined ? {} : { knownAt: input.knownAt }),
    findings,
    devices,
  };
}

export interface ColumnarOptions extends FleetEvaluationOptions {
  /**
   * Describe each finding of the columnar bodies as it is found (as `evaluateFleetColumnar` and
   * the pass in steps do, whose results hold every finding described), rather than deciding it
   * in the pass and running its body again when `findings` is read: for a caller that reads
   * every finding, that is the cheaper (ADR 0042, 2026-12-08).
   */
  readonly eager?: boolean;
}

/** One whole pass over the columns as they are (see the module comment). */
export function evaluateColumns(cols: FleetColumns, options: ColumnarOptions = {}): ColumnarEvaluation {
  const run = new ColumnarRun(
    cols,
    options.rules ?? RULES,
    options.unsorted === true,
    options.people !== false,
    options.eager === true,
  );
  run.step(Number.POSITIVE_INFINITY);
  return run.result();
}

/** `evaluateFleet`'s result, through the columns. */
export function evaluateFleetColumnar(
  input: EvaluationInput,
  rules: readonly Rule[] = RULES,
): EvaluationResult {
  return evaluateColumns(buildFleetColumns(input), { rules, eager: true }).toResult();
}

/** A step-wise evaluation (`startFleetEvaluation`'s shape): `step` until false, then `result`. */
export interface ColumnarFleetEvaluation {
  step(budget: number): boolean;
  result(): EvaluationResult;
}

/**
 * `evaluateFleet(input)` through the columns, about `budget` devices' worth of work a step: the
 * columns are built a slice at a time, then evaluated, sorted and the summaries built, so a
 * serving process can answer between steps. Whatever the steps, the result is `evaluateFleet`'s
 * (with `unsorted`, its unsorted order: compliant devices have no findings).
 */
export function startColumnarEvaluation(
  asked: EvaluationInput,
  options: FleetEvaluationOptions = {},
): ColumnarFleetEvaluation {
  const cols = emptyColumns(asked);
  const n = cols.size;
  let filled = 0;
  let run: ColumnarRun | null = null;
  let done: ColumnarEvaluation | null = null;
  let devices: DeviceSummary[] | null = null;
  let built = 0;
  let describing = true;
  let result: EvaluationResult | null = null;
  return {
    step(budget: number): boolean {
      if (result !== null) return false;
      let left = Math.max(1, budget);
      if (filled < n) {
        const end = Math.min(n, filled + left);
        cols.fill(filled, end);
        left -= end - filled;
        filled = end;
        if (filled < n || left <= 0) return true;
      }
      if (run === null) {
        // What every device shares (the OS catalog, lifecycle indexes): a step of its own.
        // Its result has every finding described: described as found, not decided then run again.
        run = new ColumnarRun(
          cols,
          options.rules ?? RULES,
          options.unsorted === true,
          options.people !== false,
          true,
        );
        return true;
      }
      if (done === null) {
        if (run.step(left)) return true;
        done = run.result();
        devices = new Array(n);
        // The pass may have used the whole budget: the descriptions start on the next step.
        return true;
      }
      if (describing) {
        describing = done.describe(left * DESCRIBED_PER_UNIT);
        if (describing) return true;
        return n > 0 || finish();
      }
      const summaries = devices as DeviceSummary[];
      const end = Math.min(n, built + left * SUMMARIES_PER_UNIT);
      for (let i = built; i < end; i++) summaries[i] = done.summary(i);
      built = end;
      return built < n || finish();
    },
    result(): EvaluationResult {
      if (result === null) throw new Error('the evaluation is not finished: step until it returns false');
      return result;
    },
  };
  function finish(): false {
    result = resultOf(cols.input, (done as ColumnarEvaluation).findings, devices as DeviceSummary[]);
    return false;
  }
}
