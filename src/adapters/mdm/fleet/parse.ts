/**
 * Fleet (fleetdm): host JSON from its REST API — `GET /api/v1/fleet/hosts/:id` (`{ host }`),
 * `GET /api/v1/fleet/hosts` pages (`{ hosts: [...] }`) — for iOS/iPadOS/Android hosts.
 * Mapping table: README.md here.
 */
import type { Observation } from '../../../services/connectors/connector.service.ts';
import {
  invalid,
  isObj,
  obj,
  optArr,
  optObj,
  optStr,
  optTime,
  type Parse,
  parseJsonBody,
  records,
} from '../common.ts';

/** Fleet's `os_version` is "iOS 18.6.2" / "iPadOS 18.6" / "Android 15": keep the number. */
function version(text: string | undefined, path: string): string | undefined {
  if (text === undefined) return undefined;
  const m = /^(?:iOS|iPadOS|Android)?\s*(\d+(?:\.\d+){0,3})$/.exec(text);
  if (m === null)
    return invalid(path, `expected an OS version such as "iOS 18.6.2", got "${text.slice(0, 40)}"`);
  return m[1];
}

export function fromHost(item: unknown, path: string): Observation {
  const h = obj(item, path || '(body)');
  const v = version(optStr(h, 'os_version', path), `${path}os_version`);
  const software = optArr(h, 'software', path);
  const apps = software?.map((s, i) => {
    const sw = obj(s, `${path}software.${i}`);
    return optStr(sw, 'bundle_identifier', `${path}software.${i}.`);
  });
  const mdm = optObj(h, 'mdm', path);
  const enrolled = mdm === undefined ? undefined : optStr(mdm, 'enrollment_status', `${path}mdm.`);
  return {
    serial: optStr(h, 'hardware_serial', path) ?? null,
    imei: null,
    externalId: optStr(h, 'uuid', path) ?? null,
    observedAt: optTime(h, 'detail_updated_at', path) ?? optTime(h, 'last_enrolled_at', path) ?? null,
    unenrolled: enrolled === 'Off',
    posture: {
      ...(v === undefined ? {} : { osVersion: v }),
      ...(apps === undefined ? {} : { apps: [...new Set(apps.filter((a) => a !== undefined))].sort() }),
    },
  };
}

export const parseFleet: Parse = (body) => {
  const json = parseJsonBody(body);
  if (isObj(json) && isObj(json.host)) return [fromHost(json.host, 'host.')];
  const { items, at } = records(json, ['hosts']);
  return items.map((item, i) => fromHost(item, at(i)));
};
