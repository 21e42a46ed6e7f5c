/**
 * `vigil scan PATH` runs the forensic check on an iOS backup, iOS filesystem dump, sysdiagnose,
 * AndroidQF acquisition, bug report or Android backup;
 * `vigil iocs update` downloads the indicator feeds. The backup password comes from
 * VIGIL_BACKUP_PASSWORD or a terminal prompt, never from the command line (it would land in
 * shell history and the process list). Exit 1 when an alert at or above --fail-on was raised.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { VigilError } from '../../core/errors.ts';
import { ALERT_LEVELS, type AlertLevel, levelRank, scanVerdict } from '../../core/forensics/alerts.ts';
import { describeCoverage, platformOfKind, scanCoverage } from '../../core/forensics/coverage.ts';
import { CANNOT_PROVE_CLEAN, NO_ALERTS } from '../../core/forensics/summary.ts';
import { extractor } from '../evidence/extract.ts';
import { loadIndicatorFiles } from '../evidence/indicators.ts';
import { scanIsolated } from '../evidence/isolated-scan.ts';
import {
  alertView,
  assertOutsideEvidence,
  infoJsonOf,
  infoView,
  scanSummaryOf,
  sha256Of,
  type WrittenFile,
} from '../evidence/output.ts';
import { recheckResults, writeRecheckOutput } from '../evidence/recheck.ts';
import type { ScanReport } from '../evidence/scan.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { count, json, table } from './io.ts';
import { askHidden } from './prompt.ts';
import { scanProgressBar } from './scan-progress.ts';

/** Asks for the password on the terminal without echoing it; null when there is no terminal. */
function terminalPassword(): (() => Promise<string>) | null {
  return process.stdin.isTTY === true ? () => askHidden('Backup password: ') : null;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Who ran a scan when --performed-by is not given: the operating-system account. */
function userName(env: Readonly<Record<string, string | undefined>>): string | null {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? null;
  }
}

interface ScanCommandOptions {
  iocs: string[];
  output?: string;
  extract?: boolean;
  device?: string;
  inspect?: boolean;
  performedBy?: string;
  failOn: string;
}

export function registerScanCommands(program: Command, env: CommandEnv): void {
  const scan = program
    .command('scan')
    .description(
      'Forensic check of an iOS backup (plain or encrypted), iOS full-filesystem dump, sysdiagnose, AndroidQF acquisition, bug report or Android backup against STIX indicators',
    )
    .argument(
      '<path>',
      'iOS backup folder (or its parent), iOS filesystem dump (folder or .tar), sysdiagnose .tar.gz, AndroidQF folder or zip, bug report zip, .ab',
    )
    .option(
      '--iocs <file>',
      'STIX 2.1 indicator file or folder (repeatable; default: feeds from `vigil iocs update`)',
      collect,
      [],
    )
    .option('--output <dir>', 'write per-module results, alerts.json, timeline.csv and info.json here')
    .option(
      '--extract',
      'also write every file the checks read (decrypted) to <output>/files/<domain>/<path>; never by default',
    )
    .option('--device <id>', 'record the observed posture and the scan in the audit log for this device')
    .option(
      '--inspect',
      'also record the scan as the device’s security check (needs --device, --output, --performed-by)',
    )
    .option('--performed-by <name>', 'who ran the check (recorded on the inspection)')
    .option(
      '--fail-on <level>',
      `exit 1 when an alert is at or above this level (${ALERT_LEVELS.join(', ')})`,
      'high',
    )
    .action(async (path: string, o: ScanCommandOptions) => {
      if (
        o.inspect === true &&
        (o.device === undefined || o.output === undefined || o.performedBy === undefined)
      ) {
        throw new VigilError(
          'CLI_USAGE',
          '--inspect needs --device, --output (the evidence files) and --performed-by',
        );
      }
      if (o.extract === true && o.output === undefined) {
        throw new VigilError('CLI_USAGE', '--extract needs --output (the folder to extract into)');
      }
      if (!(ALERT_LEVELS as readonly string[]).includes(o.failOn)) {
        throw new VigilError('CLI_USAGE', `--fail-on must be one of ${ALERT_LEVELS.join(', ')}`);
      }
      const failOn = o.failOn as AlertLevel;
      const io = env.io;
      const config = loadConfig(io.env, io.cwd);
      let iocPaths = o.iocs;
      if (iocPaths.length === 0) {
        const dir = join(config.dataDir, 'indicators');
        if (existsSync(dir)) iocPaths = [dir];
      }
      const fromEnv = io.env.VIGIL_BACKUP_PASSWORD;
      const password = fromEnv !== undefined && fromEnv !== '' ? async () => fromEnv : terminalPassword();
      const target = resolve(io.cwd, path);
      const outDir = o.output === undefined ? null : resolve(io.cwd, o.output);
      // Checked before the scan too: extraction writes while the scan runs.
      if (outDir !== null) assertOutsideEvidence(target, outDir);
      const extract = o.extract === true && outDir !== null ? extractor(outDir) : null;
      const bar = scanProgressBar(process.stderr, env.json());
      const custody = {
        performedBy: o.performedBy ?? userName(io.env),
        deviceId: o.device ?? null,
      };
      let report: ScanReport;
      let written: readonly WrittenFile[] = [];
      try {
        // In a child process with the server’s memory and time limits: the same isolation as a
        // scan job, so a hostile acquisition stops with a stable code here too. The child writes
        // the result folder itself: the records (a million for a large backup) stay there.
        report = await scanIsolated(target, {
          iocs: iocPaths.length === 0 ? null : { paths: iocPaths, cwd: io.cwd, confineTo: null },
          password,
          limits: config.scans.limits,
          onProgress: bar === null ? undefined : (p) => bar.update(p),
          onFileRead: extract?.sink,
          ...(outDir === null
            ? {}
            : {
                results: { dir: outDir, custody },
                withoutRecords: true,
                onResultsWritten: (files: readonly WrittenFile[]) => {
                  written = files;
                },
              }),
        });
      } finally {
        bar?.stop();
      }
      const infoSha256 = sha256Of(infoJsonOf(report, custody));
      const recorded =
        o.device === undefined
          ? null
          : await env.withRuntime((rt) =>
              rt.services.scans.record(
                o.device as string,
                scanSummaryOf(report, infoSha256),
                CLI_ACTOR,
                o.inspect === true
                  ? {
                      performedBy: o.performedBy as string,
                      evidence: written.map((w) => ({ name: w.path, sha256: w.sha256, size: w.size })),
                      notes: `vigil scan of ${report.kind}: ${report.alerts.length} alert(s)`,
                    }
                  : null,
              ),
            );
      // Against the device's protocol when recorded; else the default coverage of the platform.
      const coverage = recorded?.coverage ?? scanCoverage(platformOfKind(report.kind), report.statuses);
      const alertVerdict = scanVerdict(report.alerts);
      const verdict =
        recorded?.verdict ?? (alertVerdict === 'clean' && !coverage.complete ? 'incomplete' : alertVerdict);
      if (env.json()) {
        io.out(
          json({
            ...infoView(report, custody),
            info_sha256: infoSha256,
            notice: report.alerts.length === 0 ? NO_ALERTS : CANNOT_PROVE_CLEAN,
            alerts: report.alerts.map(alertView),
            output: written,
            extracted: extract?.files ?? [],
            extractProblems: extract?.problems ?? [],
            postureReportId: recorded?.posture?.id ?? null,
            inspectionId: recorded?.inspection?.id ?? null,
            incidentId: recorded?.incidentId ?? null,
            verdict,
            coverage,
          }),
        );
      } else {
        const c = report.alertCounts;
        io.out(
          `Scanned ${report.kind}${report.encrypted ? ' (encrypted)' : ''} ${report.target}: ${report.alerts.length} alert(s) — critical ${c.critical}, high ${c.high}, medium ${c.medium}, low ${c.low}, info ${c.info}.`,
        );
        if (iocPaths.length === 0)
          io.out('No indicators loaded (give --iocs or run `vigil iocs update`): heuristics only.');
        if (report.alerts.length === 0) io.out(NO_ALERTS);
        if (report.alerts.length > 0) {
          io.out(
            table(
              ['LEVEL', 'MODULE', 'MESSAGE'],
              report.alerts.map((a) => [a.level.toUpperCase(), a.module, a.message]),
            ),
          );
        }
        for (const s of report.statuses.filter((x) => x.status === 'failed'))
          io.out(`module ${s.module} failed: ${s.message ?? ''}`);
        if (!coverage.complete)
          io.out(
            `Coverage incomplete (verdict ${verdict}): required evidence missing: ${coverage.missing.join(', ')}. Not a qualifying security check.`,
          );
        for (const p of [...report.problems, ...report.indicatorProblems]) io.out(`warning: ${p}`);
        if (o.output !== undefined)
          io.out(
            `Results written to ${o.output} (${count(written.length, 'file')}; summary.md for the officer; info.json SHA-256 ${infoSha256}).`,
          );
        if (report.alerts.length > 0) io.out(CANNOT_PROVE_CLEAN);
        if (extract !== null) {
          io.out(
            `Extracted ${extract.files.length} file(s) the checks read to ${join(o.output ?? '', 'files')}.`,
          );
          for (const p of extract.problems) io.out(`warning: ${p}`);
        }
        if (recorded !== null) {
          const parts = [
            recorded.posture === null ? null : `posture ${recorded.posture.id}`,
            recorded.inspection === null
              ? null
              : `inspection ${recorded.inspection.id}: ${recorded.inspection.result}`,
            recorded.incidentId === null ? null : `incident ${recorded.incidentId} opened`,
          ].filter((x) => x !== null);
          io.out(
            `Recorded for device ${recorded.deviceId}${parts.length === 0 ? '' : ` (${parts.join(', ')})`}.`,
          );
        }
      }
      if (report.alerts.some((a) => levelRank(a.level) >= levelRank(failOn))) env.setExitCode(1); // 1 = findings
      // A failed module or missing required evidence: the scan cannot vouch for the device.
      if (!coverage.complete || coverage.failed.length > 0) {
        io.err(`vigil scan: ${describeCoverage(coverage)}`);
        env.setExitCode(1);
      }
    });

  scan
    .command('recheck')
    .description(
      'Re-check a saved result folder (`vigil scan --output`) against new indicators, without the evidence',
    )
    .argument('<results>', 'the result folder of an earlier scan')
    .option(
      '--iocs <file>',
      'STIX 2.1 indicator file or folder (repeatable; default: feeds from `vigil iocs update`)',
      collect,
      [],
    )
    .option('--output <dir>', 'write alerts.json, timeline_detected.csv and recheck.json here')
    .option(
      '--fail-on <level>',
      `exit 1 when an alert is at or above this level (${ALERT_LEVELS.join(', ')})`,
      'high',
    )
    .action((results: string, own: { iocs: string[]; output?: string; failOn: string }) => {
      // `scan` has options of the same names and, with the global options not positional,
      // commander gives them to it: take them from whichever command read them.
      const parent = scan.opts<{ iocs: string[]; output?: string; failOn: string }>();
      const o = {
        iocs: [...parent.iocs, ...own.iocs],
        output: own.output ?? parent.output,
        failOn: scan.getOptionValueSource('failOn') === 'cli' ? parent.failOn : own.failOn,
      };
      if (!(ALERT_LEVELS as readonly string[]).includes(o.failOn)) {
        throw new VigilError('CLI_USAGE', `--fail-on must be one of ${ALERT_LEVELS.join(', ')}`);
      }
      const io = env.io;
      let iocPaths = o.iocs;
      if (iocPaths.length === 0) {
        const dir = join(loadConfig(io.env, io.cwd).dataDir, 'indicators');
        if (existsSync(dir)) iocPaths = [dir];
      }
      const indicators = iocPaths.length === 0 ? null : loadIndicatorFiles(iocPaths, io.cwd);
      const r = recheckResults(resolve(io.cwd, results), indicators);
      const written = o.output === undefined ? [] : writeRecheckOutput(resolve(io.cwd, o.output), r);
      if (env.json()) {
        io.out(
          json({
            results: r.results,
            kind: r.kind,
            target_path: r.target,
            info_sha256: r.infoSha256,
            ioc_files: r.indicatorFiles.map((f) => ({
              path: f.path,
              sha256: f.sha256,
              indicators: f.indicators,
            })),
            alert_counts: r.alertCounts,
            alerts: r.alerts.map(alertView),
            new_alerts: r.newAlerts.map(alertView),
            skipped: r.skipped,
            output: written,
            notice: r.alerts.length === 0 ? NO_ALERTS : CANNOT_PROVE_CLEAN,
          }),
        );
      } else {
        const total = r.indicatorFiles.reduce((n, f) => n + f.indicators, 0);
        io.out(
          `Re-checked the ${r.kind} results in ${r.results} against ${total} indicator(s) from ${r.indicatorFiles.length} file(s): ${r.alerts.length} alert(s), ${r.newAlerts.length} new.`,
        );
        if (r.newAlerts.length > 0)
          io.out(
            table(
              ['LEVEL', 'MODULE', 'MESSAGE'],
              r.newAlerts.map((a) => [a.level.toUpperCase(), a.module, a.message]),
            ),
          );
        for (const s of r.skipped) io.out(`module ${s.module} not re-checked: ${s.reason}`);
        io.out(r.alerts.length === 0 ? NO_ALERTS : CANNOT_PROVE_CLEAN);
        if (o.output !== undefined) io.out(`Results written to ${o.output} (${written.length} files).`);
      }
      const failOn = o.failOn as AlertLevel;
      if (r.alerts.some((a) => levelRank(a.level) >= levelRank(failOn))) env.setExitCode(1);
    });
}
