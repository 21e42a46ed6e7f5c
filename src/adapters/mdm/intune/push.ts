/**
 * Intune through Microsoft Graph: each compiled resource (`iosCompliancePolicy` and
 * `androidDeviceOwnerCompliancePolicy` in `deviceCompliancePolicies`,
 * `iosGeneralDeviceConfiguration` and `androidDeviceOwnerGeneralDeviceConfiguration` in
 * `deviceConfigurations`, next to the configured `deviceManagement/managedDevices` URL; the
 * Android types exist only in Graph beta, so a `/v1.0/` URL is read as `/beta/` for them) is found
 * by its `displayName` (pages follow `@odata.nextLink`), which ends in the digest of its content,
 * so another version or compilation is another object; it is created when absent, PATCHed when
 * it differs (edited by hand in Intune) and left alone when it already says what the protocol
 * says. A PATCH carries no `scheduledActionsForRule` (Graph sets those only at creation).
 * Graph's `version` of the object is recorded as its token.
 *
 * With a group named for the role (`VIGIL_INTUNE_GROUPS`), each object is assigned to it: its
 * `assignments` are read and, when none targets the group, `assign` is posted with the
 * assignments it had plus the group's (the action replaces the whole set).
 */

import { z } from 'zod';
import { VigilError } from '../../../core/errors.ts';
import { DEVICE_ROLES, type DeviceRole } from '../../../core/model.ts';
import type { PushedArtifact, PushedAssignment } from '../../../services/enforcement/push.service.ts';
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

/** Each compiled type's collection, and whether Graph has it only in beta. */
const COLLECTIONS: Readonly<Record<string, { readonly collection: string; readonly beta: boolean }>> = {
  '#microsoft.graph.iosCompliancePolicy': { collection: 'deviceCompliancePolicies', beta: false },
  '#microsoft.graph.iosGeneralDeviceConfiguration': { collection: 'deviceConfigurations', beta: false },
  '#microsoft.graph.androidDeviceOwnerCompliancePolicy': {
    collection: 'deviceCompliancePolicies',
    beta: true,
  },
  '#microsoft.graph.androidDeviceOwnerGeneralDeviceConfiguration': {
    collection: 'deviceConfigurations',
    beta: true,
  },
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

/** The same `deviceManagement` base on Graph beta (a base with no `/v1.0/` segment is kept). */
export function betaBase(base: string): string {
  const u = new URL(base);
  u.pathname = u.pathname.replace(/\/v1\.0\//, '/beta/');
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

/** Creates, PATCHes or leaves alone one object, found by its display name. */
async function putObject(
  url: string,
  collection: string,
  wanted: Record<string, unknown>,
  content: string,
  o: FetchOptions,
): Promise<Pick<PushedArtifact, 'remoteId' | 'remoteToken' | 'action'>> {
  const existing = await findByName(url, wanted['@odata.type'], wanted.displayName, o);
  if (existing === null) {
    const created = jsonObject((await requestText(url, { ...o, method: 'POST', body: content })).text);
    const id = created?.id;
    if (typeof id !== 'string') {
      throw new VigilError('INTEL_FETCH_FAILED', `creating in ${collection} answered no id`);
    }
    return { remoteId: id, remoteToken: versionOf(created), action: 'created' };
  }
  const id = String(existing.id);
  if (holdsAll(existing, wanted, CREATE_ONLY))
    return { remoteId: id, remoteToken: versionOf(existing), action: 'unchanged' };
  const patch = Object.fromEntries(Object.entries(wanted).filter(([k]) => !CREATE_ONLY.includes(k)));
  const item = `${url}/${encodeURIComponent(id)}`;
  await requestText(item, { ...o, method: 'PATCH', body: JSON.stringify(patch) });
  const after = jsonObject(await fetchText(item, o));
  return { remoteId: id, remoteToken: versionOf(after), action: 'updated' };
}

export interface IntuneSettings extends Endpoint {
  /** The Entra ID group each role's objects are assigned to; a role with none is not assigned. */
  readonly groups: Readonly<Partial<Record<DeviceRole, string>>>;
}

/** `calls=<group id>,social=<group id>`: roles, each once, to group object ids. */
const groupsVariable = z.string().transform((text, ctx) => {
  const groups: Partial<Record<DeviceRole, string>> = {};
  for (const part of text
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')) {
    const [role, id] = part.split('=').map((x) => x.trim());
    if (!DEVICE_ROLES.includes(role as DeviceRole) || id === undefined || !/^[0-9a-fA-F-]{36}$/.test(id)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected role=group-object-id pairs separated by commas (roles: ${DEVICE_ROLES.join(', ')}), got "${part.slice(0, 80)}"`,
      });
      return z.NEVER;
    }
    if (groups[role as DeviceRole] !== undefined) {
      ctx.addIssue({ code: 'custom', message: `role ${role} is named twice` });
      return z.NEVER;
    }
    groups[role as DeviceRole] = id;
  }
  return groups;
});

export const intunePushEnv = z
  .object({
    VIGIL_INTUNE_URL: z.url({ protocol: /^https?$/ }),
    VIGIL_INTUNE_TOKEN: z.string().min(1).optional(),
    VIGIL_INTUNE_GROUPS: groupsVariable.optional(),
  })
  .transform(
    (e): IntuneSettings => ({
      url: e.VIGIL_INTUNE_URL,
      token: e.VIGIL_INTUNE_TOKEN ?? null,
      groups: e.VIGIL_INTUNE_GROUPS ?? {},
    }),
  );

const GROUP_TARGET = '#microsoft.graph.groupAssignmentTarget';

type Target = Record<string, unknown>;

/** One target per kind and group: Graph's assignments of an object name each at most once. */
const targetKey = (t: Target) => `${String(t['@odata.type'])} ${String(t.groupId ?? '')}`;

/** The targets of the object at `item`'s assignments (groups, exclusions, all devices...). */
export async function assignmentTargets(item: string, o: FetchOptions): Promise<Target[]> {
  const held = jsonObject(await fetchText(`${item}/assignments`, o))?.value;
  const assignments = Array.isArray(held) ? (held as Record<string, unknown>[]) : [];
  return assignments
    .map((a) => a.target)
    .filter((t): t is Target => typeof t === 'object' && t !== null && !Array.isArray(t));
}

/**
 * Assigns the object at `item` to each of `targets` it is not yet assigned to, keeping its other
 * assignments (`assign` replaces the whole set); returns those it had to add.
 */
export async function assignTargets(
  item: string,
  targets: readonly Target[],
  o: FetchOptions,
): Promise<Target[]> {
  const held = await assignmentTargets(item, o);
  const have = new Set(held.map(targetKey));
  const added = targets.filter((t) => {
    const k = targetKey(t);
    if (have.has(k)) return false;
    have.add(k);
    return true;
  });
  if (added.length === 0) return [];
  const body = { assignments: [...held, ...added].map((target) => ({ target })) };
  await requestText(`${item}/assign`, { ...o, method: 'POST', body: JSON.stringify(body) });
  return added;
}

/** Assigns the object at `item` to `groupId`, keeping its other assignments; says whether it had to. */
async function assignTo(item: string, groupId: string, o: FetchOptions): Promise<'assigned' | 'unchanged'> {
  const added = await assignTargets(item, [{ '@odata.type': GROUP_TARGET, groupId }], o);
  return added.length === 0 ? 'unchanged' : 'assigned';
}

export async function pushIntune(
  job: PushJob,
  settings: IntuneSettings,
  opts: FetchOptions,
): Promise<PushOutcome> {
  const o = bearer(settings.token, opts);
  const base = deviceManagementBase(settings.url);
  const artifacts: PushedArtifact[] = [];
  const assignments: PushedAssignment[] = [];
  for (const a of job.artifacts) {
    const wanted = artifactObject(a.content);
    const where = COLLECTIONS[String(wanted['@odata.type'])];
    if (where === undefined) throw new Error(`no Graph collection for ${String(wanted['@odata.type'])}`);
    const { collection } = where;
    const url = `${where.beta ? betaBase(base) : base}/${collection}`;
    const pushed = await putObject(url, collection, wanted, a.content, o);
    artifacts.push({ role: a.role, file: a.file, sha256: a.sha256, ...pushed });
    const groupId = settings.groups[a.role];
    if (groupId !== undefined) {
      const item = `${url}/${encodeURIComponent(pushed.remoteId)}`;
      const action = await assignTo(item, groupId, o);
      assignments.push({ role: a.role, remoteId: pushed.remoteId, groupId, action });
    }
  }
  return { artifacts, notified: 0, assignments };
}
