/**
 * A CLI environment for in-process `runCli` tests: an embedded database in a fresh temporary
 * directory, or, when DATABASE_URL is set (CI's PostgreSQL run), a fresh schema in it.
 */
import { type CliResult, vigilEnv } from './vigil-env.ts';

export type { CliResult };

export interface CliEnv {
  readonly cwd: string;
  run(...argv: string[]): Promise<CliResult>;
  /** `run` with variables for this one command. */
  runWith(extra: Record<string, string>, ...argv: string[]): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export function cliEnv(): CliEnv {
  return vigilEnv({ name: 'cli', env: () => ({ LOG_LEVEL: 'silent' }) });
}
