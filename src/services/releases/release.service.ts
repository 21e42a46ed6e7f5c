/** OS releases known to Vigil: `os.outdated` measures how far behind the newest a device is. */
import type { OsRelease } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import type { CommandContext, Tx } from '../kernel/command-service.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, UnitOfWork } from '../kernel/ports.ts';
import type { OsReleaseInput } from './schemas.ts';

export async function recordReleaseInTx(
  tx: Tx<'audit' | 'releases'>,
  release: OsRelease,
  ctx: CommandContext,
): Promise<void> {
  await tx.releases.upsert(release);
  await tx.audit.append({
    type: 'os-release.recorded',
    at: ctx.now,
    actor: ctx.actor,
    subject: `os:${release.platform}:${release.version}`,
    payload: { platform: release.platform, version: release.version, releasedAt: toIso(release.releasedAt) },
  });
}

export function toRelease(input: OsReleaseInput, now: number): OsRelease {
  return {
    platform: input.platform,
    version: input.version,
    build: input.build ?? null,
    releasedAt: instantOr(input.releasedAt, now),
    recordedAt: now,
  };
}

export class ReleaseService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;

  constructor(deps: { uow: UnitOfWork; clock: Clock }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
  }

  record(input: OsReleaseInput, actor: string): Promise<OsRelease> {
    const now = this.#clock.now();
    const release = toRelease(input, now);
    return this.#uow.run(async (tx) => {
      await recordReleaseInTx(tx, release, { actor, now });
      return release;
    });
  }

  list(): Promise<OsRelease[]> {
    return this.#uow.run((tx) => tx.releases.list());
  }
}
