/**
 * `vigil backup FILE` and `vigil restore FILE`: the whole database as one gzip'd JSON-lines file
 * (docs/adr/0021-logical-backup-format.md), on PGlite or PostgreSQL alike. The file is written
 * beside its final name and renamed once complete, mode 0600 (it holds every record).
 */
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { VigilError } from '../../core/errors.ts';
import { openMaintenance } from '../../runtime.ts';
import type { BackupSummary } from '../../services/backup/backup.service.ts';
import type { CommandEnv } from './context.ts';
import { count, json } from './io.ts';

async function writeBackup(
  path: string,
  run: (write: (chunk: string) => Promise<void>) => Promise<BackupSummary>,
): Promise<BackupSummary> {
  const tmp = `${path}.partial`;
  const gzip = createGzip();
  const file = createWriteStream(tmp, { mode: 0o600 });
  let failed: Error | null = null;
  const done = new Promise<void>((ok, fail) =>
    pipeline(gzip, file, (err) => {
      if (err) {
        failed = err;
        fail(err);
      } else ok();
    }),
  );
  try {
    const summary = await run(async (chunk) => {
      if (failed !== null) throw failed;
      if (!gzip.write(chunk)) await Promise.race([once(gzip, 'drain'), done]);
    });
    gzip.end();
    await done;
    renameSync(tmp, path);
    return summary;
  } catch (err) {
    gzip.destroy();
    await done.catch(() => {});
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The file's lines, through gunzip; a damaged or truncated file is DB_BACKUP_INVALID. */
async function* readLines(path: string): AsyncGenerator<string> {
  try {
    closeSync(openSync(path, 'r'));
  } catch (err) {
    throw new VigilError(
      'FILE_UNREADABLE',
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  const gunzip = createGunzip();
  gunzip.setEncoding('utf8');
  pipeline(createReadStream(path), gunzip, () => {});
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
  } catch (err) {
    if (err instanceof VigilError) throw err;
    const why = (err as Error).message;
    throw new VigilError(
      'DB_BACKUP_INVALID',
      `the backup file is refused: it is not a complete gzip file (${why}); nothing was restored`,
    );
  }
  if (rest !== '') yield rest;
}

function describe(s: BackupSummary): string {
  const counts = Object.values(s.rows);
  return `${count(
    counts.reduce((a, b) => a + b, 0),
    'row',
  )} in ${count(counts.length, 'table')}, ${count(s.migrations, 'migration')}`;
}

export function registerBackupCommands(program: Command, env: CommandEnv): void {
  program
    .command('backup')
    .description(
      'Write the whole database (tables and migration journal) to FILE, gzip’d JSON lines; with PGlite, Vigil must not be running. The log signing key is not included: back it up separately',
    )
    .argument('<file>', 'the backup file to write (replaced if it exists)')
    .action(async (file: string) => {
      const path = resolve(env.io.cwd, file);
      const rt = await openMaintenance(loadConfig(env.io.env, env.io.cwd));
      try {
        const started = performance.now();
        const summary = await writeBackup(path, (write) => rt.backup.backup(write));
        const bytes = statSync(path).size;
        const ms = Math.round(performance.now() - started);
        if (env.json()) env.io.out(json({ file, bytes, ms, ...summary }));
        else env.io.out(`Backed up ${describe(summary)} to ${file} (${count(bytes, 'byte')}, ${ms} ms).`);
      } finally {
        await rt.close();
      }
    });

  program
    .command('restore')
    .description(
      'Restore FILE (made by `vigil backup`) into an EMPTY database: replays the migrations to the backup’s, loads every row in one transaction, checks every count; the next start applies newer migrations',
    )
    .argument('<file>', 'the backup file to read')
    .action(async (file: string) => {
      const path = resolve(env.io.cwd, file);
      const rt = await openMaintenance(loadConfig(env.io.env, env.io.cwd));
      try {
        const started = performance.now();
        const summary = await rt.backup.restore(readLines(path));
        const ms = Math.round(performance.now() - started);
        if (env.json()) env.io.out(json({ file, ms, ...summary }));
        else env.io.out(`Restored ${describe(summary)} from ${file}, made ${summary.createdAt} (${ms} ms).`);
      } finally {
        await rt.close();
      }
    });
}
