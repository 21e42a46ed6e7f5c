/**
 * Intune through Microsoft Graph: each compiled resource (`iosCompliancePolicy` in
 * `deviceCompliancePolicies`, `iosGeneralDeviceConfiguration` in `deviceConfigurations`, next to
 * the configured `deviceManagement/managedDevices` URL) is found by its `displayName` (pages
 * follow `@odata.nextLink`), created when absent, PATCHed when it differs and left alone when it
 * already says what the protocol says. A PATCH carries no `scheduledActionsForRule` (Graph sets
 * those only at creation). Graph's `version` of the object is recorded as its token.
 */
import { VigilError } from '../../../core/errors.ts';
import type { PushedArtifact } from '../../../services/enforcement/push.service.ts';
import {
  artifactObject,
  bearer,
  type Endpoint,
  holdsAll,
  jsonObject,
  MAX_PAGES,
  type PushJob,
  type PushOutcome,
} from '../connector.ts';
import { type FetchOptions, fetchText, requestText } from '../http.ts';

const COLLECTIONS: Readonly<Record<string, string>> = {
  '#microsoft.graph.iosCompliancePolicy': 'deviceCompliancePolicies',
  '#microsoft.graph.iosGeneralDeviceConfiguration': 'deviceConfigurations',
};

/** Set only when a policy is created; Graph refuses them in a PATCH. */
const CREATE_ONLY = ['scheduledActionsForRule'];

/** `…/deviceManagement` from the pull's `…/deviceManagement/managedDevices` URL. */
export function deviceManagementBase(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.pathname = u.pathname.replace(/\/managedDevices\/?$/, '');
  return u.toString().replace(/\/$/, '');
}

async function findByName(
  collection: string,
  type: unknown,
  displayName: unknown,
  opts: FetchOptions,
): Promise<Record<string, unknown> | null> {
  let next: string | null = collection;
  for (let page = 0; next !== null && page < MAX_PAGES; page++) {
    const body = jsonObject(await fetchText(next, opts));
    const value = body?.value;
    if (Array.isArray(value)) {
      const found = value.find(
        (v: Record<string, unknown>) =>
          v.displayName === displayName && (v['@odata.type'] === undefined || v['@odata.type'] === type),
      ) as Record<string, unknown> | undefined;
      if (found !== undefined) return found;
    }
    const link = body?.['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' ? link : null;
  }
  return null;
}

const versionOf = (o: Record<string, unknown> | null): string | null =>
  typeof o?.version === 'number' || typeof o?.version === 'string' ? String(o.version) : null;

export async function pushIntune(job: PushJob, endpoint: Endpoint, opts: FetchOptions): Promise<PushOutcome> {
  const o = bearer(endpoint.token, opts);
  const base = deviceManagementBase(endpoint.url);
  const artifacts: PushedArtifact[] = [];
  for (const a of job.artifacts) {
    const wanted = artifactObject(a.content);
    const collection = COLLECTIONS[String(wanted['@odata.type'])];
    if (collection === undefined) throw new Error(`no Graph collection for ${String(wanted['@odata.type'])}`);
    const url = `${base}/${collection}`;
    const existing = await findByName(url, wanted['@odata.type'], wanted.displayName, o);
    const pushed = { role: a.role, file: a.file, sha256: a.sha256 };
    if (existing === null) {
      const created = jsonObject((await requestText(url, { ...o, method: 'POST', body: a.content })).text);
      const id = created?.id;
      if (typeof id !== 'string') {
        throw new VigilError('INTEL_FETCH_FAILED', `creating in ${collection} answered no id`);
      }
      artifacts.push({ ...pushed, remoteId: id, remoteToken: versionOf(created), action: 'created' });
      continue;
    }
    const id = String(existing.id);
    if (holdsAll(existing, wanted, CREATE_ONLY)) {
      artifacts.push({ ...pushed, remoteId: id, remoteToken: versionOf(existing), action: 'unchanged' });
      continue;
    }
    const patch = Object.fromEntries(Object.entries(wanted).filter(([k]) => !CREATE_ONLY.includes(k)));
    const item = `${url}/${encodeURIComponent(id)}`;
    await requestText(item, { ...o, method: 'PATCH', body: JSON.stringify(patch) });
    const after = jsonObject(await fetchText(item, o));
    artifacts.push({ ...pushed, remoteId: id, remoteToken: versionOf(after), action: 'updated' });
  }
  return { artifacts, notified: 0 };
}
