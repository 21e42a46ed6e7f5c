/**
 * What was pushed to which MDM. Re-exported by schema.ts.
 *
 * - `enforcement_pushes`: one row per artifact per push: the connector, the protocol version
 *   and role it was compiled from, its SHA-256, the MDM's own id for it and, where the MDM keeps
 *   a token of its own (a DDM server's ServerToken, an AMAPI policy version), that token.
 *   A DDM artifact (a declaration set) has one row per declaration. Rows of one push share
 *   `push_id`. Append-only (a push is history): "last pushed" is every row of the latest push
 *   per connector, protocol and role.
 * - `enforcement_device_moves`: one row per managed device a push put onto its role's policy
 *   (AMAPI `devices.patch` of `policyName`): the MDM's name of the device, the policy it was on
 *   and the one it was put on. Rows of one push share `push_id` with its artifacts. Append-only.
 */
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

export const enforcementPushes = pgTable(
  'enforcement_pushes',
  {
    id: text('id').primaryKey(),
    pushId: text('push_id').notNull(),
    pushedAt: instant('pushed_at').notNull(),
    actor: text('actor').notNull(),
    source: text('source').notNull(),
    target: text('target').notNull(),
    protocol: text('protocol').notNull(),
    version: text('version').notNull(),
    role: text('role').notNull(),
    file: text('file').notNull(),
    sha256: text('sha256').notNull(),
    remoteId: text('remote_id').notNull(),
    remoteToken: text('remote_token'),
    action: text('action').notNull(),
  },
  (t) => [index('enforcement_pushes_latest_idx').on(t.source, t.protocol, t.role, t.pushedAt)],
);

export const enforcementDeviceMoves = pgTable(
  'enforcement_device_moves',
  {
    id: text('id').primaryKey(),
    pushId: text('push_id').notNull(),
    movedAt: instant('moved_at').notNull(),
    actor: text('actor').notNull(),
    source: text('source').notNull(),
    protocol: text('protocol').notNull(),
    version: text('version').notNull(),
    role: text('role').notNull(),
    device: text('device').notNull(),
    fromPolicy: text('from_policy'),
    toPolicy: text('to_policy').notNull(),
  },
  (t) => [index('enforcement_device_moves_push_idx').on(t.pushId)],
);
