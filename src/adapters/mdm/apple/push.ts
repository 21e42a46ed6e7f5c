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
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import type { PushedArtifact } from '../../../services/enforcement/push.service.ts';
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
  let notified = 0;
  const roles = [...new Set(job.artifacts.map((a) => a.role))];
  for (const role of roles) {
    const set = `vigil.${job.protocol}.${role}`;
    let changed = false;
    for (const a of job.artifacts.filter((x) => x.role === role)) {
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
          changed = true;
        }
        const association = await requestText(
          `${s.url}/v1/set-declarations/${q(set)}?declaration=${q(d.Identifier)}&nonotify=true`,
          { ...o, method: 'PUT' },
        );
        if (association.status !== 304) changed = true;
        const token = held?.ServerToken;
        artifacts.push({
          role,
          file: a.file,
          sha256: a.sha256,
          remoteId: d.Identifier,
          remoteToken: typeof token === 'string' ? token : null,
          action: same ? 'unchanged' : existing === null ? 'created' : 'updated',
        });
      }
    }
    const enrollments = await job.enrollments(role);
    for (const id of enrollments) {
      const r = await requestText(`${s.url}/v1/enrollment-sets/${q(id)}?set=${q(set)}&nonotify=true`, {
        ...o,
        method: 'PUT',
      });
      if (r.status !== 304) changed = true;
    }
    if (!changed || enrollments.length === 0) continue;
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
  if (artifacts.length === 0)
    throw new VigilError('PROTOCOL_INVALID', `${job.protocol} compiled to no declaration`);
  return { artifacts, notified };
}
