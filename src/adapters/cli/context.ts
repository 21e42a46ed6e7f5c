import { loadConfig } from '../../config.ts';
import { openRuntime, type Runtime } from '../../runtime.ts';
import type { CliIo } from './io.ts';

/** The actor CLI commands are recorded as in the audit log: the operator at this machine. */
export const CLI_ACTOR = 'cli';

export interface CommandEnv {
  readonly io: CliIo;
  /** Whether --json was given: machine output on stdout. */
  json(): boolean;
  /** Opens the database (migrating it) for the duration of `fn`. */
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  /** Sets the process exit code (1 = findings, where a command says so). */
  setExitCode(code: number): void;
}

export function makeCommandEnv(io: CliIo, json: () => boolean, setExitCode: (c: number) => void): CommandEnv {
  return {
    io,
    json,
    setExitCode,
    async withRuntime(fn) {
      const rt = await openRuntime(loadConfig(io.env, io.cwd));
      try {
        return await fn(rt);
      } finally {
        await rt.close();
      }
    },
  };
}
