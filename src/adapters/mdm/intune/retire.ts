/**
 * After an Intune push: the Graph objects Vigil created for superseded versions of the protocol
 * (per the push receipts; never an object it found) are deleted, so a phone is not held to two
 * versions at once. An old object is deleted only once every object now pushed for its role is
 * assigned to some group (by `VIGIL_INTUNE_GROUPS` or by hand): until then it is the only
 * configuration its devices have, and it is kept (and tried again on the next push).
 *
 * Objects are looked up and deleted on Graph beta, which has every type Vigil pushes (the
 * Android device owner ones only there), so one lookup per collection finds any of them.
 */
import type { DeviceRole } from '../../../core/model.ts';
import type { RetiredObject } from '../../../services/enforcement/push.service.ts';
import { bearer, jsonObject, type PushJob, type PushOutcome } from '../connector.ts';
import { type FetchOptions, requestText } from '../http.ts';
import { betaBase, deviceManagementBase, type IntuneSettings } from './push.ts';

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

async function assigned(item: string, o: FetchOptions): Promise<boolean> {
  const value = jsonObject((await requestText(`${item}/assignments`, o)).text)?.value;
  return Array.isArray(value) && value.length > 0;
}

export async function retireIntune(
  job: PushJob,
  settings: IntuneSettings,
  opts: FetchOptions,
  outcome: PushOutcome,
): Promise<PushOutcome> {
  const o = bearer(settings.token, opts);
  const base = betaBase(deviceManagementBase(settings.url));
  const replaced = new Map<DeviceRole, boolean>();
  const replacedIn = async (role: DeviceRole): Promise<boolean> => {
    let known = replaced.get(role);
    if (known === undefined) {
      known = true;
      for (const a of outcome.artifacts.filter((x) => x.role === role)) {
        const item = await locate(base, a.remoteId, o);
        if (item === null || !(await assigned(item, o))) known = false;
      }
      replaced.set(role, known);
    }
    return known;
  };
  const retired: RetiredObject[] = [];
  for (const old of job.superseded(outcome.artifacts)) {
    const item = await locate(base, old.remoteId, o);
    if (item === null) {
      retired.push({ ...old, action: 'gone', reason: 'no longer in Intune' });
    } else if (!(await replacedIn(old.role))) {
      retired.push({
        ...old,
        action: 'kept',
        reason: 'the objects replacing it are not assigned to a group yet',
      });
    } else {
      await requestText(item, { ...o, method: 'DELETE', allow404: true });
      retired.push({ ...old, action: 'removed', reason: 'deleted' });
    }
  }
  return { ...outcome, retired };
}
