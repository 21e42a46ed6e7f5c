/**
 * Android checks over what the system itself reports: dumpsys sections (accessibility, app ops,
 * broadcast receivers, the package manager, battery history), logcat, mounts and tombstones.
 * The same rows come from an AndroidQF acquisition or a bug report. Times printed by the device
 * carry no zone; they are read as UTC (the device clock, as printed).
 */
import type { Instant } from '../time.ts';
import { iso, ModuleOutput, type ModuleResult } from './alerts.ts';
import type { IndicatorSet } from './indicators.ts';

type Ind = IndicatorSet | null;

/** The package of a component name (`pkg/.Cls` or `pkg/pkg.Cls`). */
export const packageOf = (component: string): string => component.split('/')[0] ?? component;

/** Accessibility services shipped by the platform or by vendors for their own devices. */
const KNOWN_ACCESSIBILITY = new Set([
  'com.google.android.marvin.talkback',
  'com.google.android.accessibility.switchaccess',
  'com.google.android.apps.accessibility.voiceaccess',
  'com.google.android.accessibility.soundamplifier',
  'com.google.android.apps.accessibility.auditor',
  'com.samsung.accessibility',
  'com.samsung.android.accessibility.talkback',
  'com.android.talkback',
]);

export interface AccessibilityService {
  readonly component: string;
  readonly enabled: boolean;
}

export function checkAccessibility(services: readonly AccessibilityService[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('dumpsys_accessibility');
  for (const s of services) {
    out.record(s);
    const pkg = packageOf(s.component);
    if (ind !== null)
      out.match('critical', `Accessibility service ${s.component}`, ind.checkAppId(pkg), null, s);
    // An enabled accessibility service reads the screen and can act for the user: spyware's favourite.
    if (s.enabled && !KNOWN_ACCESSIBILITY.has(pkg))
      out.alert('high', `Unknown accessibility service enabled: ${s.component}`, null, s);
  }
  return out.result();
}

export interface AppOp {
  readonly uid: string;
  readonly package: string;
  readonly op: string;
  readonly mode: string;
  readonly lastAccess: Instant | null;
}

/** An app's uid as dumpsys prints it (`u0a123`), as opposed to a system uid (`1000`). */
const isAppUid = (uid: string) => /^u\d+a\d+$/.test(uid);
const SENSOR_OPS = new Set(['CAMERA', 'RECORD_AUDIO', 'PHONE_CALL_CAMERA', 'PHONE_CALL_MICROPHONE']);

export function checkAppOps(ops: readonly AppOp[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('dumpsys_appops');
  for (const o of ops) {
    const rec = { ...o, lastAccess: iso(o.lastAccess) };
    out.record(rec, o.lastAccess, `app op ${o.op}`, `${o.package} ${o.op} (${o.mode})`);
    if (ind !== null)
      out.match('critical', `App op ${o.op} of ${o.package}`, ind.checkAppId(o.package), o.lastAccess, rec);
    if (o.op === 'REQUEST_INSTALL_PACKAGES' && o.mode.startsWith('allow'))
      out.alert('medium', `Package ${o.package} may install other apps`, o.lastAccess, rec);
    else if (SENSOR_OPS.has(o.op) && isAppUid(o.uid) && o.lastAccess !== null)
      out.alert('low', `Package ${o.package} used ${o.op}`, o.lastAccess, rec);
  }
  return out.result();
}

export interface Receiver {
  readonly action: string;
  readonly component: string;
}

/** Broadcasts that hand an app incoming messages or calls as they arrive. */
const SENSITIVE_ACTIONS: Readonly<Record<string, string>> = {
  'android.provider.Telephony.SMS_RECEIVED': 'incoming SMS',
  'android.provider.Telephony.SMS_DELIVER': 'incoming SMS',
  'android.provider.Telephony.DATA_SMS_RECEIVED': 'incoming data SMS',
  'android.provider.Telephony.WAP_PUSH_RECEIVED': 'incoming WAP push',
  'android.intent.action.NEW_OUTGOING_CALL': 'outgoing calls',
  'android.intent.action.PHONE_STATE': 'phone calls',
};

export function checkReceivers(receivers: readonly Receiver[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('dumpsys_receivers');
  for (const r of receivers) {
    out.record(r);
    const pkg = packageOf(r.component);
    if (ind !== null) out.match('critical', `Receiver ${r.component}`, ind.checkAppId(pkg), null, r);
    const what = SENSITIVE_ACTIONS[r.action];
    if (what !== undefined && !pkg.startsWith('com.android.') && pkg !== 'android')
      out.alert('info', `Package ${pkg} receives ${what} (${r.component})`, null, r);
  }
  return out.result();
}

export interface DumpsysPackage {
  readonly name: string;
  readonly uid: number | null;
  readonly codePath: string | null;
  readonly installer: string | null;
  readonly system: boolean;
  readonly firstInstallTime: Instant | null;
  readonly lastUpdateTime: Instant | null;
}

export function checkDumpsysPackages(packages: readonly DumpsysPackage[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('dumpsys_packages');
  for (const p of packages) {
    const rec = { ...p, firstInstallTime: iso(p.firstInstallTime), lastUpdateTime: iso(p.lastUpdateTime) };
    out.record(rec, p.firstInstallTime, 'package installed', p.name);
    if (p.lastUpdateTime !== null && p.lastUpdateTime !== p.firstInstallTime)
      out.timeline.push({
        at: p.lastUpdateTime,
        module: out.module,
        event: 'package updated',
        description: p.name,
      });
    if (ind !== null) {
      out.match('critical', `Package ${p.name}`, ind.checkAppId(p.name), p.firstInstallTime, rec);
      if (p.codePath !== null)
        out.match(
          'high',
          `Package ${p.name} at ${p.codePath}`,
          ind.checkFilePath(p.codePath),
          p.firstInstallTime,
          rec,
        );
    }
    if (!p.system && (p.installer === null || p.installer === 'null'))
      out.alert('medium', `Package ${p.name} was installed without a store`, p.firstInstallTime, rec);
  }
  return out.result();
}

export interface BatteryEvent {
  readonly at: Instant | null;
  readonly event: string;
  readonly uid: string;
  readonly package: string;
  readonly detail: string;
}

export function checkBatteryHistory(events: readonly BatteryEvent[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('dumpsys_battery_history');
  for (const e of events) {
    const rec = { ...e, at: iso(e.at) };
    out.record(rec, e.at, e.event, `${e.package} ${e.detail}`.trim());
    if (ind !== null)
      out.match(
        'critical',
        `Battery history ${e.event} of ${e.package}`,
        ind.checkAppId(e.package),
        e.at,
        rec,
      );
  }
  return out.result();
}

export interface LogcatEvent {
  readonly at: Instant | null;
  readonly pid: number | null;
  readonly tag: string;
  /** The process a `Start proc` line names, or null. */
  readonly process: string | null;
  /** Links in the message. */
  readonly links: readonly string[];
  readonly message: string;
}

export function checkLogcat(events: readonly LogcatEvent[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('logcat');
  for (const e of events) {
    const rec = { ...e, at: iso(e.at) };
    out.record(rec, e.at, e.tag, e.message.slice(0, 200));
    if (ind === null) continue;
    if (e.process !== null)
      out.match(
        'critical',
        `Process ${e.process} started`,
        ind.checkProcess(e.process) ?? ind.checkAppId(e.process.split(':')[0] ?? ''),
        e.at,
        rec,
      );
    for (const l of e.links) out.match('critical', `Log link ${l}`, ind.checkUrl(l), e.at, rec);
  }
  return out.result();
}

export interface Mount {
  readonly device: string;
  readonly mountPoint: string;
  readonly type: string;
  readonly options: readonly string[];
}

/** Partitions a stock device keeps read-only; writable, they mean the device was rooted. */
const READ_ONLY_MOUNTS = new Set(['/', '/system', '/system_root', '/vendor', '/product', '/system_ext']);

export function checkMounts(mounts: readonly Mount[]): ModuleResult {
  const out = new ModuleOutput('mounts');
  for (const m of mounts) {
    out.record(m);
    if (READ_ONLY_MOUNTS.has(m.mountPoint) && m.options.includes('rw'))
      out.alert('high', `${m.mountPoint} is mounted writable (${m.device}): a sign of root`, null, m);
  }
  return out.result();
}

export interface Tombstone {
  readonly file: string;
  readonly at: Instant | null;
  readonly pid: number | null;
  readonly uid: number | null;
  readonly process: string | null;
  readonly thread: string | null;
  readonly signal: string | null;
}

export function checkTombstones(tombstones: readonly Tombstone[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('tombstones');
  for (const t of tombstones) {
    const rec = { ...t, at: iso(t.at) };
    const p = t.process ?? '?';
    out.record(rec, t.at, 'crash', `${p} ${t.signal ?? ''}`.trim());
    if (ind !== null && t.process !== null)
      out.match(
        'critical',
        `Crashed process ${p}`,
        ind.checkProcess(t.process) ??
          (t.process.startsWith('/') ? ind.checkFilePath(t.process) : null) ??
          ind.checkAppId(t.process.split(':')[0] ?? ''),
        t.at,
        rec,
      );
  }
  return out.result();
}
