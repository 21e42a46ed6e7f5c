/**
 * `vigil scan recheck RESULTS_DIR`: a saved result folder (the `--output` of `vigil scan`)
 * re-checked against new indicators, without the evidence. Each module's records are read
 * back from `<module>.json` and checked again (src/core/forensics/recheck.ts); the alerts are
 * those a fresh scan of the same evidence would raise with these indicators. Alerts not in
 * the saved alerts.json are reported as new: the point of a re-check is what the new
 * indicators found.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import {
  ALERT_LEVELS,
  type Alert,
  type AlertLevel,
  type ModuleResult,
  renderDetectedTimelineCsv,
  sortAlerts,
} from '../../core/forensics/alerts.ts';
import type { IndicatorSet } from '../../core/forensics/indicators.ts';
import { recheckModule } from '../../core/forensics/recheck.ts';
import type { IndicatorFile } from './indicators.ts';
import { alertView, iocFileView, sha256Of, TOOL } from './output.ts';

export interface RecheckReport {
  readonly results: string;
  /** The re-checked scan: its evidence kind, target and info.json's SHA-256. */
  readonly kind: string;
  readonly target: string;
  readonly infoSha256: string;
  readonly modules: readonly ModuleResult[];
  /** Modules the scan ran but whose records could not be re-checked, with why. */
  readonly skipped: readonly { module: string; reason: string }[];
  readonly alerts: readonly Alert[];
  readonly alertCounts: Readonly<Record<AlertLevel, number>>;
  /** Alerts the saved scan did not have. */
  readonly newAlerts: readonly Alert[];
  readonly indicatorFiles: readonly IndicatorFile[];
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new VigilError('SCAN_INPUT_INVALID', `${what} is not readable JSON: ${(err as Error).message}`);
  }
}

/** The saved scan's module statuses, from its info.json. */
function savedModules(info: Record<string, unknown>): { module: string; status: string }[] {
  const mods = info.modules;
  if (!Array.isArray(mods)) return [];
  return mods.flatMap((m: unknown) => {
    if (typeof m !== 'object' || m === null) return [];
    const { module, status } = m as Record<string, unknown>;
    return typeof module === 'string' && typeof status === 'string' ? [{ module, status }] : [];
  });
}

/**
 * Re-checks the result folder `dir` with `indicators` (null or empty: heuristics only, as a
 * scan without indicators).
 */
export function recheckResults(
  dir: string,
  indicators: { set: IndicatorSet; files: readonly IndicatorFile[] } | null,
): RecheckReport {
  const results = resolve(dir);
  const infoPath = join(results, 'info.json');
  if (!existsSync(infoPath))
    throw new VigilError('SCAN_INPUT_INVALID', `${dir} is not a scan result folder (no info.json)`);
  const infoText = readFileSync(infoPath, 'utf8');
  const info = readJson(infoPath, 'info.json') as Record<string, unknown>;
  const kind = typeof info.kind === 'string' ? info.kind : '';
  if (kind === '') throw new VigilError('SCAN_INPUT_INVALID', `${dir}/info.json names no evidence kind`);
  const ind = indicators === null || indicators.set.size === 0 ? null : indicators.set;
  const modules: ModuleResult[] = [];
  const skipped: { module: string; reason: string }[] = [];
  for (const { module: name, status } of savedModules(info)) {
    if (status !== 'ok') continue;
    // A backup inside an AndroidQF acquisition runs its modules as backup_<name>, written as <name>.json.
    const file = [name, name.replace(/^backup_/, '')].find((n) => existsSync(join(results, `${n}.json`)));
    if (file === undefined) {
      skipped.push({ module: name, reason: `${name}.json is not in the result folder` });
      continue;
    }
    const records = readJson(join(results, `${file}.json`), `${file}.json`);
    try {
      if (!Array.isArray(records)) throw new Error(`${file}.json is not a list of records`);
      modules.push(recheckModule(kind, file, records, ind));
    } catch (err) {
      skipped.push({ module: name, reason: (err as Error).message });
    }
  }
  const alerts = sortAlerts(modules.flatMap((m) => m.alerts));
  const alertCounts = Object.fromEntries(ALERT_LEVELS.map((l) => [l, 0])) as Record<AlertLevel, number>;
  for (const a of alerts) alertCounts[a.level]++;
  const savedPath = join(results, 'alerts.json');
  const saved = new Set<string>();
  if (existsSync(savedPath)) {
    const list = readJson(savedPath, 'alerts.json');
    if (Array.isArray(list)) for (const a of list) saved.add(JSON.stringify(a));
  }
  return {
    results,
    kind,
    target: typeof info.target_path === 'string' ? info.target_path : '',
    infoSha256: sha256Of(infoText),
    modules,
    skipped,
    alerts,
    alertCounts,
    newAlerts: alerts.filter((a) => !saved.has(JSON.stringify(alertView(a)))),
    indicatorFiles: indicators?.files ?? [],
  };
}

/**
 * Writes a re-check's folder: `alerts.json` (every alert), `timeline_detected.csv` and
 * `recheck.json` (the results re-checked, by their info.json's SHA-256, the indicator files
 * with theirs, the tool version, counts and the alerts that are new). Never into the results.
 */
export function writeRecheckOutput(
  dir: string,
  r: RecheckReport,
): { path: string; sha256: string; size: number }[] {
  if (resolve(dir) === r.results)
    throw new VigilError('CLI_USAGE', 'the re-check output must not overwrite the scan results');
  mkdirSync(dir, { recursive: true });
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const files: [string, string][] = [
    ['alerts.json', json(r.alerts.map(alertView))],
    ['timeline_detected.csv', renderDetectedTimelineCsv(r.alerts)],
    [
      'recheck.json',
      json({
        results: r.results,
        results_info_sha256: r.infoSha256,
        kind: r.kind,
        target_path: r.target,
        tool: TOOL,
        ioc_files: r.indicatorFiles.map(iocFileView),
        alert_counts: r.alertCounts,
        new_alerts: r.newAlerts.map(alertView),
        skipped: r.skipped,
      }),
    ],
  ];
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return { path: name, sha256: sha256Of(text), size: Buffer.byteLength(text) };
  });
}
