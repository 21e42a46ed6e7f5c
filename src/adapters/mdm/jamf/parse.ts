/**
 * Jamf Pro mobile device inventory: `GET /api/v2/mobile-devices/detail` pages
 * (`{ totalCount, results: [{ mobileDeviceId, general{…}, hardware{…}, applications[…] }] }`)
 * or the flattened inventory records. Mapping table: README.md here.
 */
import type { Observation } from '../../../services/connectors/connector.service.ts';
import {
  obj,
  optArr,
  optBool,
  optBuild,
  optObj,
  optStr,
  optTime,
  optVersion,
  type Parse,
  parseJsonBody,
  records,
} from '../common.ts';

export function fromMobileDevice(item: unknown, path: string): Observation {
  const d = obj(item, path || '(body)');
  // Sections of the v2 detail record, or the flattened record itself.
  const general = optObj(d, 'general', path) ?? d;
  const gp = general === d ? path : `${path}general.`;
  const hardware = optObj(d, 'hardware', path) ?? d;
  const hp = hardware === d ? path : `${path}hardware.`;
  const network = optObj(d, 'network', path);
  const version = optVersion(general, 'osVersion', gp);
  const build = optBuild(general, 'osBuild', gp);
  const supervised = optBool(general, 'supervised', gp);
  const appList = optArr(d, 'applications', path);
  const apps = appList?.map((a, i) =>
    optStr(obj(a, `${path}applications.${i}`), 'identifier', `${path}applications.${i}.`),
  );
  const id = d.mobileDeviceId ?? d.id;
  return {
    serial: optStr(hardware, 'serialNumber', hp) ?? null,
    imei:
      optStr(hardware, 'imei', hp) ??
      (network === undefined ? undefined : optStr(network, 'imei', `${path}network.`)) ??
      null,
    externalId:
      typeof id === 'string' || typeof id === 'number' ? String(id) : (optStr(general, 'udid', gp) ?? null),
    observedAt:
      optTime(general, 'lastInventoryUpdateDate', gp) ??
      optTime(general, 'lastInventoryUpdateTimestamp', gp) ??
      null,
    posture: {
      ...(version === undefined ? {} : { osVersion: version }),
      ...(build === undefined ? {} : { osBuild: build }),
      ...(supervised === undefined ? {} : { supervised }),
      ...(apps === undefined ? {} : { apps: [...new Set(apps.filter((a) => a !== undefined))].sort() }),
    },
  };
}

export const parseJamf: Parse = (body) => {
  const { items, at } = records(parseJsonBody(body), ['results']);
  return items.map((item, i) => fromMobileDevice(item, at(i)));
};
