/**
 * Tables for patch-currency intelligence and MDM connectors. Re-exported by
 * schema.ts. This file cannot import from schema.ts (a cycle), so it declares its own
 * `instant` column type, the same mapping as schema.ts's.
 *
 * - `intel_cve_fixes`: which OS release (iOS version / Android patch level) fixes which CVE,
 *   and whether the vendor flags it exploited. The release dates live in `intel_os_releases`.
 * - `intel_kev`: the CISA KEV catalog, one row per CVE.
 *   Both are upserted by each import (feeds correct themselves), and every import is an
 *   audit event, so what Vigil knew when is in the audit log.
 * - `connector_device_links`: a source's own device id (Apple UDID, Intune id, Jamf id, AMAPI
 *   name) -> Vigil device, learned from messages that carry both it and the serial number, so
 *   later messages carrying only the source id still find their device.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

export const intelCveFixes = pgTable(
  'intel_cve_fixes',
  {
    platform: text('platform').notNull(),
    version: text('version').notNull(),
    cveId: text('cve_id').notNull(),
    exploited: boolean('exploited').notNull(),
    /** When Vigil first recorded the fix (ADR 0014). */
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'intel_cve_fixes_pkey', columns: [t.platform, t.version, t.cveId] }),
    index('intel_cve_fixes_cve_idx').on(t.cveId),
    check('intel_cve_fixes_platform_check', sql`${t.platform} in ('ios', 'android')`),
  ],
);

export const intelKev = pgTable('intel_kev', {
  cveId: text('cve_id').primaryKey(),
  vendorProject: text('vendor_project').notNull(),
  product: text('product').notNull(),
  name: text('name'),
  dateAdded: instant('date_added').notNull(),
  dueDate: instant('due_date').notNull(),
  ransomware: boolean('ransomware'),
  /** When Vigil first recorded the entry (ADR 0014). */
  recordedAt: instant('recorded_at').notNull(),
});

export const connectorDeviceLinks = pgTable(
  'connector_device_links',
  {
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    deviceId: text('device_id').notNull(),
    linkedAt: instant('linked_at').notNull(),
  },
  (t) => [primaryKey({ name: 'connector_device_links_pkey', columns: [t.source, t.externalId] })],
);
