/**
 * `npm start` to ready on an empty embedded database: migrations, demo office, baselines,
 * token, listening. Reports seconds to the "running" line and resident memory then.
 * Run: node bench/startup.bench.ts [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssMiB, startProcess, stop } from './proc.ts';

const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs expects a positive integer');
const bin = join(import.meta.dirname, '..', 'bin', 'vigil.js');
const results: { seconds: number; rssMiB: number }[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-start-'));
  const env = { ...process.env, VIGIL_DATA_DIR: dir, PORT: '0', DATABASE_URL: '' };
  const s = await startProcess([bin, 'start'], env, /Vigil is running at (\S+)/);
  const rss = s.child.pid === undefined ? 0 : rssMiB(s.child.pid);
  results.push({ seconds: s.ms / 1000, rssMiB: rss });
  await stop(s.child);
  rmSync(dir, { recursive: true, force: true });
}
const seconds = results.map((r) => r.seconds).sort((a, b) => a - b);
const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
const out = { runs: results, medianSeconds: median, maxRssMiB: Math.max(...results.map((r) => r.rssMiB)) };
console.error(
  `start to ready on an empty embedded database: median ${median.toFixed(2)} s, RSS ${out.maxRssMiB.toFixed(0)} MiB`,
);
console.log(JSON.stringify(out));
