/**
 * The result folder: `<module>.json` (records), `<module>_detected.json` (its alerts),
 * `alerts.json`, a time-sorted `timeline.csv` and `timeline_detected.csv` (the alerts with a
 * time), `info.json` (chain of custody: every file of the input with its size and SHA-256, the
 * tool version, the indicator files with their SHA-256 and fetch times, who ran the scan and
 * for which device record) and `summary.md` for the officer. The layout follows the published
 * forensic tools' so analysts can read it.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import pkg from '../../../package.json' with { type: 'json' };
import { VigilError } from '../../core/errors.ts';
import {
  type Alert,
  renderDetectedTimelineCsv,
  renderTimelineCsv,
  scanVerdict,
} from '../../core/forensics/alerts.ts';
import { platformOfKind, scanCoverage } from '../../core/forensics/coverage.ts';
import { renderScanSummary } from '../../core/forensics/summary.ts';
import { toIso } from '../../core/time.ts';
import type { ScanReport } from './scan.ts';

/** Who ran the scan and for which device record: written into info.json and summary.md. */
export interface Custody {
  readonly performedBy: string | null;
  readonly deviceId: string | null;
}

const NO_CUSTODY: Custody = { performedBy: null, deviceId: null };

export const TOOL = { name: 'vigil', version: pkg.version } as const;

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

/** An indicator file as info.json and recheck.json name it: what was matched against, and when fetched. */
export function iocFileView(f: ScanReport['indicatorFiles'][number]) {
  return { path: f.path, sha256: f.sha256, indicators: f.indicators, url: f.url, fetched_at: f.fetchedAt };
}

export function infoView(r: ScanReport, custody: Custody = NO_CUSTODY) {
  return {
    target_path: r.target,
    tool: TOOL,
    performed_by: custody.performedBy,
    device_id: custody.deviceId,
    kind: r.kind,
    encrypted: r.encrypted,
    started_at: toIso(r.startedAt),
    finished_at: toIso(r.finishedAt),
    alert_counts: r.alertCounts,
    modules: r.statuses,
    problems: r.problems,
    ioc_files: r.indicatorFiles.map(iocFileView),
    ioc_problems: r.indicatorProblems,
    /** The files the checks read (hashed as read). */
    hashes: r.inputs,
    /** Every file of the input, read or not. */
    files_root: r.inventoryRoot,
    files: r.files,
    posture: r.posture,
  };
}

/** info.json's exact text; its SHA-256 goes into the scan.completed audit event. */
export function infoJsonOf(r: ScanReport, custody: Custody = NO_CUSTODY): string {
  return `${JSON.stringify(infoView(r, custody), null, 2)}\n`;
}

export const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

/** summary.md: what was checked and found, what it means, what was not checked. */
export function summaryOf(r: ScanReport, custody: Custody = NO_CUSTODY): string {
  return renderScanSummary({
    kind: r.kind,
    target: r.target,
    encrypted: r.encrypted,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    statuses: r.statuses,
    alerts: r.alerts,
    indicatorFiles: r.indicatorFiles,
    coverage: scanCoverage(platformOfKind(r.kind), r.statuses),
    files: r.files.length,
    performedBy: custody.performedBy,
    deviceId: custody.deviceId,
  });
}

/**
 * What the scan service records of a scan (ScanSummary): no alert bodies, only counts and
 * hashes; `infoSha256` is the SHA-256 of the info.json written with it (infoJsonOf).
 */
export function scanSummaryOf(r: ScanReport, infoSha256: string | null = null) {
  return {
    infoSha256,
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

/**
 * `JSON.stringify(items, null, 2)` and a newline, in pieces of about a megabyte: the same text,
 * never built whole. A million manifest records are some 150 MB of JSON; as one string (and its
 * bytes to write) they would double the scan's peak memory. Each item is stringified alone and
 * indented one level, which is safe because JSON text has no raw newline inside a string.
 */
export function* jsonArrayChunks(items: readonly unknown[], chunkChars = 1 << 20): Generator<string> {
  if (items.length === 0) {
    yield '[]\n';
    return;
  }
  let buf = '[';
  for (let i = 0; i < items.length; i++) {
    // As in an array, what JSON cannot represent (undefined, a function) is null.
    const item = JSON.stringify(items[i], null, 2) ?? 'null';
    buf += `${i === 0 ? '' : ','}\n  ${item.replace(/\n/g, '\n  ')}`;
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}\n]\n`;
}

/**
 * The result files, by name, in the order they are written, each as pieces of its text: made
 * one file at a time as the writer asks, so only one is in memory, and the records in pieces.
 */
function* scanOutputFiles(r: ScanReport, custody: Custody): Generator<[string, Iterable<string>]> {
  const json = (v: unknown) => [`${JSON.stringify(v, null, 2)}\n`];
  for (const m of r.modules) {
    yield [`${m.module}.json`, jsonArrayChunks(m.records)];
    if (m.alerts.length > 0) yield [`${m.module}_detected.json`, json(m.alerts.map(alertView))];
  }
  yield ['alerts.json', json(r.alerts.map(alertView))];
  yield ['timeline.csv', [renderTimelineCsv(r.timeline)]];
  yield ['timeline_detected.csv', [renderDetectedTimelineCsv(r.alerts)]];
  yield ['summary.md', [summaryOf(r, custody)]];
  yield ['info.json', [infoJsonOf(r, custody)]];
}

/** A file of the result folder as written: its name in the folder, SHA-256 and size in bytes. */
export interface WrittenFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** Writes the result folder; refuses a folder inside the evidence, which must stay untouched. */
export function writeScanOutput(dir: string, r: ScanReport, custody: Custody = NO_CUSTODY): WrittenFile[] {
  const out = resolve(dir);
  assertOutsideEvidence(r.target, out);
  mkdirSync(out, { recursive: true });
  const written: WrittenFile[] = [];
  for (const [name, pieces] of scanOutputFiles(r, custody)) {
    const hash = createHash('sha256');
    let size = 0;
    const fd = openSync(join(out, name), 'w');
    try {
      for (const piece of pieces) {
        const bytes = Buffer.from(piece, 'utf8');
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
        hash.update(bytes);
        size += bytes.length;
      }
    } finally {
      closeSync(fd);
    }
    written.push({ path: name, sha256: hash.digest('hex'), size });
  }
  return written;
}
