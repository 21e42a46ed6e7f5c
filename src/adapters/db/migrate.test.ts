/**
 * Migrations that reshape tables keep the rows already in them: the schema is migrated as the
 * previous release left it, rows are written in that shape, and the new migration is applied on
 * top. On PGlite, or on PostgreSQL (a schema of its own) when DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from './migrate.ts';
import { dashboardRepository } from './repositories/dashboard.repository.ts';
import { incidentRepository } from './repositories/incident.repository.ts';
import { peopleRepository } from './repositories/inventory.repository.ts';
import type { Tx } from './repositories/support.ts';
import { swapRepository, waiverRepository } from './repositories/workflow.repository.ts';

const T = Date.UTC(2026, 0, 10, 9, 0, 0, 123);
const iso = (ms: number) => new Date(ms).toISOString();

/** An empty database: PGlite, or a schema of its own on PostgreSQL when DATABASE_URL is set. */
async function emptyDatabase(): Promise<{ db: Tx; schema: string; close: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    const client = await PGlite.create();
    return { db: drizzlePglite({ client }), schema: 'drizzle', close: () => client.close() };
  }
  const schema = `test_migrate_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema "${schema}"; set search_path to "${schema}"`);
  return {
    db: drizzlePg({ client }),
    schema,
    close: async () => {
      await client.query(`drop schema "${schema}" cascade`);
      await client.end();
    },
  };
}

let db: Tx;
let migrationsSchema = 'drizzle';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ db, schema: migrationsSchema, close } = await emptyDatabase());
});
afterAll(() => close());

describe('0003_state_machine_logs', () => {
  it('keeps every swap, waiver and incident transition, in order, with its step and text', async () => {
    await runMigrations(db, migrationsSchema, { upTo: '0002_dashboard_and_jobs' });
    const oldShape = [
      `insert into lifecycle_swaps (id, old_device_id, person_id, state, custody_old, planned_at, planned_by, updated_at)
        values ('s1', 'd1', 'p1', 'staged', '{"holderId":"p1","location":null}', '${iso(T)}', 'cli', '${iso(T + 1000)}')`,
      `insert into lifecycle_swap_events (swap_id, from_state, to_state, command, at, actor, details) values
        ('s1', null, 'planned', 'plan', '${iso(T)}', 'cli', '{}'),
        ('s1', 'planned', 'staged', 'stage', '${iso(T + 1000)}', 'tech', '{"newDeviceId":"d2"}')`,
      `insert into lifecycle_waivers (id, rule, device_id, reason, risk, requested_by, requested_at, starts_at, expires_at, state)
        values ('w1', 'sensor.camera', 'd1', 'calls', 'low', 'a', '${iso(T)}', '${iso(T)}', '${iso(T + 86_400_000)}', 'requested')`,
      `insert into lifecycle_waiver_events (waiver_id, from_state, to_state, command, at, actor, details)
        values ('w1', null, 'requested', 'request', '${iso(T)}', 'a', '{"rule":"sensor.camera"}')`,
      `insert into lifecycle_incidents (id, status, compromise, severity, summary, devices, person_ids, declared_by, opened_at)
        values ('i1', 'containing', 'suspected', 'high', 'lost', '[{"deviceId":"d1","priorStatus":"active"}]', '["p1"]', 'o', '${iso(T)}')`,
      `insert into lifecycle_incident_steps (incident_id, position, step_id, title, owner, status, at, by)
        values ('i1', 0, 'quarantine', 'Quarantine', '"technician"', 'done', '${iso(T + 2000)}', 'tech')`,
      `insert into lifecycle_incident_timeline (incident_id, at, actor, kind, step_id, from_state, to_state, text) values
        ('i1', '${iso(T)}', 'o', 'opened', null, null, 'open', 'Suspected compromise declared (high): lost'),
        ('i1', '${iso(T + 2000)}', 'tech', 'step', 'quarantine', 'pending', 'done', 'Quarantine: done'),
        ('i1', '${iso(T + 2000)}', 'tech', 'state', null, 'open', 'containing', 'Incident containing')`,
    ];
    for (const statement of oldShape) await db.execute(sql.raw(statement));

    await runMigrations(db, migrationsSchema);

    expect(
      (await swapRepository(db).transitions('s1')).map((t) => [
        t.from,
        t.to,
        t.command,
        t.at,
        t.actor,
        t.details,
      ]),
    ).toEqual([
      [null, 'planned', 'plan', T, 'cli', {}],
      ['planned', 'staged', 'stage', T + 1000, 'tech', { newDeviceId: 'd2' }],
    ]);
    expect(await waiverRepository(db).transitions('w1')).toEqual([
      {
        waiverId: 'w1',
        from: null,
        to: 'requested',
        command: 'request',
        at: T,
        actor: 'a',
        details: { rule: 'sensor.camera' },
      },
    ]);
    expect((await incidentRepository(db).get('i1'))?.timeline).toEqual([
      {
        at: T,
        recordedAt: T,
        actor: 'o',
        kind: 'opened',
        stepId: null,
        from: null,
        to: 'open',
        text: 'Suspected compromise declared (high): lost',
      },
      {
        at: T + 2000,
        recordedAt: T + 2000,
        actor: 'tech',
        kind: 'step',
        stepId: 'quarantine',
        from: 'pending',
        to: 'done',
        text: 'Quarantine: done',
      },
      {
        at: T + 2000,
        recordedAt: T + 2000,
        actor: 'tech',
        kind: 'state',
        stepId: null,
        from: 'open',
        to: 'containing',
        text: 'Incident containing',
      },
    ]);
    // Transitions written before the shared shape were learnt when they happened.
    for (const table of ['lifecycle_swap_events', 'lifecycle_waiver_events', 'lifecycle_incident_timeline']) {
      const { rows } = (await db.execute(
        sql.raw(`select count(*)::int as n from ${table} where recorded_at is distinct from at`),
      )) as unknown as { rows: { n: number }[] };
      expect(rows[0]?.n, table).toBe(0);
    }
  });
});

describe('0006_two_times', () => {
  it('gives every fact row a recorded_at equal to the instant it stored', async () => {
    const d = await emptyDatabase();
    try {
      await runMigrations(d.db, d.schema, { upTo: '0005_corrections' });
      const t = (ms: number) => `'${iso(ms)}'`;
      const oldShape = [
        `insert into inventory_people (id, name, kind, created_at) values ('p1', 'P', 'principal', ${t(T)})`,
        `insert into inventory_devices (id, serial, platform, model, ownership, role, created_at)
          values ('d1', 'S1', 'ios', 'iPhone', 'issued', 'calls', ${t(T)})`,
        `insert into inventory_device_statuses (device_id, status, at) values ('d1', 'active', ${t(T + 1)})`,
        `insert into inventory_custody (device_id, holder_id, at, recorded_by) values ('d1', 'p1', ${t(T + 2)}, 'cli')`,
        `insert into lifecycle_inspections (id, device_id, at, method, result, performed_by)
          values ('i1', 'd1', ${t(T + 3)}, 'forensic-scan', 'clean', 'tech')`,
        `insert into lifecycle_rotations (id, old_device_id, at, performed_by) values ('r1', 'd1', ${t(T + 4)}, 'tech')`,
        `insert into protocol_assignments (person_id, protocol, at, assigned_by) values ('p1', 'x', ${t(T + 5)}, 'cli')`,
        `insert into intel_os_releases (platform, version, released_at) values ('ios', '26.1', ${t(T + 6)})`,
        `insert into intel_cve_fixes (platform, version, cve_id, exploited) values ('ios', '26.1', 'CVE-1', true)`,
        `insert into intel_kev (cve_id, vendor_project, product, date_added, due_date)
          values ('CVE-1', 'Apple', 'iOS', ${t(T + 7)}, ${t(T + 8)})`,
      ];
      for (const statement of oldShape) await d.db.execute(sql.raw(statement));

      await runMigrations(d.db, d.schema);

      const recorded = async (table: string, column: string) => {
        const { rows } = (await d.db.execute(
          sql.raw(
            `select round(date_part('epoch', recorded_at) * 1000)::int8 as r, round(date_part('epoch', ${column}) * 1000)::int8 as e from ${table}`,
          ),
        )) as unknown as { rows: { r: string | number; e: string | number }[] };
        return rows.map((x) => [Number(x.r), Number(x.e)]);
      };
      expect(await recorded('inventory_device_statuses', 'at')).toEqual([[T + 1, T + 1]]);
      expect(await recorded('inventory_custody', 'at')).toEqual([[T + 2, T + 2]]);
      expect(await recorded('lifecycle_inspections', 'at')).toEqual([[T + 3, T + 3]]);
      expect(await recorded('lifecycle_rotations', 'at')).toEqual([[T + 4, T + 4]]);
      expect(await recorded('protocol_assignments', 'at')).toEqual([[T + 5, T + 5]]);
      expect(await recorded('intel_os_releases', 'released_at')).toEqual([[T + 6, T + 6]]);
      // A fix is recorded as of its release.
      expect(await recorded('intel_cve_fixes', `(select released_at from intel_os_releases)`)).toEqual([
        [T + 6, T + 6],
      ]);
      expect(await recorded('intel_kev', 'date_added')).toEqual([[T + 7, T + 7]]);
    } finally {
      await d.close();
    }
  });
});

describe('0004_backfill_instants', () => {
  it('gives every existing waiver, incident, step and acknowledgement a recorded instant equal to its effective one', async () => {
    const fresh = await emptyDatabase();
    try {
      await runMigrations(fresh.db, fresh.schema, { upTo: '0003_state_machine_logs' });
      const day = 86_400_000;
      const oldShape = [
        `insert into lifecycle_waivers (id, rule, device_id, reason, risk, requested_by, requested_at, approved_by, approved_at, starts_at, expires_at, ended_at, ended_by, end_reason, state)
          values ('w1', 'sensor.camera', 'd1', 'calls', 'low', 'a', '${iso(T)}', 'b', '${iso(T + 1000)}', '${iso(T)}', '${iso(T + 30 * day)}', '${iso(T + 2000)}', 'b', 'done', 'revoked'),
                 ('w2', 'sensor.camera', 'd1', 'calls', 'low', 'a', '${iso(T + 3000)}', null, null, '${iso(T)}', '${iso(T + 30 * day)}', null, null, null, 'requested')`,
        `insert into lifecycle_incidents (id, status, compromise, severity, summary, devices, person_ids, declared_by, opened_at, resolution, closed_at, closed_by)
          values ('i1', 'closed', 'suspected', 'high', 'lost', '[{"deviceId":"d1","priorStatus":"active"}]', '["p1"]', 'o', '${iso(T)}', 'cleared', '${iso(T + 5000)}', 'o'),
                 ('i2', 'open', 'suspected', 'high', 'lost', '[{"deviceId":"d2","priorStatus":"active"}]', '["p1"]', 'o', '${iso(T + 6000)}', null, null, null)`,
        `insert into lifecycle_incident_steps (incident_id, position, step_id, title, owner, status, at, by) values
          ('i1', 0, 'quarantine', 'Quarantine', '"technician"', 'done', '${iso(T + 2000)}', 'tech'),
          ('i2', 0, 'quarantine', 'Quarantine', '"technician"', 'pending', null, null)`,
        `insert into zone_acknowledgements (person_id, facility, policy_version, at, recorded_by)
          values ('p1', 'hq', 'p@1', '${iso(T + 7000)}', 'cli')`,
      ];
      for (const statement of oldShape) await fresh.db.execute(sql.raw(statement));

      await runMigrations(fresh.db, fresh.schema);

      const waivers = waiverRepository(fresh.db);
      expect(await waivers.get('w1')).toMatchObject({
        requestedAt: T,
        recordedAt: T,
        approvedAt: T + 1000,
        approvalRecordedAt: T + 1000,
        endedAt: T + 2000,
        endRecordedAt: T + 2000,
      });
      expect(await waivers.get('w2')).toMatchObject({
        requestedAt: T + 3000,
        recordedAt: T + 3000,
        approvalRecordedAt: null,
        endRecordedAt: null,
      });
      const incidents = incidentRepository(fresh.db);
      const i1 = await incidents.get('i1');
      expect(i1).toMatchObject({ openedAt: T, recordedAt: T, closedAt: T + 5000, closeRecordedAt: T + 5000 });
      expect(i1?.steps[0]).toMatchObject({ at: T + 2000, recordedAt: T + 2000 });
      const i2 = await incidents.get('i2');
      expect(i2).toMatchObject({ openedAt: T + 6000, recordedAt: T + 6000, closeRecordedAt: null });
      expect(i2?.steps[0]).toMatchObject({ at: null, recordedAt: null });
      const { rows } = (await fresh.db.execute(
        sql.raw('select count(*)::int as n from zone_acknowledgements where recorded_at is distinct from at'),
      )) as unknown as { rows: { n: number }[] };
      expect(rows[0]?.n).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

describe('0007_person_since', () => {
  it('counts the people already stored from when they were recorded (since = created_at)', async () => {
    const client = await PGlite.create();
    const fresh = drizzlePglite({ client });
    try {
      await runMigrations(fresh, 'drizzle', { upTo: '0006_two_times' });
      await fresh.execute(
        sql.raw(
          `insert into inventory_people (id, name, kind, created_at) values ('p1', 'Pat', 'principal', '${iso(T)}')`,
        ),
      );
      await runMigrations(fresh, 'drizzle');
      expect(await peopleRepository(fresh).get('p1')).toMatchObject({ since: T, createdAt: T });
    } finally {
      await client.close();
    }
  });
});

describe('0008_history_basis', () => {
  it('keeps the stored days as true then, known when computed', async () => {
    const client = await PGlite.create();
    const fresh = drizzlePglite({ client });
    try {
      await runMigrations(fresh, 'drizzle', { upTo: '0007_person_since' });
      await fresh.execute(
        sql.raw(
          `insert into dashboard_history_days (day, at, counts, data_version, computed_at)
           values ('2026-01-10', '2026-01-10T23:59:59.999Z', '{"devices":3}', 7, '${iso(T)}')`,
        ),
      );
      await runMigrations(fresh, 'drizzle');
      expect(await dashboardRepository(fresh, 'vigil_jobs').historyDays(['2026-01-10'], 'now')).toMatchObject(
        [{ day: '2026-01-10', basis: 'now', knownAt: T, computedAt: T, dataVersion: 7 }],
      );
      expect(await dashboardRepository(fresh, 'vigil_jobs').historyDays(['2026-01-10'], 'then')).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
