/**
 * Where the serving thread's heap goes with the evaluation worker (src/adapters/evaluation): a
 * generated fleet (bench/fleet-generator.ts) evaluated, sent in compact parts
 * (adapters/evaluation/compact.ts, cloned as a message would be) into the mirror, then the
 * summary's counts and its JSON; and the evaluation worker's fleet state (without histories). Each structure's bytes are the heap grown once it is made
 * (after a full collection), so it counts what it holds beyond what was there before.
 * Run: node --expose-gc bench/serving-memory.bench.ts [--devices 300000]
 * Prints {devices, findings, mib: {...}} as JSON on stdout.
 */
import { PartDecoder, PartEncoder } from '../src/adapters/evaluation/compact.ts';
import { evaluateFleet } from '../src/core/compliance/evaluate.ts';
import { FleetState } from '../src/core/compliance/incremental.ts';
import { DeltaReader, resultDelta } from '../src/core/compliance/result-delta.ts';
import type { EvaluationResult } from '../src/core/compliance/types.ts';
import { type PersonRef, SummaryText, summarize, summaryOf } from '../src/core/dashboard/summary.ts';
import { retally, tally } from '../src/core/dashboard/tally.ts';
import { generateFleet } from './fleet-generator.ts';

const i = process.argv.indexOf('--devices');
const n = i > 0 ? Number(process.argv[i + 1]) : 300_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
const out: Record<string, number> = {};
const keep: unknown[] = [];
let at = heap();
const step = (name: string, value: unknown) => {
  keep.push(value);
  const now = heap();
  out[name] = mib(now - at);
  at = now;
};

const fleet = generateFleet(n);
const people = [...fleet.input.inForce.people.values()].map((p) => p);
const worker = evaluateFleet(fleet.input);
at = heap();
// The evaluation worker's side: its fleet state without histories (ADR 0047), built from pages
// of histories parsed from JSON as a database read gives them (every string a copy of its own).
const state = new FleetState({ ...fleet.input, devices: [] }, true, { keepHistories: false, paged: true });
for (let i = 0; i < fleet.input.devices.length; i += 5_000) {
  state.add(JSON.parse(JSON.stringify(fleet.input.devices.slice(i, i + 5_000))));
  while (state.step(Number.POSITIVE_INFINITY));
}
state.finish();
step('fleet state without histories (worker)', state);
step('its result (blocks shared with the state)', state.result());
// The serving thread's side: a mirror from parts cloned as the message port does.
const encoder = new PartEncoder();
const decoder = new PartDecoder();
const reader = new DeltaReader();
let mirror: EvaluationResult | null = null;
for (const part of resultDelta(null, worker, 2_000)) {
  const c = structuredClone(encoder.encode(part));
  const next = reader.take(mirror, decoder.decode(c));
  if (next !== null) mirror = next;
}
step('mirror (summaries, findings, strings, decoder table)', [mirror, decoder, reader]);
const result = mirror as EvaluationResult;
const t = tally(result);
step('summary counts (tally)', t);
const text = JSON.stringify(summarize(result, people));
step('summary JSON (one result)', text);

// The summary after a change of one device's verdict: written anew (before) and carried (now).
const everyone: PersonRef[] = people;
let t2 = tally(result);
const writer = new SummaryText();
writer.text(t2, everyone);
let current = result;
const anew: number[] = [];
const carried: number[] = [];
for (let k = 0; k < 21; k++) {
  const i = (k * 7919) % n;
  const d = current.devices[i] as (typeof current.devices)[number];
  const devices = current.devices.slice();
  devices[i] = { ...d, verdict: d.verdict === 'compliant' ? 'non-compliant' : 'compliant' };
  current = { at: current.at, devices, findings: current.findings };
  t2 = retally(t2, current);
  const t0 = performance.now();
  const a = writer.text(t2, everyone);
  const t1 = performance.now();
  const b = JSON.stringify(summaryOf(t2, everyone));
  const t3 = performance.now();
  if (a !== b) throw new Error('the carried text differs');
  if (k > 0) {
    carried.push(t1 - t0);
    anew.push(t3 - t1);
  }
}
const med = (xs: number[]) => Math.round(([...xs].sort((x, y) => x - y)[xs.length >> 1] ?? 0) * 10) / 10;
console.log(
  JSON.stringify({
    devices: n,
    findings: result.findings.length,
    summaryBytes: text.length,
    people: people.length,
    mib: out,
    summaryAfterChangeMs: { anew: med(anew), carried: med(carried) },
  }),
);
