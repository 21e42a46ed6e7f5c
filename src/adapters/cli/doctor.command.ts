/**
 * `vigil init` and `vigil doctor`: a fresh data folder made ready without the demo, and a
 * check of everything a running Vigil depends on, each problem with what to do about it.
 * The doctor changes nothing: it opens the database without migrating it.
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../../config.ts';
import { ERRORS, VigilError } from '../../core/errors.ts';
import { openMaintenance, readBaselines } from '../../runtime.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { count, json, table } from './io.ts';

type Status = 'ok' | 'warn' | 'fail';

interface Check {
  readonly check: string;
  readonly status: Status;
  readonly detail: string;
  readonly fix?: string;
}

const DAY_MS = 24 * 3600 * 1000;
/** Indicator feeds change weekly at most; older than this, new spyware goes unseen. */
const INDICATORS_STALE_DAYS = 14;

const failed = (check: string, err: unknown): Check =>
  err instanceof VigilError
    ? { check, status: 'fail', detail: err.message, fix: ERRORS[err.code].hint }
    : { check, status: 'fail', detail: err instanceof Error ? err.message : String(err) };

function keyCheck(config: Config): Check {
  const file = config.auditLog.keyFile;
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch {
    return {
      check: 'log signing key',
      status: 'warn',
      detail: `${file} does not exist yet`,
      fix: 'It is created on first start (`vigil init`); back it up separately from the database.',
    };
  }
  if (!st.isFile()) return { check: 'log signing key', status: 'fail', detail: `${file} is not a file` };
  if ((st.mode & 0o077) !== 0)
    return {
      check: 'log signing key',
      status: 'fail',
      detail: `${file} has permissions ${(st.mode & 0o777).toString(8)}: others can read the signing key`,
      fix: `chmod 600 ${file}`,
    };
  return { check: 'log signing key', status: 'ok', detail: `${file}, readable by its owner only` };
}

async function databaseChecks(config: Config): Promise<Check[]> {
  const where =
    config.databaseUrl === null ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  let m: Awaited<ReturnType<typeof openMaintenance>>;
  try {
    m = await openMaintenance(config);
  } catch (err) {
    if (err instanceof VigilError && err.code === 'EMBEDDED_DB_IN_USE')
      return [
        {
          check: 'database',
          status: 'warn',
          detail: err.message,
          fix: 'Run the doctor again with Vigil stopped.',
        },
      ];
    return [failed('database', err)];
  }
  try {
    const { applied, shipped } = await m.migrations();
    const db: Check = { check: 'database', status: 'ok', detail: `${where} answers` };
    if (applied === 0)
      return [
        db,
        {
          check: 'migrations',
          status: 'warn',
          detail: 'the database is empty',
          fix: 'Run `vigil init` (or `vigil start` for the demo office).',
        },
      ];
    if (applied < shipped)
      return [
        db,
        {
          check: 'migrations',
          status: 'warn',
          detail: `${count(shipped - applied, 'migration')} of this version not applied yet`,
          fix: 'They are applied at the next start (`vigil serve`), or now with `vigil init`.',
        },
      ];
    if (applied > shipped)
      return [
        db,
        {
          check: 'migrations',
          status: 'fail',
          detail: `the database has ${applied} migrations, this Vigil knows ${shipped}: it was used by a newer version`,
          fix: 'Run the newer Vigil, or restore a backup made by this version.',
        },
      ];
    return [db, { check: 'migrations', status: 'ok', detail: `all ${count(shipped, 'migration')} applied` }];
  } catch (err) {
    return [failed('database', err)];
  } finally {
    await m.close();
  }
}

function indicatorCheck(config: Config, now: number): Check {
  const dir = join(config.dataDir, 'indicators');
  let newest = 0;
  let files = 0;
  try {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.json')) continue;
      files++;
      newest = Math.max(newest, statSync(join(dir, f)).mtimeMs);
    }
  } catch {
    // no folder: no feeds
  }
  if (files === 0)
    return {
      check: 'indicator feeds',
      status: 'warn',
      detail: `no indicators in ${dir}: scans run heuristics only`,
      fix: 'Run `vigil iocs update`.',
    };
  const age = Math.floor((now - newest) / DAY_MS);
  if (age > INDICATORS_STALE_DAYS)
    return {
      check: 'indicator feeds',
      status: 'warn',
      detail: `${count(files, 'file')}, newest fetched ${count(age, 'day')} ago`,
      fix: 'Run `vigil iocs update` (schedule it daily).',
    };
  return {
    check: 'indicator feeds',
    status: 'ok',
    detail: `${count(files, 'file')}, newest fetched ${count(age, 'day')} ago`,
  };
}

function evidenceCheck(config: Config): Check {
  const dir = config.scans.evidenceDir;
  if (dir === null)
    return {
      check: 'evidence folder',
      status: 'ok',
      detail: 'not configured: scans run from the command line only',
      fix: 'Set VIGIL_EVIDENCE_DIR to scan from the API.',
    };
  try {
    if (!statSync(dir).isDirectory())
      return { check: 'evidence folder', status: 'fail', detail: `${dir} is not a folder` };
    accessSync(dir, constants.R_OK | constants.X_OK);
    return { check: 'evidence folder', status: 'ok', detail: `${dir} is readable` };
  } catch {
    return {
      check: 'evidence folder',
      status: 'fail',
      detail: `${dir} is missing or unreadable`,
      fix: 'Create it, or point VIGIL_EVIDENCE_DIR at the folder technicians copy acquisitions into.',
    };
  }
}

function chromiumCheck(env: Readonly<Record<string, string | undefined>>): Check {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/bin'];
  const found = dirs
    .map((d) => join(d, 'chromium'))
    .find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return found === undefined
    ? {
        check: 'chromium',
        status: 'warn',
        detail: 'not installed: the dashboard works, its browser tests and screenshots do not',
        fix: 'sudo apt-get install chromium',
      }
    : { check: 'chromium', status: 'ok', detail: found };
}

export function registerDoctorCommands(program: Command, env: CommandEnv): void {
  program
    .command('init')
    .description(
      'Prepare a fresh data folder or database without the demo: migrate, create the log key, add the shipped baselines',
    )
    .action(() =>
      env.withRuntime(async (rt) => {
        const added = await rt.services.protocols.syncBaselines(readBaselines(), Date.now(), CLI_ACTOR);
        const where =
          rt.db.kind === 'pglite' ? `embedded PGlite in ${rt.config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
        env.io.out(
          env.json()
            ? json({ database: rt.db.kind, baselinesAdded: added })
            : [
                `Ready: ${where}, log key ${rt.config.auditLog.keyFile}.`,
                added.length === 0
                  ? 'The shipped baselines were already stored.'
                  : `Added ${count(added.length, 'baseline protocol')}: ${added.join(', ')}.`,
                'Next: import your fleet (`vigil import FILE`), create users (`vigil user create`), then `vigil serve`.',
              ].join('\n'),
        );
      }),
    );

  program
    .command('doctor')
    .description(
      'Check the configuration, database, migrations, log key, feeds, evidence folder and Chromium; say what to fix (exit 1 on a failure)',
    )
    .action(async () => {
      const checks: Check[] = [];
      let config: Config | null = null;
      try {
        config = loadConfig(env.io.env, env.io.cwd);
        checks.push({ check: 'configuration', status: 'ok', detail: 'every VIGIL_* variable is valid' });
      } catch (err) {
        checks.push(failed('configuration', err));
      }
      if (config !== null) {
        checks.push(
          keyCheck(config),
          ...(await databaseChecks(config)),
          indicatorCheck(config, Date.now()),
          evidenceCheck(config),
        );
      }
      checks.push(chromiumCheck(env.io.env));
      const failures = checks.filter((c) => c.status === 'fail').length;
      if (env.json()) env.io.out(json({ ok: failures === 0, checks }));
      else {
        env.io.out(
          table(
            ['STATUS', 'CHECK', 'DETAIL'],
            checks.map((c) => [c.status, c.check, c.detail]),
          ),
        );
        const fixes = checks.filter((c) => c.status !== 'ok' && c.fix !== undefined);
        if (fixes.length > 0)
          env.io.out(`\nTo fix:\n${fixes.map((c) => `  ${c.check}: ${c.fix}`).join('\n')}`);
      }
      if (failures > 0) env.setExitCode(1);
    });
}
