/**
 * `vigil backup` and `vigil restore`: the demo office, with an audit checkpoint saved before the
 * backup, restored into a fresh PGlite folder (and, on PostgreSQL, a fresh database): the
 * restored log extends the saved checkpoint, every table holds the same rows, and a damaged
 * file or a non-empty target is refused without changing anything.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/adapters/cli/cli.ts';
import { loadConfig } from '../../src/config.ts';
import { openRuntime, readBaselines } from '../../src/runtime.ts';
import { type VigilEnv, vigilEnv } from '../support/vigil-env.ts';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(env: Record<string, string>, cwd: string, ...argv: string[]): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { LOG_LEVEL: 'silent', ...env },
    cwd,
    stopSignal: Promise.resolve(),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

type Rows = Record<string, number>;

let src: VigilEnv;
let keyFile: string;
let vkey: string;
let sourceRows: Rows;
const dirs: string[] = [];

/** A fresh embedded installation using the source's signing key (backed up separately). */
function freshPglite(): { env: Record<string, string>; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'vigil-restore-'));
  dirs.push(cwd);
  return { cwd, env: { VIGIL_DATA_DIR: join(cwd, '.vigil'), VIGIL_LOG_KEY_FILE: keyFile } };
}

beforeAll(async () => {
  src = vigilEnv({ name: 'backup', env: () => ({ LOG_LEVEL: 'silent' }) });
  keyFile = join(src.cwd, '.vigil', 'log-signing.key');
  const rt = await openRuntime(loadConfig(src.env, src.cwd));
  try {
    await rt.services.demo.load(readBaselines());
  } finally {
    await rt.close();
  }
  vkey = (await src.run('audit', 'key')).stdout;
  const cp = await src.run('--json', 'audit', 'checkpoint');
  expect(cp.code, cp.stderr).toBe(0);
  writeFileSync(join(src.cwd, 'before.note'), (JSON.parse(cp.stdout) as { note: string }).note);
  const b = await src.run('--json', 'backup', 'office.vbk');
  expect(b.code, b.stderr).toBe(0);
  const summary = JSON.parse(b.stdout) as { rows: Rows; bytes: number; ms: number };
  sourceRows = summary.rows;
  console.info(`demo office backup: ${summary.bytes} bytes in ${summary.ms} ms`);
}, 300_000);

afterAll(async () => {
  await src.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Restores into `target`, then checks counts and the audit log against the saved checkpoint. */
async function restoreAndVerify(target: { env: Record<string, string>; cwd: string }): Promise<void> {
  writeFileSync(join(target.cwd, 'office.vbk'), readFileSync(join(src.cwd, 'office.vbk')));
  writeFileSync(join(target.cwd, 'before.note'), readFileSync(join(src.cwd, 'before.note')));
  const r = await cli(target.env, target.cwd, '--json', 'restore', 'office.vbk');
  expect(r.code, r.stderr).toBe(0);
  console.info(`demo office restore: ${(JSON.parse(r.stdout) as { ms: number }).ms} ms`);

  // The counts as the restored database reports them: a backup of it.
  const again = await cli(target.env, target.cwd, '--json', 'backup', 'again.vbk');
  expect(again.code, again.stderr).toBe(0);
  expect((JSON.parse(again.stdout) as { rows: Rows }).rows).toEqual(sourceRows);
  expect(Object.values(sourceRows).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);

  // A second restore into it is refused.
  const twice = await cli(target.env, target.cwd, 'restore', 'office.vbk');
  expect(twice.code).toBe(2);
  expect(twice.stderr).toMatch(/DB_RESTORE_NOT_EMPTY.*not empty/);

  // Start-up (migrations) works on it, and its log extends the checkpoint saved before the backup.
  const exported = await cli(target.env, target.cwd, 'audit', 'export', '--out', 'log.json');
  expect(exported.code, exported.stderr).toBe(0);
  const v = await cli(
    target.env,
    target.cwd,
    'audit',
    'verify',
    '--bundle',
    'log.json',
    '--key',
    vkey,
    '--since',
    'before.note',
  );
  expect(v.code, v.stdout + v.stderr).toBe(0);
  expect(v.stdout).toMatch(/^verified: /);

  // And it keeps working: a new person gets the next identity values.
  const p = await cli(
    target.env,
    target.cwd,
    'person',
    'add',
    '--name',
    'After Restore',
    '--kind',
    'principal',
  );
  expect(p.code, p.stderr).toBe(0);
}

describe('vigil backup / restore', () => {
  it('restores the demo office into a fresh embedded database', async () => {
    await restoreAndVerify(freshPglite());
  }, 300_000);

  // On the PostgreSQL run only (CI sets DATABASE_URL empty for the embedded run).
  it.runIf((process.env.DATABASE_URL ?? '') !== '')(
    'restores the demo office into a fresh PostgreSQL database',
    async () => {
      const base = process.env.DATABASE_URL ?? '';
      const name = `vigil_backup_restore_${process.pid}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      try {
        const url = new URL(base);
        url.pathname = `/${name}`;
        const target = freshPglite();
        await restoreAndVerify({ cwd: target.cwd, env: { ...target.env, DATABASE_URL: url.toString() } });
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
    300_000,
  );

  it('refuses to back up an embedded database another process holds (the lock, docs/adr/0006)', async () => {
    const target = freshPglite();
    mkdirSync(join(target.cwd, '.vigil'), { recursive: true });
    // A live process that is not this one holds it.
    writeFileSync(join(target.cwd, '.vigil', 'vigil.lock'), String(process.ppid));
    const r = await cli(target.env, target.cwd, 'backup', 'x.vbk');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/EMBEDDED_DB_IN_USE.*in use by process/);
  });

  it('refuses a truncated, a corrupted or a tampered file, and leaves the target empty', async () => {
    const good = readFileSync(join(src.cwd, 'office.vbk'));
    const target = freshPglite();
    const attempt = async (bytes: Buffer) => {
      writeFileSync(join(target.cwd, 'bad.vbk'), bytes);
      return cli(target.env, target.cwd, 'restore', 'bad.vbk');
    };

    const truncated = await attempt(good.subarray(0, Math.floor(good.length / 2)));
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/DB_BACKUP_INVALID.*not a complete gzip file/);

    const flipped = Buffer.from(good);
    const at = Math.floor(flipped.length / 2);
    flipped[at] = (flipped[at] ?? 0) ^ 0xff;
    const corrupted = await attempt(flipped);
    expect(corrupted.code).toBe(2);
    expect(corrupted.stderr).toMatch(/DB_BACKUP_INVALID/);

    // Well-formed gzip, one value changed: the checksum catches it.
    const text = gunzipSync(good).toString('utf8');
    const lines = text.split('\n');
    const row = lines.findIndex((l) => l.startsWith('{"$":"table","name":"inventory_people"')) + 1;
    expect(row).toBeGreaterThan(0);
    const tampered = [...lines];
    tampered[row] = (lines[row] ?? '').replace(/"name":"([^"]+)"/, '"name":"$1 (edited)"');
    expect(tampered[row]).not.toBe(lines[row]);
    const edited = await attempt(gzipSync(tampered.join('\n')));
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/DB_BACKUP_INVALID.*checksum/);

    // Rows are loaded before the trailer's checksum is read: one that is not JSON, or breaks a
    // constraint, is refused as the file's fault, not as Vigil's failure.
    for (const damaged of ['not json at all', (lines[row] ?? '').replace(/"id":"[^"]+"/, '"id":null')]) {
      const bad = [...lines];
      bad[row] = damaged;
      const refused = await attempt(gzipSync(bad.join('\n')));
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/DB_BACKUP_INVALID.*inventory_people cannot be loaded/);
    }

    // The last lines cut off (whole lines, valid gzip): no trailer.
    const cut = await attempt(gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/DB_BACKUP_INVALID.*before its trailer/);

    const notBackup = await attempt(gzipSync('{"hello":"world"}\n'));
    expect(notBackup.code).toBe(2);
    expect(notBackup.stderr).toMatch(/DB_BACKUP_INVALID.*not a Vigil backup/);

    // Nothing was kept: the good file restores into the same database.
    writeFileSync(join(target.cwd, 'good.vbk'), good);
    const ok = await cli(target.env, target.cwd, 'restore', 'good.vbk');
    expect(ok.code, ok.stderr).toBe(0);
  }, 300_000);
});
