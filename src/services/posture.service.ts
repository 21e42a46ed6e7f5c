/**
 * Posture reports: what a source observed about a device. Append-only; this is the hot path
 * of MDM connectors, so it is one insert plus its audit event in one transaction.
 */
import type { PostureReport, Sensor, SensorReading } from '../core/model.ts';
import { instantOr } from './instant.ts';
import type { CommandContext } from './inventory.service.ts';
import type { Clock, IdSource, Repositories, UnitOfWork } from './ports.ts';
import type { PostureInput } from './schemas.ts';

export function toPostureReport(id: string, input: PostureInput, receivedAt: number): PostureReport {
  const sensors: Partial<Record<Sensor, SensorReading>> = {};
  for (const [k, v] of Object.entries(input.sensors ?? {})) {
    if (v !== undefined) sensors[k as Sensor] = v;
  }
  return {
    id,
    deviceId: input.deviceId,
    observedAt: instantOr(input.observedAt, receivedAt),
    receivedAt,
    source: input.source,
    osVersion: input.osVersion ?? null,
    osBuild: input.osBuild ?? null,
    patchLevel: input.patchLevel ?? null,
    sensors,
    apps: input.apps ?? null,
    lockdownMode: input.lockdownMode ?? null,
    supervised: input.supervised ?? null,
  };
}

export async function recordPostureInTx(
  tx: Repositories,
  report: PostureReport,
  ctx: CommandContext,
): Promise<void> {
  await tx.posture.append(report);
  await tx.audit.append({
    type: 'posture.reported',
    at: ctx.now,
    actor: ctx.actor,
    subject: `device:${report.deviceId}`,
    payload: {
      id: report.id,
      deviceId: report.deviceId,
      source: report.source,
      observedAt: new Date(report.observedAt).toISOString(),
    },
  });
}

export class PostureService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;

  constructor(deps: { uow: UnitOfWork; clock: Clock; ids: IdSource }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
  }

  /** Records a report. An unknown device is refused with POSTURE_INVALID (by the store's foreign key). */
  record(input: PostureInput, actor: string): Promise<PostureReport> {
    const now = this.#clock.now();
    const report = toPostureReport(this.#ids.next('pos'), input, now);
    return this.#uow.run(async (tx) => {
      await recordPostureInTx(tx, report, { actor, now });
      return report;
    });
  }

  list(deviceId: string, limit: number): Promise<PostureReport[]> {
    return this.#uow.run((tx) => tx.posture.listFor(deviceId, limit));
  }
}
