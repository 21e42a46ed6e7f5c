/**
 * A unit of work over a test database whose repository calls are counted by name
 * (`posture.since`, `dashboard.histories`, ...): tests that a change reads only what it should.
 */
import type { Repositories, UnitOfWork } from '../../src/services/kernel/ports.ts';

export interface CountingUow {
  readonly uow: UnitOfWork;
  /** Calls per `repository.method` since the map was last cleared. */
  readonly reads: Map<string, number>;
}

export function countingUow(db: { readonly uow: UnitOfWork }): CountingUow {
  const reads = new Map<string, number>();
  const counting = <T extends object>(repos: T): T =>
    new Proxy(repos, {
      get(target, repo, receiver) {
        const r = Reflect.get(target, repo, receiver) as object;
        return new Proxy(r, {
          get(inner, method, rec) {
            const f = Reflect.get(inner, method, rec);
            if (typeof f !== 'function') return f;
            const key = `${String(repo)}.${String(method)}`;
            return (...args: unknown[]) => {
              reads.set(key, (reads.get(key) ?? 0) + 1);
              return f.apply(inner, args);
            };
          },
        });
      },
    });
  const uow: UnitOfWork = {
    run: <T>(fn: (r: Repositories) => Promise<T>) => db.uow.run((r) => fn(counting(r))),
    read: <T>(fn: (r: Repositories) => Promise<T>) => db.uow.read((r) => fn(counting(r))),
    runAlone: db.uow.runAlone.bind(db.uow),
  };
  return { uow, reads };
}
