/**
 * One Vigil installation for a test: a fresh temporary directory with the embedded database in
 * it, or, when DATABASE_URL is set (CI's PostgreSQL run), a fresh schema in that database. The
 * CLI runs in-process (`runCli`); `serve()` starts a real `vigil serve` child process on the
 * same database, for tests that kill one (crash tests) or run several.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Started, startProcess } from '../../bench/proc.ts';
import { runCli } from '../../src/adapters/cli/cli.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'vigil.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface VigilEnvOptions {
  /** Names the directory and the PostgreSQL schema: a lower-case SQL identifier. */
  readonly name: string;
  /** Variables beside the database ones, given the directory (key files, evidence, leases). */
  readonly env?: (cwd: string) => Record<string, string>;
}

export interface VigilEnv {
  /** The directory; the CLI's working directory. */
  readonly cwd: string;
  /** The variables every command and server sees. */
  readonly env: Readonly<Record<string, string>>;
  run(...argv: string[]): Promise<CliResult>;
  /** `run` with variables for this one command (e.g. VIGIL_PASSWORD). */
  runWith(extra: Record<string, string>, ...argv: string[]): Promise<CliResult>;
  /**
   * A `vigil serve` child process, resolved once it is serving (`url`); with a role, `--role`
   * (a worker serves no HTTP: resolved once it runs, `url` empty).
   */
  serve(role?: 'api' | 'worker' | 'all'): Promise<Started>;
  /** Drops the schema (PostgreSQL) and removes the directory. */
  cleanup(): Promise<void>;
}

export function vigilEnv(opts: VigilEnvOptions): VigilEnv {
  const cwd = mkdtempSync(join(tmpdir(), `vigil-${opts.name}-`));
  const url = process.env.DATABASE_URL ?? '';
  const schema = `${opts.name}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const env: Record<string, string> = {
    // Spelt out even on PostgreSQL (the key file lives there): a server process does not run in `cwd`.
    VIGIL_DATA_DIR: join(cwd, '.vigil'),
    ...(url === '' ? {} : { DATABASE_URL: url, DATABASE_SCHEMA: schema }),
    ...opts.env?.(cwd),
  };
  const runWith = async (extra: Record<string, string>, ...argv: string[]): Promise<CliResult> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { ...env, ...extra },
      cwd,
      stopSignal: Promise.resolve(),
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
  return {
    cwd,
    env,
    run: (...argv) => runWith({}, ...argv),
    runWith,
    serve: (role) =>
      startProcess(
        [bin, 'serve', ...(role === undefined ? [] : ['--role', role])],
        { ...process.env, ...env },
        role === 'worker' ? /Vigil worker running()/ : /Vigil is serving at (\S+)/,
        120_000,
      ),
    async cleanup() {
      if (url !== '') {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`); // the job queue's
        await client.end();
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/**
 * A token of a new user of `role` made through the CLI, as an operator would: the person (an
 * operator), the user, then the token (every token but ingest belongs to a user).
 */
export async function cliToken(
  run: (...argv: string[]) => Promise<CliResult>,
  role: 'admin' | 'officer' | 'technician' | 'auditor',
  name: string,
): Promise<string> {
  const id = `${name}-${role}`;
  const person = await run('person', 'add', '--id', id, '--name', `${name} ${role}`, '--kind', 'operator');
  if (person.code !== 0) throw new Error(person.stderr);
  const user = await run(
    'user',
    'create',
    '--username',
    id,
    '--name',
    `${name} ${role}`,
    '--role',
    role,
    '--person',
    id,
  );
  if (user.code !== 0) throw new Error(user.stderr);
  const created = await run('--json', 'token', 'create', '--user', id, '--name', name);
  if (created.code !== 0) throw new Error(created.stderr);
  return (JSON.parse(created.stdout) as { token: string }).token;
}
