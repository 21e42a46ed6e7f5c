/**
 * Tampering with the audit log directly in the database (raw SQL, as an administrator with
 * database access could) is caught by `vigil audit verify --since <saved checkpoint>`: an
 * edited payload, a deleted event, two events swapped, a truncated tail, and the whole
 * database rolled back to an earlier backup. The database refuses such edits from the
 * application's role (the append-only triggers); an administrator who owns the tables can
 * disable them, which is what each scenario does first. Runs on PGlite, or on PostgreSQL when
 * DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/adapters/cli/cli.ts';
import { type Database, openDatabase } from '../../src/adapters/db/client.ts';
import { systemRandom } from '../../src/adapters/system.ts';
import { AuditLogService } from '../../src/services/audit/audit-log.service.ts';

const url = process.env.DATABASE_URL || undefined;
const dir = mkdtempSync(join(tmpdir(), 'vigil-tamper-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  rmSync(dir, { recursive: true, force: true });
});

interface Raw {
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
}

let template: Promise<PGlite> | null = null;

const LOG_TABLES = ['audit_events', 'audit_leaves', 'audit_nodes', 'audit_checkpoints', 'audit_cosignatures'];

/** What an owner of the tables can do: switch off the append-only triggers. */
async function unguard(raw: Raw): Promise<Raw> {
  for (const t of LOG_TABLES) await raw.query(`alter table ${t} disable trigger user`);
  return raw;
}

/** A migrated database, plus a raw SQL handle on the very same tables, guards disabled. */
async function fresh(): Promise<{ db: Database; raw: Raw }> {
  if (url === undefined) {
    template ??= (async () => {
      const { PGlite } = await import('@electric-sql/pglite');
      const client = await PGlite.create();
      await (await openDatabase({ pglite: client })).migrate();
      return client;
    })();
    const client = (await (await template).clone()) as PGlite;
    const db = await openDatabase({ pglite: client });
    cleanups.push(() => db.close());
    return { db, raw: await unguard(client) };
  }
  const schema = `tamper_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ url, schema, poolSize: 3 });
  await db.migrate();
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  cleanups.push(async () => {
    await db.close();
    await client.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
    await client.end();
  });
  return { db, raw: await unguard(client) };
}

const T = Date.UTC(2026, 10, 1, 9);

async function appendEvents(db: Database, from: number, n: number, tag = 'a'): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await db.uow.run((tx) =>
      tx.audit.append({
        type: 'person.created',
        at: T + i * 1000,
        actor: 'token:tok_admin',
        subject: `person:per_${tag}${i}`,
        payload: { id: `per_${tag}${i}`, name: `Person ${tag}${i}`, kind: 'staff', principalId: null },
      }),
    );
  }
}

let files = 0;
function file(name: string, text: string): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, text);
  return path;
}

async function verify(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['audit', 'verify', ...argv], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {},
    cwd: dir,
    stopSignal: Promise.resolve(),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/**
 * A log of 20 events whose checkpoint the verifier saved, then 5 more and a newer checkpoint;
 * `tamper` edits the database; the export is then verified against the saved checkpoint.
 */
async function scenario(
  tamper: (raw: Raw, db: Database, log: AuditLogService) => Promise<void>,
  early: (raw: Raw, log: AuditLogService) => Promise<void> = async () => {},
) {
  const { db, raw } = await fresh();
  const log = new AuditLogService({ uow: db.uow, clock: { now: () => T }, random: systemRandom });
  await appendEvents(db, 0, 12);
  await early(raw, log);
  await appendEvents(db, 12, 8);
  const saved = await log.checkpoint();
  expect(saved.size).toBe(20);
  await appendEvents(db, 20, 5);
  await log.checkpoint();
  await tamper(raw, db, log);
  const bundle = await log.exportBundle('test');
  return verify(
    '--bundle',
    file('bundle.json', JSON.stringify(bundle)),
    '--since',
    file('since.note', saved.note),
    '--key',
    log.verifierKey(),
  );
}

/** The seq of the event at leaf `index`. */
const seqAt = async (raw: Raw, index: number) =>
  Number((await raw.query(`select seq from audit_leaves where idx = ${index}`)).rows[0]?.seq);

describe(`tampering on ${url === undefined ? 'PGlite' : 'PostgreSQL'}`, () => {
  it('an untouched log verifies (exit 0)', async () => {
    const r = await scenario(async () => {});
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^verified: .* size 25 /);
    expect(r.code).toBe(0);
  }, 60_000);

  it("detects one event's payload changed, naming the entry", async () => {
    const r = await scenario(async (raw) => {
      const seq = await seqAt(raw, 3);
      await raw.query(
        `update audit_events set payload = jsonb_set(payload, '{name}', '"Someone else"') where seq = ${seq}`,
      );
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/LEAF_MISMATCH at entry 3/);
    expect(r.stderr).toBe('first bad entry: 3');
  }, 60_000);

  it('detects one event deleted', async () => {
    const r = await scenario(async (raw) => {
      await raw.query(`delete from audit_events where seq = ${await seqAt(raw, 7)}`);
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MISSING_ENTRY at entry 7/);
    expect(r.stderr).toBe('first bad entry: 7');
  }, 60_000);

  it('detects one event deleted with its leaf and every trace in the tree', async () => {
    const r = await scenario(async (raw) => {
      await raw.query(`delete from audit_events where seq = ${await seqAt(raw, 7)}`);
      await raw.query('delete from audit_leaves where idx = 7');
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MISSING_ENTRY at entry 7/);
  }, 60_000);

  it('detects two events reordered (their contents swapped)', async () => {
    const r = await scenario(async (raw) => {
      const [a, b] = [await seqAt(raw, 5), await seqAt(raw, 6)];
      await raw.query(`update audit_events x set at = y.at, actor = y.actor, type = y.type, subject = y.subject, payload = y.payload
                         from (select * from audit_events where seq in (${a}, ${b})) y
                        where x.seq in (${a}, ${b}) and y.seq <> x.seq`);
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/LEAF_MISMATCH at entry 5/);
    expect(r.stderr).toBe('first bad entry: 5');
  }, 60_000);

  it('detects the tail truncated, even with the tree and checkpoints cut back and re-signed', async () => {
    const r = await scenario(async (raw, _db, log) => {
      const from = await seqAt(raw, 15);
      await raw.query(`delete from audit_events where seq >= ${from}`);
      await raw.query('delete from audit_leaves where idx >= 15');
      await raw.query('delete from audit_nodes where (idx + 1) * power(2, level) > 15');
      await raw.query('delete from audit_checkpoints where size > 15');
      await log.checkpoint(); // with the log's own key: a perfectly signed, shorter log
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ROLLBACK/);
  }, 60_000);

  const TABLES = ['audit_events', 'audit_pending', 'audit_leaves', 'audit_nodes', 'audit_checkpoints'];
  // A copy schema per scenario (on PostgreSQL all scenarios share one database).
  const copy = `backup_${process.pid}_${randomBytes(4).toString('hex')}`;
  const backup = async (raw: Raw, log: AuditLogService) => {
    await log.checkpoint(); // the backup holds a signed log of 12
    await raw.query(`drop schema if exists ${copy} cascade`);
    await raw.query(`create schema ${copy}`);
    for (const t of TABLES) await raw.query(`create table ${copy}.${t} as select * from ${t}`);
  };
  const restore = async (raw: Raw) => {
    for (const t of TABLES) await raw.query(`delete from ${t}`);
    for (const t of TABLES) {
      const override = t === 'audit_events' ? 'overriding system value' : '';
      await raw.query(`insert into ${t} ${override} select * from ${copy}.${t}`);
    }
    await raw.query(`drop schema ${copy} cascade`);
  };

  it('detects the whole database rolled back to an earlier backup', async () => {
    const r = await scenario(async (raw) => restore(raw), backup);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ROLLBACK/);
  }, 60_000);

  it('detects a rollback to a backup followed by new history (a fork)', async () => {
    const r = await scenario(async (raw, db) => {
      await restore(raw);
      await appendEvents(db, 100, 20, 'b');
    }, backup);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FORK/);
  }, 60_000);
});
