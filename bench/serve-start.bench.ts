/**
 * `vigil serve` on PostgreSQL with a large fleet (1,000,000 devices unless told), from start to
 * its first exact summary: the fleet is seeded with SQL in a schema of its own
 * (bench/seed-fleet.ts), then the real `vigil serve` (bin/vigil.js, role `all`) is spawned on it
 * and `GET /api/v1/compliance/summary` asked until it answers with every device evaluated. Then
 * posture reports are posted one at a time, each followed by the summary: the summary's latency
 * after the write, and the evaluator's own time for the update (bench/evaluator-probe.ts, loaded
 * into the server with `--import`, times the fleet state's passes). Peak resident memory is the
 * server's VmHWM.
 *
 * Role `all` (the default `vigil serve`) also fills the history's past days at start, in the same
 * process; `--role api` measures a process that only serves (no worker runs then).
 *
 * Run: node bench/serve-start.bench.ts [--devices 1000000] [--reports 50] [--events 0] [--role all|api]
 *   [--keep | --schema NAME]
 * `BENCH_CPU_PROF=DIR` writes a CPU profile of each thread of the server into DIR, of its first
 * BENCH_CPU_PROF_SECONDS (60 unless told; bench/evaluator-probe.ts).
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); works in
 * a new schema, dropped at the end. Seeding a million devices takes minutes: `--keep` keeps the
 * schema (its name is printed), `--schema NAME` runs on one kept before (same `--devices`), and
 * keeps it.
 *
 * Prints {devices, role, principals, auditEvents, seedSeconds, listenSeconds, firstSummarySeconds,
 * cpuSecondsAtSummary, peakRssAtSummaryMiB, peakRssMiB, fullPassMs, afterReport, evaluator, loadAverage, cores} as
 * JSON on stdout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { argon2Passwords } from '../src/adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from '../src/adapters/system.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices } from '../src/services/index.ts';
import { peakRssMiB, type Started, startProcess, stop } from './proc.ts';
import { seedFleet } from './seed-fleet.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} expects a whole number`);
  return v;
};
const n = arg('devices', 1_000_000);
const reports = arg('reports', 50);
const events = arg('events', 0);
const roleAt = process.argv.indexOf('--role');
const role = roleAt > 0 ? process.argv[roleAt + 1] : 'all';
if (role !== 'all' && role !== 'api') throw new Error('--role expects all or api');
if (n < 1) throw new Error('--devices expects at least 1');
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemaAt = process.argv.indexOf('--schema');
const reused = schemaAt > 0 ? (process.argv[schemaAt + 1] ?? '') : null;
if (reused !== null && !/^bench_serve_\d+$/.test(reused))
  throw new Error('--schema expects a kept bench_serve_ schema');
const keep = reused !== null || process.argv.includes('--keep');
const stamp = Date.now();
const schema = reused ?? `bench_serve_${stamp}`;
// BENCH_VIGIL_ROOT: another checkout's Vigil on the same schema (an old and a new side by side).
const root = process.env.BENCH_VIGIL_ROOT ?? join(import.meta.dirname, '..');
const log = (s: string) => console.error(s);
const round = (x: number) => Math.round(x * 10) / 10;
const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
};

const seeder = new pg.Client({ connectionString: url });
await seeder.connect();
const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-start-'));
let server: Started | null = null;
try {
  // -- seed: migrate, baselines effective before the people, the fleet (unless reused), an officer
  // and an ingest token (new ones on each run).
  const seedStart = performance.now();
  const db = await openDatabase({ url, schema });
  let officer: string;
  let ingest: string;
  let principals: number;
  try {
    const services = createServices({
      uow: db.uow,
      clock: systemClock,
      ids: ulidIds(),
      random: systemRandom,
      auth: { passwords: argon2Passwords },
    });
    await seeder.query(`set search_path to "${schema}"`);
    if (reused === null) {
      await db.migrate();
      await services.protocols.syncBaselines(readBaselines(), Date.now() - 400 * 86_400_000, 'bench');
      ({ principals } = await seedFleet(seeder, { devices: n, auditEvents: events }));
      // The log's Merkle tree as a running office has it: integrated (a start does no catch-up).
      if (events > 0) await services.auditLog.integrateAll();
    } else {
      principals = Number(
        (await seeder.query(`select count(*) as n from inventory_people where kind = 'principal'`)).rows[0]
          ?.n,
      );
    }
    const person = `bench-officer-${stamp}`;
    await services.inventory.createPerson({ id: person, name: 'Bench Officer', kind: 'operator' }, 'bench');
    const { user } = await services.users.create(
      { username: `bench-${stamp}`, name: 'Bench Officer', role: 'officer', personId: person },
      'bench',
    );
    officer = (await services.tokens.create({ name: 'bench', userId: user.id }, 'bench')).token;
    ingest = (await services.tokens.create({ name: 'bench-ingest', role: 'ingest' }, 'bench')).token;
  } finally {
    await db.close();
  }
  const seedSeconds = round((performance.now() - seedStart) / 1000);
  log(`seeded ${n} devices, ${principals} principals, ${events} audit events in ${seedSeconds} s`);

  // -- start: spawn `vigil serve` and ask for the summary until the whole fleet is in it.
  const env = {
    ...process.env,
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    VIGIL_DATA_DIR: join(dir, '.vigil'),
    LOG_LEVEL: 'warn',
    PORT: '0',
    VIGIL_RATE_INGEST: '1000000',
  };
  const probe = pathToFileURL(join(import.meta.dirname, 'evaluator-probe.ts')).href;
  const spawnedAt = performance.now();
  const spawnedEpoch = Date.now();
  server = await startProcess(
    ['--import', probe, join(root, 'bin', 'vigil.js'), 'serve', '--role', role],
    env,
    /Vigil is serving at (\S+)/,
    600_000,
  );
  const pid = server.child.pid ?? 0;
  // The probe's lines (the first pass begins after the process printed that it serves).
  let probed = '';
  server.child.stderr?.on('data', (b: Buffer) => {
    probed += b.toString();
  });
  // A server that dies says why before the bench fails on its closed socket.
  server.child.once('exit', (code, signal) => {
    if (code !== 0) log(`vigil serve exited (${signal ?? code}): ${probed.slice(-3000)}`);
  });
  const listenSeconds = round(server.ms / 1000);
  const read = { authorization: `Bearer ${officer}` };
  const summary = async () => {
    const r = await fetch(`${server?.url}/api/v1/compliance/summary`, { headers: read });
    if (!r.ok) throw new Error(`summary: ${r.status} ${(await r.text()).slice(0, 300)}`);
    return (await r.json()) as { devices: { total: number } };
  };
  for (;;) {
    // The first answer waits for the first pass: on a loaded machine longer than fetch waits
    // for headers (five minutes); ask again then.
    const s = await summary().catch((err: unknown) => {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' && server?.child.exitCode === null) return null;
      throw err;
    });
    if (s?.devices.total === n) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const firstSummarySeconds = round((performance.now() - spawnedAt) / 1000);
  const peakRssAtSummaryMiB = Math.round(peakRssMiB(pid));
  // The server's CPU (every thread) by then: under a shared machine's load, steadier than the wait.
  const cpuFields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const cpuSecondsAtSummary = round((Number(cpuFields[11]) + Number(cpuFields[12])) / 100);
  log(
    `serving ${listenSeconds} s after spawn; first summary of ${n} devices ${firstSummarySeconds} s after spawn; peak RSS ${peakRssAtSummaryMiB} MiB`,
  );

  // -- posture reports, one at a time, each followed by the summary.
  const probeLines = () =>
    probed
      .split('\n')
      .map((l) => /^vigil-bench evaluator (\w+) ([\d.]+)$/.exec(l.trim()))
      .filter((m) => m !== null)
      .map((m) => ({ what: m[1] ?? '', ms: Number(m[2]) }));
  const fullPasses = probeLines().filter((l) => l.what === 'full');
  const before = probeLines().length;
  const post = { authorization: `Bearer ${ingest}`, 'content-type': 'application/json' };
  const postMs: number[] = [];
  const afterMs: number[] = [];
  for (let i = 0; i < reports; i++) {
    const t0 = performance.now();
    const r = await fetch(`${server.url}/api/v1/posture`, {
      method: 'POST',
      headers: post,
      body: JSON.stringify({
        deviceId: `d${(i * 7919) % n}`,
        observedAt: new Date().toISOString(),
        source: 'bench',
        osVersion: '26.6.1',
        sensors: {
          camera: { state: i % 2 === 0 ? 'enabled' : 'disabled', provenance: 'enforced' },
          microphone: { state: 'disabled', provenance: 'enforced' },
          location: { state: 'disabled', provenance: 'enforced' },
          bluetooth: { state: 'disabled', provenance: 'reported' },
        },
        apps: ['com.apple.mobilephone', 'com.apple.Preferences'],
        lockdownMode: true,
        supervised: true,
      }),
    });
    if (!r.ok) throw new Error(`posture: ${r.status} ${(await r.text()).slice(0, 300)}`);
    const t1 = performance.now();
    const s = await summary();
    afterMs.push(performance.now() - t1);
    postMs.push(t1 - t0);
    if (s.devices.total !== n) throw new Error(`summary after a report: ${s.devices.total} devices`);
  }
  // The probe's lines arrive on the server's stderr, a moment after the answers.
  await new Promise((r) => setTimeout(r, 500));
  const during = probeLines().slice(before);
  const times = (what: string) => during.filter((l) => l.what === what).map((l) => l.ms);
  const apply = times('apply');
  const result = times('result');
  const changes = times('changes');
  const peakRss = Math.round(peakRssMiB(pid));
  const stats = (xs: number[]) => ({
    count: xs.length,
    p50Ms: Math.round(pct(xs, 50) * 1000) / 1000,
    p99Ms: Math.round(pct(xs, 99) * 1000) / 1000,
  });
  // The largest heap each thread reached (MiB, used and total), and the process's resident size then.
  const heaps: Record<string, { usedMiB: number; totalMiB: number; rssMiB: number }> = {};
  for (const l of probed.split('\n')) {
    const m = /^vigil-bench memory (\d+) (\d+) (\d+) (\d+)$/.exec(l.trim());
    if (m === null) continue;
    const key = m[1] === '0' ? 'main' : `thread${m[1]}`;
    const used = Number(m[2]);
    if (used > (heaps[key]?.usedMiB ?? -1))
      heaps[key] = { usedMiB: used, totalMiB: Number(m[3]), rssMiB: Number(m[4]) };
  }
  // The first state built (loaded and evaluated in the worker), seconds after spawn: the rest
  // of the first summary's wait is the hand-over to the serving thread and the summary itself.
  const builtAt = /vigil-bench built (\d+)/.exec(probed)?.[1];
  const firstBuiltSeconds = builtAt === undefined ? null : round((Number(builtAt) - spawnedEpoch) / 1000);
  const out = {
    devices: n,
    role,
    principals,
    auditEvents: events,
    reports,
    cores: cpus().length,
    loadAverage: round(loadavg()[0] ?? 0),
    seedSeconds,
    listenSeconds,
    firstSummarySeconds,
    firstBuiltSeconds,
    cpuSecondsAtSummary,
    peakRssAtSummaryMiB,
    peakRssMiB: peakRss,
    peakHeaps: heaps,
    /** The full passes at start (ms each), evaluator only. */
    fullPassMs: fullPasses.map((l) => Math.round(l.ms)),
    afterReport: { post: stats(postMs), summary: stats(afterMs) },
    /**
     * Evaluator time per posture report: the update (`apply`), and the result (a copy of both
     * lists) or the change log (the worker's way) handed out after it.
     */
    evaluator: {
      apply: stats(apply),
      result: stats(result),
      changes: stats(changes),
      fullPassesDuringReports: times('full').length,
    },
  };
  log(
    `after a posture report: summary p50 ${out.afterReport.summary.p50Ms} ms, p99 ${out.afterReport.summary.p99Ms} ms; evaluator apply p50 ${out.evaluator.apply.p50Ms} ms, p99 ${out.evaluator.apply.p99Ms} ms (${apply.length} updates, ${out.evaluator.fullPassesDuringReports} full passes); peak RSS ${peakRss} MiB`,
  );
  console.log(JSON.stringify(out));
} finally {
  if (server !== null) await stop(server.child);
  if (keep) log(`kept schema ${schema} (--schema ${schema} runs on it again)`);
  else await seeder.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
  await seeder.end();
  rmSync(dir, { recursive: true, force: true });
}
