/**
 * The result folder: `<module>.json` (records), `<module>_detected.json` (its alerts),
 * `alerts.json`, a time-sorted `timeline.csv` and `info.json` with the SHA-256 of every input
 * and indicator file. The layout follows the published forensic tools' so analysts can read it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import { type Alert, renderTimelineCsv, scanVerdict } from '../../core/forensics/alerts.ts';
import { toIso } from '../../core/time.ts';
import type { ScanReport } from './scan.ts';

export function alertView(a: Alert) {
  return {
    level: a.level,
    module: a.module,
    message: a.message,
    event_time: a.eventTime === null ? null : toIso(a.eventTime),
    event: a.event,
    matched_indicator:
      a.matchedIndicator === null
        ? null
        : {
            value: a.matchedIndicator.value,
            type: a.matchedIndicator.type,
            name: a.matchedIndicator.name,
            stix2_file_name: a.matchedIndicator.feed,
          },
  };
}

export function infoView(r: ScanReport) {
  return {
    target_path: r.target,
    kind: r.kind,
    encrypted: r.encrypted,
    started_at: toIso(r.startedAt),
    finished_at: toIso(r.finishedAt),
    alert_counts: r.alertCounts,
    modules: r.statuses,
    problems: r.problems,
    ioc_files: r.indicatorFiles.map((f) => ({ path: f.path, sha256: f.sha256, indicators: f.indicators })),
    ioc_problems: r.indicatorProblems,
    hashes: r.inputs,
    posture: r.posture,
  };
}

/** What the scan service records of a scan (ScanSummary): no alert bodies, only counts and hashes. */
export function scanSummaryOf(r: ScanReport) {
  return {
    kind: r.kind,
    encrypted: r.encrypted,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    posture: r.posture,
    alertCounts: r.alertCounts,
    inputs: r.inputs,
    indicators: r.indicatorFiles.map((f) => ({ file: f.path, sha256: f.sha256, count: f.indicators })),
    modules: r.statuses.map((s) => ({ module: s.module, status: s.status, message: s.message })),
    verdict: scanVerdict(r.alerts),
  };
}

/** Refuses an output folder inside the evidence, which must stay untouched. */
export function assertOutsideEvidence(target: string, dir: string): void {
  const inside = relative(resolve(target), resolve(dir));
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new VigilError('CLI_USAGE', 'the output folder must not be inside the evidence');
  }
}

/** The result files' text, by name, in the order they are written. */
export function renderScanOutput(r: ScanReport): [string, string][] {
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const out: [string, string][] = [];
  for (const m of r.modules) {
    out.push([`${m.module}.json`, json(m.records)]);
    if (m.alerts.length > 0) out.push([`${m.module}_detected.json`, json(m.alerts.map(alertView))]);
  }
  out.push(['alerts.json', json(r.alerts.map(alertView))]);
  out.push(['timeline.csv', renderTimelineCsv(r.timeline)]);
  out.push(['info.json', json(infoView(r))]);
  return out;
}

/** Writes the result folder; refuses a folder inside the evidence, which must stay untouched. */
export function writeScanOutput(
  dir: string,
  r: ScanReport,
): { path: string; sha256: string; size: number }[] {
  const out = resolve(dir);
  assertOutsideEvidence(r.target, out);
  mkdirSync(out, { recursive: true });
  const written: { path: string; sha256: string; size: number }[] = [];
  const put = (name: string, content: string) => {
    writeFileSync(join(out, name), content);
    written.push({
      path: name,
      sha256: createHash('sha256').update(content).digest('hex'),
      size: Buffer.byteLength(content),
    });
  };
  for (const [name, content] of renderScanOutput(r)) put(name, content);
  return written;
}
