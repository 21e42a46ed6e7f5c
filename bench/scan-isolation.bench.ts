/**
 * The API's liveness while scans run: `/healthz` latency, measured by a separate prober process
 * over HTTP, while a large iOS backup (1,000,000 manifest entries by default) and a crafted zip
 * bomb (an AndroidQF zip of about 1.5 MB whose packages.json inflates to 1.5 GiB) are scanned
 * side by side. Three phases: idle; both scanned on the server's event loop (scanEvidence in
 * process, for contrast); both as scan jobs, two job loops at once, each scan in its own child
 * process (the server's way). A child process builds the fixtures (not timed). Prints one
 * JSON line.
 *   node bench/scan-isolation.bench.ts [entries]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/db/client.ts';
import { evidenceRoot } from '../src/adapters/evidence/evidence-root.ts';
import { DEFAULT_SCAN_LIMITS } from '../src/adapters/evidence/isolated-scan.ts';
import { scanEvidence } from '../src/adapters/evidence/scan.ts';
import { runScanJobs } from '../src/adapters/evidence/scan-worker.ts';
import { buildApp } from '../src/adapters/http/app.ts';
import { startJobQueue } from '../src/adapters/jobs/queue.ts';
import { systemRandom, ulidIds } from '../src/adapters/system.ts';
import { createServices } from '../src/services/index.ts';
import { androidQfFiles } from '../test/support/evidence-android.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../test/support/evidence-ios.ts';
import { deflatedZeros, writeRawZip } from '../test/support/evidence-zip.ts';

const ENTRIES = Number(process.argv[2] ?? 1_000_000);
const BOMB_BYTES = 1.5 * 1024 ** 3;
const PROBE_EVERY_MS = 10;

function* entries(n: number) {
  for (let i = 0; i < n; i++)
    yield {
      domain: `AppDomain-com.vendor${i % 5000}.app`,
      relativePath: `Library/Application Support/store/${i % 100}/item-${i}.dat`,
    };
}

/** Child process: writes the fixtures. */
async function build(dir: string) {
  await buildIosBackup(join(dir, 'backup'), {
    files: await standardIosFiles(),
    info: standardIosInfo(),
    extraEntries: entries(ENTRIES),
  });
  const members = Object.entries(androidQfFiles()).map(([name, text]) => ({
    name: `acq/${name}`,
    content: Buffer.from(text),
  }));
  const bomb = {
    name: 'acq/packages.json',
    content: Buffer.alloc(0),
    deflated: await deflatedZeros(BOMB_BYTES),
  };
  writeRawZip(join(dir, 'bomb.zip'), [...members.filter((m) => m.name !== bomb.name), bomb]);
}

/**
 * The prober, a separate small process (it must not share the measured event loop, nor load
 * the server's modules): GET /healthz every few ms until stdin closes, then the latencies.
 */
const PROBER = `
const url = process.argv[1];
const ms = [];
let failures = 0;
let stop = false;
process.stdin.on('end', () => { stop = true; });
process.stdin.resume();
let first = true;
while (!stop) {
  const t0 = performance.now();
  try {
    const res = await fetch(url);
    await res.text();
    if (res.status !== 200) failures++;
  } catch {
    failures++;
  }
  if (first) { first = false; console.log('ready'); } else ms.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, ${PROBE_EVERY_MS}));
}
console.log(JSON.stringify({ ms, failures }));
`;

interface Latency {
  requests: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Runs `work` while a prober process measures /healthz. */
async function measured<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ latency: Latency; result: T; ms: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROBER, url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let ready: () => void = () => {};
  const started = new Promise<void>((r) => {
    ready = r;
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.startsWith('ready\n')) ready();
  });
  const exited = new Promise((r) => child.once('exit', r));
  await started;
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  child.stdin.end();
  await exited;
  const { ms: all, failures } = JSON.parse(out.slice('ready\n'.length)) as { ms: number[]; failures: number };
  const sorted = [...all].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const r2 = (x: number) => Math.round(x * 10) / 10;
  return {
    latency: {
      requests: all.length,
      failures,
      p50Ms: r2(at(0.5)),
      p99Ms: r2(at(0.99)),
      maxMs: r2(sorted.at(-1) ?? 0),
    },
    result,
    ms: Math.round(ms),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-scan-iso-bench-'));
  const evidence = join(dir, 'evidence');
  mkdirSync(evidence);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGTERM', () => {
    cleanup();
    process.exit(143);
  });
  try {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [import.meta.filename, String(ENTRIES), '--build', evidence], {
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error('building the fixtures failed');
    const buildSeconds = Math.round((performance.now() - t0) / 1000);

    const db = await openDatabase({});
    await db.migrate();
    const queue = await startJobQueue(db.jobs, { info: () => {}, error: () => {} });
    const clock = { now: () => Date.now() };
    const root = evidenceRoot(evidence);
    const services = createServices({
      uow: db.uow,
      clock,
      ids: ulidIds(clock, systemRandom),
      random: systemRandom,
      scanJobs: { evidence: root, maxAttempts: 3 },
    });
    const app = buildApp({ services, ready: () => db.ping(), logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/healthz`;
    await services.inventory.createPerson({ id: 'pm', name: 'PM', kind: 'principal' }, 'bench');
    for (const [id, platform] of [
      ['iphone', 'ios'],
      ['pixel', 'android'],
    ] as const)
      await services.inventory.registerDevice(
        { id, serial: id, platform, model: 'm', ownership: 'issued', role: 'calls', holderId: 'pm' },
        'bench',
      );

    const loadAverage = loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const idle = await measured(url, () => new Promise((r) => setTimeout(r, 3000)));

    // On the event loop: what the server did before scans were isolated (with today's
    // streaming zip reader; the whole-buffer one inflated the bomb in memory).
    const inProcess = await measured(url, () =>
      Promise.all(
        ['backup', 'bomb.zip'].map((p) =>
          scanEvidence(join(evidence, p), { indicators: null, password: null, now: Date.now }).then(
            (r) => `done (${r.kind})`,
            (err: { code?: string }) => `failed ${err.code ?? String(err)}`,
          ),
        ),
      ),
    );

    const ids = [
      (await services.scanJobs.request({ deviceId: 'iphone', path: 'backup' }, 'bench')).id,
      (await services.scanJobs.request({ deviceId: 'pixel', path: 'bomb.zip' }, 'bench')).id,
    ];
    const opts = {
      root,
      indicatorsDir: join(dir, 'no-feeds'),
      password: null,
      intervalMs: 1000,
      limits: DEFAULT_SCAN_LIMITS,
    };
    const log = { info: () => {}, error: () => {}, warn: () => {} };
    const isolated = await measured(url, async () => {
      await Promise.all([
        runScanJobs(queue.boss, services, opts, log),
        runScanJobs(queue.boss, services, opts, log),
      ]);
      return Promise.all(
        ids.map(async (id) => {
          const j = await services.scanJobs.get(id);
          return {
            path: j.path,
            state: j.state,
            errorCode: j.errorCode,
            verdict: j.summary?.verdict ?? null,
          };
        }),
      );
    });
    await app.close();
    await queue.stop();
    await db.close();
    console.log(
      JSON.stringify({
        entries: ENTRIES,
        bombZipBytes: statSync(join(evidence, 'bomb.zip')).size,
        bombInflatedBytes: BOMB_BYTES,
        buildSeconds,
        limits: DEFAULT_SCAN_LIMITS,
        idle: idle.latency,
        inProcess: { ...inProcess.latency, scanMs: inProcess.ms, results: inProcess.result },
        isolated: { ...isolated.latency, scanMs: isolated.ms, jobs: isolated.result },
        loadAverage,
      }),
    );
  } finally {
    cleanup();
  }
}

if (process.argv[3] === '--build') await build(process.argv[4] as string);
else await main();
