/** MDM connectors: matching a source's devices to Vigil's, and spotting re-deliveries. */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { ConnectorRepository } from '../../../services/connectors/ports.ts';
import type { MatchedDevice } from '../../../services/intel/ports.ts';
import { connectorDeviceLinks, devices, postureReports } from '../schema.ts';
import type { Tx } from './support.ts';

export function connectorRepository(db: Tx): ConnectorRepository {
  return {
    async devicesByIdentifiers(serials, imeis) {
      const found = new Map<string, MatchedDevice>();
      if (serials.length === 0 && imeis.length === 0) return found;
      const conditions = [];
      if (serials.length > 0) conditions.push(inArray(devices.serial, [...serials]));
      if (imeis.length > 0) conditions.push(inArray(devices.imei, [...imeis]));
      const rows = await db
        .select({ id: devices.id, platform: devices.platform, serial: devices.serial, imei: devices.imei })
        .from(devices)
        .where(or(...conditions));
      for (const r of rows) {
        const d = { id: r.id, platform: r.platform };
        found.set(`serial:${r.serial}`, d);
        if (r.imei !== null) found.set(`imei:${r.imei}`, d);
      }
      return found;
    },

    async linked(source, externalIds) {
      const found = new Map<string, MatchedDevice>();
      if (externalIds.length === 0) return found;
      const rows = await db
        .select({ externalId: connectorDeviceLinks.externalId, id: devices.id, platform: devices.platform })
        .from(connectorDeviceLinks)
        .innerJoin(devices, eq(devices.id, connectorDeviceLinks.deviceId))
        .where(
          and(
            eq(connectorDeviceLinks.source, source),
            inArray(connectorDeviceLinks.externalId, [...externalIds]),
          ),
        );
      for (const r of rows) found.set(r.externalId, { id: r.id, platform: r.platform });
      return found;
    },

    async link(source, links, at) {
      if (links.length === 0) return;
      await db
        .insert(connectorDeviceLinks)
        .values(links.map((l) => ({ source, externalId: l.externalId, deviceId: l.deviceId, linkedAt: at })))
        .onConflictDoUpdate({
          target: [connectorDeviceLinks.source, connectorDeviceLinks.externalId],
          set: { deviceId: sql`excluded.device_id`, linkedAt: sql`excluded.linked_at` },
        });
    },

    async externalIds(source, deviceIds) {
      if (deviceIds.length === 0) return [];
      const rows = await db
        .select({ externalId: connectorDeviceLinks.externalId })
        .from(connectorDeviceLinks)
        .where(
          and(
            eq(connectorDeviceLinks.source, source),
            inArray(connectorDeviceLinks.deviceId, [...deviceIds]),
          ),
        )
        .orderBy(connectorDeviceLinks.externalId);
      return rows.map((r) => r.externalId);
    },

    async existingReports(ids) {
      if (ids.length === 0) return new Set();
      const rows = await db
        .select({ id: postureReports.id })
        .from(postureReports)
        .where(inArray(postureReports.id, [...ids]));
      return new Set(rows.map((r) => r.id));
    },
  };
}
