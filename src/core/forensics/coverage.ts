/**
 * Coverage of a forensic scan: which check modules ran, failed or had no input, against the
 * modules a qualifying check must cover. A scan that found nothing is only as good as what it
 * read: a near-empty acquisition must not pass for a clean check.
 */
import type { Platform } from '../model.ts';

/** The kinds of evidence a scan reads, and the platform each comes from. */
export const EVIDENCE_PLATFORMS = {
  'ios-backup': 'ios',
  /** A jailbreak/checkm8 extraction of the phone's file system: a folder or a tar. */
  'ios-filesystem': 'ios',
  sysdiagnose: 'ios',
  androidqf: 'android',
  'android-backup': 'android',
  bugreport: 'android',
} as const satisfies Record<string, Platform>;

export type EvidenceKind = keyof typeof EVIDENCE_PLATFORMS;

/** The platform of a scan's evidence kind; Android for a kind this version does not know. */
export function platformOfKind(kind: string): Platform {
  return Object.hasOwn(EVIDENCE_PLATFORMS, kind) ? EVIDENCE_PLATFORMS[kind as EvidenceKind] : 'android';
}

/**
 * The iOS backup modules (src/adapters/evidence/ios-modules.ts), in the order they run. A
 * full-filesystem dump runs the same modules (`backup_info` has no input there: a dump has no
 * Info.plist; its `manifest` is the dump's file list).
 */
export const IOS_SCAN_MODULES = [
  'backup_info',
  'manifest',
  'applications',
  'global_preferences',
  'datausage',
  'safari_history',
  'safari_browser_state',
  'sms',
  'sms_attachments',
  'whatsapp',
  'calendar',
  'tcc',
  'configuration_profiles',
  'profile_events',
  'locationd_clients',
  'os_analytics_ad_daily',
  'calls',
  'chrome_history',
  'chrome_favicon',
  'firefox_history',
  'firefox_favicon',
  'id_status_cache',
  'webkit_resource_load_statistics',
  'webkit_session_resource_log',
  'shortcuts',
  'interaction_c',
  'contacts',
] as const;

/** A full-filesystem dump's modules: the backup's, then those only a dump has the input for. */
export const IOS_FILESYSTEM_ONLY_MODULES = [
  'netusage',
  'safari_favicon',
  'cache_files',
  'version_history',
  'webkit_indexeddb',
  'webkit_localstorage',
  'webkit_safariviewservice',
  'analytics',
  'shutdown_log',
] as const;
export const IOS_FILESYSTEM_SCAN_MODULES = [...IOS_SCAN_MODULES, ...IOS_FILESYSTEM_ONLY_MODULES] as const;

/** The sysdiagnose modules (src/adapters/evidence/sysdiagnose.ts), in the order they run. */
export const SYSDIAGNOSE_SCAN_MODULES = ['shutdown_log', 'ps', 'configuration_profiles'] as const;

/**
 * Every iOS module a protocol's coverage may name: a backup's, a dump's and a sysdiagnose's own
 * (`shutdown_log` is both a dump's and a sysdiagnose's).
 */
export const IOS_COVERAGE_MODULES = [...IOS_SCAN_MODULES, ...IOS_FILESYSTEM_ONLY_MODULES, 'ps'] as const;

/**
 * The modules of a bug report inside an AndroidQF acquisition (`bugreport.zip`): the bug report's
 * own modules, `bugreport_` prefixed so their results sit beside the acquisition's.
 */
export const NESTED_BUGREPORT_MODULES = [
  'bugreport_getprop',
  'bugreport_processes',
  'bugreport_settings',
  'bugreport_dumpsys_accessibility',
  'bugreport_dumpsys_appops',
  'bugreport_dumpsys_receivers',
  'bugreport_dumpsys_packages',
  'bugreport_dumpsys_battery_history',
  'bugreport_logcat',
  'bugreport_tombstones',
] as const;

/**
 * The Android modules: AndroidQF's (androidqf.ts), an adb backup's (`sms`, `backup_packages`),
 * an adb backup inside an AndroidQF acquisition (`backup_` prefixed) and a bug report inside
 * one (`bugreport_` prefixed).
 */
export const ANDROID_SCAN_MODULES = [
  'getprop',
  'packages',
  'processes',
  'settings',
  'files',
  'root_binaries',
  'mounts',
  'dumpsys_accessibility',
  'dumpsys_appops',
  'dumpsys_receivers',
  'dumpsys_packages',
  'dumpsys_battery_history',
  'logcat',
  'tombstones',
  'sms',
  'backup_packages',
  'backup_sms',
  'backup_backup_packages',
  ...NESTED_BUGREPORT_MODULES,
] as const;

/**
 * What a qualifying check covers when the protocol says nothing: on iOS the backup's manifest,
 * messages, browser state, usage and permission databases and configuration profiles; on
 * Android the package list, processes, properties and settings.
 */
export const DEFAULT_COVERAGE: Readonly<Record<Platform, readonly string[]>> = {
  ios: [
    'manifest',
    'sms',
    'safari_history',
    'safari_browser_state',
    'datausage',
    'tcc',
    'configuration_profiles',
  ],
  android: ['packages', 'processes', 'getprop', 'settings'],
};

export interface ModuleCoverage {
  readonly module: string;
  /** ran: it read its input; failed: its input was unreadable (`error`); missing: no input. */
  readonly status: 'ran' | 'failed' | 'missing';
  readonly error: string | null;
  readonly required: boolean;
}

export interface ScanCoverage {
  readonly platform: Platform;
  readonly required: readonly string[];
  readonly modules: readonly ModuleCoverage[];
  /** Required modules that did not run (failed, had no input or are not in this kind of evidence). */
  readonly missing: readonly string[];
  /** Every module that failed, required or not. */
  readonly failed: readonly string[];
  /** True when every required module ran. */
  readonly complete: boolean;
}

/** The coverage of a scan's module statuses against `required` (default: DEFAULT_COVERAGE). */
export function scanCoverage(
  platform: Platform,
  statuses: readonly { module: string; status: string; message?: string | null }[],
  required: readonly string[] = DEFAULT_COVERAGE[platform],
): ScanCoverage {
  const need = new Set(required);
  const modules: ModuleCoverage[] = statuses.map((s) => ({
    module: s.module,
    status: s.status === 'ok' ? 'ran' : s.status === 'failed' ? 'failed' : 'missing',
    error: s.status === 'failed' ? (s.message ?? 'failed') : null,
    required: need.has(s.module),
  }));
  const ran = new Set(modules.filter((m) => m.status === 'ran').map((m) => m.module));
  const missing = [...need].filter((m) => !ran.has(m));
  return {
    platform,
    required: [...need],
    modules,
    missing,
    failed: modules.filter((m) => m.status === 'failed').map((m) => m.module),
    complete: missing.length === 0,
  };
}

/** One line naming what is missing and what failed, for notes, messages and the CLI. */
export function describeCoverage(c: ScanCoverage): string {
  const parts: string[] = [];
  if (c.missing.length > 0) parts.push(`required evidence missing: ${c.missing.join(', ')}`);
  const errs = c.modules.filter((m) => m.status === 'failed').map((m) => `${m.module} (${m.error ?? ''})`);
  if (errs.length > 0) parts.push(`failed modules: ${errs.join(', ')}`);
  return parts.length === 0 ? 'every required module ran' : parts.join('; ');
}
