/**
 * The fleet as of one instant in columns, for the whole-fleet pass.
 *
 * `buildFleetColumns` takes each device's snapshot once (the same `fillSnapshot` the evaluator
 * uses, so the same facts win) and keeps only what the rules decide on: one typed array per field,
 * indexed by the device's position in the input, strings (holders, app lists, OS versions,
 * inspection methods, applied configurations) interned to small integers. `evaluateColumns` then
 * answers, per device, "can any rule find anything here?" from the columns and tables computed
 * once per protocol and role (and, for OS versions, app lists and applied configurations, once per
 * distinct value). Only the devices where the answer is yes (or where the columns cannot tell:
 * lifecycle facts, a non-qualifying latest check, no protocol, not in service) are evaluated by
 * `evaluateDevice` itself, so their findings are the evaluator's own; every other device is
 * compliant by construction and costs a few array reads. The columns are a sound filter, never a
 * second implementation of a rule's findings: a check missing here can only send a device to the
 * exact path. A rule the columns do not know sends every device there (see `CHECKED_RULES`).
 * ADR 0035 has the design and the figures; columnar.property.test.ts compares it with
 * `evaluateFleet` on random fleets.
 */

import type { DeviceRole, Finding, Platform, PostureReport, Sensor } from '../model.ts';
import { DEVICE_ROLES, SENSORS } from '../model.ts';
import type { AppliedConfiguration } from '../posture/fields.ts';
import type { CompiledProtocol, CompiledRole } from '../protocol/compiled.ts';
import type { Instant } from '../time.ts';
import { type EvaluationContext, evaluateDevice, prepareEvaluation } from './evaluate.ts';
import { FindingsSort } from './evaluate-order.ts';
import { evaluatePeople } from './evaluate-people.ts';
import { knownHistory, knownInput } from './known.ts';
import { RULES } from './registry.ts';
import type { Rule } from './rule.ts';
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

/** Per device: why it cannot be decided from the columns (0: it can). */
const EXACT_NOT_IN_SERVICE = 1;
const EXACT_LIFECYCLE = 2;
const EXACT_ROLE = 4;

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
}

/**
 * Interns values by identity first (reports decoded together often share one array or object),
 * then by a content key, so equal values get one id however they were built.
 */
class ValueIds<T extends object> {
  readonly values: T[] = [];
  readonly #byIdentity = new Map<T, number>();
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

/** The fleet as of `at` in columns (see the module comment). Read-only once built. */
export interface FleetColumns {
  readonly size: number;
  readonly at: Instant;
  /** The input as known at its `knownAt` (`knownInput`), for the exact path and the people pass. */
  readonly input: EvaluationInput;
  readonly ctx: EvaluationContext;
  /** Bits of EXACT_*: devices the columns cannot decide. */
  readonly exact: Uint8Array;
  /** Index into DEVICE_ROLES. */
  readonly role: Uint8Array;
  /** 0 iOS, 1 Android. */
  readonly platform: Uint8Array;
  /** Index into `holders` (the custody record's holder), -1 when none. */
  readonly holder: Int32Array;
  readonly holders: readonly string[];
  /** Instants; NaN for none. */
  readonly inServiceSince: Float64Array;
  readonly latestPostureAt: Float64Array;
  readonly lastInspectionAt: Float64Array;
  /** Index into `methods`, -1 when never checked. */
  readonly lastInspectionMethod: Int32Array;
  readonly methods: readonly string[];
  /** 1 when the latest check was clean. */
  readonly lastInspectionClean: Uint8Array;
  /** SENSOR_* per device and sensor, `SENSORS.length` per device. */
  readonly sensors: Uint8Array;
  /** LOCKDOWN_* per device. */
  readonly lockdown: Uint8Array;
  /** Index into `versions` of the device's platform (iOS version, Android patch level), -1 when unreported. */
  readonly version: Int32Array;
  /** Per platform (0 iOS, 1 Android). */
  readonly versions: readonly [readonly string[], readonly string[]];
  /** Index into `appLists`, -1 when no inventory was reported. */
  readonly apps: Int32Array;
  readonly appLists: readonly (readonly string[])[];
  /** Index into `applied`, -1 when the MDM reported no applied configuration. */
  readonly appliedConfig: Int32Array;
  readonly applied: readonly AppliedConfiguration[];
  /** Index into `sources`: the MDM that reported it (a DDM server may hold its own tokens). */
  readonly appliedSource: Int32Array;
  readonly sources: readonly string[];
}

function sensorState(report: PostureReport | null, sensor: Sensor): number {
  const reading = report === null ? undefined : report.sensors[sensor];
  return reading === undefined ? SENSOR_NONE : reading.state === 'disabled' ? SENSOR_DISABLED : SENSOR_OTHER;
}

/**
 * Takes every device's snapshot as of `asked.at` (as known at `asked.knownAt`) into columns.
 * `rules` must be those the columns will be evaluated with. `reuse`: the columns of an earlier
 * pass whose arrays may be refilled (they are, when the fleet has the same size): that pass's
 * columns and the evaluations over them must not be read afterwards.
 */
export function buildFleetColumns(
  asked: EvaluationInput,
  rules: readonly Rule[] = RULES,
  reuse?: FleetColumns,
): FleetColumns {
  const input = knownInput(asked);
  const ctx = prepareEvaluation(input, rules);
  const histories = input.devices;
  const n = histories.length;
  // The previous pass's arrays when the fleet has the same size: a million devices' columns are
  // tens of megabytes outside the heap, and allocating them anew makes the collector mark the
  // whole heap (the histories) again. Every element is written below.
  const old = reuse !== undefined && reuse.size === n ? reuse : null;
  const exact = old?.exact ?? new Uint8Array(n);
  const role = old?.role ?? new Uint8Array(n);
  const platform = old?.platform ?? new Uint8Array(n);
  const holder = old?.holder ?? new Int32Array(n);
  const inServiceSince = old?.inServiceSince ?? new Float64Array(n);
  const latestPostureAt = old?.latestPostureAt ?? new Float64Array(n);
  const lastInspectionAt = old?.lastInspectionAt ?? new Float64Array(n);
  const lastInspectionMethod = old?.lastInspectionMethod ?? new Int32Array(n);
  const lastInspectionClean = old?.lastInspectionClean ?? new Uint8Array(n);
  const sensors = old?.sensors ?? new Uint8Array(n * SENSORS.length);
  const lockdown = old?.lockdown ?? new Uint8Array(n);
  const version = old?.version ?? new Int32Array(n);
  const apps = old?.apps ?? new Int32Array(n);
  const appliedConfig = old?.appliedConfig ?? new Int32Array(n);
  const appliedSource = old?.appliedSource ?? new Int32Array(n);
  const sources = new StringIds();
  const holders = new StringIds();
  const methods = new StringIds();
  const iosVersions = new StringIds();
  const androidVersions = new StringIds();
  const appLists = new ValueIds<readonly string[]>((list) => list.join('\u0000'));
  const applied = new ValueIds<AppliedConfiguration>(appliedKey);
  const snapshot = new Snapshot();
  const at = ctx.scratch.at;
  const cut = ctx.knownAt !== Number.POSITIVE_INFINITY || ctx.corrections !== null;
  const lifecycle = ctx.byDevice.size > 0 || ctx.byPerson.size > 0;
  for (let i = 0; i < n; i++) {
    const recorded = histories[i] as DeviceHistory;
    const history = cut ? knownHistory(recorded, ctx.knownAt, ctx.corrections, ctx.at) : recorded;
    fillSnapshot(snapshot, history, at);
    const device = history.device;
    let flags = 0;
    if (device.ownership !== 'issued' || snapshot.status !== 'active') flags |= EXACT_NOT_IN_SERVICE;
    const r = ROLE_INDEX[device.role];
    if (r === undefined) flags |= EXACT_ROLE;
    role[i] = r ?? 0;
    platform[i] = device.platform === 'ios' ? 0 : 1;
    const c = snapshot.custody;
    const holderId = c === null ? null : c.holderId;
    holder[i] = holderId === null ? -1 : holders.id(holderId);
    if (lifecycle && (ctx.byDevice.has(device.id) || (holderId !== null && ctx.byPerson.has(holderId)))) {
      flags |= EXACT_LIFECYCLE;
    }
    exact[i] = flags;
    inServiceSince[i] = snapshot.inServiceSinceOrNaN;
    latestPostureAt[i] = snapshot.latestPostureAtOrNaN;
    const inspection = snapshot.lastInspection;
    if (inspection === null) {
      lastInspectionAt[i] = Number.NaN;
      lastInspectionMethod[i] = -1;
      lastInspectionClean[i] = 1;
    } else {
      lastInspectionAt[i] = inspection.at;
      lastInspectionMethod[i] = methods.id(inspection.method);
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
    const ios = device.platform === 'ios';
    const field = ios ? posture.osVersion : posture.patchLevel;
    const value = field === null ? null : ios ? field.osVersion : field.patchLevel;
    version[i] = value === null ? -1 : (ios ? iosVersions : androidVersions).id(value);
    const appsReport = posture.apps;
    const list = appsReport === null ? null : appsReport.apps;
    apps[i] = list === null ? -1 : appLists.id(list);
    const appliedReport = posture.applied;
    const config = appliedReport === null ? null : appliedReport.applied;
    appliedConfig[i] = config === null ? -1 : applied.id(config);
    appliedSource[i] = config === null || appliedReport === null ? -1 : sources.id(appliedReport.source);
  }
  return {
    size: n,
    at: input.at,
    input,
    ctx,
    exact,
    role,
    platform,
    holder,
    holders: holders.values,
    inServiceSince,
    latestPostureAt,
    lastInspectionAt,
    lastInspectionMethod,
    methods: methods.values,
    lastInspectionClean,
    sensors,
    lockdown,
    version,
    versions: [iosVersions.values, androidVersions.values],
    apps,
    appLists: appLists.values,
    appliedConfig,
    applied: applied.values,
    appliedSource,
    sources: sources.values,
  };
}

/** What one protocol asks of one role, read once for the whole pass; caches per distinct value. */
interface RoleCheck {
  readonly protocol: CompiledProtocol;
  readonly role: DeviceRole;
  readonly requirements: CompiledRole | null;
  /** (start + every) + grace is compared with `at` as the rules compare it; NaN: not checked. */
  readonly rotationEvery: number;
  readonly rotationGrace: number;
  readonly inspectionEvery: number;
  readonly inspectionGrace: number;
  /** Per method id: 1 qualifies, 0 not, undefined not asked yet. */
  readonly qualifying: (0 | 1 | undefined)[];
  readonly inspectionMethods: readonly string[];
  /** Per sensor index: 1 when the role requires it disabled and its rule is on. */
  readonly sensorsDisabled: Uint8Array;
  /** Per app list id: 1 when every app is allowed. */
  readonly appsOk: (0 | 1 | undefined)[];
  /** Per platform, per version id: the OS rules that may find something (bits). */
  readonly versionBits: readonly [(number | undefined)[], (number | undefined)[]];
  readonly lockdownRequired: boolean;
  readonly postureMaxAge: number;
  /** Whether the role has these sections. */
  readonly apps: boolean;
  readonly os: boolean;
  /** The bits of the rules that are on. */
  readonly on: number;
  /** Per applied configuration, source and platform ((config * sources + source) * 2 + platform): 1 when it cannot drift. */
  readonly appliedOk: (0 | 1 | undefined)[];
}

function roleCheck(protocol: CompiledProtocol, role: DeviceRole, on: ReadonlySet<string>): RoleCheck {
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
    qualifying: [],
    inspectionMethods: req?.inspection?.methods ?? [],
    sensorsDisabled,
    appsOk: [],
    versionBits: [[], []],
    lockdownRequired: req?.os?.lockdownMode === 'required' && on.has('lockdown.off'),
    postureMaxAge: req?.posture != null && on.has('posture.stale') ? req.posture.maxAge : Number.NaN,
    appliedOk: [],
    apps: req?.apps != null,
    os: req?.os != null,
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
const SENSOR_BITS = SENSORS.map((s) => bit(`sensor.${s}`));
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
 * The rules that may find something on device `i` (which the columns can decide), as bits; 0:
 * none can. A bit may be set in vain (the exact path then finds nothing), never missing.
 */
function mayFind(cols: FleetColumns, i: number, check: RoleCheck): number {
  const at = cols.at;
  let bits = 0;
  if (cols.lastInspectionClean[i] === 0) bits |= FAILED;
  const checkedAt = cols.lastInspectionAt[i] as number;
  const inService = cols.inServiceSince[i] as number;
  if (!Number.isNaN(check.rotationEvery)) {
    if (Number.isNaN(inService) || at > inService + check.rotationEvery + check.rotationGrace)
      bits |= ROTATION;
  }
  if (!Number.isNaN(check.inspectionEvery)) {
    let start = inService;
    let qualifies = true;
    if (!Number.isNaN(checkedAt)) {
      const method = cols.lastInspectionMethod[i] as number;
      let q = check.qualifying[method];
      if (q === undefined) {
        const methods = check.inspectionMethods;
        q = methods.length === 0 || methods.includes(cols.methods[method] as string) ? 1 : 0;
        check.qualifying[method] = q;
      }
      // The latest check does not qualify: an earlier one may; the exact path looks.
      qualifies = q === 1;
      start = checkedAt;
    }
    if (!qualifies || Number.isNaN(start) || at > start + check.inspectionEvery + check.inspectionGrace) {
      bits |= INSPECTION;
    }
  }
  const base = i * SENSORS.length;
  for (let s = 0; s < SENSORS.length; s++) {
    if (check.sensorsDisabled[s] === 1 && cols.sensors[base + s] !== SENSOR_DISABLED)
      bits |= SENSOR_BITS[s] as number;
  }
  if (check.apps) {
    const list = cols.apps[i] as number;
    if (list < 0) bits |= APPS;
    else {
      let ok = check.appsOk[list];
      if (ok === undefined) {
        const allow = check.requirements?.apps?.allow ?? NOTHING_ALLOWED;
        ok = (cols.appLists[list] as readonly string[]).every((app) => allow.has(app)) ? 1 : 0;
        check.appsOk[list] = ok;
      }
      if (ok === 0) bits |= APPS;
    }
  }
  if (check.os) {
    const v = cols.version[i] as number;
    if (v < 0) bits |= OUTDATED | EXPLOITED;
    else {
      const p = cols.platform[i] as 0 | 1;
      const cache = check.versionBits[p];
      let found = cache[v];
      if (found === undefined) {
        found = versionMayFind(check, cols.ctx, p === 0 ? 'ios' : 'android', cols.versions[p][v] as string);
        cache[v] = found;
      }
      bits |= found;
    }
  }
  if (check.lockdownRequired && cols.platform[i] === 0 && cols.lockdown[i] !== LOCKDOWN_ON) bits |= LOCKDOWN;
  if (!Number.isNaN(check.postureMaxAge)) {
    const latest = cols.latestPostureAt[i] as number;
    if (Number.isNaN(latest) || at > latest + check.postureMaxAge) bits |= STALE;
  }
  const config = cols.appliedConfig[i] as number;
  if (config >= 0) {
    const source = cols.appliedSource[i] as number;
    // Intune expects the objects of the device's platform: the platform is part of the key.
    const p = cols.platform[i] as 0 | 1;
    const key = (config * cols.sources.length + source) * 2 + p;
    let ok = check.appliedOk[key];
    if (ok === undefined) {
      const value = cols.applied[config] as AppliedConfiguration;
      const from = cols.sources[source] as string;
      const platform = p === 0 ? 'ios' : 'android';
      ok = driftPossible(check.protocol, check.role, platform, value, from, cols.ctx.pushed) ? 0 : 1;
      check.appliedOk[key] = ok;
    }
    if (ok === 0) bits |= DRIFT;
  }
  return bits;
}

/**
 * A columnar evaluation: the findings (sorted as `EvaluationResult` says) and each device's
 * summary on demand. Compliant devices have no summary object until one is asked for.
 */
export interface ColumnarEvaluation {
  readonly at: Instant;
  readonly findings: readonly Finding[];
  /** How many devices took the exact path (`evaluateDevice`). */
  readonly exactDevices: number;
  summary(i: number): DeviceSummary;
  /** The same result as `evaluateFleet` (summaries built for every device). */
  toResult(): EvaluationResult;
}

export function evaluateColumns(cols: FleetColumns): ColumnarEvaluation {
  const { ctx, input } = cols;
  const everyRuleChecked = ctx.rules.every((r) => CHECKED_RULES.has(r.id));
  const histories = input.devices;
  const n = cols.size;
  const findings: Finding[] = [];
  const summaries: (DeviceSummary | undefined)[] = new Array(n);
  // Per holder: the index of the protocol governing them (-1: none); per protocol and role: its check.
  const protocols: CompiledProtocol[] = [];
  const holderProtocol = Int32Array.from(cols.holders, (id) => {
    const p = ctx.inForce.governing.get(id);
    if (p == null) return -1;
    const k = protocols.indexOf(p);
    return k >= 0 ? k : protocols.push(p) - 1;
  });
  const on = new Set(ctx.rules.map((r) => r.id));
  const checks: RoleCheck[] = [];
  for (const p of protocols) for (const role of DEVICE_ROLES) checks.push(roleCheck(p, role, on));
  // The exact path runs only the rules a device's columns name (the others would find nothing):
  // one context per set of rules, sharing everything else.
  const byRules = new Map<number, EvaluationContext>();
  const ctxFor = (bits: number): EvaluationContext => {
    let c = byRules.get(bits);
    if (c === undefined) {
      c = { ...ctx, rules: ctx.rules.filter((r) => ((BIT[r.id] ?? 0) & bits) !== 0) };
      byRules.set(bits, c);
    }
    return c;
  };
  const protocolOf = new Int32Array(n);
  let exactDevices = 0;
  for (let i = 0; i < n; i++) {
    const h = cols.holder[i] as number;
    const k = h < 0 ? -1 : (holderProtocol[h] as number);
    protocolOf[i] = k;
    let run: EvaluationContext | null = null;
    if (!everyRuleChecked || k < 0 || cols.exact[i] !== 0) run = ctx;
    else {
      const check = checks[k * DEVICE_ROLES.length + (cols.role[i] as number)] as RoleCheck;
      if (check.requirements === null) run = ctx;
      else {
        const bits = mayFind(cols, i, check) & check.on;
        if (bits !== 0) run = ctxFor(bits);
      }
    }
    if (run !== null) {
      summaries[i] = evaluateDevice(histories[i] as DeviceHistory, run, findings);
      exactDevices++;
    }
  }
  evaluatePeople(input, ctx, findings);
  const sort = new FindingsSort(findings);
  sort.step(Number.POSITIVE_INFINITY);
  const sorted = sort.result();
  const summary = (i: number): DeviceSummary => {
    const done = summaries[i];
    if (done !== undefined) return done;
    const h = cols.holder[i] as number;
    return {
      deviceId: (histories[i] as DeviceHistory).device.id,
      personId: h < 0 ? null : (cols.holders[h] as string),
      protocol: (protocols[protocolOf[i] as number] as CompiledProtocol).name,
      role: DEVICE_ROLES[cols.role[i] as number] as DeviceRole,
      verdict: 'compliant',
      reason: null,
      openFindings: 0,
    };
  };
  return {
    at: input.at,
    findings: sorted,
    exactDevices,
    summary,
    toResult(): EvaluationResult {
      const devices: DeviceSummary[] = new Array(n);
      for (let i = 0; i < n; i++) devices[i] = summary(i);
      return {
        at: input.at,
        ...(input.knownAt === undefined ? {} : { knownAt: input.knownAt }),
        findings: sorted,
        devices,
      };
    },
  };
}

/** `evaluateFleet`'s result, through the columns. */
export function evaluateFleetColumnar(
  input: EvaluationInput,
  rules: readonly Rule[] = RULES,
): EvaluationResult {
  return evaluateColumns(buildFleetColumns(input, rules)).toResult();
}
