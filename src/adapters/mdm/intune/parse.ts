/**
 * Microsoft Intune: Graph `managedDevice` (v1.0) JSON — one device, an array, or a page
 * `{ value: [...], "@odata.nextLink": ... }`. Mapping table: README.md here.
 */
import type { Observation } from '../../../services/connectors/connector.service.ts';
import {
  obj,
  optBool,
  optPatchLevel,
  optStr,
  optTime,
  optVersion,
  type Parse,
  parseJsonBody,
  records,
} from '../common.ts';

export function fromManagedDevice(item: unknown, path: string): Observation {
  const d = obj(item, path || '(body)');
  const os = optStr(d, 'operatingSystem', path)?.toLowerCase();
  const version = optVersion(d, 'osVersion', path);
  const patch = optPatchLevel(d, 'androidSecurityPatchLevel', path);
  const supervised = optBool(d, 'isSupervised', path);
  return {
    serial: optStr(d, 'serialNumber', path) ?? null,
    imei: optStr(d, 'imei', path) ?? null,
    externalId: optStr(d, 'id', path) ?? null,
    observedAt: optTime(d, 'lastSyncDateTime', path) ?? null,
    posture: {
      ...(version === undefined ? {} : { osVersion: version }),
      ...(patch === undefined || os === 'ios' || os === 'ipados' ? {} : { patchLevel: patch }),
      ...(supervised === undefined ? {} : { supervised }),
    },
  };
}

export const parseIntune: Parse = (body) => {
  const { items, at } = records(parseJsonBody(body), ['value']);
  return items.map((item, i) => fromManagedDevice(item, at(i)));
};
