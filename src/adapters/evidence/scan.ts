/**
 * The scan: recognise the input (iOS backup, iOS full-filesystem dump, sysdiagnose, AndroidQF folder or zip, bug report), run every module over
 * it with the indicators, and collect alerts, timeline, observed posture and the hash of every
 * evidence and indicator file read. A module that fails is reported and the scan goes on; only
 * input that is not evidence at all (or a wrong password) stops it.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { VigilError } from '../../core/errors.ts';
import {
  ALERT_LEVELS,
  type Alert,
  type AlertLevel,
  type ModuleResult,
  renameModule,
  sortAlerts,
  type TimelineEntry,
} from '../../core/forensics/alerts.ts';
import { checkAndroidSms, checkBackupPackages } from '../../core/forensics/android.ts';
import { type EvidenceKind, NESTED_BUGREPORT_MODULES } from '../../core/forensics/coverage.ts';
import type { IndicatorSet } from '../../core/forensics/indicators.ts';
import {
  androidObservedPosture,
  iosObservedPosture,
  type ObservedPosture,
} from '../../core/forensics/posture.ts';
import type { Instant } from '../../core/time.ts';
import {
  extractedBackupEntries,
  isAndroidBackup,
  isExtractedBackup,
  packagesInBackup,
  readAndroidBackup,
  SMS_BACKUP_ENTRY,
  smsFromBackup,
  type TarEntry,
} from './android-backup.ts';
import {
  ANDROIDQF_MODULES,
  type AndroidFacts,
  BUGREPORT_MODULES,
  isAndroidQf,
  isBugreport,
} from './androidqf.ts';
import { DEFAULT_MAX_FILE_BYTES, EvidenceFiles, type ExtractSink } from './files.ts';
import type { IndicatorFile } from './indicators.ts';
import { type InventoryEntry, inventoryOf } from './inventory.ts';
import { IosBackup, locateIosBackup, type PasswordSource } from './ios-backup.ts';
import { IosFilesystem, isIosFilesystem } from './ios-filesystem.ts';
import {
  ArtifactMissing,
  IOS_ARTIFACT_PATHS,
  IOS_FILESYSTEM_MODULES,
  IOS_MODULES,
  type MutableFacts,
} from './ios-modules.ts';
import {
  DEFAULT_ZIP_LIMITS,
  type FileSource,
  findMember,
  folderSource,
  type ZipLimits,
  zipBufferSource,
  zipSource,
} from './sources.ts';
import { isGzip, isSysdiagnose, SYSDIAGNOSE_MODULES, tarGzSource } from './sysdiagnose.ts';
import { isTar, tarSource } from './tar-source.ts';

export type { EvidenceKind } from '../../core/forensics/coverage.ts';
export type { ExtractSink } from './files.ts';

export interface ModuleStatus {
  readonly module: string;
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly message: string | null;
  readonly records: number;
  readonly alerts: number;
  readonly ms: number;
}

export interface ScanReport {
  readonly target: string;
  readonly kind: EvidenceKind;
  readonly startedAt: Instant;
  readonly finishedAt: Instant;
  readonly encrypted: boolean;
  readonly modules: readonly ModuleResult[];
  readonly statuses: readonly ModuleStatus[];
  readonly problems: readonly string[];
  readonly alerts: readonly Alert[];
  readonly timeline: readonly TimelineEntry[];
  readonly alertCounts: Readonly<Record<AlertLevel, number>>;
  readonly posture: ObservedPosture | null;
  /** SHA-256 of every evidence file read, paths relative to the target. */
  readonly inputs: readonly { path: string; sha256: string }[];
  /**
   * Every file of the input, read by a check or not, with size and SHA-256 (chain of custody):
   * the folder's tree, or the zip or .ab file itself. Paths relative to `inventoryRoot`.
   */
  readonly files: readonly InventoryEntry[];
  readonly inventoryRoot: string;
  readonly indicatorFiles: readonly IndicatorFile[];
  readonly indicatorProblems: readonly string[];
}

export interface ScanOptions {
  readonly indicators: {
    readonly set: IndicatorSet;
    readonly files: readonly IndicatorFile[];
    readonly problems: readonly { message: string; feed: string }[];
  } | null;
  /** Asked only if the backup is encrypted. */
  readonly password: PasswordSource | null;
  readonly now: () => Instant;
  readonly maxFileBytes?: number;
  /** What a zip may inflate to (per member, per archive); past it the scan fails EVIDENCE_TOO_LARGE. */
  readonly zipLimits?: ZipLimits | undefined;
  /** Refuse to read any file whose real path (links resolved) is outside this folder. */
  readonly confineTo?: string | undefined;
  /** Called before each module and once at the end, for a progress display or a job's row. */
  readonly onProgress?: ((p: ScanProgress) => void) | undefined;
  /**
   * Receives the (decrypted) content of every file a check reads, for `--extract`. Absent by
   * default: then nothing read from the evidence is written anywhere.
   */
  readonly onFileRead?: ExtractSink | undefined;
}

/** Where the scan stands: the module starting (null once all are done) and files read so far. */
export interface ScanProgress {
  readonly module: string | null;
  readonly modulesDone: number;
  readonly modulesTotal: number;
  readonly filesRead: number;
}

interface Runner {
  readonly name: string;
  run(): Promise<ModuleResult>;
}

async function runModules(
  runners: readonly Runner[],
  opts: ScanOptions,
  now: () => Instant,
  files: EvidenceFiles,
) {
  const modules: ModuleResult[] = [];
  const statuses: ModuleStatus[] = [];
  const report = (module: string | null, done: number) =>
    opts.onProgress?.({ module, modulesDone: done, modulesTotal: runners.length, filesRead: files.count });
  for (const [i, r] of runners.entries()) {
    report(r.name, i);
    const t0 = now();
    try {
      const res = await r.run();
      modules.push(res);
      const notes = files.takeNotes();
      statuses.push({
        module: r.name,
        status: 'ok',
        message: notes.length === 0 ? null : notes.join('; '),
        records: res.records.length,
        alerts: res.alerts.length,
        ms: now() - t0,
      });
    } catch (err) {
      if (err instanceof VigilError) throw err;
      const skipped = err instanceof ArtifactMissing;
      statuses.push({
        module: r.name,
        status: skipped ? 'skipped' : 'failed',
        message: [...files.takeNotes(), err instanceof Error ? err.message : String(err)].join('; '),
        records: 0,
        alerts: 0,
        ms: now() - t0,
      });
    }
  }
  report(null, runners.length);
  return { modules, statuses };
}

/** The first bytes of a file (a tar header's worth), to recognise its format without reading it all. */
function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(512);
    const n = readSync(fd, b, 0, 512, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function androidBackupRunners(
  entries: readonly TarEntry[],
  ind: IndicatorSet | null,
  maxBytes: number,
): Runner[] {
  return [
    { name: 'sms', run: async () => checkAndroidSms(smsFromBackup(entries, maxBytes), ind) },
    { name: 'backup_packages', run: async () => checkBackupPackages(packagesInBackup(entries), ind) },
  ];
}

/** Hands the backup entries the SMS check reads to the extract sink, if there is one. */
function extracting(entries: TarEntry[], sink: ExtractSink | undefined): TarEntry[] {
  if (sink !== undefined)
    for (const e of entries) if (SMS_BACKUP_ENTRY.test(e.name)) sink('android-backup', e.name, e.data);
  return entries;
}

/** The same source, handing every member a check reads to the extract sink. */
function extractingSource(src: FileSource, sink: ExtractSink | undefined, domain = 'androidqf'): FileSource {
  if (sink === undefined) return src;
  return {
    problems: src.problems,
    list: () => src.list(),
    async read(name) {
      const bytes = await src.read(name);
      sink(domain, name, bytes);
      return bytes;
    },
    close: () => src.close(),
  };
}

async function openSource(
  target: string,
  files: EvidenceFiles,
  limits: ZipLimits,
): Promise<FileSource | null> {
  const st = statSync(target);
  if (st.isDirectory()) return folderSource(target, files);
  const head = readHead(target);
  if (isGzip(head)) return tarGzSource(target, files, limits);
  if (isTar(head)) return tarSource(target, files, limits);
  if (/\.zip$/i.test(target)) {
    try {
      return await zipSource(target, files, limits);
    } catch (err) {
      throw new VigilError(
        'SCAN_INPUT_INVALID',
        `${target} is not a readable zip: ${(err as Error).message}`,
      );
    }
  }
  return null;
}

export async function scanEvidence(path: string, opts: ScanOptions): Promise<ScanReport> {
  const target = resolve(path);
  if (!existsSync(target))
    throw new VigilError('FILE_UNREADABLE', `cannot read ${path}: no such file or folder`);
  const startedAt = opts.now();
  const files = new EvidenceFiles(opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, opts.confineTo ?? null);
  const ind = opts.indicators === null || opts.indicators.set.size === 0 ? null : opts.indicators.set;
  let kind: EvidenceKind;
  let result: { modules: ModuleResult[]; statuses: ModuleStatus[] };
  let posture: ObservedPosture | null;
  let encrypted = false;
  let problems: readonly string[] = [];
  let base = target;

  const isDir = statSync(target).isDirectory();
  const backupRoot = isDir ? locateIosBackup(target) : null;
  if (!isDir && isAndroidBackup(readHead(target))) {
    kind = 'android-backup';
    base = dirname(target);
    const bytes = files.read(target);
    const ab = await readAndroidBackup(bytes, opts.password, files.maxBytes);
    encrypted = ab.encrypted;
    result = await runModules(
      androidBackupRunners(extracting(ab.entries, opts.onFileRead), ind, files.maxBytes),
      opts,
      opts.now,
      files,
    );
    posture = androidObservedPosture(null, null);
  } else if (backupRoot !== null) {
    kind = 'ios-backup';
    base = backupRoot;
    const backup = await IosBackup.open(backupRoot, files, opts.password);
    backup.extract = opts.onFileRead ?? null;
    encrypted = backup.encrypted;
    backup.prefetch(IOS_ARTIFACT_PATHS);
    const facts: MutableFacts = {
      info: null,
      lockdownMode: null,
      tcc: null,
      locationClients: null,
      apps: null,
      profiles: null,
    };
    try {
      result = await runModules(
        IOS_MODULES.map((m) => ({ name: m.name, run: () => m.run(backup, ind, facts) })),
        opts,
        opts.now,
        files,
      );
    } finally {
      backup.close();
    }
    posture = iosObservedPosture(facts);
  } else {
    const opened = await openSource(target, files, opts.zipLimits ?? DEFAULT_ZIP_LIMITS);
    if (opened !== null && isSysdiagnose(opened)) {
      kind = 'sysdiagnose';
      if (!statSync(target).isDirectory()) base = dirname(target);
      problems = opened.problems;
      try {
        result = await runModules(
          SYSDIAGNOSE_MODULES.map((m) => ({ name: m.name, run: () => m.run(opened, ind) })),
          opts,
          opts.now,
          files,
        );
      } finally {
        opened.close();
      }
      posture = null;
    } else if (opened !== null && isIosFilesystem(opened)) {
      kind = 'ios-filesystem';
      if (!statSync(target).isDirectory()) base = dirname(target);
      problems = opened.problems;
      const facts: MutableFacts = {
        info: null,
        lockdownMode: null,
        tcc: null,
        locationClients: null,
        apps: null,
        profiles: null,
      };
      try {
        const dump = await IosFilesystem.open(opened, (m) => files.note(m));
        dump.extract = opts.onFileRead ?? null;
        dump.prefetch([...IOS_ARTIFACT_PATHS, '%netusage.sqlite']);
        result = await runModules(
          IOS_FILESYSTEM_MODULES.map((m) => ({ name: m.name, run: () => m.run(dump, ind, facts) })),
          opts,
          opts.now,
          files,
        );
      } finally {
        opened.close();
      }
      posture = iosObservedPosture(facts);
    } else if (opened !== null && isBugreport(opened)) {
      kind = 'bugreport';
      const src = extractingSource(opened, opts.onFileRead, 'bugreport');
      if (!statSync(target).isDirectory()) base = dirname(target);
      problems = src.problems;
      const facts: AndroidFacts = { props: null, packages: null };
      try {
        result = await runModules(
          BUGREPORT_MODULES.map((m) => ({ name: m.name, run: () => m.run(src, ind, facts) })),
          opts,
          opts.now,
          files,
        );
      } finally {
        src.close();
      }
      posture = androidObservedPosture(facts.props, null);
    } else if (opened !== null && !isAndroidQf(opened) && isExtractedBackup(opened)) {
      kind = 'android-backup';
      const src = extractingSource(opened, opts.onFileRead, 'android-backup');
      if (!statSync(target).isDirectory()) base = dirname(target);
      problems = src.problems;
      try {
        const entries = await extractedBackupEntries(src);
        result = await runModules(androidBackupRunners(entries, ind, files.maxBytes), opts, opts.now, files);
      } finally {
        src.close();
      }
      posture = androidObservedPosture(null, null);
    } else {
      if (opened === null || !isAndroidQf(opened)) {
        opened?.close();
        throw new VigilError(
          'SCAN_INPUT_INVALID',
          `${path} is not an iOS backup (a folder with Manifest.db and Info.plist, or its parent), an iOS full-filesystem dump (a folder or .tar holding private/var/mobile/), an iOS sysdiagnose (.tar.gz or its folder), an AndroidQF acquisition (folder or zip), an Android bug report (zip) nor an Android backup (.ab or its unpacked apps/ folder)`,
        );
      }
      kind = 'androidqf';
      const src = extractingSource(opened, opts.onFileRead);
      if (!statSync(target).isDirectory()) base = dirname(target);
      problems = src.problems;
      const facts: AndroidFacts = { props: null, packages: null };
      const runners: Runner[] = ANDROIDQF_MODULES.map((m) => ({
        name: m.name,
        run: () => m.run(src, ind, facts),
      }));
      let nested: FileSource | null = null;
      const innerFacts: AndroidFacts = { props: null, packages: null };
      try {
        // A nested artifact that cannot be read or parsed (over the file size cap, truncated,
        // corrupt, encrypted with no password): only the modules wanting it fail, with the
        // reason, and the problem is listed; the acquisition's own modules still run.
        const unreadable = (member: string, names: readonly string[], err: unknown) => {
          const message = `${member}: ${(err as Error).message}`;
          problems = [...problems, `${message}; not scanned`];
          runners.push(...names.map((name) => ({ name, run: () => Promise.reject(new Error(message)) })));
        };
        // AndroidQF may include an adb backup of SMS; its modules run when it is there.
        const ab = findMember(src, (b) => b === 'backup.ab')[0];
        if (ab !== undefined) {
          const abRunners = (entries: TarEntry[]) =>
            androidBackupRunners(entries, ind, files.maxBytes).map((r) => ({
              ...r,
              name: `backup_${r.name}`,
            }));
          try {
            const { entries } = await readAndroidBackup(await src.read(ab), opts.password, files.maxBytes);
            runners.push(...abRunners(extracting(entries, opts.onFileRead)));
          } catch (err) {
            // A zip bomb and a wrong password still stop the scan, as they do everywhere.
            if (
              err instanceof VigilError &&
              err.code !== 'SCAN_INPUT_INVALID' &&
              err.code !== 'BACKUP_PASSWORD_REQUIRED'
            )
              throw err;
            unreadable(
              ab,
              abRunners([]).map((r) => r.name),
              err,
            );
          }
        }
        // And the bug report it took: its modules run as bugreport_<name>, results renamed too,
        // so they sit beside the acquisition's own (both have getprop, processes, settings...).
        const br = findMember(src, (b) => b === 'bugreport.zip')[0];
        const brBytes =
          br === undefined
            ? null
            : await src.read(br).catch((err: unknown) => {
                if (err instanceof VigilError) throw err;
                unreadable(br, NESTED_BUGREPORT_MODULES, err);
                return null;
              });
        if (br !== undefined && brBytes !== null) {
          const inner = await zipBufferSource(
            `${target}!${br}`,
            brBytes,
            files,
            opts.zipLimits ?? DEFAULT_ZIP_LIMITS,
          ).catch((err: unknown) => {
            if (err instanceof VigilError) throw err;
            throw new VigilError(
              'SCAN_INPUT_INVALID',
              `${br} is not a readable zip: ${(err as Error).message}`,
            );
          });
          nested = extractingSource(inner, opts.onFileRead, 'bugreport');
          problems = [...problems, ...inner.problems];
          const innerSrc = nested;
          if (isBugreport(innerSrc))
            runners.push(
              ...BUGREPORT_MODULES.map((m) => ({
                name: `bugreport_${m.name}`,
                run: async () => renameModule(await m.run(innerSrc, ind, innerFacts), `bugreport_${m.name}`),
              })),
            );
          else problems = [...problems, `${br} holds no bugreport-*.txt; not scanned`];
        }
        result = await runModules(runners, opts, opts.now, files);
      } finally {
        nested?.close();
        src.close();
      }
      // The bug report's properties stand in when the acquisition has no getprop.txt.
      posture = androidObservedPosture(facts.props ?? innerFacts.props, facts.packages);
    }
  }

  // After the checks, so files they read are hashed once: the hash recorded is of the bytes read.
  const inventoryRoot = kind === 'ios-backup' ? base : target;
  const inventory = inventoryOf(inventoryRoot, (p) => files.hashOf(p));
  const alerts = sortAlerts(result.modules.flatMap((m) => m.alerts));
  const alertCounts = Object.fromEntries(ALERT_LEVELS.map((l) => [l, 0])) as Record<AlertLevel, number>;
  for (const a of alerts) alertCounts[a.level]++;
  const rel = (p: string) => {
    const r = relative(base, p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  return {
    target,
    kind,
    startedAt,
    finishedAt: opts.now(),
    encrypted,
    modules: result.modules,
    statuses: result.statuses,
    problems: [...problems, ...inventory.problems],
    alerts,
    timeline: result.modules.flatMap((m) => m.timeline),
    alertCounts,
    posture,
    inputs: files.hashes().map((h) => ({ path: rel(h.path), sha256: h.sha256 })),
    files: inventory.files,
    inventoryRoot,
    indicatorFiles: opts.indicators?.files ?? [],
    indicatorProblems: (opts.indicators?.problems ?? []).map((p) => `${p.feed}: ${p.message}`),
  };
}
