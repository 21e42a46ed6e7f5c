/**
 * The forensic scan at scale: a synthetic iOS backup with 1,000,000 manifest entries (plus the
 * standard test artifacts) against 100,000 indicators, plain and encrypted (PBKDF2 at the real
 * 10,000,000 SHA-256 rounds). A child process builds the backups (not timed); each backup is
 * then scanned in a child of its own, as Vigil scans (one process per scan, scan-child.ts), which
 * loads the indicators, scans and writes the result folder (every record, as `vigil scan recheck`
 * reads them), so the peak memory reported is one scan's, writing included. Prints one JSON line.
 *   node bench/scan.bench.ts [entries] [indicators]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIndicatorFiles } from '../src/adapters/evidence/indicators.ts';
import { writeScanOutput } from '../src/adapters/evidence/output.ts';
import { scanEvidence } from '../src/adapters/evidence/scan.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../test/support/evidence-ios.ts';
import { stixBundle, testIndicatorBundle } from '../test/support/evidence-stix.ts';

const ENTRIES = Number(process.argv[2] ?? 1_000_000);
const INDICATORS = Number(process.argv[3] ?? 100_000);

function* entries(n: number) {
  for (let i = 0; i < n; i++) {
    const app = `com.vendor${i % 5000}.app`;
    yield i % 10 === 0
      ? {
          domain: `AppDomain-${app}`,
          relativePath: `Library/Caches/cdn${i}.site${i % 997}.example_0/blob${i}`,
        }
      : {
          domain: `AppDomain-${app}`,
          relativePath: `Library/Application Support/store/${i % 100}/item-${i}.dat`,
        };
  }
}

function indicatorPatterns(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    if (k < 6) out.push(`[domain-name:value = 'bad${i}.threat${i % 113}.example']`);
    else if (k === 6) out.push(`[process:name = 'implantd${i}']`);
    else if (k === 7) out.push(`[file:path = '/private/var/tmp/stage${i}/']`);
    else if (k === 8) out.push(`[file:name = 'payload${i}.bin']`);
    else out.push(`[email-addr:value = 'operator${i}@mail.example']`);
  }
  return out;
}

/** Child process: writes the fixtures, so the scanning process's peak memory is the scan's own. */
async function build(dir: string) {
  writeFileSync(join(dir, 'bulk.stix2'), JSON.stringify(stixBundle('Bulk', indicatorPatterns(INDICATORS))));
  writeFileSync(join(dir, 'test.stix2'), JSON.stringify(testIndicatorBundle()));
  const files = await standardIosFiles();
  await buildIosBackup(join(dir, 'plain'), {
    files,
    info: standardIosInfo(),
    extraEntries: entries(ENTRIES),
  });
  await buildIosBackup(join(dir, 'enc'), {
    files,
    info: standardIosInfo(),
    extraEntries: entries(ENTRIES),
    encryption: { password: 'bench', dpic: 10_000_000, iter: 10_000 },
  });
}

/** Child process: one scan and its result folder, as a scan job does; prints its run as JSON. */
async function scanOne(dir: string, name: 'plain' | 'enc') {
  const standardFiles = (await standardIosFiles()).length;
  const s0 = performance.now();
  const c0 = process.cpuUsage();
  const indicators = loadIndicatorFiles([join(dir, 'bulk.stix2'), join(dir, 'test.stix2')], dir);
  const loadMs = performance.now() - s0;
  const r = await scanEvidence(join(dir, name), {
    indicators,
    password: async () => 'bench',
    now: () => Date.now(),
  });
  const totalMs = performance.now() - s0;
  const cpu = process.cpuUsage(c0);
  const w0 = performance.now();
  const written = writeScanOutput(join(dir, `${name}-results`), r);
  const writeMs = performance.now() - w0;
  console.log(
    JSON.stringify({
      name: name === 'enc' ? 'encrypted' : name,
      indicators: indicators.set.size,
      loadIndicatorsMs: Math.round(loadMs),
      scanMs: Math.round(totalMs),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      writeMs: Math.round(writeMs),
      resultsMiB: Math.round(written.reduce((n, f) => n + f.size, 0) / 1024 ** 2),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      alerts: r.alerts.length,
      modules: r.statuses.map((s) => {
        const rows = s.module === 'manifest' ? ENTRIES + standardFiles : s.records;
        return {
          module: s.module,
          status: s.status,
          rows,
          ms: s.ms,
          rowsPerSecond: s.ms > 0 ? Math.round((rows / s.ms) * 1000) : null,
        };
      }),
    }),
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-scan-bench-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGTERM', () => {
    cleanup();
    process.exit(143);
  });
  const child = (...args: string[]) =>
    spawnSync(process.execPath, [import.meta.filename, String(ENTRIES), String(INDICATORS), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 ** 2,
    });
  try {
    const t0 = performance.now();
    const built = child('--build', dir);
    if (built.status !== 0) throw new Error('building the fixtures failed');
    const buildSeconds = (performance.now() - t0) / 1000;
    const runs = [];
    for (const name of ['plain', 'enc'] as const) {
      const c = child('--scan', dir, name);
      if (c.status !== 0) throw new Error(`the ${name} scan failed`);
      runs.push(JSON.parse(c.stdout.trim().split('\n').at(-1) as string));
    }
    console.log(
      JSON.stringify({
        entries: ENTRIES,
        buildSeconds: Math.round(buildSeconds),
        peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB as number)),
        runs,
      }),
    );
  } finally {
    cleanup();
  }
}

if (process.argv[4] === '--build') await build(process.argv[5] as string);
else if (process.argv[4] === '--scan')
  await scanOne(process.argv[5] as string, process.argv[6] as 'plain' | 'enc');
else await main();
