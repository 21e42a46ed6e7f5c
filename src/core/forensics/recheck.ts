/**
 * Re-checking a saved scan against new indicators, without the evidence: each module's saved
 * records (`<module>.json`) are turned back into the rows the module read and the same check
 * runs again, so the alerts are exactly those a fresh scan of the same evidence would raise
 * with the new indicators (heuristic alerts included). Records are the scan's own output:
 * times come back from their ISO form; a record that is not the shape its module writes is
 * reported, never guessed at.
 */
import type { Instant } from '../time.ts';
import { type ModuleResult, renameModule } from './alerts.ts';
import {
  type AndroidFile,
  type AndroidPackage,
  type AndroidProcess,
  type AndroidSetting,
  type AndroidSms,
  checkAndroidSms,
  checkBackupPackages,
  checkFiles,
  checkPackages,
  checkProcesses,
  checkProperties,
  checkRootBinaries,
  checkSettings,
} from './android.ts';
import * as system from './android-system.ts';
import { type EvidenceKind, NESTED_BUGREPORT_MODULES } from './coverage.ts';
import { hostOf, type IndicatorSet } from './indicators.ts';
import * as ios from './ios.ts';
import * as sysdiagnose from './sysdiagnose.ts';

type Rec = Record<string, unknown>;
type Ind = IndicatorSet | null;

/** A record's ISO time back to an Instant (exactly: the scan wrote it with toISOString). */
function t(v: unknown): Instant | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Replaces the named fields of each record by their Instant. */
function revive<T>(records: readonly Rec[], fields: readonly string[]): T[] {
  return records.map((r) => {
    const out: Rec = { ...r };
    for (const f of fields) out[f] = t(r[f]);
    return out as T;
  });
}

function dataUsage(
  records: readonly Rec[],
  ind: Ind,
  module: 'datausage' | 'netusage' = 'datausage',
): ModuleResult {
  const processes = new Map<number, ios.ProcessUsage>();
  const live: ios.LiveUsage[] = [];
  const proc = (r: Rec) => {
    const [p] = revive<ios.ProcessUsage>([r], ['firstTimestamp', 'timestamp']);
    if (p !== undefined && !processes.has(p.pk)) processes.set(p.pk, p);
  };
  for (const r of records) {
    if (typeof r.usagePk === 'number') {
      live.push({
        pk: r.usagePk,
        processPk: typeof r.processPk === 'number' ? r.processPk : null,
        timestamp: t(r.timestamp),
        wwanIn: Number(r.wwanIn ?? 0),
        wwanOut: Number(r.wwanOut ?? 0),
        wifiIn: typeof r.wifiIn === 'number' ? r.wifiIn : null,
        wifiOut: typeof r.wifiOut === 'number' ? r.wifiOut : null,
      });
      if (typeof r.process === 'object' && r.process !== null) proc(r.process as Rec);
    } else proc(r);
  }
  // The scan read processes in table order; the keys keep the check's gap test the same.
  const ordered = [...processes.values()].sort((a, b) => a.pk - b.pk);
  return ios.checkDataUsage(ordered, live, ind, module);
}

type Recheck = (records: readonly Rec[], ind: Ind) => ModuleResult;

const first = (records: readonly Rec[]): Rec => records[0] ?? {};

const IOS: Readonly<Record<string, Recheck>> = {
  backup_info: (r) => {
    const [info] = revive<ios.BackupInfo>([first(r)], ['lastBackupDate']);
    return ios.checkBackupInfo(info as ios.BackupInfo);
  },
  manifest: (r, ind) => ios.checkManifest(r as unknown as ios.ManifestEntry[], ind),
  applications: (r, ind) => ios.checkApplications(revive(r, ['purchaseDate']), ind),
  global_preferences: (r) => {
    const v = first(r).lockdownMode;
    return ios.checkGlobalPreferences(typeof v === 'boolean' ? v : null);
  },
  datausage: (r, ind) => dataUsage(r, ind),
  netusage: (r, ind) => dataUsage(r, ind, 'netusage'),
  safari_history: (r, ind) =>
    ios.checkSafariHistory(revive(r, ['visitTime', 'redirectSourceTime']), ind, hostOf),
  safari_browser_state: (r, ind) => ios.checkSafariTabs(revive(r, ['lastViewed']), ind),
  sms: (r, ind) => ios.checkSms(revive(r, ['date']), ind),
  whatsapp: (r, ind) => ios.checkWhatsapp(revive(r, ['date']), ind),
  sms_attachments: (r, ind) => ios.checkSmsAttachments(revive(r, ['created']), ind),
  calendar: (r, ind) => ios.checkCalendar(revive(r, ['start']), ind),
  tcc: (r, ind) => ios.checkTcc(revive(r, ['lastModified']), ind),
  configuration_profiles: (r, ind) => ios.checkConfigurationProfiles(revive(r, ['installDate']), ind),
  profile_events: (r, ind) => ios.checkProfileEvents(revive(r, ['timestamp']), ind),
  locationd_clients: (r, ind) => ios.checkLocationClients(r as unknown as ios.LocationClient[], ind),
  os_analytics_ad_daily: (r, ind) => ios.checkAnalytics(revive(r, ['date']), ind),
  calls: (r, ind) => ios.checkCalls(revive(r, ['date']), ind),
  chrome_history: (r, ind) => ios.checkChromeHistory(revive(r, ['visitTime']), ind),
  chrome_favicon: (r, ind) => ios.checkChromeFavicons(revive(r, ['lastUpdated']), ind),
  firefox_history: (r, ind) => ios.checkFirefoxHistory(revive(r, ['visitTime']), ind),
  firefox_favicon: (r, ind) => ios.checkFirefoxFavicons(revive(r, ['lastUpdated']), ind),
  id_status_cache: (r, ind) => ios.checkIdStatusCache(revive(r, ['lookupDate']), ind),
  webkit_resource_load_statistics: (r, ind) =>
    ios.checkResourceLoadStatistics(revive(r, ['lastSeen', 'mostRecentUserInteraction']), ind),
  webkit_session_resource_log: (r, ind) => ios.checkSessionResourceLog(revive(r, ['lastSeen']), ind),
  shortcuts: (r, ind) => ios.checkShortcuts(revive(r, ['created', 'modified']), ind),
  interaction_c: (r, ind) => ios.checkInteractionC(revive(r, ['start', 'end']), ind),
  contacts: (r, ind) => ios.checkContacts(revive(r, ['created', 'modified']), ind),
  safari_favicon: (r, ind) => ios.checkSafariFavicons(revive(r, ['lastUpdated']), ind),
  cache_files: (r, ind) => ios.checkCacheFiles(revive(r, ['timestamp']), ind),
  version_history: (r) => ios.checkVersionHistory(revive(r, ['timestamp'])),
  webkit_indexeddb: (r, ind) => ios.checkWebkitOrigins('webkit_indexeddb', revive(r, ['modified']), ind),
  webkit_localstorage: (r, ind) =>
    ios.checkWebkitOrigins('webkit_localstorage', revive(r, ['modified']), ind),
  webkit_safariviewservice: (r, ind) =>
    ios.checkWebkitOrigins('webkit_safariviewservice', revive(r, ['modified']), ind),
  analytics: (r, ind) => ios.checkKeychainAnalytics(revive(r, ['timestamp']), ind),
  shutdown_log: (r, ind) => sysdiagnose.checkShutdownLog(revive(r, ['at']), ind),
};

const ANDROID: Readonly<Record<string, Recheck>> = {
  getprop: (r, ind) =>
    checkProperties(new Map(r.map((x) => [str(x.name) ?? '', str(x.value) ?? ''] as const)), ind),
  packages: (r, ind) => checkPackages(revive<AndroidPackage>(r, ['installTime']), ind),
  processes: (r, ind) => checkProcesses(r as unknown as AndroidProcess[], ind),
  settings: (r) => checkSettings(r as unknown as AndroidSetting[]),
  files: (r, ind) => checkFiles(revive<AndroidFile>(r, ['modified']), ind),
  root_binaries: (r) => checkRootBinaries(r.map((x) => str(x.path) ?? '')),
  sms: (r, ind) => checkAndroidSms(revive<AndroidSms>(r, ['date']), ind),
  mounts: (r) => system.checkMounts(r as unknown as system.Mount[]),
  dumpsys_accessibility: (r, ind) =>
    system.checkAccessibility(r as unknown as system.AccessibilityService[], ind),
  dumpsys_appops: (r, ind) => system.checkAppOps(revive(r, ['lastAccess']), ind),
  dumpsys_receivers: (r, ind) => system.checkReceivers(r as unknown as system.Receiver[], ind),
  dumpsys_packages: (r, ind) =>
    system.checkDumpsysPackages(revive(r, ['firstInstallTime', 'lastUpdateTime']), ind),
  dumpsys_battery_history: (r, ind) => system.checkBatteryHistory(revive(r, ['at']), ind),
  logcat: (r, ind) => system.checkLogcat(revive(r, ['at']), ind),
  tombstones: (r, ind) => system.checkTombstones(revive(r, ['at']), ind),
  backup_packages: (r, ind) =>
    checkBackupPackages(
      r.map((x) => str(x.name) ?? ''),
      ind,
    ),
};

/** A bug report inside an AndroidQF acquisition: its modules re-checked as the bug report's. */
const NESTED_BUGREPORT: Readonly<Record<string, Recheck>> = Object.fromEntries(
  NESTED_BUGREPORT_MODULES.map((name) => {
    const inner = ANDROID[name.slice('bugreport_'.length)];
    if (inner === undefined) throw new Error(`no re-check for ${name}`);
    return [name, (r: readonly Rec[], ind: Ind) => renameModule(inner(r, ind), name)] as const;
  }),
);

const SYSDIAGNOSE: Readonly<Record<string, Recheck>> = {
  shutdown_log: (r, ind) => sysdiagnose.checkShutdownLog(revive(r, ['at']), ind),
  ps: (r, ind) => sysdiagnose.checkPs(r as unknown as sysdiagnose.RunningProcess[], ind),
  configuration_profiles: (r, ind) => ios.checkConfigurationProfiles(revive(r, ['installDate']), ind),
};

const BY_KIND: Readonly<Record<EvidenceKind, Readonly<Record<string, Recheck>>>> = {
  'ios-backup': IOS,
  'ios-filesystem': IOS,
  sysdiagnose: SYSDIAGNOSE,
  androidqf: { ...ANDROID, ...NESTED_BUGREPORT },
  'android-backup': ANDROID,
  bugreport: ANDROID,
};

/**
 * Re-runs one module's check over its saved records with `ind` (null: heuristics only).
 * `kind` is the scan's evidence kind (`ios-backup`, `androidqf`, `android-backup`): the iOS and
 * Android message modules share the name `sms`.
 */
export function recheckModule(
  kind: string,
  module: string,
  records: readonly unknown[],
  ind: Ind,
): ModuleResult {
  const table = Object.hasOwn(BY_KIND, kind) ? BY_KIND[kind as EvidenceKind] : ANDROID;
  const run = Object.hasOwn(table, module) ? table[module] : undefined;
  if (run === undefined) throw new Error(`module ${module} of ${kind} cannot be re-checked`);
  const rows = records.filter((r): r is Rec => typeof r === 'object' && r !== null && !Array.isArray(r));
  if (rows.length !== records.length) throw new Error(`${module}.json holds records that are not objects`);
  return run(rows, ind);
}
