/**
 * Apple MDM: check-in messages and command results, as XML or binary plists, or wrapped in
 * the MicroMDM/NanoMDM webhook JSON, or MicroMDM's device list. Mapping table: README.md here.
 */
import { type PlistValue, parseBinary, parse as parseXmlPlist } from 'plist';
import type { AppliedConfiguration } from '../../../core/posture/fields.ts';
import type { Observation, ObservedPosture } from '../../../services/connectors/connector.service.ts';
import {
  type DeliveryHints,
  invalid,
  isObj,
  type Obj,
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
} from '../common.ts';
import { fromMicroMdmDeviceList, isMicroMdmDeviceList } from './micromdm.ts';

const BPLIST = Buffer.from('bplist00');

/** Parses an XML or binary plist; `path` names it in errors. */
export function readPlist(data: Uint8Array, path: string): Obj {
  let value: PlistValue;
  try {
    value =
      data.length >= 8 && Buffer.from(data.subarray(0, 8)).equals(BPLIST)
        ? parseBinary(data)
        : parseXmlPlist(Buffer.from(data).toString('utf8'));
  } catch (err) {
    return invalid(path, `not a property list (${(err as Error).message.slice(0, 80)})`);
  }
  if (!isObj(value)) return invalid(path, 'expected a dictionary at the top of the property list');
  return value;
}

/** The `allowCamera` restriction as a camera reading: off = enforced disabled; on = reported enabled. */
function cameraFrom(allowCamera: boolean | undefined): ObservedPosture['sensors'] {
  if (allowCamera === undefined) return undefined;
  return allowCamera
    ? { camera: { state: 'enabled', provenance: 'reported' } }
    : { camera: { state: 'disabled', provenance: 'enforced' } };
}

function restrictionsFromProfile(p: Obj, path: string): boolean | undefined {
  // A configuration profile: PayloadContent[] with a com.apple.applicationaccess payload.
  let allow: boolean | undefined;
  for (const [i, item] of (optArr(p, 'PayloadContent', path) ?? []).entries()) {
    const payload = obj(item, `${path}PayloadContent.${i}`);
    if (optStr(payload, 'PayloadType', `${path}PayloadContent.${i}.`) !== 'com.apple.applicationaccess')
      continue;
    const a = optBool(payload, 'allowCamera', `${path}PayloadContent.${i}.`);
    if (a !== undefined) allow = allow === false ? false : a; // the most restrictive payload wins
  }
  return allow;
}

const DECLARATION_STATE: Readonly<Record<string, AppliedConfiguration['items'][number]['state']>> = {
  valid: 'applied',
  invalid: 'failed',
  unknown: 'pending',
};

/**
 * A DDM status report (the DeclarativeManagement check-in to the `status` endpoint): per
 * declaration its `server-token`, whether it is active and valid (the proof of what the device
 * applied), and the OS version it reports. Null when the report carries neither.
 */
function fromStatusReport(data: unknown, path: string): ObservedPosture | null {
  if (!(data instanceof Uint8Array)) return invalid(`${path}Data`, 'expected data (the status report)');
  const report = obj(parseJsonBody(Buffer.from(data), `${path}Data`), `${path}Data`);
  const at = `${path}Data.`;
  const items = optObj(report, 'StatusItems', at);
  if (items === undefined) return null;
  const ip = `${at}StatusItems.`;
  const posture: { -readonly [K in keyof ObservedPosture]: ObservedPosture[K] } = {};
  const device = optObj(items, 'device', ip);
  const os = device === undefined ? undefined : optObj(device, 'operating-system', `${ip}device.`);
  if (os !== undefined) {
    const op = `${ip}device.operating-system.`;
    const version = optVersion(os, 'version', op);
    const build = optBuild(os, 'build-version', op);
    if (version !== undefined) posture.osVersion = version;
    if (build !== undefined) posture.osBuild = build;
  }
  const management = optObj(items, 'management', ip);
  const declarations =
    management === undefined ? undefined : optObj(management, 'declarations', `${ip}management.`);
  if (declarations !== undefined) {
    const dp = `${ip}management.declarations.`;
    const out: AppliedConfiguration['items'] = [];
    for (const kind of ['activations', 'configurations', 'assets', 'management'])
      for (const [i, x] of (optArr(declarations, kind, dp) ?? []).entries()) {
        const xp = `${dp}${kind}.${i}.`;
        const d = obj(x, xp);
        const id = optStr(d, 'identifier', xp);
        const token = optStr(d, 'server-token', xp);
        if (id === undefined || token === undefined) continue;
        const valid = optStr(d, 'valid', xp) ?? 'unknown';
        if (!(valid in DECLARATION_STATE)) invalid(`${xp}valid`, `unknown value "${valid.slice(0, 40)}"`);
        const state = DECLARATION_STATE[valid] ?? 'pending';
        // Valid but inactive: installed, not applied (its activation's predicate is false).
        const active = optBool(d, 'active', xp);
        out.push({
          id: id.slice(0, 255),
          token: token.slice(0, 255),
          state: state === 'applied' && active === false ? 'pending' : state,
        });
      }
    posture.applied = { target: 'apple-ddm', items: out, compliance: null };
  }
  return Object.keys(posture).length === 0 ? null : posture;
}

/** One plist message -> the observation (null: nothing Vigil reads, e.g. a NotNow result). */
function fromMessage(
  m: Obj,
  hints: DeliveryHints,
  observedAt: number | null,
  path: string,
): Observation | null {
  const udid = optStr(m, 'UDID', path) ?? hints.udid ?? null;
  const messageType = optStr(m, 'MessageType', path);
  if (messageType !== undefined) {
    const base = {
      serial: optStr(m, 'SerialNumber', path) ?? hints.serial ?? null,
      imei: optStr(m, 'IMEI', path) ?? null,
      externalId: udid,
      observedAt,
    };
    switch (messageType) {
      case 'Authenticate':
        return {
          ...base,
          posture: {
            osVersion: optVersion(m, 'OSVersion', path) ?? null,
            osBuild: optBuild(m, 'BuildVersion', path) ?? null,
          },
        };
      case 'TokenUpdate':
        return { ...base, posture: null };
      case 'CheckOut':
        return { ...base, posture: null, unenrolled: true };
      case 'DeclarativeManagement': {
        if (optStr(m, 'Endpoint', path) !== 'status') return null;
        const posture = fromStatusReport(m.Data, path);
        return posture === null ? null : { ...base, posture };
      }
      default:
        return null; // UserAuthenticate, GetBootstrapToken…: no posture
    }
  }
  if (m.PayloadContent !== undefined) {
    const allow = restrictionsFromProfile(m, path);
    return {
      serial: hints.serial ?? null,
      imei: null,
      externalId: udid,
      observedAt,
      posture: allow === undefined ? {} : { sensors: cameraFrom(allow) ?? {} },
    };
  }
  const status = optStr(m, 'Status', path);
  if (status !== undefined && status !== 'Acknowledged') return null; // Error, NotNow, Idle
  const base = { serial: hints.serial ?? null, imei: null, externalId: udid, observedAt };
  const q = optObj(m, 'QueryResponses', path);
  if (q !== undefined) {
    const qp = `${path}QueryResponses.`;
    return {
      ...base,
      serial: optStr(q, 'SerialNumber', qp) ?? base.serial,
      imei: optStr(q, 'IMEI', qp) ?? null,
      externalId: optStr(q, 'UDID', qp) ?? udid,
      posture: {
        ...(q.OSVersion === undefined ? {} : { osVersion: optVersion(q, 'OSVersion', qp) ?? null }),
        ...(q.BuildVersion === undefined ? {} : { osBuild: optBuild(q, 'BuildVersion', qp) ?? null }),
        ...(q.IsSupervised === undefined ? {} : { supervised: optBool(q, 'IsSupervised', qp) ?? null }),
      },
    };
  }
  const apps = optArr(m, 'InstalledApplicationList', path);
  if (apps !== undefined) {
    const ids: string[] = [];
    for (const [i, a] of apps.entries()) {
      const id = optStr(
        obj(a, `${path}InstalledApplicationList.${i}`),
        'Identifier',
        `${path}InstalledApplicationList.${i}.`,
      );
      if (id !== undefined) ids.push(id);
    }
    return { ...base, posture: { apps: [...new Set(ids)].sort() } };
  }
  const security = optObj(m, 'SecurityInfo', path);
  if (security !== undefined) return { ...base, posture: {} }; // proves the device answered
  const restrictions = optObj(m, 'GlobalRestrictions', path);
  if (restrictions !== undefined) {
    // The Restrictions command: GlobalRestrictions.restrictedBool.allowCamera.value
    const rp = `${path}GlobalRestrictions.`;
    const bools = optObj(restrictions, 'restrictedBool', rp);
    const camera = bools === undefined ? undefined : optObj(bools, 'allowCamera', `${rp}restrictedBool.`);
    const allow =
      camera === undefined ? undefined : optBool(camera, 'value', `${rp}restrictedBool.allowCamera.`);
    return { ...base, posture: allow === undefined ? {} : { sensors: cameraFrom(allow) ?? {} } };
  }
  return null;
}

/** The MicroMDM/NanoMDM webhook event: a check-in or a command result, its plist in base64. */
function fromWebhook(e: Obj, hints: DeliveryHints): Observation | null {
  const event = optObj(e, 'checkin_event', '') ?? optObj(e, 'acknowledge_event', '');
  if (event === undefined) return null; // other topics carry no device message
  const which = e.checkin_event !== undefined ? 'checkin_event' : 'acknowledge_event';
  const raw = optStr(event, 'raw_payload', `${which}.`);
  if (raw === undefined) return invalid(`${which}.raw_payload`, 'required');
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(raw)) return invalid(`${which}.raw_payload`, 'expected base64');
  const message = readPlist(Buffer.from(raw, 'base64'), `${which}.raw_payload`);
  const observedAt = optTime(e, 'created_at', '') ?? hints.observedAt ?? null;
  const udid = optStr(event, 'udid', `${which}.`);
  const o = fromMessage(
    message,
    { ...hints, ...(udid === undefined ? {} : { udid }) },
    observedAt,
    `${which}.raw_payload.`,
  );
  // A retried event keeps its event id (and command UUID): the re-delivery key when no time is stated.
  const eventId = optStr(e, 'event_id', '');
  const part = optStr(event, 'command_uuid', `${which}.`) ?? optStr(e, 'topic', '') ?? '';
  return o === null || eventId === undefined ? o : { ...o, deliveryId: `${eventId}/${part}` };
}

export const parseApple: Parse = (body, hints) => {
  const first = body.subarray(0, 64).toString('utf8').trimStart();
  if (first.startsWith('{') || first.startsWith('[')) {
    const json = parseJsonBody(body);
    if (isMicroMdmDeviceList(json)) return fromMicroMdmDeviceList(json);
    const events = Array.isArray(json) ? json : [json];
    return events.flatMap((e, i) => {
      const o = fromWebhook(obj(e, Array.isArray(json) ? String(i) : '(body)'), hints);
      return o === null ? [] : [o];
    });
  }
  const o = fromMessage(readPlist(body, '(body)'), hints, hints.observedAt ?? null, '');
  return o === null ? [] : [o];
};
