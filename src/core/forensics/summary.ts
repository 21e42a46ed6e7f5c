/**
 * The officer's page of a scan (`summary.md`): what was checked, what was found, what it
 * means, what was not checked, and the limit every scan has: public indicators describe known
 * spyware only, so finding nothing never proves a phone clean.
 */
import { toIso } from '../time.ts';
import { ALERT_LEVELS, type Alert, scanVerdict } from './alerts.ts';
import { describeCoverage, type ScanCoverage } from './coverage.ts';

/** Said wherever a scan's result is shown, and most of all when it found nothing. */
export const CANNOT_PROVE_CLEAN =
  'Public indicators cannot prove a phone clean: they describe spyware already found and published, so a scan that finds nothing shows only that no known trace was found.';

/** The line a scan with no alert shows instead of an all-clear. */
export const NO_ALERTS = `No alert: this scan found no known sign of compromise. ${CANNOT_PROVE_CLEAN}`;

export interface SummaryInput {
  readonly kind: string;
  readonly target: string;
  readonly encrypted: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly statuses: readonly {
    module: string;
    status: string;
    message: string | null;
    records: number;
    alerts: number;
  }[];
  readonly alerts: readonly Alert[];
  readonly indicatorFiles: readonly { path: string; indicators: number; fetchedAt: string | null }[];
  readonly coverage: ScanCoverage;
  readonly files: number;
  readonly performedBy: string | null;
  readonly deviceId: string | null;
}

const MEANING: Record<'clean' | 'suspicious' | 'compromised' | 'incomplete', string> = {
  compromised:
    'A critical alert matched a published indicator of known spyware. Treat the phone as compromised: stop using it for sensitive work, keep it powered and unchanged, and open an incident.',
  suspicious:
    'Something reached the high level without matching a known spyware indicator, or matched one at a lower level. A specialist should review the alerts before the phone is trusted again.',
  clean:
    'No high or critical alert. Lower alerts, if any, are worth a look but do not indicate compromise on their own.',
  incomplete:
    'Evidence the protocol requires could not be read, so this scan does not count as the phone’s security check.',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderScanSummary(s: SummaryInput): string {
  const alertVerdict = scanVerdict(s.alerts);
  const verdict = alertVerdict === 'clean' && !s.coverage.complete ? 'incomplete' : alertVerdict;
  const ran = s.statuses.filter((m) => m.status === 'ok');
  const notRan = s.statuses.filter((m) => m.status !== 'ok');
  const indicators = s.indicatorFiles.reduce((n, f) => n + f.indicators, 0);
  const lines: string[] = [
    '# Forensic scan summary',
    '',
    `- Evidence: ${s.kind}${s.encrypted ? ' (encrypted)' : ''}, ${s.target}`,
    `- Scanned: ${toIso(s.startedAt)} to ${toIso(s.finishedAt)}`,
    `- Run by: ${s.performedBy ?? 'not recorded'}; device record: ${s.deviceId ?? 'none'}`,
    `- Files in the evidence: ${s.files} (each listed with its SHA-256 in info.json)`,
    `- Result: **${verdict}**`,
    '',
    '## What was checked',
    '',
  ];
  if (s.indicatorFiles.length === 0) {
    lines.push('No indicator feed was loaded: only the built-in heuristics ran.', '');
  } else {
    lines.push(`${indicators} indicator(s) from ${s.indicatorFiles.length} file(s):`, '');
    for (const f of s.indicatorFiles)
      lines.push(`- ${f.path}: ${f.indicators}${f.fetchedAt === null ? '' : `, fetched ${f.fetchedAt}`}`);
    lines.push('');
  }
  lines.push('| module | records | alerts |', '| --- | ---: | ---: |');
  for (const m of ran) lines.push(`| ${m.module} | ${m.records} | ${m.alerts} |`);
  lines.push('', '## What was found', '');
  if (s.alerts.length === 0) {
    lines.push(NO_ALERTS);
  } else {
    const counts = ALERT_LEVELS.map((l) => [l, s.alerts.filter((a) => a.level === l).length] as const)
      .filter(([, n]) => n > 0)
      .reverse()
      .map(([l, n]) => `${n} ${l}`);
    lines.push(`${s.alerts.length} alert(s): ${counts.join(', ')}.`, '');
    lines.push('| level | module | time | message |', '| --- | --- | --- | --- |');
    for (const a of s.alerts.slice(0, 200))
      lines.push(
        `| ${a.level} | ${a.module} | ${a.eventTime === null ? '' : toIso(a.eventTime)} | ${cell(a.message)} |`,
      );
    if (s.alerts.length > 200) lines.push('', `…and ${s.alerts.length - 200} more in alerts.json.`);
  }
  lines.push('', '## What it means', '', MEANING[verdict], '', '## What was not checked', '');
  if (notRan.length === 0 && s.coverage.complete) {
    lines.push('Every module of this kind of evidence ran.');
  } else {
    for (const m of notRan)
      lines.push(
        `- ${m.module}: ${m.status === 'failed' ? 'failed' : 'no input'}${m.message === null ? '' : ` (${cell(m.message)})`}`,
      );
    if (!s.coverage.complete) lines.push('', `Coverage: ${describeCoverage(s.coverage)}.`);
  }
  lines.push(
    '',
    'Not read by any module: evidence this kind of input does not hold (for example data only in encrypted backups, or in a full-filesystem dump), and anything a spyware removed before the acquisition.',
    '',
    '## Limits',
    '',
    CANNOT_PROVE_CLEAN,
    '',
  );
  return lines.join('\n');
}
