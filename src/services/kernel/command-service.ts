import type { Instant } from '../../core/time.ts';
import type { Clock, IdSource, Repositories, UnitOfWork } from './ports.ts';

/** Who runs a command and when: every change and its audit event carry both. */
export interface CommandContext {
  readonly actor: string;
  readonly now: Instant;
}

/** The repositories named by `K`, as a transaction hands them out. */
export type Tx<K extends keyof Repositories> = Pick<Repositories, K>;

/** What every command service is built from. */
export interface CommandDeps {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/**
 * The base of the services whose commands change state: the unit of work, clock and ids they
 * all take, the command context (actor, now), and transactions typed to the repositories the
 * service declares in `K`. A service can reach only what it declares, and its type says what
 * that is (the unit of work still binds every repository; the type is the fence).
 */
export abstract class CommandService<K extends keyof Repositories> {
  readonly #uow: UnitOfWork;
  protected readonly clock: Clock;
  protected readonly ids: IdSource;

  constructor(deps: CommandDeps) {
    this.#uow = deps.uow;
    this.clock = deps.clock;
    this.ids = deps.ids;
  }

  /** The actor and the clock's now, read once so every write of the command agrees. */
  protected context(actor: string): CommandContext {
    return { actor, now: this.clock.now() };
  }

  /** Runs `fn` in one transaction (UnitOfWork.run) with the declared repositories. */
  protected transaction<T>(fn: (tx: Tx<K>) => Promise<T>): Promise<T> {
    return this.#uow.run(fn);
  }

  /** Runs reads outside a transaction (UnitOfWork.read) with the declared repositories. */
  protected read<T>(fn: (tx: Tx<K>) => Promise<T>): Promise<T> {
    return this.#uow.read(fn);
  }
}
