/**
 * Parsers for the text Android prints about itself, as AndroidQF and bug reports store it:
 * dumpsys sections (accessibility, appops, package, batterystats), logcat (threadtime, with or
 * without year and uid columns), mounts (/proc/mounts or `mount` output) and tombstones.
 * Written from the printed formats; lines that do not fit are skipped, never guessed at.
 */
import { extractLinks } from '../../core/forensics/alerts.ts';
import type {
  AccessibilityService,
  AppOp,
  BatteryEvent,
  DumpsysPackage,
  LogcatEvent,
  Mount,
  Receiver,
  Tombstone,
} from '../../core/forensics/android-system.ts';
import { packageOf } from '../../core/forensics/android-system.ts';
import type { Instant } from '../../core/time.ts';

/** `2026-10-01 12:00:00(.123)` as printed by the device, read as UTC. */
function deviceTime(v: string | undefined): Instant | null {
  if (v === undefined) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(v);
  if (m === null) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * dumpsys output split by service: `DUMP OF SERVICE [PRIORITY ]name:` opens a section, a line
 * of dashes (AndroidQF's separator, a bug report's "was the duration" line) closes it.
 */
export function dumpsysSections(text: string): Map<string, string> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    const open = /^DUMP OF SERVICE (?:(?:CRITICAL|HIGH|NORMAL) )?(\S+?):\s*$/.exec(line);
    if (open !== null) {
      const name = open[1] as string;
      current = out.get(name) ?? [];
      out.set(name, current);
    } else if (/^-{5,}/.test(line)) current = null;
    else current?.push(line);
  }
  return new Map([...out].map(([k, v]) => [k, v.join('\n')]));
}

const COMPONENT = /[A-Za-z0-9_.]+\/[A-Za-z0-9_.$]+/g;

/** `pkg/.Cls` spelled out as `pkg/pkg.Cls`, so the short and long forms name one component. */
function fullComponent(c: string): string {
  const [pkg, cls] = c.split('/');
  return cls?.startsWith('.') === true ? `${pkg}/${pkg}${cls}` : c;
}

export function parseAccessibility(section: string): AccessibilityService[] {
  const installed: string[] = [];
  const enabled = new Set<string>();
  let inInstalled = false;
  for (const line of section.split('\n')) {
    if (/installed services:/i.test(line)) {
      inInstalled = !line.includes('}');
      continue;
    }
    if (inInstalled) {
      const m = /^\s*\d+\s*:\s*(?:ComponentInfo\{)?([A-Za-z0-9_.]+\/[A-Za-z0-9_.$]+)/.exec(line);
      if (m !== null) installed.push(fullComponent(m[1] as string));
      else if (line.trim().startsWith('}')) inInstalled = false;
      continue;
    }
    const e = /Enabled services:\s*\{(.*)\}\s*$/i.exec(line);
    if (e !== null) for (const c of (e[1] as string).matchAll(COMPONENT)) enabled.add(fullComponent(c[0]));
  }
  const all = [...new Set([...installed, ...enabled])];
  return all.map((component) => ({ component, enabled: enabled.has(component) }));
}

export function parseAppOps(section: string): AppOp[] {
  const ops: { uid: string; package: string; op: string; mode: string; lastAccess: Instant | null }[] = [];
  let uid = '';
  let pkg: string | null = null;
  let last: (typeof ops)[number] | null = null;
  for (const line of section.split('\n')) {
    const u = /^\s*Uid (\S+?):\s*$/.exec(line);
    if (u !== null) {
      uid = u[1] as string;
      pkg = null;
      last = null;
      continue;
    }
    const p = /^\s*Package (\S+?):\s*$/.exec(line);
    if (p !== null) {
      pkg = p[1] as string;
      last = null;
      continue;
    }
    if (pkg === null) continue;
    const o = /^\s*([A-Z][A-Z0-9_]+) \(([^)]*)\):/.exec(line);
    if (o !== null) {
      last = { uid, package: pkg, op: o[1] as string, mode: o[2] as string, lastAccess: null };
      ops.push(last);
      continue;
    }
    const a = /^\s*Access: .*?(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?)/.exec(line);
    if (a !== null && last !== null) {
      const at = deviceTime(a[1]);
      if (at !== null && (last.lastAccess === null || at > last.lastAccess)) last.lastAccess = at;
    }
  }
  return ops;
}

/** The broadcast receivers the package manager's "Receiver Resolver Table" lists, by action. */
export function parseReceivers(section: string): Receiver[] {
  const out: Receiver[] = [];
  let inTable = false;
  let action: string | null = null;
  for (const line of section.split('\n')) {
    if (/^\s*Receiver Resolver Table:/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (/^\S/.test(line)) break;
    const a = /^\s+([A-Za-z_]\w*(?:\.[\w$]+)+):\s*$/.exec(line);
    if (a !== null) {
      action = a[1] as string;
      continue;
    }
    const r = /^\s+[0-9a-f]+ ([A-Za-z0-9_.]+\/[A-Za-z0-9_.$]+)(?: filter [0-9a-f]+)?\s*$/.exec(line);
    if (r !== null && action !== null) out.push({ action, component: r[1] as string });
  }
  return out;
}

/** Every `Package [name]` block the package manager prints before its hidden system packages. */
export function parseDumpsysPackages(section: string): DumpsysPackage[] {
  const out: DumpsysPackage[] = [];
  let cur: string[] | null = null;
  let name = '';
  const flush = () => {
    if (cur === null) return;
    const body = cur.join('\n');
    const field = (k: string) => new RegExp(`^\\s*${k}=(.*)$`, 'm').exec(body)?.[1]?.trim();
    const installer = field('installerPackageName');
    const uid = Number(field('userId') ?? field('appId'));
    out.push({
      name,
      uid: Number.isInteger(uid) ? uid : null,
      codePath: field('codePath') ?? null,
      installer: installer === undefined || installer === 'null' ? null : installer,
      system: /pkgFlags=\[[^\]]*\bSYSTEM\b/.test(body),
      firstInstallTime: deviceTime(/firstInstallTime=(\S+ \S+)/.exec(body)?.[1]),
      lastUpdateTime: deviceTime(/lastUpdateTime=(\S+ \S+)/.exec(body)?.[1]),
    });
    cur = null;
  };
  for (const line of section.split('\n')) {
    if (/^Hidden system packages:/.test(line)) break;
    const p = /^\s+Package \[([^\]]+)\] \(/.exec(line);
    if (p !== null) {
      flush();
      name = p[1] as string;
      cur = [];
    } else if (/^\S/.test(line)) flush();
    else cur?.push(line);
  }
  flush();
  return out;
}

/** `+1d2h3m4s567ms` as milliseconds. */
function offsetMs(v: string): number {
  let ms = 0;
  for (const m of v.matchAll(/(\d+)(ms|d|h|m|s)/g)) {
    const n = Number(m[1]);
    ms += n * ({ d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as string] ?? 0);
  }
  return ms;
}

/** Uid-tagged events of the battery history (`+job=u0a99:"pkg/.Svc"`), timed from its RESET:TIME. */
export function parseBatteryHistory(section: string): BatteryEvent[] {
  const out: BatteryEvent[] = [];
  let base: Instant | null = null;
  let inHistory = false;
  for (const line of section.split('\n')) {
    if (/^Battery History/.test(line)) {
      inHistory = true;
      continue;
    }
    if (!inHistory) continue;
    if (/^\S/.test(line)) break;
    const row = /^\s+(0|\+\S+) \(\d+\) (.*)$/.exec(line);
    if (row === null) continue;
    const rest = row[2] as string;
    const t = /(?:RESET:)?TIME: (\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})/.exec(rest);
    if (t !== null) {
      base =
        Date.UTC(
          +(t[1] as string),
          +(t[2] as string) - 1,
          +(t[3] as string),
          +(t[4] as string),
          +(t[5] as string),
          +(t[6] as string),
        ) - offsetMs(row[1] as string);
    }
    const at = base === null ? null : base + offsetMs(row[1] as string);
    for (const e of rest.matchAll(/(?:^|\s)([+-]?[a-z_]+)=(u\d+a\d+|\d+):"([^"]*)"/g)) {
      const detail = e[3] as string;
      out.push({ at, event: e[1] as string, uid: e[2] as string, package: packageOf(detail), detail });
    }
  }
  return out;
}

/**
 * Logcat lines worth keeping: process starts (`Start proc PID:name/uid`) and lines with links.
 * Without a year column, the year is `ref`'s, or the one before for a month after `ref`'s.
 */
export function parseLogcat(text: string, ref: Instant | null): LogcatEvent[] {
  const refDate = ref === null ? null : new Date(ref);
  const out: LogcatEvent[] = [];
  const line =
    /^(?:(\d{4})-)?(\d{2})-(\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})\s+(?:(?:[a-z]\S*|\d+)\s+)?(\d+)\s+\d+\s+[VDIWEFSA]\s+(.*?)\s*: ?(.*)$/;
  for (const l of text.split('\n')) {
    const m = line.exec(l);
    if (m === null) continue;
    const message = m[7] as string;
    const start = /Start proc \d+:([^\s/]+)/.exec(message);
    const links = extractLinks(message);
    if (start === null && links.length === 0) continue;
    const month = Number(m[2]);
    let year = m[1] === undefined ? null : Number(m[1]);
    if (year === null && refDate !== null)
      year = refDate.getUTCFullYear() - (month > refDate.getUTCMonth() + 1 ? 1 : 0);
    const at = year === null ? null : deviceTime(`${year}-${m[2]}-${m[3]} ${m[4]}`);
    out.push({ at, pid: Number(m[5]), tag: m[6] as string, process: start?.[1] ?? null, links, message });
  }
  return out;
}

/** /proc/mounts lines (`dev point type opts 0 0`) or `mount` output (`dev on point type t (opts)`). */
export function parseMounts(lines: readonly string[]): Mount[] {
  return lines.flatMap((l) => {
    const m =
      /^(\S+) on (\S+) type (\S+) \(([^)]*)\)/.exec(l.trim()) ?? /^(\S+) (\S+) (\S+) (\S+)/.exec(l.trim());
    return m === null
      ? []
      : [
          {
            device: m[1] as string,
            mountPoint: m[2] as string,
            type: m[3] as string,
            options: (m[4] as string).split(','),
          },
        ];
  });
}

/** A tombstone's header: when, which process (`>>> name <<<`), uid and signal. */
export function parseTombstone(file: string, text: string): Tombstone {
  const ts = /^Timestamp: (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3})\d*)?([+-]\d{2})(\d{2})/m.exec(
    text,
  );
  const at =
    ts === null ? null : Date.parse(`${ts[1]}T${ts[2]}.${(ts[3] ?? '0').padEnd(3, '0')}${ts[4]}:${ts[5]}`);
  const head = /^pid: (\d+), tid: \d+, name: (.*?)\s+>>> (.+?) <<</m.exec(text);
  const uid = /^uid: (\d+)/m.exec(text);
  const signal = /^(signal \d+ \(\w+\))/m.exec(text);
  return {
    file,
    at: at === null || Number.isNaN(at) ? null : at,
    pid: head === null ? null : Number(head[1]),
    uid: uid === null ? null : Number(uid[1]),
    process: head?.[3] ?? null,
    thread: head?.[2] ?? null,
    signal: signal?.[1] ?? null,
  };
}
