/** The schedule: every swap and check the protocols ask for, and when it is due. */
import { type ScheduleItem, schedule } from '../../core/lifecycle/plan.ts';
import type { Instant } from '../../core/time.ts';
import { inForceFrom } from '../compliance/compliance.service.ts';
import type { Clock, UnitOfWork } from '../kernel/ports.ts';

export class ScheduleService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;

  constructor(deps: { uow: UnitOfWork; clock: Clock }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
  }

  /**
   * Every swap and check due for the issued devices in service at `at` (default now), under the
   * protocols in force then.
   */
  async schedule(at?: Instant): Promise<{ at: Instant; items: ScheduleItem[] }> {
    const when = at ?? this.#clock.now();
    const data = await this.#uow.run((tx) => tx.fleet.load(when));
    const { people, protocols } = inForceFrom(data, when);
    return { at: when, items: schedule({ devices: data.devices, people, protocols }, when) };
  }
}
