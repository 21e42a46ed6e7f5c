/**
 * The database schema, one table group per bounded context (tables are prefixed by it:
 * `inventory_`, `posture_`, `lifecycle_`, `intel_`, `protocol_`, `auth_`, `audit_`).
 *
 * Tables are deliberately unqualified (no pgSchema): the PostgreSQL schema they live in is
 * chosen at connection time through `search_path`, which is how tests isolate themselves.
 *
 * Every time is a `timestamp(3) with time zone` mapped to an Instant (epoch milliseconds) by
 * the `instant` column type below, so repositories never see a Date.
 *
 * Time-varying facts (statuses, custody, posture, inspections, rotations, assignments,
 * protocol versions, audit events) are append-only: their repositories have no update path.
 * Tables whose records have no id of their own carry a `seq` identity so that facts recorded
 * at the same instant keep their insertion order.
 *
 * After editing this file run `npm run db:generate` and commit the new migration.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  DEVICE_ROLES,
  DEVICE_STATUSES,
  type EvidenceFile,
  INSPECTION_METHODS,
  INSPECTION_RESULTS,
  OWNERSHIPS,
  PERSON_KINDS,
  PLATFORMS,
} from '../../core/model.ts';
import { ROLES } from '../../services/kernel/ports.ts';
import { instant } from './columns.ts';
import { postureColumns } from './posture-columns.ts';
import { authUsers } from './schema.auth.ts';

/** A CHECK that the column holds one of the given literals. */
function oneOf(name: string, column: { name: string }, values: readonly string[]) {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
  return check(name, sql.raw(`"${column.name}" in (${list})`));
}

const seq = () => bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();

// ---------------------------------------------------------------- inventory

export const people = pgTable(
  'inventory_people',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PERSON_KINDS }).notNull(),
    protocol: text('protocol'),
    principalId: text('principal_id').references((): AnyPgColumn => people.id),
    email: text('email'),
    /** From when the person counts (took effect); at or before created_at. */
    since: instant('since').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [oneOf('inventory_people_kind_check', t.kind, PERSON_KINDS)],
);

export const devices = pgTable(
  'inventory_devices',
  {
    id: text('id').primaryKey(),
    serial: text('serial').notNull(),
    imei: text('imei'),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    model: text('model').notNull(),
    ownership: text('ownership', { enum: OWNERSHIPS }).notNull(),
    role: text('role', { enum: DEVICE_ROLES }).notNull(),
    issuedAt: instant('issued_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('inventory_devices_serial_key').on(t.serial),
    oneOf('inventory_devices_platform_check', t.platform, PLATFORMS),
    oneOf('inventory_devices_ownership_check', t.ownership, OWNERSHIPS),
    oneOf('inventory_devices_role_check', t.role, DEVICE_ROLES),
  ],
);

export const deviceStatuses = pgTable(
  'inventory_device_statuses',
  {
    seq: seq(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    status: text('status', { enum: DEVICE_STATUSES }).notNull(),
    at: instant('at').notNull(),
    reason: text('reason'),
    /** When Vigil recorded it (ADR 0014); `at` is when it took effect. */
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('inventory_device_statuses_device_at_idx').on(t.deviceId, t.at, t.seq),
    index('inventory_device_statuses_at_idx').on(t.at),
    oneOf('inventory_device_statuses_status_check', t.status, DEVICE_STATUSES),
  ],
);

export const custody = pgTable(
  'inventory_custody',
  {
    seq: seq(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    holderId: text('holder_id').references(() => people.id),
    location: text('location'),
    at: instant('at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    /** When Vigil recorded it (ADR 0014); `at` is when it took effect. */
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('inventory_custody_device_at_idx').on(t.deviceId, t.at, t.seq),
    index('inventory_custody_holder_idx').on(t.holderId),
    index('inventory_custody_at_idx').on(t.at),
  ],
);

// ---------------------------------------------------------------- posture

export const postureReports = pgTable(
  'posture_reports',
  {
    id: text('id').primaryKey(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    observedAt: instant('observed_at').notNull(),
    receivedAt: instant('received_at').notNull(),
    source: text('source').notNull(),
    // One column per declared posture field (src/core/posture/fields.ts).
    ...postureColumns(),
  },
  (t) => [
    index('posture_reports_device_observed_idx').on(t.deviceId, t.observedAt),
    // The next fact dated after an instant (fleet.repository.ts `nextEffectiveAfter`), read on
    // every full load and every change of a non-device fact: without it, a scan of every report.
    index('posture_reports_observed_idx').on(t.observedAt),
  ],
);

// ---------------------------------------------------------------- lifecycle

export const inspections = pgTable(
  'lifecycle_inspections',
  {
    id: text('id').primaryKey(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    at: instant('at').notNull(),
    method: text('method', { enum: INSPECTION_METHODS }).notNull(),
    result: text('result', { enum: INSPECTION_RESULTS }).notNull(),
    performedBy: text('performed_by').notNull(),
    notes: text('notes'),
    /** Files backing the result, by hash; [] for checks recorded without any. */
    evidence: jsonb('evidence').$type<EvidenceFile[]>().notNull().default([]),
    /** When Vigil recorded it (ADR 0014); `at` is when it took effect. */
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('lifecycle_inspections_device_at_idx').on(t.deviceId, t.at),
    index('lifecycle_inspections_at_idx').on(t.at),
    oneOf('lifecycle_inspections_method_check', t.method, INSPECTION_METHODS),
    oneOf('lifecycle_inspections_result_check', t.result, INSPECTION_RESULTS),
  ],
);

export const rotations = pgTable(
  'lifecycle_rotations',
  {
    id: text('id').primaryKey(),
    oldDeviceId: text('old_device_id')
      .notNull()
      .references(() => devices.id),
    newDeviceId: text('new_device_id').references(() => devices.id),
    at: instant('at').notNull(),
    performedBy: text('performed_by').notNull(),
    /** When Vigil recorded it (ADR 0014); `at` is when it took effect. */
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('lifecycle_rotations_old_device_idx').on(t.oldDeviceId, t.at),
    index('lifecycle_rotations_new_device_idx').on(t.newDeviceId, t.at),
    index('lifecycle_rotations_at_idx').on(t.at),
  ],
);

// ---------------------------------------------------------------- intel

export const osReleases = pgTable(
  'intel_os_releases',
  {
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    version: text('version').notNull(),
    build: text('build'),
    releasedAt: instant('released_at').notNull(),
    /** When Vigil first recorded the release (a later import that corrects it keeps this). */
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'intel_os_releases_pkey', columns: [t.platform, t.version] }),
    oneOf('intel_os_releases_platform_check', t.platform, PLATFORMS),
  ],
);

// ---------------------------------------------------------------- protocol

/** Append-only: a (name, version) pair is stored once and never replaced. */
export const protocolVersions = pgTable(
  'protocol_versions',
  {
    name: text('name').notNull(),
    version: text('version').notNull(),
    text: text('text').notNull(),
    sha256: text('sha256').notNull(),
    effectiveAt: instant('effective_at').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    /** 'two-person': proposed, in force once approved (protocol_decisions); 'none': from effective_at. */
    approval: text('approval').notNull().default('none'),
  },
  (t) => [
    primaryKey({ name: 'protocol_versions_pkey', columns: [t.name, t.version] }),
    index('protocol_versions_effective_idx').on(t.effectiveAt),
    oneOf('protocol_versions_approval_check', t.approval, ['none', 'two-person']),
  ],
);

/** Append-only: the one decision (approval or rejection) on a proposed version. */
export const protocolDecisions = pgTable(
  'protocol_decisions',
  {
    name: text('name').notNull(),
    version: text('version').notNull(),
    approved: boolean('approved').notNull(),
    decidedBy: text('decided_by').notNull(),
    personId: text('person_id'),
    reason: text('reason'),
    effectiveAt: instant('effective_at').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'protocol_decisions_pkey', columns: [t.name, t.version] }),
    foreignKey({
      name: 'protocol_decisions_version_fk',
      columns: [t.name, t.version],
      foreignColumns: [protocolVersions.name, protocolVersions.version],
    }),
  ],
);

export const protocolAssignments = pgTable(
  'protocol_assignments',
  {
    seq: seq(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    protocol: text('protocol'),
    at: instant('at').notNull(),
    assignedBy: text('assigned_by').notNull(),
    /** When Vigil recorded it (ADR 0014); `at` is when it took effect. */
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('protocol_assignments_person_at_idx').on(t.personId, t.at),
    index('protocol_assignments_at_idx').on(t.at),
  ],
);

// ---------------------------------------------------------------- auth

export const authTokens = pgTable(
  'auth_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    personId: text('person_id').references(() => people.id),
    /** The user the token belongs to; null for ingest tokens and tokens minted before users owned them. */
    userId: text('user_id').references(() => authUsers.id),
    secretHash: text('secret_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    uniqueIndex('auth_tokens_secret_hash_key').on(t.secretHash),
    oneOf('auth_tokens_role_check', t.role, ROLES),
  ],
);

// ---------------------------------------------------------------- audit

/** Append-only. `seq` is unique and increasing, but not commit order (see audit.repository.ts). */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: seq(),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    /**
     * The person behind the actor's credential when the event was appended (the token's, or the
     * user's named by `user:` / `cli:`); null for machines, imports and unlinked credentials.
     */
    actorPersonId: text('actor_person_id'),
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('audit_events_type_seq_idx').on(t.type, t.seq)],
);

/** Every table, for the migrator's emptiness checks and for tests. */
export const tables = {
  people,
  devices,
  deviceStatuses,
  custody,
  postureReports,
  inspections,
  rotations,
  osReleases,
  protocolVersions,
  protocolDecisions,
  protocolAssignments,
  authTokens,
  auditEvents,
};

// Tables of later contexts live in their own files, re-exported so drizzle-kit and the
// repositories see one schema.
export * from './schema.audit-log.ts';
export * from './schema.auth.ts';
export * from './schema.corrections.ts';
export * from './schema.dashboard.ts';
export * from './schema.enforcement.ts';
export * from './schema.incidents.ts';
export * from './schema.intel.ts';
export * from './schema.notify.ts';
export * from './schema.passkeys.ts';
export * from './schema.rechecks.ts';
export * from './schema.scans.ts';
export * from './schema.workflows.ts';
