/**
 * The result folder: `<module>.json` (records), `<module>_detected.json` (its alerts),
 * `alerts.json`, a time-sorted `timeline.csv` and `info.json` with the SHA-256 of every input
 * and indicator file. The layout follows the published forensic tools' so analysts can read it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import { type Alert, renderTimelineCsv } from '../../core/forensics/alerts.ts';
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

/** Writes the result folder; refuses a folder inside the evidence, which must stay untouched. */
export function writeScanOutput(
  dir: string,
  r: ScanReport,
): { path: string; sha256: string; size: number }[] {
  const out = resolve(dir);
  const inside = relative(r.target, out);
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new VigilError('CLI_USAGE', 'the output folder must not be inside the evidence');
  }
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
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  for (const m of r.modules) {
    put(`${m.module}.json`, json(m.records));
    if (m.alerts.length > 0) put(`${m.module}_detected.json`, json(m.alerts.map(alertView)));
  }
  put('alerts.json', json(r.alerts.map(alertView)));
  put('timeline.csv', renderTimelineCsv(r.timeline));
  put('info.json', json(infoView(r)));
  return written;
}
