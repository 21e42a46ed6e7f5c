/**
 * Compiles every shipped baseline, for every role and target, and reports the time per artifact
 * (median and worst of repeated runs after a warm-up). Prints one JSON line for bench/run.ts.
 *   node bench/enforcement.bench.ts
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { compiledRoles, compileEnforcement, ENFORCEMENT_TARGETS } from '../src/core/enforcement/index.ts';
import { DEVICE_ROLES } from '../src/core/model.ts';
import { parseProtocolText, resolveProtocol } from '../src/core/protocol/index.ts';
import type { ProtocolDocument } from '../src/core/protocol/protocol.schema.ts';
import { readBaselines } from '../src/runtime.ts';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
const latestIos = { version: '26.1', build: '23B85', releasedAt: Date.UTC(2025, 10, 3, 18) };
const RUNS = 200;

const docs = new Map<string, ProtocolDocument>();
for (const b of readBaselines()) {
  const r = parseProtocolText(b.text, b.file);
  if (r.ok) docs.set(r.document.metadata.name, r.document);
}

const rows: { target: string; artifacts: number; medianMs: number; p99Ms: number; maxMs: number }[] = [];
for (const target of ENFORCEMENT_TARGETS) {
  const perArtifact: number[] = [];
  let artifacts = 0;
  for (const name of [...docs.keys()].sort()) {
    const doc = resolveProtocol(name, (n) => docs.get(n));
    for (const role of compiledRoles(doc, DEVICE_ROLES)) {
      const once = () => compileEnforcement(doc, role, target, { sha256, latestIos });
      for (let w = 0; w < 20; w++) once();
      for (let k = 0; k < RUNS; k++) {
        const t0 = performance.now();
        const out = once();
        perArtifact.push((performance.now() - t0) / out.length);
        if (k === 0) artifacts += out.length;
      }
    }
  }
  perArtifact.sort((a, b) => a - b);
  rows.push({
    target,
    artifacts,
    medianMs: perArtifact[Math.floor(perArtifact.length / 2)] ?? 0,
    p99Ms: perArtifact[Math.floor(perArtifact.length * 0.99)] ?? 0,
    maxMs: perArtifact.at(-1) ?? 0,
  });
}
console.log(
  JSON.stringify({ baselines: docs.size, runs: RUNS, rows, loadAverage: loadavg()[0]?.toFixed(1) ?? '?' }),
);
