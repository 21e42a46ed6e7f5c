/**
 * Android Management API: each role's Policy is `enterprises.policies.patch`ed as
 * `enterprises/{id}/policies/vigil-{protocol}-{role}-{digest}` (next to the configured
 * `enterprises/{id}/devices` URL), which creates it when absent. The name is `amapiPolicyId`'s,
 * the one drift expects devices to report, so another version of the policy is another policy.
 * A policy that already says what the protocol says is left alone (`policies.get` first). The
 * policy's `version`, which devices report back as `appliedPolicyVersion`, is recorded as its
 * token. The push does not reassign devices (their `policyName`): a device still on an older
 * policy shows as drift until it is.
 */
import { amapiPolicyId } from '../../../core/enforcement/applied.ts';
import { VigilError } from '../../../core/errors.ts';
import type { PushedArtifact } from '../../../services/enforcement/push.service.ts';
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
  return { artifacts, notified: 0 };
}
