/**
 * AndroidQF acquisitions (folder or zip): packages.json, ps.txt, getprop.txt, settings_*.txt,
 * files.json, root_binaries.json, dumpsys.txt, logcat.txt, mounts, tombstones. Each file feeds
 * pure checks in core/forensics/android.ts and android-system.ts. The dumpsys, logcat and
 * tombstone modules also read a bug report (`systemModules`).
 */

import type { ModuleResult } from '../../core/forensics/alerts.ts';
import { fromUnixSeconds } from '../../core/forensics/alerts.ts';
import * as android from '../../core/forensics/android.ts';
import * as system from '../../core/forensics/android-system.ts';
import type { IndicatorSet } from '../../core/forensics/indicators.ts';
import * as text from './android-text.ts';
import { ArtifactMissing } from './ios-modules.ts';
import { type FileSource, findMember } from './sources.ts';

type Ind = IndicatorSet | null;

export interface AndroidFacts {
  props: Map<string, string> | null;
  packages: android.AndroidPackage[] | null;
}

export interface AndroidModule {
  readonly name: string;
  run(src: FileSource, ind: Ind, facts: AndroidFacts): Promise<ModuleResult>;
}

/**
 * An AndroidQF acquisition is recognised by its packages.json or getprop.txt, or by a backup.ab
 * alone (an acquisition made with only the backup step).
 */
export const isAndroidQf = (src: FileSource) =>
  findMember(src, (b) => b === 'packages.json' || b === 'getprop.txt' || b === 'backup.ab').length > 0;

async function one(src: FileSource, base: string): Promise<string> {
  const m = findMember(src, (b) => b === base)[0];
  if (m === undefined) throw new ArtifactMissing(`${base} is not in the acquisition`);
  return (await src.read(m)).toString('utf8');
}

async function jsonArray(src: FileSource, base: string): Promise<unknown[]> {
  const v: unknown = JSON.parse(await one(src, base));
  if (!Array.isArray(v)) throw new Error(`${base} is not a JSON array`);
  return v;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function parseGetprop(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\[(.+?)\]: \[(.*)\]\s*$/.exec(line);
    if (m !== null) props.set(m[1] as string, m[2] as string);
  }
  return props;
}

/**
 * `ps` output by its header: the name is the last column (`NAME`, or `CMD` with `-o`/`-O`
 * formats). When threads are listed too (`ps -T`, as dumpstate runs it) only each process's main
 * thread (TID equal to PID) is kept, so a process is one row.
 */
export function parsePs(text: string): android.AndroidProcess[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').trim().split(/\s+/);
  const nameAt = header.includes('NAME') ? header.indexOf('NAME') : header.indexOf('CMD');
  const pidAt = header.indexOf('PID');
  const tidAt = header.indexOf('TID');
  const userAt = header.indexOf('USER');
  if (nameAt < 0) throw new Error('ps output has no NAME or CMD column');
  return lines.slice(1).flatMap((l) => {
    const cols = l.trim().split(/\s+/);
    if (cols.length <= nameAt) return [];
    if (tidAt >= 0 && pidAt >= 0 && cols[tidAt] !== cols[pidAt]) return [];
    return [
      {
        pid: pidAt < 0 ? null : Number(cols[pidAt]) || null,
        user: userAt < 0 ? null : (cols[userAt] ?? null),
        name: cols.slice(nameAt).join(' '),
      },
    ];
  });
}

/**
 * The settings provider's dump (`dumpsys settings`): a `GLOBAL SETTINGS (user 0)` (or SECURE,
 * SYSTEM) line opens a namespace, then one `_id:N name:KEY pkg:PKG value:VALUE default:…` line
 * per setting. Only the first user's namespaces are read (user 0 is the phone's owner).
 */
export function parseSettingsDump(section: string): android.AndroidSetting[] {
  const out: android.AndroidSetting[] = [];
  let ns: string | null = null;
  for (const line of section.split('\n')) {
    const open = /^\s*(GLOBAL|SECURE|SYSTEM) SETTINGS \(user (\d+)\)/.exec(line);
    if (open !== null) {
      ns = open[2] === '0' ? (open[1] as string).toLowerCase() : null;
      continue;
    }
    if (ns === null) continue;
    if (/^\s*\S.*SETTINGS\b/.test(line) && !line.includes('name:')) {
      ns = null;
      continue;
    }
    const m =
      /^\s*_id:\S+\s+name:(\S+)\s+pkg:\S*\s+value:(.*?)(?:\s+default:.*|\s+defaultSystemSet:.*)?$/.exec(line);
    if (m !== null) out.push({ namespace: ns, key: m[1] as string, value: m[2] as string });
  }
  return out;
}

/** Where an input keeps the system's own reports: its dumpsys text, its logcat and its reference time. */
export interface SystemText {
  dumpsys(src: FileSource): Promise<string>;
  logcat(src: FileSource): Promise<string>;
  /** When the acquisition was made: gives logcat lines (which print no year) their year. */
  refTime(src: FileSource): Promise<number | null>;
}

const sectionsCache = new WeakMap<FileSource, Promise<Map<string, string>>>();

async function section(src: FileSource, from: SystemText, name: string): Promise<string> {
  let sections = sectionsCache.get(src);
  if (sections === undefined) {
    sections = from.dumpsys(src).then(text.dumpsysSections);
    sectionsCache.set(src, sections);
  }
  const body = (await sections).get(name);
  if (body === undefined) throw new ArtifactMissing(`dumpsys has no ${name} section`);
  return body;
}

const isTombstone = (name: string) => /(^|\/)tombstones\/tombstone_\d+$/.test(name);

/** The dumpsys, logcat and tombstone modules, over an AndroidQF acquisition or a bug report. */
export function systemModules(from: SystemText): AndroidModule[] {
  return [
    {
      name: 'dumpsys_accessibility',
      run: async (src, ind) =>
        system.checkAccessibility(text.parseAccessibility(await section(src, from, 'accessibility')), ind),
    },
    {
      name: 'dumpsys_appops',
      run: async (src, ind) => system.checkAppOps(text.parseAppOps(await section(src, from, 'appops')), ind),
    },
    {
      name: 'dumpsys_receivers',
      run: async (src, ind) =>
        system.checkReceivers(text.parseReceivers(await section(src, from, 'package')), ind),
    },
    {
      name: 'dumpsys_packages',
      run: async (src, ind) =>
        system.checkDumpsysPackages(text.parseDumpsysPackages(await section(src, from, 'package')), ind),
    },
    {
      name: 'dumpsys_battery_history',
      run: async (src, ind) =>
        system.checkBatteryHistory(text.parseBatteryHistory(await section(src, from, 'batterystats')), ind),
    },
    {
      name: 'logcat',
      run: async (src, ind) =>
        system.checkLogcat(text.parseLogcat(await from.logcat(src), await from.refTime(src)), ind),
    },
    {
      name: 'tombstones',
      async run(src, ind) {
        const members = src.list().filter(isTombstone);
        if (members.length === 0) throw new ArtifactMissing('no tombstones in the input');
        const rows: system.Tombstone[] = [];
        for (const m of members) rows.push(text.parseTombstone(m, (await src.read(m)).toString('utf8')));
        return system.checkTombstones(rows, ind);
      },
    },
  ];
}

/** AndroidQF's acquisition.json names when the acquisition started. */
async function acquisitionStart(src: FileSource): Promise<number | null> {
  const m = findMember(src, (b) => b === 'acquisition.json')[0];
  if (m === undefined) return null;
  try {
    const a = obj(JSON.parse((await src.read(m)).toString('utf8')));
    const t = Date.parse(String(a.started ?? a.Started ?? ''));
    return Number.isNaN(t) ? null : t;
  } catch {
    return null;
  }
}

const ANDROIDQF_TEXT: SystemText = {
  dumpsys: (src) => one(src, 'dumpsys.txt'),
  logcat: (src) => one(src, 'logcat.txt'),
  refTime: acquisitionStart,
};

export const ANDROIDQF_MODULES: readonly AndroidModule[] = [
  {
    name: 'getprop',
    async run(src, ind, facts) {
      facts.props = parseGetprop(await one(src, 'getprop.txt'));
      return android.checkProperties(facts.props, ind);
    },
  },
  {
    name: 'packages',
    async run(src, ind, facts) {
      facts.packages = (await jsonArray(src, 'packages.json')).map((raw) => {
        const p = obj(raw);
        return {
          name: s(p.name) ?? '',
          installer: s(p.installer),
          system: p.system === true,
          disabled: p.disabled === true,
          installTime: typeof p.timestamp === 'string' ? Date.parse(p.timestamp) || null : null,
          files: (Array.isArray(p.files) ? p.files : []).map((rf) => {
            const f = obj(rf);
            const c = obj(f.certificate);
            return {
              path: s(f.path) ?? '',
              md5: s(f.md5),
              sha1: s(f.sha1),
              sha256: s(f.sha256),
              certificateHashes: [c.Md5, c.Sha1, c.Sha256, c.md5, c.sha1, c.sha256].flatMap((h) =>
                s(h) === null ? [] : [s(h) as string],
              ),
            };
          }),
        };
      });
      return android.checkPackages(facts.packages, ind);
    },
  },
  {
    name: 'processes',
    run: async (src, ind) => android.checkProcesses(parsePs(await one(src, 'ps.txt')), ind),
  },
  {
    name: 'settings',
    async run(src) {
      const members = findMember(src, (b) => /^settings_.+\.txt$/.test(b));
      if (members.length === 0) throw new ArtifactMissing('no settings_*.txt in the acquisition');
      const texts: [string, string][] = [];
      for (const m of members) texts.push([m, (await src.read(m)).toString('utf8')]);
      const settings = texts.flatMap(([m, text]) => {
        const ns = /settings_(.+)\.txt$/.exec(m)?.[1] ?? 'unknown';
        return text.split('\n').flatMap((line) => {
          const i = line.indexOf('=');
          return i <= 0
            ? []
            : [{ namespace: ns, key: line.slice(0, i).trim(), value: line.slice(i + 1).trim() }];
        });
      });
      return android.checkSettings(settings);
    },
  },
  {
    name: 'files',
    run: async (src, ind) =>
      android.checkFiles(
        (await jsonArray(src, 'files.json')).map((raw) => {
          const f = obj(raw);
          return { path: s(f.path) ?? '', sha256: s(f.sha256), modified: fromUnixSeconds(f.modified_time) };
        }),
        ind,
      ),
  },
  {
    name: 'root_binaries',
    run: async (src) =>
      android.checkRootBinaries(
        (await jsonArray(src, 'root_binaries.json')).flatMap((x) => (typeof x === 'string' ? [x] : [])),
      ),
  },
  {
    name: 'mounts',
    async run(src) {
      // Older AndroidQF writes mounts.json (an array of lines), newer a mounts.txt.
      const json = findMember(src, (b) => b === 'mounts.json')[0];
      const lines =
        json === undefined
          ? (await one(src, 'mounts.txt')).split('\n')
          : (await jsonArray(src, 'mounts.json')).flatMap((x) => (typeof x === 'string' ? [x] : []));
      return system.checkMounts(text.parseMounts(lines));
    },
  },
  ...systemModules(ANDROIDQF_TEXT),
];

/**
 * The dumpstate text of a bug report zip (`adb bugreport`): the member main_entry.txt names,
 * else the one `bugreport-*.txt` at the top (or under one folder).
 */
function dumpstateMember(src: FileSource): string | undefined {
  const candidates = src.list().filter((n) => /^(?:[^/]+\/)?bugreport-[^/]*\.txt$/.test(n));
  return candidates.length === 1 ? candidates[0] : candidates.find((n) => !n.includes('/'));
}

export const isBugreport = (src: FileSource) => dumpstateMember(src) !== undefined;

const dumpstateCache = new WeakMap<FileSource, Promise<string>>();

function dumpstate(src: FileSource): Promise<string> {
  let text = dumpstateCache.get(src);
  if (text === undefined) {
    const m = dumpstateMember(src);
    text =
      m === undefined
        ? Promise.reject(new ArtifactMissing('no bugreport-*.txt in the bug report'))
        : src.read(m).then((b) => b.toString('utf8'));
    dumpstateCache.set(src, text);
  }
  return text;
}

/** One `------ TITLE (command) ------` section of a dumpstate, up to the next such header. */
async function dumpstateSection(src: FileSource, title: RegExp, what: string): Promise<string> {
  const lines = (await dumpstate(src)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('------ ') && title.test(l));
  if (start < 0) throw new ArtifactMissing(`the bug report has no ${what} section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('------ '));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

const BUGREPORT_TEXT: SystemText = {
  dumpsys: dumpstate,
  logcat: (src) => dumpstateSection(src, /^------ SYSTEM LOG \(/, 'system log'),
  async refTime(src) {
    const m = /^== dumpstate: (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})/m.exec(await dumpstate(src));
    return m === null ? null : Date.parse(`${m[1]}T${m[2]}Z`);
  },
};

/**
 * A bug report's modules: its system properties, processes and settings, then the dumpsys,
 * logcat and tombstone modules. Times the device prints without a zone (the dumpstate header,
 * logcat, dumpsys) are read as UTC.
 */
export const BUGREPORT_MODULES: readonly AndroidModule[] = [
  {
    name: 'getprop',
    async run(src, ind, facts) {
      facts.props = parseGetprop(
        await dumpstateSection(src, /^------ SYSTEM PROPERTIES \(/, 'system properties'),
      );
      return android.checkProperties(facts.props, ind);
    },
  },
  {
    name: 'processes',
    run: async (src, ind) =>
      android.checkProcesses(
        parsePs(await dumpstateSection(src, /^------ PROCESSES(?: AND THREADS)? \(/, 'processes')),
        ind,
      ),
  },
  {
    name: 'settings',
    async run(src) {
      const settings = parseSettingsDump(await section(src, BUGREPORT_TEXT, 'settings'));
      if (settings.length === 0) throw new ArtifactMissing('the dumpsys settings section lists no settings');
      return android.checkSettings(settings);
    },
  },
  ...systemModules(BUGREPORT_TEXT),
];
