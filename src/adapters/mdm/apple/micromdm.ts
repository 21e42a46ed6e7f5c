/**
 * MicroMDM's device list, `GET /v1/devices` → `{ "devices": [...] }`: what MicroMDM stored from
 * each device's last Authenticate and DeviceInformation answers. The scheduled Apple MDM pull
 * reads it (NanoMDM has no inventory API; its posture comes by webhook). Mapping: README.md here.
 */
import type { Observation } from '../../../services/connectors/connector.service.ts';
import { invalid, isObj, type Obj, obj, optBool, optBuild, optStr, optTime, optVersion } from '../common.ts';

/** `{ "devices": [...] }` (MicroMDM's answer) as opposed to a webhook event. */
export function isMicroMdmDeviceList(json: unknown): json is Obj & { devices: unknown } {
  return isObj(json) && json.devices !== undefined && json.topic === undefined;
}

function fromMicroMdmDevice(item: unknown, path: string): Observation {
  const d = obj(item, path);
  const version = optVersion(d, 'os_version', path);
  const build = optBuild(d, 'build_version', path);
  // `enrolled` is omitted when false (Go omitempty); only the list DTO's explicit
  // `enrollment_status: false` says the device left management.
  optBool(d, 'enrolled', path);
  const status = optBool(d, 'enrollment_status', path);
  return {
    serial: optStr(d, 'serial_number', path) ?? null,
    imei: optStr(d, 'imei', path) ?? null,
    externalId: optStr(d, 'udid', path) ?? null,
    observedAt: optTime(d, 'last_seen', path) ?? null,
    unenrolled: status === false,
    posture: {
      ...(version === undefined ? {} : { osVersion: version }),
      ...(build === undefined ? {} : { osBuild: build }),
    },
  };
}

export function fromMicroMdmDeviceList(json: Obj): Observation[] {
  const devices = json.devices;
  if (devices === null) return []; // Go marshals an empty list as null
  if (!Array.isArray(devices)) return invalid('devices', 'expected an array');
  return devices.map((d, i) => fromMicroMdmDevice(d, `devices.${i}.`));
}
