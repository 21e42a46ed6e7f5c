/**
 * The fleet document's history sections (assignments, swaps, refusals, waivers, incidents,
 * detections, acknowledgements): their checks and their writes.
 *
 * Checks: every instant is past (INSTANT_IN_FUTURE) and not before its subject existed
 * (INSTANT_BEFORE_SUBJECT); every reference resolves; each entry's steps are in order.
 * Writes: through the lifecycle services' `…InTx` functions, each run with the instant the step
 * happened as its "now", so the same state machines and validations apply as to a live command.
 * Their audit events are stamped with the import instant (when Vigil learned of them) and carry
 * the effective instant; the notices they would queue are dropped (history is not news).
 */

import { type ErrorDetail, VigilError } from '../../core/errors.ts';
import { ruleForAction } from '../../core/lifecycle/refusal.ts';
import { applySwap, type DeviceFacts, planSwap, type Swap } from '../../core/lifecycle/swap.ts';
import { applyWaiver, requestWaiver, type WaiverRecord } from '../../core/lifecycle/waiver.ts';
import { normalizeIdentifier } from '../../core/lifecycle/zone.ts';
import type { Device, DeviceStatus, Person } from '../../core/model.ts';
import { noProtocolNamed } from '../../core/protocol/names.ts';
import { type Instant, parseInstant, toIso } from '../../core/time.ts';
import type { AuditEventInput } from '../audit/ports.ts';
import { RULE_IDS } from '../compliance/compliance.service.ts';
import { closeIncidentInTx, openIncidentInTx, updateStepInTx } from '../incidents/incident.service.ts';
import { assignInTx } from '../inventory/inventory.service.ts';
import type { CommandContext, Tx } from '../kernel/command-service.ts';
import { effectiveInstant } from '../kernel/instant.ts';
import { unwrap } from '../kernel/outcome.ts';
import type { IdSource } from '../kernel/ports.ts';
import { compileInForce } from '../protocols/protocol.service.ts';
import { recordRefusalInTx } from '../refusals/refusal.service.ts';
import { storeSwapStepInTx } from '../swaps/swap.service.ts';
import { storeWaiverStepInTx, waiverPolicyInTx } from '../waivers/waiver.service.ts';
import { acknowledgeInTx, recordDetectionInTx } from '../zones/zone.service.ts';
import { type FleetDocument, PAST_INSTANT_KEYS } from './document.ts';

/** The repositories the history sections write. */
export type HistoryReach =
  | 'assignments'
  | 'audit'
  | 'devices'
  | 'incidents'
  | 'inspections'
  | 'outbox'
  | 'people'
  | 'protocols'
  | 'refusals'
  | 'rotations'
  | 'swaps'
  | 'tokens'
  | 'users'
  | 'waivers'
  | 'zones';

const at = (text: string): Instant => parseInstant(text) ?? Number.NaN;

/** Every past instant of the document (by key, see PAST_INSTANT_KEYS) that is after `now`. */
export function futureInstantProblems(doc: unknown, now: Instant): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, String(i)]);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (PAST_INSTANT_KEYS.has(k) && typeof v === 'string') {
          const t = parseInstant(v);
          if (t !== null && t > now)
            problems.push({
              path: [...path, k].join('.'),
              code: 'INSTANT_IN_FUTURE',
              message: `${v} is after the import instant (${toIso(now)}): the document records the past`,
            });
        } else walk(v, [...path, k]);
      }
    }
  };
  walk(doc, []);
  return problems;
}

/** When each subject of the document came to exist, as far as the document or storage says. */
interface Starts {
  readonly person: (id: string) => Instant | undefined;
  readonly device: (id: string) => Instant | undefined;
}

function startsOf(doc: FleetDocument, storedDevices: ReadonlyMap<string, Device>): Starts {
  const devices = new Map<string, Instant>();
  for (const d of doc.devices ?? []) {
    const instants = [
      d.issuedAt,
      ...(d.statuses ?? []).map((s) => s.at),
      ...(d.custody ?? []).map((c) => c.at),
    ]
      .filter((x): x is string => typeof x === 'string')
      .map(at);
    if (instants.length > 0) devices.set(d.id, Math.min(...instants));
  }
  const people = new Map<string, Instant>();
  for (const p of doc.people ?? []) {
    // A person's own start, when the document gives one.
    const since = (p as { since?: unknown }).since;
    if (typeof since === 'string') people.set(p.id, at(since));
  }
  return {
    person: (id) => people.get(id),
    device: (id) => devices.get(id) ?? storedDevices.get(id)?.issuedAt ?? undefined,
  };
}

/** `effectiveInstant`'s refusals, as problems at `path`. */
function instantProblem(
  problems: ErrorDetail[],
  path: string,
  text: string,
  now: Instant,
  notBefore?: { at: Instant | undefined; subject: string },
): void {
  try {
    const bound = notBefore?.at === undefined ? undefined : { at: notBefore.at, subject: notBefore.subject };
    effectiveInstant(at(text), now, bound);
  } catch (e) {
    if (!(e instanceof VigilError)) throw e;
    // The future is reported once, by futureInstantProblems.
    if (e.code === 'INSTANT_BEFORE_SUBJECT') problems.push({ path, code: e.code, message: e.message });
  }
}

/** `b` not before `a`: the steps of one entry happen in order. */
function orderProblem(problems: ErrorDetail[], path: string, before: string, after: string, what: string) {
  if (at(after) < at(before)) problems.push({ path, message: `${after} is before ${what} (${before})` });
}

interface Known {
  readonly person: (id: string) => Person | { readonly kind: string } | undefined;
  readonly device: (id: string) => boolean;
  readonly protocol: (name: string) => boolean;
  readonly protocolNames: Iterable<string>;
  readonly storedDevices: ReadonlyMap<string, Device>;
}

/** Reference, order and subject checks of the history sections; `now` is the import instant. */
export async function historyProblems(
  tx: Tx<'protocols'>,
  doc: FleetDocument,
  known: Known,
  now: Instant,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const starts = startsOf(doc, known.storedDevices);
  const person = (path: string, id: string) => {
    if (known.person(id) === undefined) problems.push({ path, message: `no person has the id ${id}` });
  };
  const device = (path: string, id: string) => {
    if (!known.device(id)) problems.push({ path, message: `no device has the id ${id}` });
  };
  const personStart = (id: string) => ({ at: starts.person(id), subject: `person ${id}` });
  const deviceStart = (id: string) => ({ at: starts.device(id), subject: `device ${id}` });

  // Existing sections: nothing observed of a device before it existed.
  (doc.posture ?? []).forEach((p, i) => {
    instantProblem(problems, `posture.${i}.observedAt`, p.observedAt, now, deviceStart(p.deviceId));
  });
  (doc.inspections ?? []).forEach((x, i) => {
    instantProblem(problems, `inspections.${i}.at`, x.at, now, deviceStart(x.deviceId));
  });

  const withProtocol = new Set((doc.people ?? []).filter((p) => p.protocol != null).map((p) => p.id));
  const periods = new Map<string, { from: Instant; until: Instant; index: number }[]>();
  (doc.assignments ?? []).forEach((a, i) => {
    const path = `assignments.${i}`;
    person(`${path}.personId`, a.personId);
    if (withProtocol.has(a.personId))
      problems.push({
        path: `${path}.personId`,
        message: `person ${a.personId} has a protocol in people[]: give it there or in assignments, not both`,
      });
    if (a.protocol !== null && !known.protocol(a.protocol))
      problems.push({ path: `${path}.protocol`, message: noProtocolNamed(a.protocol, known.protocolNames) });
    instantProblem(problems, `${path}.at`, a.at, now, personStart(a.personId));
    if (a.until !== undefined && at(a.until) <= at(a.at))
      problems.push({ path: `${path}.until`, message: `${a.until} is not after its start (${a.at})` });
    const list = periods.get(a.personId) ?? [];
    for (const other of list) {
      const from = at(a.at);
      const until = a.until === undefined ? Number.POSITIVE_INFINITY : at(a.until);
      if (from < other.until && other.from < until)
        problems.push({
          path: `${path}.at`,
          message: `overlaps assignments.${other.index} of the same person`,
        });
    }
    list.push({
      from: at(a.at),
      until: a.until === undefined ? Number.POSITIVE_INFINITY : at(a.until),
      index: i,
    });
    periods.set(a.personId, list);
  });

  (doc.refusals ?? []).forEach((r, i) => {
    const path = `refusals.${i}`;
    person(`${path}.personId`, r.personId);
    if (r.deviceId != null) device(`${path}.deviceId`, r.deviceId);
    const rule = r.rule ?? ruleForAction(r.action);
    if (rule === null)
      problems.push({ path: `${path}.rule`, message: `name the rule a refused "${r.action}" leaves unmet` });
    else if (!RULE_IDS.has(rule))
      problems.push({ path: `${path}.rule`, message: `no compliance rule has the id ${rule}` });
    instantProblem(problems, `${path}.at`, r.at, now, personStart(r.personId));
    if (r.deviceId != null) instantProblem(problems, `${path}.at`, r.at, now, deviceStart(r.deviceId));
  });

  (doc.waivers ?? []).forEach((w, i) => {
    const path = `waivers.${i}`;
    if (!RULE_IDS.has(w.rule))
      problems.push({ path: `${path}.rule`, message: `no compliance rule has the id ${w.rule}` });
    const subject = w.deviceId !== undefined ? deviceStart(w.deviceId) : personStart(w.personId ?? '');
    if (w.deviceId !== undefined) device(`${path}.deviceId`, w.deviceId);
    if (w.personId !== undefined) person(`${path}.personId`, w.personId);
    instantProblem(problems, `${path}.requested.at`, w.requested.at, now, subject);
    if (w.approved)
      orderProblem(problems, `${path}.approved.at`, w.requested.at, w.approved.at, 'its request');
    if (w.rejected)
      orderProblem(problems, `${path}.rejected.at`, w.requested.at, w.rejected.at, 'its request');
    if (w.revoked && w.approved)
      orderProblem(problems, `${path}.revoked.at`, w.approved.at, w.revoked.at, 'its approval');
  });

  (doc.swaps ?? []).forEach((s, i) => {
    const path = `swaps.${i}`;
    device(`${path}.deviceId`, s.deviceId);
    instantProblem(problems, `${path}.planned.at`, s.planned.at, now, deviceStart(s.deviceId));
    let previous = s.planned.at;
    (s.steps ?? []).forEach((step, j) => {
      orderProblem(problems, `${path}.steps.${j}.at`, previous, step.at, 'the step before it');
      previous = step.at;
      if (step.type === 'stage') {
        device(`${path}.steps.${j}.replacementId`, step.replacementId);
        if (step.holderId != null) person(`${path}.steps.${j}.holderId`, step.holderId);
      }
      if (step.type === 'decline') person(`${path}.steps.${j}.declinedBy`, step.declinedBy);
    });
  });

  (doc.incidents ?? []).forEach((x, i) => {
    const path = `incidents.${i}`;
    x.deviceIds.forEach((id, j) => {
      device(`${path}.deviceIds.${j}`, id);
      instantProblem(problems, `${path}.opened.at`, x.opened.at, now, deviceStart(id));
    });
    (x.personIds ?? []).forEach((id, j) => {
      person(`${path}.personIds.${j}`, id);
    });
    let previous = x.opened.at;
    (x.steps ?? []).forEach((step, j) => {
      orderProblem(problems, `${path}.steps.${j}.at`, previous, step.at, 'the step before it');
      previous = step.at;
    });
    if (x.closed) orderProblem(problems, `${path}.closed.at`, previous, x.closed.at, 'its last step');
  });

  const versions = await tx.protocols.listVersions();
  const declared = (facility: string, when: string) =>
    [...compileInForce(versions, at(when)).values()].some((p) => p.facilities.some((f) => f.id === facility));
  const byIdentifier = new Map<string, string>();
  for (const d of doc.devices ?? []) {
    if (d.imei != null) byIdentifier.set(`imei:${d.imei}`, d.id);
    byIdentifier.set(`serial:${d.serial}`, d.id);
  }
  (doc.detections ?? []).forEach((d, i) => {
    const path = `detections.${i}`;
    if (!declared(d.facility, d.at))
      problems.push({
        path: `${path}.facility`,
        message: `no protocol in force at ${d.at} declares the facility ${d.facility}`,
      });
    let identifier: string;
    try {
      identifier = normalizeIdentifier(d.identifier);
    } catch (e) {
      if (!(e instanceof VigilError)) throw e;
      problems.push({ path: `${path}.identifier`, message: e.message });
      return;
    }
    const deviceId = byIdentifier.get(identifier);
    if (deviceId !== undefined) instantProblem(problems, `${path}.at`, d.at, now, deviceStart(deviceId));
  });

  (doc.acknowledgements ?? []).forEach((a, i) => {
    const path = `acknowledgements.${i}`;
    person(`${path}.personId`, a.personId);
    if (!declared(a.facility, a.at))
      problems.push({
        path: `${path}.facility`,
        message: `no protocol in force at ${a.at} declares the facility ${a.facility}`,
      });
    instantProblem(problems, `${path}.at`, a.at, now, personStart(a.personId));
  });
  return problems;
}

/**
 * The transaction as the history writes see it: audit events stamped with the import instant
 * (`recordedAt`), carrying the instant the fact took effect; notices dropped.
 */
function backdated<K extends HistoryReach>(
  tx: Tx<K | 'audit' | 'outbox'>,
  recordedAt: Instant,
): Tx<K | 'audit' | 'outbox'> {
  const stamp = (e: AuditEventInput): AuditEventInput => ({
    ...e,
    at: recordedAt,
    payload: {
      ...e.payload,
      // The payload's own `at`, where it has one, is the instant the fact took effect.
      effectiveAt: typeof e.payload.at === 'string' ? e.payload.at : toIso(e.at),
      recordedAt: toIso(recordedAt),
    },
  });
  const audit: Tx<'audit'>['audit'] = {
    ...tx.audit,
    append: (e) => tx.audit.append(stamp(e)),
    appendMany: (es) => tx.audit.appendMany(es.map(stamp)),
  };
  const outbox: Tx<'outbox'>['outbox'] = { ...tx.outbox, enqueue: async () => false };
  return new Proxy(tx, {
    get(target, key, receiver) {
      if (key === 'audit') return audit;
      if (key === 'outbox') return outbox;
      return Reflect.get(target, key, receiver);
    },
  });
}

/** A device's status and custody as of `t`, from its recorded history. */
async function factsAt(tx: Tx<'devices'>, id: string, t: Instant): Promise<DeviceFacts> {
  const device = await tx.devices.get(id);
  if (device === null) throw new VigilError('SWAP_INVALID', `no device has the id ${id}`);
  let status = null;
  for (const s of await tx.devices.statuses(id)) if (s.at <= t) status = s.status;
  let custody = null;
  for (const c of await tx.devices.custody(id))
    if (c.at <= t) custody = { holderId: c.holderId, location: c.location };
  return { id, ownership: device.ownership, status, custody };
}

/**
 * Writes the history sections in time-independent order (assignments first: the protocols in
 * force decide waiver and acknowledgement policies). A refusal by a lifecycle function becomes a
 * problem at the entry's path; the caller refuses the whole import when any is returned.
 */
export async function writeHistoryInTx(
  txIn: Tx<HistoryReach>,
  doc: FleetDocument,
  ctx: CommandContext,
  ids: IdSource,
): Promise<ErrorDetail[]> {
  const tx = backdated(txIn, ctx.now);
  const problems: ErrorDetail[] = [];
  const as = (step: { at: string; by?: string | undefined }): CommandContext => ({
    actor: step.by ?? ctx.actor,
    now: at(step.at),
  });
  // Who recorded a step, and when: the import instant, kept beside the step's own `at`.
  const rec = (step: { by?: string | undefined }): CommandContext => ({
    actor: step.by ?? ctx.actor,
    now: ctx.now,
  });
  const attempt = async (path: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      return true;
    } catch (e) {
      if (!(e instanceof VigilError)) throw e;
      const details = e.details ?? [];
      if (details.length === 0) problems.push({ path, code: e.code, message: e.message });
      for (const d of details)
        problems.push({ ...d, path: `${path}.${d.path}`, code: e.code, message: d.message });
      return false;
    }
  };

  // Assignments: per person in time order; an end is an assignment of null unless another starts
  // then. Each takes its own effective instant and is recorded at the import instant.
  const byPerson = new Map<string, NonNullable<FleetDocument['assignments']>>();
  for (const a of doc.assignments ?? []) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a]);
  for (const [personId, list] of byPerson) {
    const sorted = [...list].sort((a, b) => at(a.at) - at(b.at));
    for (const [j, a] of sorted.entries()) {
      const i = (doc.assignments ?? []).indexOf(a);
      await attempt(`assignments.${i}`, async () => {
        await assignInTx(tx, personId, a.protocol, at(a.at), ctx);
        const next = sorted[j + 1];
        if (a.until !== undefined && (next === undefined || at(next.at) !== at(a.until)))
          await assignInTx(tx, personId, null, at(a.until), ctx);
      });
    }
  }

  for (const [i, s] of (doc.swaps ?? []).entries()) {
    const path = `swaps.${i}`;
    let swap: Swap | null = null;
    const statuses = async (t: Instant) => {
      const out: Record<string, DeviceStatus | null> = {};
      for (const id of [s.deviceId, swap?.newDeviceId ?? null])
        if (id !== null) out[id] = (await factsAt(tx, id, t)).status;
      return out;
    };
    const planned = await attempt(`${path}.planned`, async () => {
      const c = as(s.planned);
      const step = planSwap(
        {
          id: s.id,
          oldDevice: await factsAt(tx, s.deviceId, c.now),
          dueAt: s.dueAt == null ? null : at(s.dueAt),
          stageBy: s.stageBy == null ? null : at(s.stageBy),
          actor: c.actor,
        },
        c.now,
      );
      // Recorded as of the step, as before: as-of evaluation reads the refusal a decline causes.
      swap = await storeSwapStepInTx(tx, unwrap(step), c);
    });
    if (!planned) continue;
    for (const [j, st] of (s.steps ?? []).entries()) {
      const ok = await attempt(`${path}.steps.${j}`, async () => {
        const c = as(st);
        const current = swap as Swap;
        const base = { actor: c.actor, statuses: await statuses(c.now) };
        let step: ReturnType<typeof applySwap>;
        if (st.type === 'stage') {
          const replacement = await factsAt(tx, st.replacementId, c.now);
          const custody =
            st.holderId == null && st.location == null
              ? undefined
              : { holderId: st.holderId ?? null, location: st.location ?? null };
          step = applySwap(
            current,
            {
              ...base,
              statuses: { ...base.statuses, [replacement.id]: replacement.status },
              type: 'stage',
              replacement,
              ...(custody === undefined ? {} : { custody }),
            },
            c.now,
          );
        } else if (st.type === 'decline') {
          step = applySwap(
            current,
            {
              ...base,
              type: 'decline',
              refusalId: st.refusalId ?? ids.next('ref'),
              declinedBy: st.declinedBy,
              reason: st.reason,
            },
            c.now,
          );
        } else step = applySwap(current, { ...base, type: 'cancel', reason: st.reason }, c.now);
        swap = await storeSwapStepInTx(tx, unwrap(step), c);
      });
      if (!ok) break;
    }
  }

  for (const [i, r] of (doc.refusals ?? []).entries()) {
    await attempt(`refusals.${i}`, async () => {
      const rule = r.rule ?? ruleForAction(r.action) ?? '';
      const c = as(r);
      await recordRefusalInTx(
        tx,
        {
          id: r.id ?? ids.next('ref'),
          personId: r.personId,
          deviceId: r.deviceId ?? null,
          action: r.action,
          rule,
          at: c.now,
          reason: r.reason,
          recordedBy: c.actor,
          recordedAt: ctx.now,
          swapId: null,
        },
        c,
      );
    });
  }

  for (const [i, w] of (doc.waivers ?? []).entries()) {
    const path = `waivers.${i}`;
    const scope = w.deviceId !== undefined ? { deviceId: w.deviceId } : { personId: w.personId ?? '' };
    let record: WaiverRecord | null = null;
    const requested = await attempt(`${path}.requested`, async () => {
      const c = as(w.requested);
      const { exists, policy } = await waiverPolicyInTx(tx, scope, c.now);
      const step = requestWaiver(
        {
          id: w.id,
          rule: w.rule,
          scope,
          reason: w.reason,
          risk: w.risk,
          startsAt: w.startsAt === undefined ? c.now : at(w.startsAt),
          expiresAt: at(w.expiresAt),
          actor: c.actor,
        },
        { ruleIds: RULE_IDS, scopeExists: exists, policy },
        c.now,
        ctx.now,
      );
      if ((await tx.waivers.get(w.id)) !== null)
        throw new VigilError('WAIVER_INVALID', `a waiver with id ${w.id} already exists`);
      record = await storeWaiverStepInTx(tx, unwrap(step), c);
    });
    if (!requested) continue;
    const apply = async (key: 'approved' | 'rejected' | 'revoked') => {
      const s = w[key];
      if (s === undefined) return true;
      return attempt(`${path}.${key}`, async () => {
        const c = as(s);
        const current = record as WaiverRecord;
        const cmd =
          key === 'approved'
            ? {
                type: 'approve' as const,
                actor: c.actor,
                role: w.approved?.role ?? 'officer',
                policy: (await waiverPolicyInTx(tx, scope, c.now)).policy,
              }
            : {
                type: key === 'rejected' ? ('reject' as const) : ('revoke' as const),
                actor: c.actor,
                reason: (s as { reason: string }).reason,
              };
        record = await storeWaiverStepInTx(tx, unwrap(applyWaiver(current, cmd, c.now, ctx.now)), c);
      });
    };
    if (await apply('rejected')) if (await apply('approved')) await apply('revoked');
  }

  for (const [i, x] of (doc.incidents ?? []).entries()) {
    const path = `incidents.${i}`;
    const opened = await attempt(`${path}.opened`, () =>
      openIncidentInTx(
        tx,
        x.id,
        {
          deviceIds: x.deviceIds,
          ...(x.personIds === undefined ? {} : { personIds: x.personIds }),
          compromise: x.compromise,
          ...(x.severity === undefined ? {} : { severity: x.severity }),
          summary: x.summary,
          inspectionId: x.inspectionId ?? null,
          at: x.opened.at,
        },
        rec(x.opened),
      ),
    );
    if (!opened) continue;
    for (const [j, s] of (x.steps ?? []).entries()) {
      const ok = await attempt(`${path}.steps.${j}`, () =>
        updateStepInTx(tx, x.id, s.stepId, { status: s.status, reason: s.reason ?? null, at: s.at }, rec(s)),
      );
      if (!ok) break;
    }
    if (x.closed !== undefined) {
      const closed = x.closed;
      await attempt(`${path}.closed`, () =>
        closeIncidentInTx(
          tx,
          x.id,
          { resolution: closed.resolution, note: closed.note ?? null, at: closed.at },
          rec(closed),
        ),
      );
    }
  }

  for (const [i, d] of (doc.detections ?? []).entries()) {
    // Received at the import instant; seen at `at` (the function reads both).
    await attempt(`detections.${i}`, () =>
      recordDetectionInTx(
        tx,
        ids.next('det'),
        {
          facility: d.facility,
          identifier: d.identifier,
          at: d.at,
          ...(d.source === undefined ? {} : { source: d.source }),
        },
        { actor: ctx.actor, now: ctx.now },
      ),
    );
  }

  for (const [i, a] of (doc.acknowledgements ?? []).entries()) {
    await attempt(`acknowledgements.${i}`, () =>
      acknowledgeInTx(
        tx,
        a.personId,
        {
          facility: a.facility,
          ...(a.policyVersion === undefined ? {} : { policyVersion: a.policyVersion }),
          at: a.at,
        },
        rec({ by: `person:${a.personId}` }),
      ),
    );
  }
  return problems;
}
