/**
 * Tables for incidents and playbooks, zone detections, policy acknowledgements and holders'
 * self-attestations.
 * Re-exported by schema.ts. This file cannot import from schema.ts (it would be a cycle), so it
 * declares its own `instant` column type, the same mapping as schema.ts's, and references the
 * inventory by id without foreign keys (the services check that the ids exist).
 *
 * An incident row and its step rows hold the current state; every change is also a row of
 * `lifecycle_incident_timeline`, an append-only transition log (`transitionLog`), so the history
 * of an incident is kept. Each instant a command sets is kept twice: when it took effect
 * (`opened_at`, `closed_at`, a step's `at`: given when back-filled) and when Vigil recorded it
 * (`opened_recorded_at`, `close_recorded_at`, a step's `recorded_at`).
 * Detections and acknowledgements are append-only, each with its effective `at` and the instant
 * it was recorded (`received_at`, `recorded_at`).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { IncidentDevice, StepOwner } from '../../core/lifecycle/incident.ts';
import { instant, transitionLog } from './columns.ts';

export const incidents = pgTable(
  'lifecycle_incidents',
  {
    id: text('id').primaryKey(),
    status: text('status').notNull(),
    compromise: text('compromise').notNull(),
    severity: text('severity').notNull(),
    summary: text('summary').notNull(),
    devices: jsonb('devices').$type<IncidentDevice[]>().notNull(),
    personIds: jsonb('person_ids').$type<string[]>().notNull(),
    inspectionId: text('inspection_id'),
    declaredBy: text('declared_by').notNull(),
    openedAt: instant('opened_at').notNull(),
    recordedAt: instant('opened_recorded_at').notNull(),
    resolution: text('resolution'),
    closedAt: instant('closed_at'),
    closeRecordedAt: instant('close_recorded_at'),
    closedBy: text('closed_by'),
    closingNote: text('closing_note'),
  },
  (t) => [
    index('lifecycle_incidents_opened_idx').on(t.openedAt),
    check(
      'lifecycle_incidents_status_check',
      sql`${t.status} in ('open', 'containing', 'contained', 'closed')`,
    ),
  ],
);

export const incidentSteps = pgTable(
  'lifecycle_incident_steps',
  {
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    position: integer('position').notNull(),
    stepId: text('step_id').notNull(),
    title: text('title').notNull(),
    owner: jsonb('owner').$type<StepOwner>().notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    at: instant('at'),
    by: text('by'),
    recordedAt: instant('recorded_at'),
  },
  (t) => [
    primaryKey({ name: 'lifecycle_incident_steps_pkey', columns: [t.incidentId, t.stepId] }),
    check(
      'lifecycle_incident_steps_status_check',
      sql`${t.status} in ('pending', 'in-progress', 'done', 'skipped')`,
    ),
  ],
);

/** What a timeline entry carries besides its transition: the step it concerns, and its line of text. */
export interface TimelineDetails {
  readonly stepId: string | null;
  readonly text: string;
}

/** `command` holds the entry's kind; for `step` entries from/to are the step's statuses. */
export const incidentTimeline = transitionLog<TimelineDetails>(
  'lifecycle_incident_timeline',
  'incident_id',
  () => incidents.id,
);

export const detections = pgTable(
  'zone_detections',
  {
    id: text('id').primaryKey(),
    facility: text('facility').notNull(),
    at: instant('at').notNull(),
    identifier: text('identifier').notNull(),
    deviceId: text('device_id'),
    personId: text('person_id'),
    source: text('source').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [
    index('zone_detections_at_idx').on(t.at),
    index('zone_detections_facility_at_idx').on(t.facility, t.at),
  ],
);

export const acknowledgements = pgTable(
  'zone_acknowledgements',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: text('person_id').notNull(),
    facility: text('facility').notNull(),
    policyVersion: text('policy_version').notNull(),
    at: instant('at').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    // One acceptance per person and policy version: recording it again changes nothing.
    uniqueIndex('zone_acknowledgements_person_policy_key').on(t.personId, t.facility, t.policyVersion),
    index('zone_acknowledgements_at_idx').on(t.at),
  ],
);

/**
 * A holder's own statement about a setting of their device the MDM cannot see (core/lifecycle/
 * self-service.ts): when they looked (`occurred_at`) and when Vigil recorded it. Append-only.
 */
export const selfAttestations = pgTable(
  'zone_self_attestations',
  {
    id: text('id').primaryKey(),
    personId: text('person_id').notNull(),
    deviceId: text('device_id').notNull(),
    setting: text('setting').notNull(),
    state: text('state').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('zone_self_attestations_person_idx').on(t.personId, t.occurredAt)],
);
