/**
 * Android check modules over an AndroidQF acquisition (or a backup's files): rows in, alerts out.
 */
import type { Instant } from '../time.ts';
import { extractLinks, iso, ModuleOutput, type ModuleResult } from './alerts.ts';
import type { IndicatorSet } from './indicators.ts';

type Ind = IndicatorSet | null;

export interface PackageFile {
  readonly path: string;
  readonly md5: string | null;
  readonly sha1: string | null;
  readonly sha256: string | null;
  readonly certificateHashes: readonly string[];
}

export interface AndroidPackage {
  readonly name: string;
  readonly installer: string | null;
  readonly system: boolean;
  readonly disabled: boolean;
  readonly installTime: Instant | null;
  readonly files: readonly PackageFile[];
}

/** Installers that mean a store vetted the app; anything else on a user app is worth a look. */
const TRUSTED_INSTALLERS = new Set([
  'com.android.vending',
  'com.google.android.packageinstaller',
  'com.google.android.feedback',
  'com.sec.android.app.samsungapps',
  'com.huawei.appmarket',
  'com.amazon.venezia',
]);
const BROWSERS = new Set([
  'com.android.chrome',
  'org.mozilla.firefox',
  'com.sec.android.app.sbrowser',
  'com.opera.browser',
]);

export function checkPackages(packages: readonly AndroidPackage[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('packages');
  for (const p of packages) {
    const rec = { ...p, installTime: iso(p.installTime) };
    out.record(rec, p.installTime, 'package installed', p.name);
    if (ind !== null) {
      out.match('critical', `Package ${p.name}`, ind.checkAppId(p.name), p.installTime, rec);
      for (const f of p.files) {
        for (const h of [f.sha256, f.sha1, f.md5]) {
          if (h !== null)
            out.match('critical', `Package ${p.name} file ${f.path}`, ind.checkHash(h), p.installTime, rec);
        }
        for (const c of f.certificateHashes) {
          out.match(
            'critical',
            `Package ${p.name} signing certificate`,
            ind.checkAppCertHash(c),
            p.installTime,
            rec,
          );
        }
      }
    }
    if (p.system) continue;
    const inst = p.installer;
    if (inst === null || inst === '' || inst === 'null') {
      out.alert(
        'medium',
        `Package ${p.name} was installed without a store (sideloaded, e.g. over adb)`,
        p.installTime,
        rec,
      );
    } else if (BROWSERS.has(inst)) {
      out.alert('medium', `Package ${p.name} was installed from a browser (${inst})`, p.installTime, rec);
    } else if (!TRUSTED_INSTALLERS.has(inst)) {
      out.alert(
        'medium',
        `Package ${p.name} was installed by a third-party store (${inst})`,
        p.installTime,
        rec,
      );
    }
  }
  return out.result();
}

export interface AndroidProcess {
  readonly pid: number | null;
  readonly user: string | null;
  readonly name: string;
}

export function checkProcesses(procs: readonly AndroidProcess[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('processes');
  for (const p of procs) {
    out.record(p);
    if (ind !== null) {
      out.match(
        'critical',
        `Process ${p.name}`,
        ind.checkProcess(p.name) ?? ind.checkAppId(p.name.split(':')[0] ?? ''),
        null,
        p,
      );
    }
  }
  return out.result();
}

export function checkProperties(props: ReadonlyMap<string, string>, ind: Ind): ModuleResult {
  const out = new ModuleOutput('getprop');
  for (const [name, value] of props) {
    const rec = { name, value };
    out.record(rec);
    if (ind !== null)
      out.match('critical', `System property ${name}`, ind.checkAndroidProperty(name), null, rec);
  }
  return out.result();
}

/** Settings whose value weakens the device; `bad` is the value that is dangerous. */
const DANGEROUS_SETTINGS: readonly { key: string; bad: string; why: string }[] = [
  { key: 'verifier_verify_adb_installs', bad: '0', why: 'apps installed over adb are not verified' },
  { key: 'package_verifier_enable', bad: '0', why: 'package verification is off' },
  { key: 'package_verifier_user_consent', bad: '-1', why: 'package verification consent refused' },
  { key: 'upload_apk_enable', bad: '0', why: 'Play Protect app upload is off' },
  { key: 'adb_enabled', bad: '1', why: 'USB debugging is on' },
  { key: 'install_non_market_apps', bad: '1', why: 'installs from unknown sources are allowed' },
  { key: 'send_action_app_error', bad: '0', why: 'app error reports are off' },
];

export interface AndroidSetting {
  readonly namespace: string;
  readonly key: string;
  readonly value: string;
}

export function checkSettings(settings: readonly AndroidSetting[]): ModuleResult {
  const out = new ModuleOutput('settings');
  for (const s of settings) {
    out.record(s);
    const d = DANGEROUS_SETTINGS.find((x) => x.key === s.key);
    if (d !== undefined && s.value === d.bad)
      out.alert('medium', `Setting ${s.namespace}.${s.key}=${s.value}: ${d.why}`, null, s);
  }
  return out.result();
}

export interface AndroidFile {
  readonly path: string;
  readonly sha256: string | null;
  readonly modified: Instant | null;
}

export function checkFiles(files: readonly AndroidFile[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('files');
  for (const f of files) {
    const rec = { ...f, modified: iso(f.modified) };
    out.record(rec, f.modified, 'file modified', f.path);
    if (ind !== null) {
      out.match('high', `File ${f.path}`, ind.checkFilePath(f.path), f.modified, rec);
      if (f.sha256 !== null)
        out.match('critical', `File ${f.path}`, ind.checkHash(f.sha256), f.modified, rec);
    }
    // Exploit chains stage their payloads where the shell user can write.
    if (f.path.startsWith('/data/local/tmp/') && f.path !== '/data/local/tmp/') {
      out.alert('medium', `File in /data/local/tmp: ${f.path}`, f.modified, rec);
    }
  }
  return out.result();
}

export function checkRootBinaries(paths: readonly string[]): ModuleResult {
  const out = new ModuleOutput('root_binaries');
  for (const p of paths) {
    const rec = { path: p };
    out.record(rec);
    out.alert('high', `Root binary found: ${p}`, null, rec);
  }
  return out.result();
}

export interface AndroidSms {
  readonly address: string | null;
  readonly body: string | null;
  readonly date: Instant | null;
}

export function checkAndroidSms(messages: readonly AndroidSms[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('sms');
  for (const m of messages) {
    const links = extractLinks(m.body ?? '');
    const rec = { ...m, date: iso(m.date), links };
    out.record(rec, m.date, 'sms', `${m.address ?? '?'}: ${(m.body ?? '').slice(0, 200)}`);
    if (ind !== null)
      for (const l of links) out.match('critical', `SMS link ${l}`, ind.checkUrl(l), m.date, rec);
  }
  return out.result();
}

/** Packages an adb backup holds data for; their names are checked as app ids. */
export function checkBackupPackages(packages: readonly string[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('backup_packages');
  for (const name of packages) {
    const rec = { name };
    out.record(rec);
    if (ind !== null) out.match('critical', `Backed-up package ${name}`, ind.checkAppId(name), null, rec);
  }
  return out.result();
}
