import { banningPolicy, classifyDetection } from '../../lifecycle/zone.ts';
import type { Detection } from '../../model.ts';
import { DAY, toIso } from '../../time.ts';
import type { PeopleFindingDraft, PeopleRule } from '../evaluate-people.ts';

/**
 * How long a detection keeps its finding open: a violation is about behaviour, not a state
 * that can be fixed, so it stays visible for 30 days after the last sighting (the period an
 * officer reviews) and then resolves by itself. Repeated sightings extend it.
 */
export const DETECTION_WINDOW = 30 * DAY;

export const zonePersonalDevice: PeopleRule = {
  id: 'zone.personal-device',
  title: 'Personal or unknown device in a facility that bans them',
  description:
    'A sensor or check-point saw a personal device, or an identifier the inventory does not know, in a facility whose policy bans personal devices. One finding per facility and identifier, open from the first sighting until 30 days after the last; linked to the holder when the device is known. Issued devices are allowed.',
  defaultSeverity: 'high',
  evaluate(ctx) {
    const from = ctx.at - DETECTION_WINDOW;
    const groups = new Map<string, Detection[]>();
    for (const d of ctx.detections) {
      if (d.at > ctx.at || d.at <= from) continue;
      const key = `${d.facility}\u0000${d.identifier}`;
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [d]);
      else list.push(d);
    }
    const out: PeopleFindingDraft[] = [];
    for (const list of groups.values()) {
      list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
      const first = list[0] as Detection;
      const last = list[list.length - 1] as Detection;
      const facilities = ctx.facilities.get(first.facility);
      const policy = banningPolicy(facilities);
      const device = last.deviceId === null ? null : (ctx.devices.get(last.deviceId) ?? null);
      if (policy === null || classifyDetection(policy, device) !== 'violation') continue;
      const times = list.length === 1 ? 'once' : `${list.length} times`;
      out.push({
        deviceId: device?.id ?? null,
        personId: last.personId,
        protocol: policy.protocol,
        outcome: 'fail',
        since: first.at,
        message:
          device === null
            ? `Unknown device ${first.identifier} seen in ${policy.title} (${times} in 30 days), which bans personal devices`
            : `Personal device ${device.model} (${device.serial}) seen in ${policy.title} (${times} in 30 days), which bans personal devices`,
        evidence: {
          facility: first.facility,
          identifier: first.identifier,
          detections: list.length,
          firstSeen: toIso(first.at),
          lastSeen: toIso(last.at),
          sources: [...new Set(list.map((d) => d.source))],
          known: device !== null,
          policy: policy.version,
        },
        remedy:
          device === null
            ? 'Identify the device at the check-point; if personal, have it left outside and remind its holder of the policy.'
            : 'Have the device left outside the facility and remind its holder of the policy they acknowledged.',
      });
    }
    return out;
  },
};
