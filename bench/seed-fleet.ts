/**
 * A fleet seeded with SQL on PostgreSQL (the importer is not what the benchmarks measure):
 * principals on the two main baselines, `n` devices of every role issued 0-39 days ago, one
 * check 0-44 days ago (so some are overdue), one posture report yesterday (camera on for one in
 * seven). The baselines must be stored first (their names are assigned).
 */
import type pg from 'pg';

export async function seedFleet(client: pg.Client, n: number, principals: number): Promise<void> {
  const q = (text: string) => client.query(text);
  await q(`insert into inventory_people (id, name, kind, protocol, created_at, since)
    select 'p' || i, 'Principal ' || i, 'principal',
      case when i % 2 = 0 then 'strict-30day' else 'relaxed-social' end, now() - interval '400 days',
      now() - interval '400 days'
    from generate_series(0, ${principals - 1}) i`);
  await q(`insert into protocol_assignments (person_id, protocol, at, assigned_by, recorded_at)
    select id, protocol, created_at, 'bench', created_at from inventory_people`);
  const issued = `now() - (i % 40) * interval '1 day'`;
  await q(`insert into inventory_devices (id, serial, platform, model, ownership, role, issued_at, created_at)
    select 'd' || i, 'S' || i, 'ios', 'iPhone 16', 'issued',
      (array['calls','social','news','general'])[1 + i % 4], ${issued}, ${issued}
    from generate_series(0, ${n - 1}) i`);
  await q(`insert into inventory_device_statuses (device_id, status, at, recorded_at)
    select 'd' || i, 'active', ${issued}, ${issued} from generate_series(0, ${n - 1}) i`);
  await q(`insert into inventory_custody (device_id, holder_id, at, recorded_by, recorded_at)
    select 'd' || i, 'p' || (i % ${principals}), ${issued}, 'bench', ${issued} from generate_series(0, ${n - 1}) i`);
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
}
