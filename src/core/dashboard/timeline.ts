/**
 * A principal's timeline, per device: when the person held it, swaps, security checks,
 * refusals, waivers and the protocol's limits, plus a day-by-day series of "days since the last
 * swap / the last qualifying check" the dashboard draws against those limits. Pure: the
 * service loads the facts and compiles the protocols in force; this only shapes them.
 */
import { snapshotAt } from '../compliance/snapshot.ts';
import type { DeviceHistory } from '../compliance/types.ts';
import type { DeviceRole, Inspection, Ownership, Platform, Refusal, Waiver } from '../model.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { DAY, type Instant } from '../time.ts';
import { dayOf } from './history.ts';

/** The protocol governing the person from `from` on (null: none assigned). */
export interface ProtocolPeriod {
  readonly from: Instant;
  readonly protocol: CompiledProtocol | null;
}

export interface Limit {
  readonly from: Instant;
  readonly protocol: string | null;
  readonly version: string | null;
  readonly rotation: { readonly every: number; readonly grace: number } | null;
  readonly inspection: {
    readonly every: number;
    readonly grace: number;
    readonly methods: readonly string[];
  } | null;
}

export interface SeriesPoint {
  /** UTC date; the values are as of the end of that day (or `to` for the last day). */
  readonly date: string;
  readonly at: Instant;
  /** Days since the current service period began (issue, swap-in or reactivation); null if unknown. */
  readonly daysSinceSwap: number | null;
  /** Days since the last check by a method the protocol accepts (or since service began if never). */
  readonly daysSinceCheck: number | null;
  /** The limits then, in days (period plus grace); null when the protocol sets none. */
  readonly swapLimitDays: number | null;
  readonly checkLimitDays: number | null;
}

export interface DeviceTimeline {
  readonly deviceId: string;
  readonly role: DeviceRole;
  readonly platform: Platform;
  readonly model: string;
  readonly serial: string;
  readonly ownership: Ownership;
  /** When the person held the device (custody); `to` null while they still do. */
  readonly servicePeriods: readonly { readonly from: Instant; readonly to: Instant | null }[];
  readonly swaps: readonly {
    readonly at: Instant;
    /** `in`: this device replaced `otherDeviceId`; `out`: it was replaced by it. */
    readonly direction: 'in' | 'out';
    readonly otherDeviceId: string | null;
    readonly performedBy: string;
  }[];
  readonly checks: readonly {
    readonly id: string;
    readonly at: Instant;
    readonly method: string;
    readonly result: string;
    readonly performedBy: string;
    /** Whether the protocol in force then accepts the method as a security check. */
    readonly qualifies: boolean;
  }[];
  readonly refusals: readonly Refusal[];
  readonly waivers: readonly (Waiver & { readonly state: string })[];
  readonly limits: readonly Limit[];
  readonly series: readonly SeriesPoint[];
  /** As of `to`, when the person still holds the device; else null. */
  readonly current: {
    readonly inServiceSince: Instant | null;
    readonly lastCheckAt: Instant | null;
    readonly daysSinceSwap: number | null;
    readonly daysSinceCheck: number | null;
    readonly rotationDueAt: Instant | null;
    readonly checkDueAt: Instant | null;
    readonly rotationOverdue: boolean;
    readonly checkOverdue: boolean;
  } | null;
}

export interface TimelineInput {
  readonly personId: string;
  readonly from: Instant;
  readonly to: Instant;
  readonly histories: readonly DeviceHistory[];
  /** Oldest first; the first should start at or before `from`. */
  readonly protocols: readonly ProtocolPeriod[];
  readonly refusals: readonly Refusal[];
  readonly waivers: readonly (Waiver & { readonly state: string })[];
}

const days = (ms: number) => Math.round((ms / DAY) * 10) / 10;

function protocolAt(periods: readonly ProtocolPeriod[], t: Instant): CompiledProtocol | null {
  let current: CompiledProtocol | null = null;
  for (const p of periods) if (p.from <= t) current = p.protocol;
  return current;
}

function limitOf(protocol: CompiledProtocol | null, role: string, from: Instant): Limit {
  const req = protocol?.roles[role as keyof CompiledProtocol['roles']] ?? null;
  return {
    from,
    protocol: protocol?.name ?? null,
    version: protocol?.version ?? null,
    rotation: req?.rotation == null ? null : { every: req.rotation.every, grace: req.rotation.grace },
    inspection:
      req?.inspection == null
        ? null
        : { every: req.inspection.every, grace: req.inspection.grace, methods: req.inspection.methods },
  };
}

/** The latest check at or before `at` whose method the limit accepts (any method when it lists none). */
function lastQualifying(inspections: readonly Inspection[], at: Instant, methods: readonly string[]) {
  let last: Inspection | null = null;
  for (const i of inspections) {
    if (i.at > at || (methods.length > 0 && !methods.includes(i.method))) continue;
    if (last === null || i.at > last.at || (i.at === last.at && i.id > last.id)) last = i;
  }
  return last;
}

/** Periods in which `personId` held the device, from its custody records. */
function heldPeriods(h: DeviceHistory, personId: string) {
  const custody = [...h.custody].sort((a, b) => a.at - b.at);
  const out: { from: Instant; to: Instant | null }[] = [];
  let open: Instant | null = null;
  for (const c of custody) {
    if (c.holderId === personId) {
      if (open === null) open = c.at;
    } else if (open !== null) {
      out.push({ from: open, to: c.at });
      open = null;
    }
  }
  if (open !== null) out.push({ from: open, to: null });
  return out;
}

export function deviceTimeline(h: DeviceHistory, input: TimelineInput): DeviceTimeline | null {
  const { personId, from, to } = input;
  const periods = heldPeriods(h, personId).filter((p) => p.from <= to && (p.to === null || p.to >= from));
  if (periods.length === 0) return null;
  const id = h.device.id;
  const role = h.device.role;
  const inWindow = (t: Instant) => t >= from && t <= to;

  // Limits: the one in force at `from`, then each change inside the window.
  const limits: Limit[] = [limitOf(protocolAt(input.protocols, from), role, from)];
  for (const p of input.protocols) {
    if (p.from <= from || p.from > to) continue;
    const next = limitOf(p.protocol, role, p.from);
    const prev = limits[limits.length - 1];
    if (prev !== undefined && JSON.stringify({ ...prev, from: 0 }) === JSON.stringify({ ...next, from: 0 }))
      continue;
    limits.push(next);
  }
  const limitAt = (t: Instant): Limit => {
    let l = limits[0] as Limit;
    for (const x of limits) if (x.from <= t) l = x;
    return l;
  };
  const accepts = (method: string, t: Instant) => {
    const m = limitAt(t).inspection?.methods ?? [];
    return m.length === 0 || m.includes(method);
  };

  const held = (t: Instant) => periods.some((p) => p.from <= t && (p.to === null || t < p.to));
  const series: SeriesPoint[] = [];
  let current: DeviceTimeline['current'] = null;
  for (let t = dayOf(from).start; t <= to; t += DAY) {
    const at = Math.min(t + DAY - 1, to);
    if (at < from || !held(at)) continue;
    const snap = snapshotAt(h, at);
    const limit = limitAt(at);
    const methods = limit.inspection?.methods ?? [];
    const check = lastQualifying(h.inspections, at, methods);
    const service = snap.inServiceSince;
    const checkBase = check?.at ?? service;
    const point: SeriesPoint = {
      date: dayOf(at).date,
      at,
      daysSinceSwap: service === null ? null : days(at - service),
      daysSinceCheck: checkBase === null ? null : days(at - checkBase),
      swapLimitDays: limit.rotation === null ? null : days(limit.rotation.every + limit.rotation.grace),
      checkLimitDays:
        limit.inspection === null ? null : days(limit.inspection.every + limit.inspection.grace),
    };
    series.push(point);
    if (at === to) {
      const rotationDueAt =
        service === null || limit.rotation === null ? null : service + limit.rotation.every;
      const checkDueAt =
        checkBase === null || limit.inspection === null ? null : checkBase + limit.inspection.every;
      current = {
        inServiceSince: service,
        lastCheckAt: check?.at ?? null,
        daysSinceSwap: point.daysSinceSwap,
        daysSinceCheck: point.daysSinceCheck,
        rotationDueAt,
        checkDueAt,
        rotationOverdue:
          rotationDueAt !== null && limit.rotation !== null && to > rotationDueAt + limit.rotation.grace,
        checkOverdue:
          checkDueAt !== null && limit.inspection !== null && to > checkDueAt + limit.inspection.grace,
      };
    }
  }

  const byTime = <T extends { at: Instant }>(a: T, b: T) => a.at - b.at;
  return {
    deviceId: id,
    role,
    platform: h.device.platform,
    model: h.device.model,
    serial: h.device.serial,
    ownership: h.device.ownership,
    servicePeriods: periods,
    swaps: h.rotations
      .filter((r) => inWindow(r.at))
      .map((r) => {
        const direction: 'in' | 'out' = r.newDeviceId === id && r.oldDeviceId !== id ? 'in' : 'out';
        return {
          at: r.at,
          direction,
          otherDeviceId: direction === 'in' ? r.oldDeviceId : r.newDeviceId,
          performedBy: r.performedBy,
        };
      })
      .sort(byTime),
    checks: h.inspections
      .filter((i) => inWindow(i.at))
      .map((i) => ({
        id: i.id,
        at: i.at,
        method: i.method,
        result: i.result,
        performedBy: i.performedBy,
        qualifies: accepts(i.method, i.at),
      }))
      .sort(byTime),
    // A refusal or waiver naming no device concerns all of the person's devices.
    refusals: input.refusals
      .filter((r) => (r.deviceId === null || r.deviceId === id) && inWindow(r.at))
      .sort(byTime),
    waivers: input.waivers
      .filter(
        (w) =>
          ('personId' in w.scope || w.scope.deviceId === id) &&
          w.requestedAt <= to &&
          Math.min(w.expiresAt, w.endedAt ?? Number.POSITIVE_INFINITY) >= from,
      )
      .sort((a, b) => a.requestedAt - b.requestedAt),
    limits,
    series,
    current,
  };
}

/** Every device the person held at some point of the window, by id. */
export function personTimeline(input: TimelineInput): DeviceTimeline[] {
  return input.histories
    .map((h) => deviceTimeline(h, input))
    .filter((d): d is DeviceTimeline => d !== null)
    .sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
}
