/**
 * A fleet seeded with SQL into a migrated schema (the importer is not what the benchmarks
 * measure): principals on the two main baselines, devices of every role issued 0-39 days ago,
 * one check 0-44 days ago (so some are overdue), one posture report yesterday (camera on for one
 * in seven), and optionally audit events spread over the last year. The baselines must be
 * synced first, effective before the people (`syncBaselines(…, Date.now() - 400 days)`).
 * Shared by bench/dashboard.bench.ts, bench/serve-start.bench.ts, bench/evaluation-worker.bench.ts
 * and bench/self-service.bench.ts.
 */
import type pg from 'pg';

export interface FleetSeed {
  readonly devices: number;
  /** Default: one per hundred devices. */
  readonly principals?: number;
  /**
   * Audit events `posture.reported`, one every 30 s back from now (not added to the Merkle tree:
   * integrate them, or a serving process does at its start).
   */
  readonly auditEvents?: number;
  /**
   * One more principal (on the strict baseline) holding the first `devices` devices: the person
   * signing in to the self-service page.
   */
  readonly holder?: { readonly id: string; readonly name: string; readonly devices: number };
}

/** Seeds `client`'s search path with the fleet, then analyzes; returns the principals' count. */
export async function seedFleet(client: pg.Client, seed: FleetSeed): Promise<{ principals: number }> {
  const n = seed.devices;
  const principals = seed.principals ?? Math.max(1, Math.round(n / 100));
  const events = seed.auditEvents ?? 0;
  const holder = seed.holder;
  const q = (text: string, values?: unknown[]) => client.query(text, values);
  await q(`insert into inventory_people (id, name, kind, protocol, created_at, since)
    select 'p' || i, 'Principal ' || i, 'principal',
      case when i % 2 = 0 then 'strict-30day' else 'relaxed-social' end, now() - interval '400 days',
      now() - interval '400 days'
    from generate_series(0, ${principals - 1}) i`);
  if (holder !== undefined) {
    await q(
      `insert into inventory_people (id, name, kind, protocol, created_at, since)
      values ($1, $2, 'principal', 'strict-30day', now() - interval '400 days', now() - interval '400 days')`,
      [holder.id, holder.name],
    );
  }
  await q(`insert into protocol_assignments (person_id, protocol, at, assigned_by, recorded_at)
    select id, protocol, created_at, 'bench', created_at from inventory_people`);
  const issued = `now() - (i % 40) * interval '1 day'`;
  await q(`insert into inventory_devices (id, serial, platform, model, ownership, role, issued_at, created_at)
    select 'd' || i, 'S' || i, 'ios', 'iPhone 16', 'issued',
      (array['calls','social','news','general'])[1 + i % 4], ${issued}, ${issued}
    from generate_series(0, ${n - 1}) i`);
  await q(`insert into inventory_device_statuses (device_id, status, at, recorded_at)
    select 'd' || i, 'active', ${issued}, ${issued} from generate_series(0, ${n - 1}) i`);
  await q(
    `insert into inventory_custody (device_id, holder_id, at, recorded_by, recorded_at)
    select 'd' || i, case when i < $1 then $2 else 'p' || (i % ${principals}) end, ${issued}, 'bench', ${issued}
    from generate_series(0, ${n - 1}) i`,
    [holder?.devices ?? 0, holder?.id ?? ''],
  );
  await q(`insert into lifecycle_inspections (id, device_id, at, method, result, performed_by, recorded_at)
    select 'i' || i, 'd' || i, now() - (i % 45) * interval '1 day', 'forensic-scan', 'clean', 'Bench',
      now() - (i % 45) * interval '1 day'
    from generate_series(0, ${n - 1}) i`);
  await q(`insert into posture_reports (id, device_id, observed_at, received_at, source, os_version, sensors, apps, lockdown_mode, supervised)
    select 'r' || i, 'd' || i, now() - interval '1 day', now() - interval '1 day', 'bench', '26.6.1',
      jsonb_build_object(
        'camera', jsonb_build_object('state', case when i % 7 = 0 then 'enabled' else 'disabled' end, 'provenance', 'enforced'),
        'microphone', jsonb_build_object('state', 'disabled', 'provenance', 'enforced'),
        'location', jsonb_build_object('state', 'disabled', 'provenance', 'enforced'),
        'bluetooth', jsonb_build_object('state', 'disabled', 'provenance', 'reported')),
      '["com.apple.mobilephone","com.apple.Preferences"]'::jsonb, true, true
    from generate_series(0, ${n - 1}) i`);
  if (events > 0) {
    await q(`insert into audit_events (at, actor, type, subject, payload)
      select now() - (${events} - i) * interval '30 seconds', 'token:bench', 'posture.reported', 'device:d' || (i % ${n}),
        jsonb_build_object('reportId', 'x' || i)
      from generate_series(1, ${events}) i`);
  }
  await q('analyze');
  return { principals };
}
