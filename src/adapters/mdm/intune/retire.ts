/**
 * After an Intune push: the Graph objects Vigil created for superseded versions (or content) of
 * the protocol, per the push receipts and never an object it found, are deleted, so a phone is
 * not held to two versions at once. Intune has no device-to-policy pointer to move (AMAPI's
 * `policyName`): an object reaches phones through its assignments. So before an old object is
 * deleted, the groups it is assigned to (by `VIGIL_INTUNE_GROUPS` or by hand, exclusions too)
 * are added to the object that replaces it (the one pushed for the same role and file), and
 * its phones get the new version rather than nothing. An object with no replacement (its role
 * no longer stated, or the protocol withdrawn) is deleted with its assignments.
 *
 * Objects are looked up and deleted on Graph beta, which has every type Vigil pushes (the
 * Android device owner ones only there), so one lookup per collection finds any of them.
 */
import type { PushedAssignment, RetiredObject } from '../../../services/enforcement/push.service.ts';
import { bearer, type PushJob, type PushOutcome } from '../connector.ts';
import { type FetchOptions, requestText } from '../http.ts';
import {
  assignmentTargets,
  assignTargets,
  betaBase,
  deviceManagementBase,
  type IntuneSettings,
} from './push.ts';

/** Where Vigil's Intune objects live, whatever their platform. */
const COLLECTIONS = ['deviceCompliancePolicies', 'deviceConfigurations'] as const;

/** The object's URL in whichever collection holds it, or null when none does. */
async function locate(base: string, id: string, o: FetchOptions): Promise<string | null> {
  for (const c of COLLECTIONS) {
    const item = `${base}/${c}/${encodeURIComponent(id)}`;
    if ((await requestText(item, { ...o, allow404: true })).status !== 404) return item;
  }
  return null;
}

/** A target's group, or its kind for targets without one (all devices, all licensed users). */
const groupOf = (t: Record<string, unknown>) =>
  typeof t.groupId === 'string' ? t.groupId : String(t['@odata.type'] ?? 'unknown');

export async function retireIntune(
  job: PushJob,
  settings: IntuneSettings,
  opts: FetchOptions,
  outcome: PushOutcome,
): Promise<PushOutcome> {
  const o = bearer(settings.token, opts);
  const base = betaBase(deviceManagementBase(settings.url));
  const retired: RetiredObject[] = [];
  const assignments: PushedAssignment[] = [...(outcome.assignments ?? [])];
  for (const old of job.superseded(outcome.artifacts)) {
    const item = await locate(base, old.remoteId, o);
    if (item === null) {
      retired.push({ ...old, action: 'gone', reason: 'no longer in Intune' });
      continue;
    }
    const heir = outcome.artifacts.find((a) => a.role === old.role && a.file === old.file);
    const held = await assignmentTargets(item, o);
    if (heir === undefined || held.length === 0) {
      await requestText(item, { ...o, method: 'DELETE', allow404: true });
      retired.push({ ...old, action: 'removed', reason: 'deleted' });
      continue;
    }
    const heirItem = await locate(base, heir.remoteId, o);
    if (heirItem === null) throw new Error(`the Intune object ${heir.remoteId} just pushed is not found`);
    const added = await assignTargets(heirItem, held, o);
    for (const t of held)
      assignments.push({
        role: old.role,
        remoteId: heir.remoteId,
        groupId: groupOf(t),
        action: added.includes(t) ? 'assigned' : 'unchanged',
        from: old.remoteId,
      });
    await requestText(item, { ...o, method: 'DELETE', allow404: true });
    retired.push({
      ...old,
      action: 'removed',
      reason: `deleted; its ${held.length} assignment(s) moved to ${heir.remoteId}`,
    });
  }
  return { ...outcome, assignments, retired };
}
