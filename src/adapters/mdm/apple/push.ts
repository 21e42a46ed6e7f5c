/**
 * Apple Declarative Device Management through a KMFDDM-style DDM server beside NanoMDM: each
 * role's declarations are stored (`PUT /v1/declarations`, unless the server already holds them
 * as compiled) and put in the set `vigil.{protocol}.{role}` (`PUT /v1/set-declarations`); the
 * set is assigned to the enrollments of the devices the role's artifacts are for (`PUT
 * /v1/enrollment-sets`); all without the server's own notification (`nonotify`). When anything
 * changed, the `DeclarativeManagement` command is enqueued to those enrollments through
 * NanoMDM's `PUT /v1/enqueue/{ids}` (or, without an enqueue URL, the DDM server's
 * `POST /v1/notify`), so devices learn of it now rather than at their next check-in.
 *
 * KMFDDM computes each declaration's `ServerToken` itself, ignoring the one sent; the token
 * the server holds after the push (read back) is what devices echo, so it is the one recorded.
 *
 * Declarations Vigil created that the version pushed no longer has (per the push receipts) are
 * taken out of the role's set and deleted (`DELETE /v1/set-declarations`, then
 * `DELETE /v1/declarations`), which counts as a change for the notification; one that another
 * set still holds is only taken out of Vigil's. A withdrawal takes out every one; the emptied
 * sets stay assigned to the enrollments that had them, whose devices drop the declarations at
 * their next check-in (no device is held to a withdrawn protocol, so none is notified).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import type { DeviceRole } from '../../../core/model.ts';
import type { PushedArtifact, RetiredObject } from '../../../services/enforcement/push.service.ts';
import { basic, holdsAll, jsonObject, type PushJob, type PushOutcome } from '../connector.ts';
import { type FetchOptions, requestText } from '../http.ts';

export interface DdmSettings {
  readonly url: string;
  readonly key: string | null;
  readonly enqueueUrl: string | null;
  readonly enqueueKey: string | null;
}

const httpUrl = z.url({ protocol: /^https?$/ });

export const ddmEnv = z
  .object({
    VIGIL_DDM_URL: httpUrl,
    VIGIL_DDM_API_KEY: z.string().min(1).optional(),
    VIGIL_NANOMDM_ENQUEUE_URL: httpUrl.optional(),
    VIGIL_NANOMDM_API_KEY: z.string().min(1).optional(),
  })
  .transform(
    (e): DdmSettings => ({
      url: e.VIGIL_DDM_URL.replace(/\/+$/, ''),
      key: e.VIGIL_DDM_API_KEY ?? null,
      enqueueUrl: e.VIGIL_NANOMDM_ENQUEUE_URL?.replace(/\/+$/, '') ?? null,
      enqueueKey: e.VIGIL_NANOMDM_API_KEY ?? null,
    }),
  );

interface Declaration {
  readonly Identifier: string;
  readonly Type: string;
  readonly ServerToken: string;
  readonly Payload: Record<string, unknown>;
}

/** NanoMDM takes several enrollment ids per enqueue, comma-separated in the path. */
const ENQUEUE_BATCH = 100;

/** The DeclarativeManagement command, as NanoMDM's enqueue API takes it (an XML plist). */
function declarativeManagementCommand(uuid: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '<key>Command</key>',
    '<dict><key>RequestType</key><string>DeclarativeManagement</string></dict>',
    '<key>CommandUUID</key>',
    `<string>${uuid}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

const q = encodeURIComponent;

export async function pushAppleDdm(job: PushJob, s: DdmSettings, opts: FetchOptions): Promise<PushOutcome> {
  const o = basic('kmfddm', s.key, opts);
  const artifacts: PushedArtifact[] = [];
  const changed = new Set<DeviceRole>();
  for (const a of job.artifacts) {
    const set = `vigil.${job.protocol}.${a.role}`;
    const declarations = JSON.parse(a.content) as Declaration[];
    for (const d of declarations) {
      const item = `${s.url}/v1/declarations/${q(d.Identifier)}`;
      const got = await requestText(item, { ...o, allow404: true });
      const existing = got.status === 404 ? null : jsonObject(got.text);
      let held = existing;
      const same = existing !== null && holdsAll(existing, { Type: d.Type, Payload: d.Payload });
      if (!same) {
        await requestText(`${s.url}/v1/declarations?nonotify=true`, {
          ...o,
          method: 'PUT',
          body: JSON.stringify(d),
        });
        held = jsonObject((await requestText(item, o)).text);
        changed.add(a.role);
      }
      const association = await requestText(
        `${s.url}/v1/set-declarations/${q(set)}?declaration=${q(d.Identifier)}&nonotify=true`,
        { ...o, method: 'PUT' },
      );
      if (association.status !== 304) changed.add(a.role);
      const token = held?.ServerToken;
      artifacts.push({
        role: a.role,
        file: a.file,
        sha256: a.sha256,
        remoteId: d.Identifier,
        remoteToken: typeof token === 'string' ? token : null,
        action: same ? 'unchanged' : existing === null ? 'created' : 'updated',
      });
    }
  }
  // A withdrawal sends nothing; a push whose artifacts hold no declaration is a compiler bug.
  if (artifacts.length === 0 && job.artifacts.length > 0)
    throw new VigilError('PROTOCOL_INVALID', `${job.protocol} compiled to no declaration`);
  const retired: RetiredObject[] = [];
  for (const old of job.superseded(artifacts)) {
    const r = await retireDeclaration(s, o, `vigil.${job.protocol}.${old.role}`, old.remoteId);
    if (r.changedSet) changed.add(old.role);
    retired.push({ ...old, action: r.action, reason: r.reason });
  }
  let notified = 0;
  const roles = [...new Set([...job.artifacts.map((a) => a.role), ...retired.map((r) => r.role)])];
  for (const role of roles) {
    const set = `vigil.${job.protocol}.${role}`;
    const enrollments = await job.enrollments(role);
    // A role the protocol no longer states keeps its (emptied) set: its devices learn of the removal.
    if (job.artifacts.some((a) => a.role === role)) {
      for (const id of enrollments) {
        const r = await requestText(`${s.url}/v1/enrollment-sets/${q(id)}?set=${q(set)}&nonotify=true`, {
          ...o,
          method: 'PUT',
        });
        if (r.status !== 304) changed.add(role);
      }
    }
    if (!changed.has(role) || enrollments.length === 0) continue;
    if (s.enqueueUrl === null) {
      await requestText(`${s.url}/v1/notify?set=${q(set)}`, { ...o, method: 'POST' });
    } else {
      const e = basic('nanomdm', s.enqueueKey, opts);
      for (let i = 0; i < enrollments.length; i += ENQUEUE_BATCH) {
        const ids = enrollments
          .slice(i, i + ENQUEUE_BATCH)
          .map(q)
          .join(',');
        await requestText(`${s.enqueueUrl}/${ids}`, {
          ...e,
          method: 'PUT',
          contentType: 'application/xml',
          body: declarativeManagementCommand(randomUUID().toUpperCase()),
        });
      }
    }
    notified += enrollments.length;
  }
  return { artifacts, notified, retired };
}

/**
 * Takes a superseded declaration out of its set and deletes it, unless another set still holds
 * it (KMFDDM deletes only a declaration in no set): then it is kept.
 */
async function retireDeclaration(
  s: DdmSettings,
  o: FetchOptions,
  set: string,
  id: string,
): Promise<{ action: RetiredObject['action']; reason: string; changedSet: boolean }> {
  const out = await requestText(`${s.url}/v1/set-declarations/${q(set)}?declaration=${q(id)}&nonotify=true`, {
    ...o,
    method: 'DELETE',
  });
  const changedSet = out.status !== 304;
  const sets: unknown = JSON.parse(
    (await requestText(`${s.url}/v1/declaration-sets/${q(id)}`, o)).text || 'null',
  );
  const others = Array.isArray(sets) ? sets.filter((x) => x !== set).map(String) : [];
  if (others.length > 0) return { action: 'kept', reason: `still in set ${others.join(', ')}`, changedSet };
  const del = await requestText(`${s.url}/v1/declarations/${q(id)}`, { ...o, method: 'DELETE' });
  return del.status === 304
    ? { action: 'gone', reason: 'no longer on the DDM server', changedSet }
    : { action: 'removed', reason: `taken out of ${set} and deleted`, changedSet };
}
