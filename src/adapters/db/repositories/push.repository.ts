/**
 * Pushes of compiled artifacts to MDMs and the devices they moved: appended, and the artifacts
 * read back as the latest per artifact.
 */
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DeviceRole } from '../../../core/model.ts';
import type { OwnedObject, PushAction, PushRepository } from '../../../services/enforcement/ports.ts';
import { enforcementDeviceMoves, enforcementPushes } from '../schema.ts';
import type { Tx } from './support.ts';

export function pushRepository(db: Tx): PushRepository {
  return {
    async append(records) {
      if (records.length === 0) return;
      await db.insert(enforcementPushes).values([...records]);
    },

    async appendMoves(moves) {
      if (moves.length === 0) return;
      await db
        .insert(enforcementDeviceMoves)
        .values(moves.map(({ from, to, ...m }) => ({ ...m, fromPolicy: from, toPolicy: to })));
    },

    async latest(filter) {
      const where: SQL[] = [];
      if (filter.source !== undefined) where.push(eq(enforcementPushes.source, filter.source));
      if (filter.protocol !== undefined) where.push(eq(enforcementPushes.protocol, filter.protocol));
      if (filter.role !== undefined) where.push(eq(enforcementPushes.role, filter.role));
      const rows = await db
        .select()
        .from(enforcementPushes)
        .where(and(...where))
        .orderBy(
          desc(enforcementPushes.pushedAt),
          desc(enforcementPushes.pushId),
          desc(enforcementPushes.id),
        );
      // Newest first, so the first row seen of each (source, protocol, role) names its latest push,
      // and the first seen of each object says whether it is still there: a removal is not part of
      // what the MDM holds, and an object removed since (superseded, withdrawn) is not either.
      const latestPush = new Map<string, string>();
      const gone = new Map<string, boolean>();
      const out = [];
      for (const r of rows) {
        const object = JSON.stringify([r.source, r.remoteId]);
        if (!gone.has(object)) gone.set(object, r.action === 'removed');
        if (r.action === 'removed') continue;
        const key = JSON.stringify([r.source, r.protocol, r.role]);
        const pushId = latestPush.get(key) ?? r.pushId;
        latestPush.set(key, pushId);
        if (r.pushId === pushId && gone.get(object) !== true)
          out.push({ ...r, role: r.role as DeviceRole, action: r.action as PushAction });
      }
      const key = (r: { source: string; protocol: string; role: string; file: string; remoteId: string }) =>
        [r.source, r.protocol, r.role, r.file, r.remoteId].join('\u0000');
      return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    },

    async owned(source, protocol) {
      const rows = await db
        .select({
          role: enforcementPushes.role,
          version: enforcementPushes.version,
          file: enforcementPushes.file,
          sha256: enforcementPushes.sha256,
          remoteId: enforcementPushes.remoteId,
          action: enforcementPushes.action,
        })
        .from(enforcementPushes)
        .where(
          and(
            eq(enforcementPushes.source, source),
            eq(enforcementPushes.protocol, protocol),
            inArray(enforcementPushes.action, ['created', 'removed']),
          ),
        )
        .orderBy(asc(enforcementPushes.pushedAt), asc(enforcementPushes.id));
      // Replayed in order: an object removed and later created again is owned again.
      const owned = new Map<string, OwnedObject>();
      for (const { action, ...r } of rows) {
        if (action === 'removed') owned.delete(r.remoteId);
        else owned.set(r.remoteId, { ...r, role: r.role as DeviceRole });
      }
      return [...owned.values()];
    },
  };
}
