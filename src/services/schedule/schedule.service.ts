/** The schedule: every swap and check the protocols ask for, and when it is due. */

import type { DeviceHistory } from '../../core/compliance/types.ts';
import { compareScheduleItems, type ScheduleItem, schedule } from '../../core/lifecycle/plan.ts';
import type { Instant } from '../../core/time.ts';
import { inForceFrom } from '../compliance/compliance.service.ts';
import type { FleetSnapshotData } from '../compliance/ports.ts';
import type { Clock, Repositories, UnitOfWork } from '../kernel/ports.ts';

/**
 * Devices read at a time: the schedule holds a page of histories (without their posture
 * reports) and the items, never the fleet's histories.
 */
export const SCHEDULE_PAGE = 5_000;

/**
 * The items of `schedule` over the fleet at `at`, a page of devices at a time in id order:
 * each page read without the posture reports (an item depends on the device's status, custody,
 * rotations and checks, and its holder's protocol, never on posture) through `read`, and its
 * items yielded (unsorted across pages) before the next page is read. `facts` are the fleet's
 * facts other than the devices at `at` (`dashboard.factsAt`). The schedule service and the
 * notice planner both walk the fleet this way, so neither holds its histories.
 */
export async function* schedulePages(
  read: <T>(fn: (tx: Repositories) => Promise<T>) => Promise<T>,
  facts: Omit<FleetSnapshotData, 'devices'>,
  at: Instant,
  page: number = SCHEDULE_PAGE,
): AsyncGenerator<ScheduleItem[]> {
  const { people, protocols } = inForceFrom(facts, at);
  for (let after: string | null = null; ; ) {
    const cursor: string | null = after;
    const devices: DeviceHistory[] = await read((tx) =>
      tx.dashboard.historiesAfter(cursor, page, at, { posture: false }),
    );
    yield schedule({ devices, people, protocols }, at);
    const last = devices.at(-1);
    if (last === undefined || devices.length < page) return;
    after = last.device.id;
  }
}

export class ScheduleService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #page: number;

  constructor(deps: { uow: UnitOfWork; clock: Clock; schedulePage?: number }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#page = Math.max(1, deps.schedulePage ?? SCHEDULE_PAGE);
  }

  /**
   * Every swap and check due for the issued devices in service at `at` (default now), under the
   * protocols in force then: the pages of `schedulePages`, each read on its own, and the whole
   * sorted once: the items of `schedule` over the fleet loaded at once.
   */
  async schedule(at?: Instant): Promise<{ at: Instant; items: ScheduleItem[] }> {
    const when = at ?? this.#clock.now();
    const facts = await this.#uow.read((tx) => tx.dashboard.factsAt(when));
    const items: ScheduleItem[] = [];
    const read = <T>(fn: (tx: Repositories) => Promise<T>) => this.#uow.read(fn);
    for await (const page of schedulePages(read, facts, when, this.#page)) items.push(...page);
    return { at: when, items: items.sort(compareScheduleItems) };
  }
}
