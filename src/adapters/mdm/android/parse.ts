/**
 * Android Management API: Device resources (one, an array, `{ devices: [...] }` as
 * `enterprises.devices.list` pages them, optionally with `policies: [...]`), or a Pub/Sub push
 * notification whose base64 `message.data` is a Device. Mapping table: README.md here.
 */
import type { Sensor, SensorReading } from '../../../core/model.ts';
import type { AppliedConfiguration } from '../../../core/posture/fields.ts';
import type { Observation } from '../../../services/connectors/connector.service.ts';
import {
  invalid,
  isObj,
  type Obj,
  obj,
  optArr,
  optBool,
  optBuild,
  optObj,
  optPatchLevel,
  optStr,
  optTime,
  optVersion,
  type Parse,
  parseJsonBody,
} from '../common.ts';

type Readings = Partial<Record<Sensor, SensorReading>>;

const ENFORCED_OFF: SensorReading = { state: 'disabled', provenance: 'enforced' };
const ENFORCED_ON: SensorReading = { state: 'enabled', provenance: 'enforced' };
const USER_CHOICE: SensorReading = { state: 'enabled', provenance: 'reported' };

/** Policy setting -> sensor it governs. */
const SETTINGS: Readonly<Record<string, Sensor>> = {
  cameraAccess: 'camera',
  cameraDisabled: 'camera',
  microphoneAccess: 'microphone',
  unmuteMicrophoneDisabled: 'microphone',
  locationMode: 'location',
  bluetoothDisabled: 'bluetooth',
};

function access(value: string | undefined, prefix: string, path: string): SensorReading | undefined {
  if (value === undefined || value === `${prefix}_UNSPECIFIED`) return undefined;
  if (value === `${prefix}_DISABLED`) return ENFORCED_OFF;
  if (value === `${prefix}_ENFORCED`) return ENFORCED_ON;
  if (value === `${prefix}_USER_CHOICE`) return USER_CHOICE;
  return invalid(path, `unknown value "${value.slice(0, 40)}"`);
}

const LOCATION: Readonly<Record<string, SensorReading | undefined>> = {
  LOCATION_MODE_UNSPECIFIED: undefined,
  LOCATION_DISABLED: ENFORCED_OFF,
  OFF: ENFORCED_OFF,
  LOCATION_ENFORCED: ENFORCED_ON,
  HIGH_ACCURACY: ENFORCED_ON,
  SENSORS_ONLY: ENFORCED_ON,
  BATTERY_SAVING: ENFORCED_ON,
  LOCATION_USER_CHOICE: USER_CHOICE,
};

/** The sensor readings a Policy enforces. */
export function policyReadings(p: Obj, path: string): Readings {
  const out: Readings = {};
  const camera = access(optStr(p, 'cameraAccess', path), 'CAMERA_ACCESS', `${path}cameraAccess`);
  if (camera !== undefined) out.camera = camera;
  else if (optBool(p, 'cameraDisabled', path) === true) out.camera = ENFORCED_OFF;
  const mic = access(optStr(p, 'microphoneAccess', path), 'MICROPHONE_ACCESS', `${path}microphoneAccess`);
  if (mic !== undefined) out.microphone = mic;
  else if (optBool(p, 'unmuteMicrophoneDisabled', path) === true) out.microphone = ENFORCED_OFF;
  const mode = optStr(p, 'locationMode', path);
  if (mode !== undefined) {
    if (!(mode in LOCATION)) invalid(`${path}locationMode`, `unknown value "${mode.slice(0, 40)}"`);
    const r = LOCATION[mode];
    if (r !== undefined) out.location = r;
  }
  const bt = optBool(p, 'bluetoothDisabled', path);
  if (bt !== undefined) out.bluetooth = bt ? ENFORCED_OFF : USER_CHOICE;
  return out;
}

/** The id of a policy resource name (`enterprises/E/policies/ID`). */
const policyId = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/**
 * The policy the device applied (and the one it is told to apply, when that differs: pending),
 * with Google's revision of it and `policyCompliant`; undefined when the device says nothing.
 */
function appliedPolicy(d: Obj, path: string): AppliedConfiguration | undefined {
  const applied = optStr(d, 'appliedPolicyName', path);
  const wanted = optStr(d, 'policyName', path);
  const raw = d.appliedPolicyVersion;
  // An int64, which the API sends as a string.
  if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number')
    invalid(`${path}appliedPolicyVersion`, 'expected a string or a number');
  const version = raw === undefined || raw === null ? undefined : String(raw).slice(0, 64);
  const compliant = optBool(d, 'policyCompliant', path);
  if (applied === undefined && compliant === undefined) return undefined;
  const items: AppliedConfiguration['items'] = [];
  if (applied !== undefined)
    items.push({
      id: 'policy',
      token: policyId(applied),
      state: 'applied',
      ...(version === undefined ? {} : { version }),
    });
  if (wanted !== undefined && wanted !== applied)
    items.push({ id: 'policy', token: policyId(wanted), state: 'pending' });
  return {
    target: 'amapi',
    items,
    compliance: compliant === undefined ? null : compliant ? 'compliant' : 'noncompliant',
  };
}

export function fromDevice(
  item: unknown,
  path: string,
  policies: ReadonlyMap<string, Readings>,
): Observation {
  const d = obj(item, path || '(body)');
  const sw = optObj(d, 'softwareInfo', path);
  const swp = `${path}softwareInfo.`;
  const hw = optObj(d, 'hardwareInfo', path);
  const net = optObj(d, 'networkInfo', path);
  const reports = optArr(d, 'applicationReports', path);
  const apps = reports?.map((a, i) =>
    optStr(obj(a, `${path}applicationReports.${i}`), 'packageName', `${path}applicationReports.${i}.`),
  );
  const policyName = optStr(d, 'appliedPolicyName', path) ?? optStr(d, 'policyName', path);
  const sensors: Readings = { ...(policyName === undefined ? {} : policies.get(policyName)) };
  // A setting the device reports as not applied is not enforced: its state is unknown.
  for (const [i, n] of (optArr(d, 'nonComplianceDetails', path) ?? []).entries()) {
    const setting = optStr(
      obj(n, `${path}nonComplianceDetails.${i}`),
      'settingName',
      `${path}nonComplianceDetails.${i}.`,
    );
    const sensor = setting === undefined ? undefined : SETTINGS[setting];
    if (sensor !== undefined) sensors[sensor] = { state: 'unknown', provenance: 'reported' };
  }
  const version = sw === undefined ? undefined : optVersion(sw, 'androidVersion', swp);
  const patch = sw === undefined ? undefined : optPatchLevel(sw, 'securityPatchLevel', swp);
  const build = sw === undefined ? undefined : optBuild(sw, 'androidBuildNumber', swp);
  const state = optStr(d, 'state', path);
  const applied = appliedPolicy(d, path);
  return {
    serial: (hw === undefined ? undefined : optStr(hw, 'serialNumber', `${path}hardwareInfo.`)) ?? null,
    imei: (net === undefined ? undefined : optStr(net, 'imei', `${path}networkInfo.`)) ?? null,
    externalId: optStr(d, 'name', path) ?? null,
    observedAt: optTime(d, 'lastStatusReportTime', path) ?? optTime(d, 'lastPolicySyncTime', path) ?? null,
    unenrolled: state === 'DELETED',
    posture: {
      ...(version === undefined ? {} : { osVersion: version }),
      ...(patch === undefined ? {} : { patchLevel: patch }),
      ...(build === undefined ? {} : { osBuild: build }),
      ...(Object.keys(sensors).length === 0 ? {} : { sensors }),
      ...(apps === undefined ? {} : { apps: [...new Set(apps.filter((a) => a !== undefined))].sort() }),
      ...(applied === undefined ? {} : { applied }),
    },
  };
}

function fromNotification(n: Obj): Observation[] {
  const message = obj(n.message, 'message');
  const data = optStr(message, 'data', 'message.');
  if (data === undefined) return invalid('message.data', 'required');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data)) return invalid('message.data', 'expected base64');
  let device: unknown;
  try {
    device = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return invalid('message.data', 'expected base64-encoded JSON (a Device resource)');
  }
  const o = fromDevice(device, 'message.data.', new Map());
  const published = optTime(message, 'publishTime', 'message.');
  return [{ ...o, observedAt: o.observedAt ?? published ?? null }];
}

export const parseAndroid: Parse = (body) => {
  const json = parseJsonBody(body);
  if (isObj(json) && json.message !== undefined) return fromNotification(json);
  const policies = new Map<string, Readings>();
  let items: readonly unknown[];
  let path = '';
  if (Array.isArray(json)) items = json;
  else if (isObj(json) && (json.devices !== undefined || json.policies !== undefined)) {
    for (const [i, p] of (optArr(json, 'policies', '') ?? []).entries()) {
      const policy = obj(p, `policies.${i}`);
      const name = optStr(policy, 'name', `policies.${i}.`);
      if (name === undefined) invalid(`policies.${i}.name`, 'required');
      policies.set(name, policyReadings(policy, `policies.${i}.`));
    }
    items = optArr(json, 'devices', '') ?? [];
    path = 'devices.';
  } else items = [json];
  return items.map((item, i) => fromDevice(item, `${path}${i}.`, policies));
};
