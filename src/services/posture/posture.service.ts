/**
 * Posture reports: what a source observed about a device. Append-only. This is the hot path
 * of MDM connectors, so concurrent reports are batched: while one batch commits, arriving
 * reports queue, and the next batch writes them all with one insert of reports and one of
 * their audit events, in one transaction. A caller's promise settles only when its report has
 * committed (or failed), so batching changes throughput, never what a 201 promises.
 */

import { VigilError } from '../../core/errors.ts';
import type { PostureReport, Sensor, SensorReading } from '../../core/model.ts';
import { mergePosture, type ObservedPosture } from '../../core/posture/fields.ts';
import { toIso } from '../../core/time.ts';
import type { AuditEventInput } from '../audit/ports.ts';
import type { CommandContext, Tx } from '../kernel/command-service.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, IdSource, UnitOfWork } from '../kernel/ports.ts';
import type { PostureInput } from './schemas.ts';

export function toPostureReport(id: string, input: PostureInput, receivedAt: number): PostureReport {
  const sensors: Partial<Record<Sensor, SensorReading>> = {};
  for (const [k, v] of Object.entries(input.sensors ?? {})) {
    if (v !== undefined) sensors[k as Sensor] = v;
  }
  // A field the input leaves out was not observed: the declared empty value.
  const stated: ObservedPosture = { ...input, sensors };
  return {
    id,
    deviceId: input.deviceId,
    observedAt: instantOr(input.observedAt, receivedAt),
    receivedAt,
    source: input.source,
    ...mergePosture(undefined, stated),
  };
}

function reportedEvent(report: PostureReport, ctx: CommandContext): AuditEventInput {
  return {
    type: 'posture.reported',
    at: ctx.now,
    actor: ctx.actor,
    subject: `device:${report.deviceId}`,
    payload: {
      id: report.id,
      deviceId: report.deviceId,
      source: report.source,
      observedAt: toIso(report.observedAt),
    },
  };
}

export async function recordPostureInTx(
  tx: Tx<'posture'>,
  report: PostureReport,
  ctx: CommandContext,
): Promise<void> {
  await tx.posture.appendReported([report], [reportedEvent(report, ctx)]);
}

interface Pending {
  readonly report: PostureReport;
  readonly ctx: CommandContext;
  resolve(report: PostureReport): void;
  reject(err: unknown): void;
}

/** Most reports one transaction writes; bounds statement size and a failed batch's retry cost. */
export const MAX_BATCH = 256;
/**
 * Batches committing at once; the rest queue. Two, not more: reports arriving while both commit
 * form the next batch, so under load a batch carries more reports, and the per-batch costs (the
 * statement's write to PostgreSQL, its parse and commit) are shared by more of them. Two, not
 * one: a batch is sent while the other waits for its commit. Below the pool size, so reads still
 * get a connection.
 */
export const MAX_IN_FLIGHT = 2;

export class PostureService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #queue: Pending[] = [];
  #inFlight = 0;

  constructor(deps: { uow: UnitOfWork; clock: Clock; ids: IdSource }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
  }

  /** Records a report. An unknown device is refused with POSTURE_INVALID (by the store's foreign key). */
  record(input: PostureInput, actor: string): Promise<PostureReport> {
    const now = this.#clock.now();
    const report = toPostureReport(this.#ids.next('pos'), input, now);
    return new Promise((resolve, reject) => {
      this.#queue.push({ report, ctx: { actor, now }, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < MAX_IN_FLIGHT && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      this.#inFlight++;
      void this.#write(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      // One statement, its own transaction: one round trip a batch (UnitOfWork.runAlone).
      const reports = batch.map((p) => p.report);
      const events = batch.map((p) => reportedEvent(p.report, p.ctx));
      await this.#uow.runAlone((tx) => tx.posture.appendReported(reports, events));
      for (const p of batch) p.resolve(p.report);
    } catch (err) {
      if (batch.length === 1 || !(err instanceof VigilError)) {
        for (const p of batch) p.reject(err);
        return;
      }
      // One bad report (say, an unknown device) must not fail its neighbours: write each alone.
      await Promise.all(
        batch.map((p) =>
          this.#uow
            .runAlone((tx) => recordPostureInTx(tx, p.report, p.ctx))
            .then(
              () => p.resolve(p.report),
              (e: unknown) => p.reject(e),
            ),
        ),
      );
    }
  }

  list(deviceId: string, limit: number): Promise<PostureReport[]> {
    return this.#uow.run((tx) => tx.posture.listFor(deviceId, limit));
  }
}
