/**
 * Posture ingest over HTTP into PostgreSQL: `vigil serve` in a child process on a fresh schema
 * with 10,000 devices, autocannon in this process posting reports for random devices through
 * an `ingest` token. The same load against two bare Fastify routes gives the ratios: one that
 * writes the same row into the same table with the same batching (what PostgreSQL allows), and
 * one that does nothing (what HTTP parsing allows).
 * Run: node bench/ingest.bench.ts [--devices 10000] [--seconds 20] [--connections 32] [--wrk]
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test). The
 * bench creates a database of its own beside that one and drops it after, so the commits it
 * counts are its servers' alone, not those of other work on the shared database.
 * `--wrk` loads with wrk (a C load generator in its own process, `apt-get install wrk`) instead
 * of autocannon in this process: what the load generator's own CPU takes from the rates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startProcess, stop } from './proc.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const devices = arg('devices', 10_000);
const seconds = arg('seconds', 20);
const connections = arg('connections', 32);
const useWrk = process.argv.includes('--wrk');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A database of its own: pg_stat_database counts commits per database, and the shared one
// carries other benchmarks' and tests' work.
const database = `bench_ingest_${Date.now()}`;
const psql = (sqlText: string) => {
  const r = spawnSync('psql', [adminUrl, '-qc', sqlText], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
};
psql(`CREATE DATABASE "${database}"`);
const url = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
})();
const schema = 'public';
// BENCH_VIGIL_ROOT: another checkout's Vigil under the same load (an old and a new side by side).
const root = process.env.BENCH_VIGIL_ROOT ?? join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'vigil.js');
// The per-token ingest limit (600 a minute by default) would answer 429 within a second: this
// measures what the server can take, so the limit is lifted.
const env = {
  ...process.env,
  DATABASE_URL: url,
  DATABASE_SCHEMA: schema,
  LOG_LEVEL: 'warn',
  PORT: '0',
  VIGIL_RATE_INGEST: '1000000',
};

function vigil(...args: string[]): string {
  const r = spawnSync(process.execPath, [bin, '--json', ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`vigil ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// Seed: one principal and N issued devices, through the importer.
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const fleet = {
  apiVersion: 'vigil/v1',
  kind: 'Fleet',
  people: [{ id: 'p', name: 'Bench Principal', kind: 'principal' }],
  devices: Array.from({ length: devices }, (_, i) => ({
    id: `d${i}`,
    serial: `S${i}`,
    platform: 'ios',
    model: 'iPhone 16',
    ownership: 'issued',
    role: 'calls',
    holderId: 'p',
  })),
};
writeFileSync(join(dir, 'fleet.json'), JSON.stringify(fleet));
const seedStart = performance.now();
vigil('import', join(dir, 'fleet.json'));
console.error(`seeded ${devices} devices in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
const token = (
  JSON.parse(vigil('token', 'create', '--role', 'ingest', '--name', 'bench')) as { token: string }
).token;

let n = 0;
function body(): string {
  n++;
  return JSON.stringify({
    deviceId: `d${(n * 7919) % devices}`,
    observedAt: new Date().toISOString(),
    source: 'bench',
    osVersion: '18.6.2',
    sensors: {
      camera: { state: 'disabled', provenance: 'enforced' },
      microphone: { state: 'disabled', provenance: 'enforced' },
      location: { state: 'disabled', provenance: 'enforced' },
      bluetooth: { state: 'enabled', provenance: 'reported' },
    },
    apps: ['com.apple.mobilephone', 'com.apple.MobileSMS'],
    lockdownMode: true,
    supervised: true,
  });
}

/**
 * CPU time a process has used so far, in ms, by thread name (user + system, from /proc): the
 * serving thread (MainThread), the evaluation worker (WorkerThread), V8's helpers (the garbage
 * collector's, V8Worker), libuv's pool.
 */
function cpuMs(pid: number | undefined): Map<string, number> {
  const byThread = new Map<string, number>();
  if (pid === undefined) return byThread;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
    } catch {
      continue; // the thread ended
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    byThread.set(name, (byThread.get(name) ?? 0) + ms);
  }
  return byThread;
}

/** Microseconds of CPU per request since `before`, by thread name (those above 1 µs) and in all. */
function cpuPerRequest(pid: number | undefined, before: Map<string, number>, requests: number) {
  const threads: Record<string, number> = {};
  let all = 0;
  for (const [name, ms] of cpuMs(pid)) {
    const us = ((ms - (before.get(name) ?? 0)) * 1000) / Math.max(1, requests);
    all += us;
    if (us >= 1) threads[name] = Math.round(us);
  }
  return { all, threads };
}

/** Transactions PostgreSQL committed in the bench's database so far (every statement outside a block counts one). */
function commits(): number {
  const r = spawnSync(
    'psql',
    [
      url,
      '-Atqc',
      'SELECT pg_stat_force_next_flush(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
    ],
    { encoding: 'utf8' },
  );
  return Number(r.stdout.trim().split('\n').at(-1));
}

/**
 * CPU time (ms) used so far by each PostgreSQL backend serving the bench's database, by pid:
 * what the rows cost PostgreSQL itself (its shared processes, the WAL writer's and the
 * checkpointer's, are left out: they serve every database on the machine).
 */
function backendCpuMs(): Map<number, number> {
  const r = spawnSync(
    'psql',
    [
      url,
      '-Atqc',
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    ],
    { encoding: 'utf8' },
  );
  const byPid = new Map<number, number>();
  for (const line of r.stdout.trim().split('\n')) {
    const pid = Number(line);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    let ms = 0;
    try {
      for (const v of cpuMs(pid).values()) ms += v;
    } catch {
      continue; // ended, or not readable (PostgreSQL on another machine)
    }
    byPid.set(pid, ms);
  }
  return byPid;
}

/** Microseconds of the bench database's backends' CPU per request since `before`. */
function backendCpuPerRequest(before: Map<number, number>, requests: number): number {
  let ms = 0;
  for (const [pid, now] of backendCpuMs()) ms += now - (before.get(pid) ?? 0);
  return (ms * 1000) / Math.max(1, requests);
}

/**
 * Waits until the server is idle (its threads together under 10% of a core over a second, for
 * at most two minutes): its worker threads start, and the evaluation worker's first pass and the
 * history fill run, after it listens. On a loaded machine these took longer than the warm-up, and
 * their CPU was counted per report.
 */
async function settle(pid: number | undefined): Promise<number> {
  const t0 = performance.now();
  let before = cpuMs(pid);
  while (performance.now() - t0 < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuMs(pid);
    let used = 0;
    for (const [name, ms] of now) used += ms - (before.get(name) ?? 0);
    before = now;
    if (used < 100) break;
  }
  return performance.now() - t0;
}

interface Run {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly total: number;
  /** The load generator's CPU time, in ms. */
  readonly generatorCpuMs: number;
}

async function autocannonRun(
  target: string,
  headers: Record<string, string>,
  duration: number,
): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const result = await autocannon({
    url: `${target}/api/v1/posture`,
    method: 'POST',
    connections,
    duration,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const cpu = process.cpuUsage(cpu0);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx + result.errors,
    total: result.requests.total,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** wrk's Lua: the same body as `body()`, a random device each request, and its counts at the end. */
const WRK_SCRIPT = `
wrk.method = "POST"
local n = 0
local devices = ${devices}
request = function()
  n = n + 1
  local body = string.format('{"deviceId":"d%d","observedAt":"%s","source":"bench","osVersion":"18.6.2","sensors":{"camera":{"state":"disabled","provenance":"enforced"},"microphone":{"state":"disabled","provenance":"enforced"},"location":{"state":"disabled","provenance":"enforced"},"bluetooth":{"state":"enabled","provenance":"reported"}},"apps":["com.apple.mobilephone","com.apple.MobileSMS"],"lockdownMode":true,"supervised":true}', math.random(0, devices - 1), os.date("!%Y-%m-%dT%H:%M:%S.000Z"))
  return wrk.format(nil, nil, nil, body)
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK %d %d %d %d %d\\n", summary.requests, bad, summary.duration, latency:percentile(50), latency:percentile(99)))
end
`;

/** One wrk run, in its own process (one thread: the machine has two cores to share). */
async function wrkRun(target: string, headers: Record<string, string>, duration: number): Promise<Run> {
  const script = join(dir, 'ingest.lua');
  writeFileSync(script, WRK_SCRIPT);
  const args = ['-t1', `-c${connections}`, `-d${duration}s`, '-s', script, `${target}/api/v1/posture`];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const pid = child.pid;
  let generatorCpuMs = 0;
  // Read wrk's CPU just before it exits: poll /proc while it runs.
  const poll = setInterval(() => {
    let ms = 0;
    try {
      for (const v of cpuMs(pid).values()) ms += v;
    } catch {
      return; // it ended
    }
    if (ms > 0) generatorCpuMs = ms;
  }, 200);
  await new Promise((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  const m = /WRK (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
  if (m === null) throw new Error(`wrk said: ${out}`);
  const [requests, bad, durationUs, p50Us, p99Us] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    requestsPerSecond: requests / (durationUs / 1e6),
    p50Ms: p50Us / 1000,
    p99Ms: p99Us / 1000,
    ok: requests - bad,
    non2xx: bad,
    total: requests,
    generatorCpuMs,
  };
}

async function load(target: string, auth: boolean, pid?: number) {
  const settledMs = await settle(pid);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = `Bearer ${token}`;
  // Warm-up, then the measured run.
  for (const duration of [3, seconds]) {
    const cpu0 = cpuMs(pid);
    const pg0 = backendCpuMs();
    const tx0 = commits();
    const result = await (useWrk ? wrkRun : autocannonRun)(target, headers, duration);
    if (duration === seconds) {
      return {
        requestsPerSecond: result.requestsPerSecond,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        non2xx: result.non2xx,
        total: result.total,
        /** The load generator's CPU over the run, in cores (autocannon: this process; wrk: its own). */
        generatorCores: result.generatorCpuMs / (duration * 1000),
        /** The load generator's CPU per 2xx request, in microseconds. */
        generatorCpuUsPerRequest: (result.generatorCpuMs * 1000) / Math.max(1, result.ok),
        /** The PostgreSQL backends' CPU per 2xx request (those of the bench's database), in microseconds. */
        postgresCpuUsPerRequest: backendCpuPerRequest(pg0, result.ok),
        /** The server's CPU time per 2xx request (all its threads), in microseconds. */
        ...(({ all, threads }) => ({ cpuUsPerRequest: all, cpuUsByThread: threads }))(
          cpuPerRequest(pid, cpu0, result.ok),
        ),
        /** Committed transactions per 2xx request (the psql probes' own are a handful in all). */
        commitsPerRequest: (commits() - tx0) / Math.max(1, result.ok),
        /** How long the idle server took to settle before the warm-up. */
        settledMs: Math.round(settledMs),
      };
    }
  }
  throw new Error('unreachable');
}

const loadAtStart = loadavg()[0] ?? 0;
// BENCH_CPU_PROF=DIR writes CPU profiles of each server (not the load generator) into DIR/NAME,
// one a thread (Node's default file names carry the thread id: the evaluation worker's too).
const profDir = process.env.BENCH_CPU_PROF;
const prof = (name: string) => (profDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profDir, name)}`] : []);
const server = await startProcess([...prof('vigil'), bin, 'serve'], env, /Vigil is serving at (\S+)/);
let vigilResult: Awaited<ReturnType<typeof load>>;
try {
  vigilResult = await load(server.url, true, server.child.pid);
} finally {
  await stop(server.child);
}
// The same row, the same table and batching, nothing else: run against the seeded schema.
const bareInsert = await startProcess(
  [...prof('bare-insert'), join(import.meta.dirname, 'bare-insert-server.ts')],
  env,
  /listening at (\S+)/,
);
let bareInsertResult: Awaited<ReturnType<typeof load>>;
try {
  bareInsertResult = await load(bareInsert.url, false, bareInsert.child.pid);
} finally {
  await stop(bareInsert.child);
}
const bare = await startProcess(
  [join(import.meta.dirname, 'bare-server.ts')],
  process.env,
  /listening at (\S+)/,
);
let bareResult: Awaited<ReturnType<typeof load>>;
try {
  bareResult = await load(bare.url, false, bare.child.pid);
} finally {
  await stop(bare.child);
}
psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
rmSync(dir, { recursive: true, force: true });

const out = {
  devices,
  connections,
  seconds,
  generator: useWrk ? 'wrk' : 'autocannon',
  vigil: vigilResult,
  bareFastify: bareResult,
  bareInsert: bareInsertResult,
  ratio: bareResult.requestsPerSecond / vigilResult.requestsPerSecond,
  /** Vigil's rate as a share of the bare insert's (goal: at least half). */
  shareOfInsert: vigilResult.requestsPerSecond / bareInsertResult.requestsPerSecond,
  /** The 1-minute load average when the loads started and when they ended (2 shared cores). */
  loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
};
console.error(
  `ingest: ${vigilResult.requestsPerSecond.toFixed(0)} reports/s, p99 ${vigilResult.p99Ms} ms (bare insert ${bareInsertResult.requestsPerSecond.toFixed(0)} req/s, Vigil at ${(out.shareOfInsert * 100).toFixed(0)}% of it; bare Fastify ${bareResult.requestsPerSecond.toFixed(0)} req/s, ratio ${out.ratio.toFixed(1)}x), non-2xx ${vigilResult.non2xx}; CPU per report ${vigilResult.cpuUsPerRequest.toFixed(0)} us (${JSON.stringify(vigilResult.cpuUsByThread)}) vs bare insert ${bareInsertResult.cpuUsPerRequest.toFixed(0)} us, commits per report ${vigilResult.commitsPerRequest.toFixed(3)} vs ${bareInsertResult.commitsPerRequest.toFixed(3)}; PostgreSQL backends ${vigilResult.postgresCpuUsPerRequest.toFixed(0)} vs ${bareInsertResult.postgresCpuUsPerRequest.toFixed(0)} us a report; ${out.generator} ${vigilResult.generatorCpuUsPerRequest.toFixed(0)} / ${bareInsertResult.generatorCpuUsPerRequest.toFixed(0)} us a request (${vigilResult.generatorCores.toFixed(2)} / ${bareInsertResult.generatorCores.toFixed(2)} / ${bareResult.generatorCores.toFixed(2)} cores); load average ${out.loadAverage.start.toFixed(1)} -> ${out.loadAverage.end.toFixed(1)}`,
);
console.log(JSON.stringify(out));
