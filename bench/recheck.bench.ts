/**
 * Re-checking stored scans against a new feed: N saved result folders (the standard synthetic
 * backup with `entries` extra manifest entries, scanned without indicators, copied N times, as a
 * server keeps them) re-matched against a 100,000-indicator feed, one after another as the
 * server's pass does. Building the folders and loading the feed are timed apart. Prints one
 * JSON line.
 *   node bench/recheck.bench.ts [results] [indicators] [entries]
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIndicatorFiles } from '../src/adapters/evidence/indicators.ts';
import { writeScanOutput } from '../src/adapters/evidence/output.ts';
import { recheckResults } from '../src/adapters/evidence/recheck.ts';
import { scanEvidence } from '../src/adapters/evidence/scan.ts';
import { buildIosBackup, IOS_IOCS, standardIosFiles, standardIosInfo } from '../test/support/evidence-ios.ts';
import { stixBundle } from '../test/support/evidence-stix.ts';

const RESULTS = Number(process.argv[2] ?? 1000);
const INDICATORS = Number(process.argv[3] ?? 100_000);
const ENTRIES = Number(process.argv[4] ?? 10_000);

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-recheck-'));
try {
  const backup = await buildIosBackup(join(dir, 'backup'), {
    files: await standardIosFiles(),
    info: standardIosInfo(),
    extraEntries: Array.from({ length: ENTRIES }, (_, i) => ({
      domain: `AppDomain-com.vendor${i % 500}.app`,
      relativePath: `Library/Caches/cdn${i}.site${i % 997}.example_0/blob${i}`,
    })),
  });
  const report = await scanEvidence(backup, { indicators: null, password: null, now: Date.now });
  const first = join(dir, 'results', '0');
  writeScanOutput(first, report);
  for (let i = 1; i < RESULTS; i++) cpSync(first, join(dir, 'results', String(i)), { recursive: true });

  // The new feed: mostly domains, as the public feeds are, and one the phone visited.
  const patterns = Array.from({ length: INDICATORS - 1 }, (_, i) =>
    i % 10 < 7
      ? `[domain-name:value = 'bad${i}.threat${i % 113}.example']`
      : i % 10 < 9
        ? `[process:name = 'implantd${i}']`
        : `[email-addr:value = 'operator${i}@mail.example']`,
  );
  patterns.push(`[domain-name:value = '${IOS_IOCS.domain}']`);
  const feed = join(dir, 'new.stix2');
  writeFileSync(feed, JSON.stringify(stixBundle('NewFeed', patterns)));
  const t0 = performance.now();
  const indicators = loadIndicatorFiles([feed], dir);
  const loadMs = performance.now() - t0;

  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  let newAlerts = 0;
  let records = 0;
  for (let i = 0; i < RESULTS; i++) {
    const r = recheckResults(join(dir, 'results', String(i)), indicators);
    newAlerts += r.newAlerts.length;
    for (const m of r.modules) records += m.records.length;
  }
  const recheckMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      results: RESULTS,
      indicators: indicators.set.size,
      manifestEntries: ENTRIES,
      recordsPerResult: Math.round(records / RESULTS),
      loadIndicatorsMs: Math.round(loadMs),
      recheckMs: Math.round(recheckMs),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      perResultMs: Number((recheckMs / RESULTS).toFixed(1)),
      newAlerts,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      loadAverage: loadavg()[0]?.toFixed(1) ?? '?',
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
