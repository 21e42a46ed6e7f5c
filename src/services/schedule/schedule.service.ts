/** The schedule: every swap and check the protocols ask for, and when it is due. */
import { compareScheduleItems, type ScheduleItem, schedule } from '../../core/lifecycle/plan.ts';
import type { Instant } from '../../core/time.ts';
import { inForceFrom } from '../compliance/compliance.service.ts';
import type { Clock, UnitOfWork } from '../kernel/ports.ts';

/**
 * Devices read at a time: the schedule holds a page of histories (without their posture
 * reports) and the items, never the fleet's histories.
 */
export const SCHEDULE_PAGE = 5_000;

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
   * protocols in force then. The fleet is read a page of devices at a time in id order, without
   * the posture reports (an item depends on the device's status, custody, rotations and checks,
   * and its holder's protocol, never on posture), each page's items computed as it arrives and
   * the whole sorted once: the items of `schedule` over the fleet loaded at once.
   */
  async schedule(at?: Instant): Promise<{ at: Instant; items: ScheduleItem[] }> {
    const when = at ?? this.#clock.now();
    const facts = await this.#uow.read((tx) => tx.dashboard.factsAt(when));
    const { people, protocols } = inForceFrom(facts, when);
    const items: ScheduleItem[] = [];
    for (let after: string | null = null; ; ) {
      const page = this.#page;
      const devices = await this.#uow.read((tx) =>
        tx.dashboard.historiesAfter(after, page, when, { posture: false }),
      );
      for (const item of schedule({ devices, people, protocols }, when)) items.push(item);
      const last = devices.at(-1);
      if (last === undefined || devices.length < page) break;
      after = last.device.id;
    }
    return { at: when, items: items.sort(compareScheduleItems) };
  }
}
