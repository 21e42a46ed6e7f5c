/**
 * MDM import at scale, in process on PostgreSQL (a fresh schema):
 * 1. a 100,000-device Intune export (Graph managedDevice JSON, one file) imported as one
 *    delivery, as `vigil mdm import intune FILE` does: devices/s and peak resident memory;
 *    then the same file again (every observation a re-delivery);
 * 2. a KEV catalog update (the published file) and the re-evaluation of the whole fleet
 *    against the strict baseline, with the SOFA feed loaded: seconds at 100,000 devices.
 * Run: node bench/mdm-import.bench.ts [--devices 100000]
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/db/client.ts';
import { ingestDelivery } from '../src/adapters/mdm/index.ts';
import { systemClock, systemRandom, ulidIds } from '../src/adapters/system.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices } from '../src/services/index.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('devices', 100_000);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_mdm_${Date.now()}`;
const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures', 'intel');

const db = await openDatabase({ url, schema });
await db.migrate();
const services = createServices({ uow: db.uow, clock: systemClock, ids: ulidIds(), random: systemRandom });
const mib = (bytes: number) => bytes / 2 ** 20;

try {
  await services.protocols.syncBaselines(readBaselines(), Date.now() - 400 * 86_400_000, 'bench');
  // Seed one principal through the service, then the devices with SQL (the fleet importer is
  // not what is measured, and is slow at this size).
  await services.fleetImport.importDocument(
    {
      apiVersion: 'vigil/v1',
      kind: 'Fleet',
      people: [{ id: 'p', name: 'Bench Principal', kind: 'principal', protocol: 'strict-30day' }],
    },
    '',
    'bench',
  );
  const seedStart = performance.now();
  const issued = `now() - interval '10 days'`;
  const pg = await import('pg');
  const seeder = new pg.default.Client({ connectionString: url });
  await seeder.connect();
  await seeder.query(`set search_path to "${schema}"`);
  await seeder.query(`insert into inventory_devices (id, serial, platform, model, ownership, role, issued_at, created_at)
    select 'd' || i, 'S' || i, 'ios', 'iPhone 16', 'issued', 'calls', ${issued}, ${issued} from generate_series(0, ${n - 1}) i`);
  await seeder.query(`insert into inventory_device_statuses (device_id, status, at, recorded_at)
    select 'd' || i, 'active', ${issued}, ${issued} from generate_series(0, ${n - 1}) i`);
  await seeder.query(`insert into inventory_custody (device_id, holder_id, at, recorded_by, recorded_at)
    select 'd' || i, 'p', ${issued}, 'bench', ${issued} from generate_series(0, ${n - 1}) i`);
  await seeder.end();
  console.error(`seeded ${n} devices in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  await services.intel.import(
    'sofa',
    readFileSync(join(fixtures, 'sofa_ios_data_feed.json'), 'utf8'),
    'file',
    'bench',
  );

  // The export: what Graph returns for deviceManagement/managedDevices, as one file.
  const versions = ['18.6', '18.7.10', '26.5', '26.6.1'];
  const synced = new Date(Date.now() - 3_600_000).toISOString();
  const exportText = JSON.stringify({
    value: Array.from({ length: n }, (_, i) => ({
      id: `intune-${i}`,
      deviceName: `Phone ${i}`,
      operatingSystem: 'iOS',
      osVersion: versions[i % versions.length],
      serialNumber: `S${i}`,
      lastSyncDateTime: synced,
      isSupervised: true,
      complianceState: 'compliant',
      managedDeviceOwnerType: 'company',
    })),
  });
  const body = Buffer.from(exportText);

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const first = await ingestDelivery(services, 'intune', body, {}, 'bench');
  const importSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const again = await ingestDelivery(services, 'intune', body, {}, 'bench');
  const againSeconds = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  console.error(
    `import: ${first.recorded} recorded in ${importSeconds.toFixed(1)} s; again: ${again.duplicates} duplicates in ${againSeconds.toFixed(1)} s`,
  );

  // A KEV update, then the fleet re-evaluated.
  const kevText = readFileSync(join(fixtures, 'known_exploited_vulnerabilities.json'), 'utf8');
  const t2 = performance.now();
  await services.intel.import('kev', kevText, 'file', 'bench');
  const kevSeconds = (performance.now() - t2) / 1000;
  const t3 = performance.now();
  const result = await services.compliance.evaluate({});
  const evaluateSeconds = (performance.now() - t3) / 1000;
  const exploited = result.findings.filter((f) => f.rule === 'os.exploited').length;
  console.error(
    `kev import ${kevSeconds.toFixed(2)} s; evaluate ${evaluateSeconds.toFixed(1)} s, ${exploited} os.exploited findings`,
  );

  console.log(
    JSON.stringify({
      devices: n,
      exportMiB: Number(mib(body.length).toFixed(1)),
      importSeconds,
      devicesPerSecond: n / importSeconds,
      reimportSeconds: againSeconds,
      peakRssMiB: mib(peak),
      rssBeforeMiB: mib(before),
      recorded: first.recorded,
      duplicates: again.duplicates,
      kevImportSeconds: kevSeconds,
      evaluateSeconds,
      findings: result.findings.length,
      exploitedFindings: exploited,
    }),
  );
} finally {
  await db.close();
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}", "${schema}_jobs" CASCADE`);
  await client.end();
}
