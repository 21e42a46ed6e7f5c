/**
 * The database itself refuses edits of history (migration 0009_history_append_only): raw
 * UPDATE, DELETE and TRUNCATE on every append-only table are refused with SQLSTATE VGH01,
 * a person's protocol still changes but nothing else about them, the state machines' current
 * rows still move but are never deleted, and the application maps a refusal to
 * HISTORY_IMMUTABLE. On PGlite, or on PostgreSQL (a schema of its own) when DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignerKey, signerKeyFromSeed } from '../../core/audit/tlog/note.ts';
import { VigilError } from '../../core/errors.ts';
import { readBaselines } from '../../runtime.ts';
import { createServices, type Services } from '../../services/index.ts';
import { systemRandom, ulidIds } from '../system.ts';
import { type Database, openDatabase } from './client.ts';
import { HISTORY_IMMUTABLE_SQLSTATE, refusedHistoryEdit } from './repositories/support.ts';

/** Facts and the audit log: no row ever changes or goes. */
const APPEND_ONLY = [
  'audit_events',
  'audit_leaves',
  'audit_nodes',
  'audit_checkpoints',
  'audit_cosignatures',
  'audit_log_keys',
  'inventory_devices',
  'inventory_device_statuses',
  'inventory_custody',
  'posture_reports',
  'lifecycle_inspections',
  'lifecycle_rotations',
  'lifecycle_refusals',
  'lifecycle_corrections',
  'protocol_versions',
  'protocol_decisions',
  'protocol_assignments',
  'zone_detections',
  'zone_acknowledgements',
  'zone_self_attestations',
  'lifecycle_swap_events',
  'lifecycle_waiver_events',
  'lifecycle_incident_timeline',
  'enforcement_pushes',
  'enforcement_device_moves',
  'scan_rechecks',
];
/** Current state of a state machine: updated, never deleted. */
const NEVER_DELETED = [
  'lifecycle_swaps',
  'lifecycle_waivers',
  'lifecycle_incidents',
  'lifecycle_incident_steps',
];

interface Raw {
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
}

const url = process.env.DATABASE_URL || undefined;
const NOW = Date.UTC(2026, 10, 20, 12);
let db: Database;
let raw: Raw;
let services: Services;
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  if (url === undefined) {
    const { PGlite } = await import('@electric-sql/pglite');
    const client: PGlite = await PGlite.create();
    db = await openDatabase({ pglite: client });
    raw = client;
    cleanup = () => db.close();
  } else {
    const schema = `history_${process.pid}_${randomBytes(4).toString('hex')}`;
    db = await openDatabase({ url, schema, poolSize: 2 });
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    raw = client;
    cleanup = async () => {
      await db.close();
      await client.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
      await client.end();
    };
  }
  await db.migrate();
  const clock = { now: () => NOW };
  services = createServices({ uow: db.uow, clock, ids: ulidIds(clock, systemRandom), random: systemRandom });
  // The demo office fills most tables; the log gets its leaves, nodes and a checkpoint.
  await services.demo.load(readBaselines(), 'test');
  const inspection = (await raw.query('select id from lifecycle_inspections limit 1')).rows[0]?.id;
  await services.corrections.correct(
    { kind: 'inspection', factId: String(inspection), reason: 'typo', set: { result: 'suspicious' } },
    'test',
  );
  // A decision on a proposed protocol version (the demo office proposes none).
  const guarded =
    'apiVersion: vigil/v1\nkind: Protocol\nmetadata: { name: guarded, title: Guarded, version: "1" }\nchanges: { approval: two-person }\n';
  await services.protocols.put({ text: guarded }, 'test');
  await services.protocols.reject('guarded', '1', { actor: 'test', personId: null }, { reason: 'not now' });
  // A holder's own attestation (the demo office records none).
  await services.selfService.attest(
    { personId: 'premier', actor: 'test' },
    { deviceId: 'premier-calls', setting: 'lockdown-mode' },
  );
  const cp = await services.auditLog.checkpoint();
  await raw.query(
    `insert into audit_cosignatures (size, witness, line, at) values (${cp.size}, 'w', 'sig', 0)`,
  );
  const { skey, vkey } = signerKeyFromSeed(services.auditLog.origin, systemRandom.bytes(32));
  await services.auditLog.rotateKey({ signer: parseSignerKey(skey), verifierKey: vkey }, 'test');
  await services.pushes.record(
    {
      source: 'android-management',
      target: 'amapi',
      protocol: 'strict-30day',
      version: '1',
      artifacts: [
        { role: 'calls', file: 'f.json', sha256: 'ab', remoteId: 'p', remoteToken: '1', action: 'created' },
      ],
      notified: 0,
      moved: [{ role: 'calls', device: 'enterprises/e/devices/d', from: null, to: 'p' }],
    },
    'test',
  );
  // A re-check of a stored scan (its service needs a finished scan job; the row is what matters).
  await raw.query(
    `insert into scan_rechecks (id, job_id, device_id, indicators_sha256, indicator_files, new_alerts, recorded_at, actor) values ('rck_1', 'scj_1', 'd', 'ab', '[]', '[]', now(), 'test')`,
  );
}, 120_000);
afterAll(() => cleanup());

/** The SQLSTATE a statement fails with, or null when it succeeds. */
async function refusal(sql: string): Promise<string | null> {
  try {
    await raw.query(sql);
    return null;
  } catch (err) {
    return String((err as { code?: unknown }).code);
  }
}

const count = async (table: string) =>
  Number((await raw.query(`select count(*) as n from ${table}`)).rows[0]?.n);

describe(`history is append-only on ${url === undefined ? 'PGlite' : 'PostgreSQL'}`, () => {
  it.each(APPEND_ONLY)('%s refuses UPDATE, DELETE and TRUNCATE', async (table) => {
    const before = await count(table);
    expect(before).toBeGreaterThan(0);
    // Setting a column to itself is an UPDATE all the same (not the identity: it cannot be set).
    const column = (
      await raw.query(
        `select column_name as c from information_schema.columns where table_name = '${table}' and table_schema = current_schema() and is_identity = 'NO' order by ordinal_position limit 1`,
      )
    ).rows[0]?.c;
    expect(await refusal(`update ${table} set ${String(column)} = ${String(column)}`)).toBe(
      HISTORY_IMMUTABLE_SQLSTATE,
    );
    expect(await refusal(`delete from ${table}`)).toBe(HISTORY_IMMUTABLE_SQLSTATE);
    expect(await refusal(`truncate ${table} cascade`)).toBe(HISTORY_IMMUTABLE_SQLSTATE);
    expect(await count(table)).toBe(before);
  });

  it.each(NEVER_DELETED)('%s refuses DELETE and TRUNCATE', async (table) => {
    const before = await count(table);
    expect(before).toBeGreaterThan(0);
    expect(await refusal(`delete from ${table}`)).toBe(HISTORY_IMMUTABLE_SQLSTATE);
    expect(await refusal(`truncate ${table} cascade`)).toBe(HISTORY_IMMUTABLE_SQLSTATE);
    expect(await count(table)).toBe(before);
  });

  it("a person's protocol may change, nothing else about them, and no person goes", async () => {
    expect(await refusal(`update inventory_people set protocol = null where id = 'premier'`)).toBeNull();
    expect(await refusal(`update inventory_people set name = 'Someone else' where id = 'premier'`)).toBe(
      HISTORY_IMMUTABLE_SQLSTATE,
    );
    expect(
      await refusal(`update inventory_people set protocol = 'x', kind = 'staff' where id = 'premier'`),
    ).toBe(HISTORY_IMMUTABLE_SQLSTATE);
    expect(await refusal(`delete from inventory_people where id = 'premier'`)).toBe(
      HISTORY_IMMUTABLE_SQLSTATE,
    );
    expect(await refusal('truncate inventory_people cascade')).toBe(HISTORY_IMMUTABLE_SQLSTATE);
  });

  it('what the application does still works: queues drain, caches and state rows change', async () => {
    expect(await refusal('delete from audit_pending')).toBeNull();
    expect(await refusal('delete from dashboard_history_days')).toBeNull();
    expect(await refusal(`update lifecycle_swaps set updated_at = updated_at`)).toBeNull();
    const person = await services.inventory.createPerson({ name: 'New Staff', kind: 'staff' }, 'test');
    expect((await services.inventory.getPerson(person.id)).name).toBe('New Staff');
  });

  it('the application maps a refusal to HISTORY_IMMUTABLE (409), not an internal error', async () => {
    const err = await refusedHistoryEdit(raw.query('delete from audit_events')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect(err).toMatchObject({ code: 'HISTORY_IMMUTABLE', status: 409 });
  });
});
