/** Swaps, refusals and waivers: current-state rows plus append-only transition histories. */
import { and, asc, desc, eq, inArray, lte, notInArray, or, type SQL } from 'drizzle-orm';
import {
  SWAP_TERMINAL_STATES,
  type Swap,
  type SwapState,
  type SwapTransition,
} from '../../../core/lifecycle/swap.ts';
import {
  type WaiverRecord,
  type WaiverState,
  type WaiverTransition,
  waiverAsOf,
} from '../../../core/lifecycle/waiver.ts';
import type { Refusal, Waiver } from '../../../core/model.ts';
import type { Instant } from '../../../core/time.ts';
import type { RefusalFilter, RefusalRepository } from '../../../services/refusals/ports.ts';
import type { SwapFilter, SwapRepository } from '../../../services/swaps/ports.ts';
import type { WaiverFilter, WaiverRepository } from '../../../services/waivers/ports.ts';
import { refusals, swapEvents, swaps, waiverEvents, waivers } from '../schema.ts';
import { guard, type Tx } from './support.ts';
import { stateMachineStore } from './transition-log.ts';

type SwapRow = typeof swaps.$inferSelect;
type WaiverRow = typeof waivers.$inferSelect;

function toSwap(r: SwapRow): Swap {
  return {
    id: r.id,
    oldDeviceId: r.oldDeviceId,
    personId: r.personId,
    state: r.state as SwapState,
    dueAt: r.dueAt,
    stageBy: r.stageBy,
    newDeviceId: r.newDeviceId,
    custody: { old: r.custodyOld, new: r.custodyNew },
    rotationId: r.rotationId,
    inspectionId: r.inspectionId,
    refusalId: r.refusalId,
    reason: r.reason,
    plannedAt: r.plannedAt,
    plannedBy: r.plannedBy,
    updatedAt: r.updatedAt,
  };
}

function swapRow(s: Swap): SwapRow {
  return {
    id: s.id,
    oldDeviceId: s.oldDeviceId,
    personId: s.personId,
    state: s.state,
    dueAt: s.dueAt,
    stageBy: s.stageBy,
    newDeviceId: s.newDeviceId,
    custodyOld: s.custody.old,
    custodyNew: s.custody.new,
    rotationId: s.rotationId,
    inspectionId: s.inspectionId,
    refusalId: s.refusalId,
    reason: s.reason,
    plannedAt: s.plannedAt,
    plannedBy: s.plannedBy,
    updatedAt: s.updatedAt,
  };
}

function toWaiver(r: WaiverRow): WaiverRecord {
  return {
    id: r.id,
    rule: r.rule,
    scope: r.deviceId !== null ? { deviceId: r.deviceId } : { personId: r.personId ?? '' },
    reason: r.reason,
    risk: r.risk,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    recordedAt: r.requestedRecordedAt,
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt,
    approvalRecordedAt: r.approvalRecordedAt,
    startsAt: r.startsAt,
    expiresAt: r.expiresAt,
    endedAt: r.endedAt,
    endRecordedAt: r.endRecordedAt,
    endedBy: r.endedBy,
    endReason: r.endReason,
    state: r.state as WaiverState,
  };
}

function waiverRow(w: WaiverRecord): WaiverRow {
  return {
    id: w.id,
    rule: w.rule,
    deviceId: 'deviceId' in w.scope ? w.scope.deviceId : null,
    personId: 'personId' in w.scope ? w.scope.personId : null,
    reason: w.reason,
    risk: w.risk,
    requestedBy: w.requestedBy,
    requestedAt: w.requestedAt,
    requestedRecordedAt: w.recordedAt,
    approvedBy: w.approvedBy,
    approvedAt: w.approvedAt,
    approvalRecordedAt: w.approvalRecordedAt,
    startsAt: w.startsAt,
    expiresAt: w.expiresAt,
    endedAt: w.endedAt,
    endRecordedAt: w.endRecordedAt,
    endedBy: w.endedBy,
    endReason: w.endReason,
    state: w.state,
  };
}

/** A swap's or waiver's transition as logged: when it took effect, and when it was recorded. */
const logged = (t: SwapTransition | WaiverTransition) => ({
  from: t.from,
  to: t.to,
  command: t.command,
  at: t.at,
  recordedAt: t.recordedAt ?? t.at,
  actor: t.actor,
  details: t.details,
});

/** A first transition (from nothing) applied to a stored row: no state matches, so it is refused. */
const NEVER = '';

export function swapRepository(db: Tx): SwapRepository {
  const store = stateMachineStore(db, {
    current: swaps,
    id: swaps.id,
    state: swaps.state,
    log: swapEvents,
    violations: (id) => ({
      unique: { code: 'SWAP_EXISTS', message: `A swap with id ${id} already exists.`, path: 'id' },
    }),
    stale: 'SWAP_TRANSITION_INVALID',
    noun: 'swap',
  });
  return {
    async insert(swap, transition) {
      await store.insert(swapRow(swap), swap.id, [logged(transition)]);
    },
    async apply(swap, transition) {
      const { id, ...rest } = swapRow(swap);
      await store.apply(id, transition.from ?? NEVER, rest, [logged(transition)]);
    },
    async get(id, forUpdate = false) {
      const row = await store.get(id, forUpdate);
      return row === null ? null : toSwap(row);
    },
    async list(filter: SwapFilter = {}) {
      const where: SQL[] = [];
      if (filter.state !== undefined) where.push(eq(swaps.state, filter.state));
      if (filter.open === true) where.push(notInArray(swaps.state, [...SWAP_TERMINAL_STATES]));
      if (filter.deviceId !== undefined) {
        where.push(or(eq(swaps.oldDeviceId, filter.deviceId), eq(swaps.newDeviceId, filter.deviceId)) as SQL);
      }
      const rows = await db
        .select()
        .from(swaps)
        .where(and(...where))
        .orderBy(asc(swaps.plannedAt), asc(swaps.id));
      return rows.map(toSwap);
    },
    async transitions(swapId) {
      return (await store.history([swapId])).map(
        (r): SwapTransition => ({
          swapId,
          from: r.from as SwapState | null,
          to: r.to as SwapState,
          command: r.command as SwapTransition['command'],
          at: r.at,
          actor: r.actor,
          details: r.details,
        }),
      );
    },
  };
}

export function refusalRepository(db: Tx): RefusalRepository {
  return {
    async insert(refusal) {
      await guard(db.insert(refusals).values({ ...refusal }), {
        unique: {
          code: 'REFUSAL_INVALID',
          message: `A refusal with id ${refusal.id} already exists.`,
          path: 'id',
        },
      });
    },
    async list(filter: RefusalFilter = {}) {
      const where: SQL[] = [];
      if (filter.personId !== undefined) where.push(eq(refusals.personId, filter.personId));
      if (filter.deviceId !== undefined) where.push(eq(refusals.deviceId, filter.deviceId));
      return db
        .select()
        .from(refusals)
        .where(and(...where))
        .orderBy(desc(refusals.at), desc(refusals.id));
    },
  };
}

export function waiverRepository(db: Tx): WaiverRepository {
  const store = stateMachineStore(db, {
    current: waivers,
    id: waivers.id,
    state: waivers.state,
    log: waiverEvents,
    violations: (id) => ({
      unique: { code: 'WAIVER_INVALID', message: `A waiver with id ${id} already exists.`, path: 'id' },
      check: {
        code: 'WAIVER_INVALID',
        message: 'A waiver needs exactly one scope and must start before it expires.',
      },
    }),
    stale: 'WAIVER_TRANSITION_INVALID',
    noun: 'waiver',
  });
  return {
    async insert(waiver, transition) {
      await store.insert(waiverRow(waiver), waiver.id, [logged(transition)]);
    },
    async apply(waiver, transition) {
      const { id, ...rest } = waiverRow(waiver);
      await store.apply(id, transition.from ?? NEVER, rest, [logged(transition)]);
    },
    async get(id, forUpdate = false) {
      const row = await store.get(id, forUpdate);
      return row === null ? null : toWaiver(row);
    },
    async list(filter: WaiverFilter = {}) {
      const where: SQL[] = [];
      if (filter.state !== undefined) where.push(eq(waivers.state, filter.state));
      if (filter.deviceId !== undefined) where.push(eq(waivers.deviceId, filter.deviceId));
      if (filter.personId !== undefined) where.push(eq(waivers.personId, filter.personId));
      if (filter.rule !== undefined) where.push(eq(waivers.rule, filter.rule));
      const rows = await db
        .select()
        .from(waivers)
        .where(and(...where))
        .orderBy(asc(waivers.requestedAt), asc(waivers.id));
      return rows.map(toWaiver);
    },
    async transitions(waiverId) {
      return (await store.history([waiverId])).map(
        (r): WaiverTransition => ({
          waiverId,
          from: r.from as WaiverState | null,
          to: r.to as WaiverState,
          command: r.command as WaiverTransition['command'],
          at: r.at,
          actor: r.actor,
          details: r.details,
        }),
      );
    },
  };
}

/**
 * For the fleet reader: refusals effective at or before `at` (whenever recorded: the evaluator
 * decides what was known when), and waivers requested by then as they stood then.
 */
/** The waivers named, as `workflowFactsAt(at)` gives them (those requested by `at`). */
function toRefusalFact(r: typeof refusals.$inferSelect): Refusal {
  return {
    id: r.id,
    personId: r.personId,
    deviceId: r.deviceId,
    action: r.action,
    rule: r.rule,
    at: r.at,
    reason: r.reason,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
  };
}

export async function waiversAt(db: Tx, ids: readonly string[], at: Instant): Promise<Waiver[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(waivers)
    .where(and(inArray(waivers.id, [...ids]), lte(waivers.requestedAt, at)))
    .orderBy(asc(waivers.requestedAt), asc(waivers.id));
  return rows.map((r) => waiverAsOf(toWaiver(r), at));
}

/** The refusals named, as `workflowFactsAt(at)` gives them (those effective after `at` left out). */
export async function refusalsAt(db: Tx, ids: readonly string[], at: Instant): Promise<Refusal[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(refusals)
    .where(and(inArray(refusals.id, [...ids]), lte(refusals.at, at)))
    .orderBy(asc(refusals.at), asc(refusals.id));
  return rows.map(toRefusalFact);
}

export async function workflowFactsAt(
  db: Tx,
  at: Instant,
): Promise<{ refusals: Refusal[]; waivers: Waiver[] }> {
  const refusalRows = await db
    .select()
    .from(refusals)
    .where(lte(refusals.at, at))
    .orderBy(asc(refusals.at), asc(refusals.id));
  const waiverRows = await db
    .select()
    .from(waivers)
    .where(lte(waivers.requestedAt, at))
    .orderBy(asc(waivers.requestedAt), asc(waivers.id));
  return {
    refusals: refusalRows.map(toRefusalFact),
    waivers: waiverRows.map((r) => waiverAsOf(toWaiver(r), at)),
  };
}
