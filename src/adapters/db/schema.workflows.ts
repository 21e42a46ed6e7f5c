/**
 * Tables for swaps, refusals and waivers. Re-exported by schema.ts. This file cannot
 * import from schema.ts (a cycle: schema.ts re-exports it), so it declares its own `instant`
 * column type, the same mapping as schema.ts's, and refers to devices and people by id without
 * foreign keys (the services check that the ids exist).
 *
 * A swap row and a waiver row hold the current state; every transition is also a row of
 * `lifecycle_swap_events` / `lifecycle_waiver_events`, which are append-only transition logs
 * (`transitionLog`, the shape every state machine's history shares). A waiver keeps both
 * instants of each transition on its row: `requested_at`, `approved_at` and `ended_at` are when
 * they took effect (given when back-filled), `requested_recorded_at`, `approval_recorded_at` and
 * `end_recorded_at` when Vigil learnt of them, so the state of a waiver as of any instant, and
 * as known at any instant, is read from the row alone. Refusals are append-only.
 */
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { Custody } from '../../core/lifecycle/swap.ts';
import { instant, transitionLog } from './columns.ts';

export const swaps = pgTable(
  'lifecycle_swaps',
  {
    id: text('id').primaryKey(),
    oldDeviceId: text('old_device_id').notNull(),
    personId: text('person_id').notNull(),
    state: text('state').notNull(),
    dueAt: instant('due_at'),
    stageBy: instant('stage_by'),
    newDeviceId: text('new_device_id'),
    custodyOld: jsonb('custody_old').$type<Custody>().notNull(),
    custodyNew: jsonb('custody_new').$type<Custody>(),
    rotationId: text('rotation_id'),
    inspectionId: text('inspection_id'),
    refusalId: text('refusal_id'),
    reason: text('reason'),
    plannedAt: instant('planned_at').notNull(),
    plannedBy: text('planned_by').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('lifecycle_swaps_old_device_idx').on(t.oldDeviceId),
    index('lifecycle_swaps_new_device_idx').on(t.newDeviceId),
    index('lifecycle_swaps_state_idx').on(t.state),
  ],
);

export const swapEvents = transitionLog('lifecycle_swap_events', 'swap_id', () => swaps.id);

export const refusals = pgTable(
  'lifecycle_refusals',
  {
    id: text('id').primaryKey(),
    personId: text('person_id').notNull(),
    deviceId: text('device_id'),
    action: text('action').notNull(),
    rule: text('rule').notNull(),
    at: instant('at').notNull(),
    reason: text('reason').notNull(),
    recordedBy: text('recorded_by').notNull(),
    /** When Vigil learnt of it (as-of evaluation ignores refusals recorded later). */
    recordedAt: instant('recorded_at').notNull(),
    swapId: text('swap_id'),
  },
  (t) => [
    index('lifecycle_refusals_at_idx').on(t.at),
    index('lifecycle_refusals_person_idx').on(t.personId),
    index('lifecycle_refusals_device_idx').on(t.deviceId),
  ],
);

export const waivers = pgTable(
  'lifecycle_waivers',
  {
    id: text('id').primaryKey(),
    rule: text('rule').notNull(),
    deviceId: text('device_id'),
    personId: text('person_id'),
    reason: text('reason').notNull(),
    risk: text('risk').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: instant('requested_at').notNull(),
    requestedRecordedAt: instant('requested_recorded_at').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: instant('approved_at'),
    approvalRecordedAt: instant('approval_recorded_at'),
    startsAt: instant('starts_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    endedAt: instant('ended_at'),
    endRecordedAt: instant('end_recorded_at'),
    endedBy: text('ended_by'),
    endReason: text('end_reason'),
    state: text('state').notNull(),
  },
  (t) => [
    index('lifecycle_waivers_requested_idx').on(t.requestedAt),
    index('lifecycle_waivers_device_idx').on(t.deviceId),
    index('lifecycle_waivers_person_idx').on(t.personId),
    check('lifecycle_waivers_scope_check', sql`(${t.deviceId} is null) <> (${t.personId} is null)`),
    check('lifecycle_waivers_window_check', sql`${t.startsAt} < ${t.expiresAt}`),
  ],
);

export const waiverEvents = transitionLog('lifecycle_waiver_events', 'waiver_id', () => waivers.id);
