/**
 * Microsoft Intune: Graph `managedDevice` (v1.0) JSON — one device, an array, or a page
 * `{ value: [...], "@odata.nextLink": ... }`. Mapping table: README.md here.
 */
import type { AppliedConfiguration } from '../../../core/posture/fields.ts';
import type { Observation } from '../../../services/connectors/connector.service.ts';
import {
  invalid,
  type Obj,
  obj,
  optArr,
  optBool,
  optPatchLevel,
  optStr,
  optTime,
  optVersion,
  type Parse,
  parseJsonBody,
  records,
} from '../common.ts';

/** `complianceState`, the grace period kept apart rather than read as either verdict. */
const COMPLIANCE: Readonly<Record<string, AppliedConfiguration['compliance']>> = {
  compliant: 'compliant',
  noncompliant: 'noncompliant',
  conflict: 'noncompliant',
  error: 'noncompliant',
  inGracePeriod: 'inGracePeriod',
  unknown: null,
  configManager: null,
};

/** A policy state (`complianceStatus`) -> whether the device applied the policy. */
const STATE: Readonly<Record<string, AppliedConfiguration['items'][number]['state']>> = {
  compliant: 'applied',
  remediated: 'applied',
  // A compliance policy that finds the device non-compliant has been applied; a configuration
  // the device reports non-compliant has not.
  nonCompliant: 'failed',
  error: 'failed',
  conflict: 'failed',
  unknown: 'pending',
  notApplicable: 'pending',
  notAssigned: 'pending',
};

function policyStates(d: Obj, key: string, id: 'compliance' | 'configuration', path: string) {
  return (optArr(d, key, path) ?? []).flatMap((x, i) => {
    const at = `${path}${key}.${i}.`;
    const o = obj(x, at);
    const name = optStr(o, 'displayName', at);
    const state = optStr(o, 'state', at);
    if (name === undefined) return [];
    if (state !== undefined && !(state in STATE))
      invalid(`${at}state`, `unknown value "${state.slice(0, 40)}"`);
    let s = state === undefined ? 'pending' : (STATE[state] ?? 'pending');
    if (id === 'compliance' && state === 'nonCompliant') s = 'applied';
    const version = typeof o.version === 'number' ? { version: String(o.version) } : {};
    return [{ id, token: name.slice(0, 255), state: s, ...version }];
  });
}

/**
 * What Intune says the device applied: the policy states (when the request expands
 * `deviceCompliancePolicyStates` and `deviceConfigurationStates`) and `complianceState`.
 */
function appliedConfiguration(d: Obj, path: string): AppliedConfiguration | undefined {
  const state = optStr(d, 'complianceState', path);
  if (state !== undefined && !(state in COMPLIANCE))
    invalid(`${path}complianceState`, `unknown value "${state.slice(0, 40)}"`);
  const items = [
    ...policyStates(d, 'deviceCompliancePolicyStates', 'compliance', path),
    ...policyStates(d, 'deviceConfigurationStates', 'configuration', path),
  ];
  if (state === undefined && items.length === 0) return undefined;
  return { target: 'intune', items, compliance: state === undefined ? null : (COMPLIANCE[state] ?? null) };
}

export function fromManagedDevice(item: unknown, path: string): Observation {
  const d = obj(item, path || '(body)');
  const os = optStr(d, 'operatingSystem', path)?.toLowerCase();
  const version = optVersion(d, 'osVersion', path);
  const patch = optPatchLevel(d, 'androidSecurityPatchLevel', path);
  const supervised = optBool(d, 'isSupervised', path);
  const applied = appliedConfiguration(d, path);
  return {
    serial: optStr(d, 'serialNumber', path) ?? null,
    imei: optStr(d, 'imei', path) ?? null,
    externalId: optStr(d, 'id', path) ?? null,
    observedAt: optTime(d, 'lastSyncDateTime', path) ?? null,
    posture: {
      ...(version === undefined ? {} : { osVersion: version }),
      ...(patch === undefined || os === 'ios' || os === 'ipados' ? {} : { patchLevel: patch }),
      ...(supervised === undefined ? {} : { supervised }),
      ...(applied === undefined ? {} : { applied }),
    },
  };
}

export const parseIntune: Parse = (body) => {
  const { items, at } = records(parseJsonBody(body), ['value']);
  return items.map((item, i) => fromManagedDevice(item, at(i)));
};
