/**
 * The checks of an iOS sysdiagnose (the archive a phone writes when Volume Up, Volume Down and
 * Side are held together; no backup password needed, so it suits a routine monthly check):
 *
 * - `shutdown_log` (`system_logs.logarchive/Extra/shutdown.log`): at each shutdown iOS lists the
 *   processes still running ("remaining client pid: N (path)") every time it waits for them
 *   ("After 1.2s, these clients are still here:"), then `SIGTERM: [unix time]`. Implants that
 *   keep a process alive show up there: a client path or process name an indicator names is
 *   critical; a client from `/private/var/db/` or `/private/var/tmp/` (where Pegasus staged its
 *   processes) is high; a client that held up one shutdown three times or more is medium.
 * - `ps` (`ps.txt`): the processes running when it was taken, matched by name and path.
 * - `configuration_profiles` (`logs/MCState/Shared/profile-*.stub`): the installed profiles,
 *   checked as a backup's are (core/forensics/ios.ts).
 *
 * Parsed by hand: the formats are plain text lines, and no maintained JavaScript library reads
 * them.
 */
import type { Instant } from '../time.ts';
import { fromUnixSeconds, iso, ModuleOutput, type ModuleResult } from './alerts.ts';
import type { IndicatorSet } from './indicators.ts';

type Ind = IndicatorSet | null;

/** One process that held up one shutdown. */
export interface ShutdownClient {
  /** Which shutdown in the log (0 = the oldest). */
  readonly reboot: number;
  /** The SIGTERM that ended that shutdown; null for a log that stops before it. */
  readonly at: Instant | null;
  readonly pid: number | null;
  readonly path: string;
  /** How many of that shutdown's waits listed it. */
  readonly appearances: number;
}

const CLIENT = /remaining client pid:\s*(\d+)\s*\((.*)\)\s*$/;
const SIGTERM = /SIGTERM:\s*\[(\d+)\]/;

export function parseShutdownLog(text: string): ShutdownClient[] {
  const out: ShutdownClient[] = [];
  let reboot = 0;
  let current = new Map<string, { pid: number | null; appearances: number }>();
  const close = (at: Instant | null) => {
    for (const [path, c] of current) out.push({ reboot, at, pid: c.pid, path, appearances: c.appearances });
    current = new Map();
    reboot++;
  };
  for (const line of text.split(/\r?\n/)) {
    const client = CLIENT.exec(line);
    if (client !== null) {
      const path = (client[2] ?? '').trim();
      const pid = Number(client[1]);
      current.set(path, {
        pid: Number.isSafeInteger(pid) ? pid : null,
        appearances: (current.get(path)?.appearances ?? 0) + 1,
      });
      continue;
    }
    const term = SIGTERM.exec(line);
    if (term !== null) close(fromUnixSeconds(Number(term[1])));
  }
  if (current.size > 0) close(null);
  return out;
}

/**
 * Several shutdown logs (the current one and rotated ones) as one list: each log's shutdowns
 * numbered after the previous log's, in the order given.
 */
export function parseShutdownLogs(texts: readonly string[]): ShutdownClient[] {
  const out: ShutdownClient[] = [];
  let offset = 0;
  for (const text of texts) {
    const clients = parseShutdownLog(text);
    for (const c of clients) out.push({ ...c, reboot: c.reboot + offset });
    if (clients.length > 0) offset = Math.max(...clients.map((c) => c.reboot)) + offset + 1;
  }
  return out;
}

const UNUSUAL = ['/private/var/db/', '/private/var/tmp/'];
/** Waits one client held up a shutdown for before it is worth a look. */
export const STICKY_APPEARANCES = 3;

export function checkShutdownLog(clients: readonly ShutdownClient[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('shutdown_log');
  for (const c of clients) {
    const rec = { ...c, at: iso(c.at) };
    out.record(rec, c.at, 'shutdown delayed by', c.path);
    if (ind !== null) {
      const hit = ind.checkFilePath(c.path) ?? ind.checkProcess(c.path);
      out.match('critical', `Process ${c.path}, which delayed a shutdown,`, hit, c.at, rec);
    }
    if (UNUSUAL.some((p) => c.path.startsWith(p)))
      out.alert('high', `A process from an unusual location delayed a shutdown: ${c.path}`, c.at, rec);
    else if (c.appearances >= STICKY_APPEARANCES)
      out.alert(
        'medium',
        `${c.path} held up one shutdown ${c.appearances} times before it was stopped`,
        c.at,
        rec,
      );
  }
  return out.result();
}

export interface RunningProcess {
  readonly pid: number | null;
  readonly user: string | null;
  readonly command: string;
}

/**
 * `ps.txt`: a header naming the columns, then one process per line; the command is the last
 * column and may hold spaces, so the other columns are split off the front.
 */
export function parsePs(text: string): RunningProcess[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.trim().split(/\s+/) ?? [];
  const commandAt = header.findIndex((h) => h === 'COMMAND' || h === 'COMM' || h === 'CMD');
  if (commandAt < 0) return [];
  const pidAt = header.indexOf('PID');
  const userAt = header.indexOf('USER');
  const out: RunningProcess[] = [];
  for (const line of lines.slice(1)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length <= commandAt) continue;
    const pid = pidAt < 0 ? Number.NaN : Number(parts[pidAt]);
    out.push({
      pid: Number.isSafeInteger(pid) ? pid : null,
      user: userAt < 0 ? null : (parts[userAt] ?? null),
      command: parts.slice(commandAt).join(' '),
    });
  }
  return out;
}

export function checkPs(processes: readonly RunningProcess[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('ps');
  for (const p of processes) {
    const rec = { ...p };
    out.record(rec);
    if (ind === null) continue;
    const executable = p.command.split(' ')[0] ?? p.command;
    const byPath = executable.startsWith('/') ? ind.checkFilePath(executable) : null;
    out.match('critical', `Running process ${executable}`, byPath ?? ind.checkProcess(executable), null, rec);
  }
  return out.result();
}
