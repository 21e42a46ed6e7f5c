/**
 * The schedule: when each issued device in service is next due for a swap and a security
 * check, counted exactly the way `rotation.overdue` and `inspection.overdue` count (so an item
 * is `overdue` exactly when the rule reports a finding), and by when the replacement should be
 * staged: the due date minus the role's `rotation.leadTime` (default P7D).
 */
import { protocolFor } from '../compliance/evaluate.ts';
import { snapshotAt } from '../compliance/snapshot.ts';
import type { DeviceHistory } from '../compliance/types.ts';
import type { DeviceRole, Inspection, Person } from '../model.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { DAY, type Instant, type Millis } from '../time.ts';

export const DEFAULT_LEAD_TIME: Millis = 7 * DAY;

export interface ScheduleInput {
  readonly devices: readonly DeviceHistory[];
  /** People as they stood at the instant (protocol assignments applied). */
  readonly people: ReadonlyMap<string, Person>;
  readonly protocols: ReadonlyMap<string, CompiledProtocol>;
}

export interface ScheduleItem {
  readonly kind: 'swap' | 'check';
  readonly deviceId: string;
  readonly personId: string | null;
  readonly protocol: string;
  readonly dueAt: Instant;
  /** The end of the grace period: the rule reports the device after this instant. */
  readonly graceUntil: Instant;
  /** Swaps: stage the replacement by then. */
  readonly stageBy?: Instant;
  readonly overdue: boolean;
}

/** The latest check at or before `at` by one of `methods` (any method when empty). */
function lastQualifying(
  inspections: readonly Inspection[],
  methods: readonly string[],
  at: Instant,
): Inspection | null {
  let last: Inspection | null = null;
  for (const i of inspections) {
    if (i.at > at || (methods.length > 0 && !methods.includes(i.method))) continue;
    if (last === null || i.at > last.at || (i.at === last.at && i.id > last.id)) last = i;
  }
  return last;
}

/** Every swap and check due, for issued devices in service at `at`; sorted by due date, device, kind. */
export function schedule(input: ScheduleInput, at: Instant): ScheduleItem[] {
  const items: ScheduleItem[] = [];
  for (const history of input.devices) {
    const device = history.device;
    if (device.ownership !== 'issued') continue;
    const snap = snapshotAt(history, at);
    if (snap.status !== 'active') continue;
    const personId = snap.custody?.holderId ?? null;
    const holder = personId === null ? null : (input.people.get(personId) ?? null);
    const protocol = protocolFor(holder, input.people, input.protocols);
    const req = protocol?.roles[device.role as DeviceRole];
    if (protocol == null || req == null) continue;
    const start = snap.inServiceSince;
    if (req.rotation !== null && start !== null) {
      const dueAt = start + req.rotation.every;
      const graceUntil = dueAt + req.rotation.grace;
      items.push({
        kind: 'swap',
        deviceId: device.id,
        personId,
        protocol: protocol.name,
        dueAt,
        graceUntil,
        stageBy: dueAt - (req.rotation.leadTime ?? DEFAULT_LEAD_TIME),
        overdue: at > graceUntil,
      });
    }
    if (req.inspection !== null) {
      const last = lastQualifying(history.inspections, req.inspection.methods, at);
      const from = last === null ? start : last.at;
      if (from !== null) {
        const dueAt = from + req.inspection.every;
        const graceUntil = dueAt + req.inspection.grace;
        items.push({
          kind: 'check',
          deviceId: device.id,
          personId,
          protocol: protocol.name,
          dueAt,
          graceUntil,
          overdue: at > graceUntil,
        });
      }
    }
  }
  return items.sort(compareScheduleItems);
}

/** The schedule's order: due date, then device, then kind (a device has one item of each kind). */
export function compareScheduleItems(a: ScheduleItem, b: ScheduleItem): number {
  return (
    a.dueAt - b.dueAt ||
    (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0) ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)
  );
}
