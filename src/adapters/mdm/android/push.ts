/**
 * Android Management API: each role's Policy is `enterprises.policies.patch`ed as
 * `enterprises/{id}/policies/vigil-{protocol}-{role}-{digest}` (next to the configured
 * `enterprises/{id}/devices` URL), which creates it when absent. The name is `amapiPolicyId`'s,
 * the one drift expects devices to report, so another version of the policy is another policy.
 * A policy that already says what the protocol says is left alone (`policies.get` first). The
 * policy's `version`, which devices report back as `appliedPolicyVersion`, is recorded as its
 * token.
 *
 * Then the enterprise's devices are listed (`devices.list`, page by page) and each of the
 * role's devices Vigil knows (linked by the pull, held to the protocol) that is assigned
 * another policy is moved onto the role's (`devices.patch`, `updateMask=policyName`); one
 * already on it is left alone. Last, the policies Vigil created for superseded versions are
 * deleted (`policies.delete`) once no device of the enterprise is assigned them any more (AMAPI
 * refuses to delete a policy in use); one still in use is kept, and tried again next push.
 */
import { amapiPolicyId } from '../../../core/enforcement/applied.ts';
import { VigilError } from '../../../core/errors.ts';
import type {
  MovedDevice,
  PushedArtifact,
  RetiredObject,
} from '../../../services/enforcement/push.service.ts';
import {
  artifactObject,
  bearer,
  type Endpoint,
  holdsAll,
  jsonObject,
  type PushJob,
  type PushOutcome,
} from '../connector.ts';
import { type FetchOptions, requestText } from '../http.ts';
import { AMAPI_PAGE_SIZE, googlePages } from './pull.ts';

/** `…/enterprises/{id}` from the pull's `…/enterprises/{id}/devices` URL. */
function enterpriseBase(url: string): string {
  const u = new URL(url);
  u.search = '';
  if (!/\/enterprises\/[^/]+\/devices\/?$/.test(u.pathname)) {
    throw new VigilError(
      'INTEL_SOURCE_UNCONFIGURED',
      'VIGIL_ANDROID_MANAGEMENT_URL must end in enterprises/{id}/devices for a push to find the policies',
    );
  }
  u.pathname = u.pathname.replace(/\/devices\/?$/, '');
  return u.toString();
}

const versionOf = (o: Record<string, unknown> | null): string | null =>
  typeof o?.version === 'string' || typeof o?.version === 'number' ? String(o.version) : null;

export async function pushAndroidManagement(
  job: PushJob,
  endpoint: Endpoint,
  opts: FetchOptions,
): Promise<PushOutcome> {
  const o = bearer(endpoint.token, opts);
  const base = enterpriseBase(endpoint.url);
  const artifacts: PushedArtifact[] = [];
  for (const a of job.artifacts) {
    const wanted = artifactObject(a.content);
    const url = `${base}/policies/${amapiPolicyId(job.protocol, a.role, a.sha256)}`;
    const got = await requestText(url, { ...o, allow404: true });
    const existing = got.status === 404 ? null : jsonObject(got.text);
    const name = new URL(url).pathname.replace(/^.*?(enterprises\/)/, '$1');
    const pushed = { role: a.role, file: a.file, sha256: a.sha256, remoteId: name };
    if (existing !== null && holdsAll(existing, wanted)) {
      artifacts.push({ ...pushed, remoteToken: versionOf(existing), action: 'unchanged' });
      continue;
    }
    // No updateMask: the policy becomes exactly the compiled one.
    const patched = jsonObject((await requestText(url, { ...o, method: 'PATCH', body: a.content })).text);
    artifacts.push({
      ...pushed,
      remoteToken: versionOf(patched),
      action: existing === null ? 'created' : 'updated',
    });
  }
  const devices = await listDevices(base, o);
  const moved: MovedDevice[] = [];
  for (const a of artifacts) {
    const ours = new Set(await job.enrollments(a.role));
    for (const d of devices) {
      if (!ours.has(d.name) || d.policyName === a.remoteId) continue;
      const id = d.name.split('/').pop() ?? '';
      await requestText(`${base}/devices/${encodeURIComponent(id)}?updateMask=policyName`, {
        ...o,
        method: 'PATCH',
        body: JSON.stringify({ policyName: a.remoteId }),
      });
      moved.push({ role: a.role, device: d.name, from: d.policyName, to: a.remoteId });
      d.policyName = a.remoteId;
    }
  }
  const retired: RetiredObject[] = [];
  for (const old of job.superseded(artifacts)) {
    const using = devices.filter((d) => d.policyName === old.remoteId).length;
    if (using > 0) {
      retired.push({ ...old, action: 'kept', reason: `still assigned to ${using} device(s)` });
      continue;
    }
    const id = old.remoteId.split('/').pop() ?? '';
    const r = await requestText(`${base}/policies/${encodeURIComponent(id)}`, {
      ...o,
      method: 'DELETE',
      allow404: true,
    });
    retired.push({
      ...old,
      action: r.status === 404 ? 'gone' : 'removed',
      reason: r.status === 404 ? 'no longer in the enterprise' : 'policies.delete',
    });
  }
  return { artifacts, notified: 0, moved, retired };
}

/** Every device of the enterprise, by name, with the policy it is assigned. */
async function listDevices(
  base: string,
  o: FetchOptions,
): Promise<{ name: string; policyName: string | null }[]> {
  const out: { name: string; policyName: string | null }[] = [];
  for await (const { body } of googlePages(`${base}/devices`, AMAPI_PAGE_SIZE, o)) {
    const list = body?.devices;
    if (!Array.isArray(list)) continue;
    for (const d of list as Record<string, unknown>[]) {
      if (typeof d?.name !== 'string') continue;
      out.push({ name: d.name, policyName: typeof d.policyName === 'string' ? d.policyName : null });
    }
  }
  return out;
}
