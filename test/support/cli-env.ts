/**
 * A CLI environment for in-process `runCli` tests: an embedded database in a fresh temporary
 * directory, or, when DATABASE_URL is set (CI's PostgreSQL run), a fresh schema in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../../src/adapters/cli/cli.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliEnv {
  readonly cwd: string;
  run(...argv: string[]): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export function cliEnv(): CliEnv {
  const cwd = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  const url = process.env.DATABASE_URL;
  const schema = `cli_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const env: Record<string, string> =
    url !== undefined && url !== ''
      ? { DATABASE_URL: url, DATABASE_SCHEMA: schema, LOG_LEVEL: 'silent' }
      : { VIGIL_DATA_DIR: join(cwd, '.vigil'), LOG_LEVEL: 'silent' };
  return {
    cwd,
    async run(...argv) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env,
        cwd,
        stopSignal: Promise.resolve(),
      });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    },
    async cleanup() {
      if (url !== undefined && url !== '') {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
