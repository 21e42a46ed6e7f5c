/**
 * iOS check modules: rows read from a backup in, alerts out. Each function is pure; the
 * evidence adapter reads the databases and plists and hands the rows here. Levels and
 * heuristics follow the published forensic methodology (see docs in README.md): an indicator
 * hit on a link or process is critical, on a file path high; tampering signs are high.
 */
import type { Instant } from '../time.ts';
import { extractLinks, iso, ModuleOutput, type ModuleResult } from './alerts.ts';
import type { IndicatorSet } from './indicators.ts';

/** An empty indicator set behaves as "no indicators loaded": heuristics still run. */
type Ind = IndicatorSet | null;

export interface ManifestEntry {
  readonly domain: string;
  readonly relativePath: string;
  readonly flags: number;
}

export function checkManifest(rows: Iterable<ManifestEntry>, ind: Ind): ModuleResult {
  const out = new ModuleOutput('manifest');
  for (const r of rows) {
    // Every entry is kept: a re-check against new indicators has only the records.
    out.record(r);
    if (ind === null || r.relativePath === '') continue;
    const path = `/${r.relativePath}`;
    const hit = ind.checkFilePath(path);
    if (hit !== null) {
      out.match('high', `File ${path} (${r.domain})`, hit, null, r);
      continue;
    }
    // App containers and caches name folders after the sites they talk to.
    for (const part of r.relativePath.split(/[_/]/)) {
      if (
        part.includes('.') &&
        /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(part) &&
        !/\.(plist|db|sqlite|json)$/i.test(part)
      ) {
        const d = ind.checkHost(part);
        if (d !== null) {
          out.match('high', `File ${path} (${r.domain}) names a domain`, d, null, r);
          break;
        }
      }
    }
  }
  return out.result();
}

export interface BackupInfo {
  readonly deviceName: string | null;
  readonly productType: string | null;
  readonly productVersion: string | null;
  readonly buildVersion: string | null;
  readonly serialNumber: string | null;
  readonly lastBackupDate: Instant | null;
  readonly encrypted: boolean;
}

export function checkBackupInfo(info: BackupInfo): ModuleResult {
  const out = new ModuleOutput('backup_info');
  out.record(
    { ...info, lastBackupDate: iso(info.lastBackupDate) },
    info.lastBackupDate,
    'backup',
    'Backup made',
  );
  return out.result();
}

export interface ProcessUsage {
  readonly pk: number;
  readonly procName: string | null;
  readonly bundleName: string | null;
  readonly firstTimestamp: Instant | null;
  readonly timestamp: Instant | null;
}

export interface LiveUsage {
  readonly pk: number;
  readonly processPk: number | null;
  readonly timestamp: Instant | null;
  readonly wwanIn: number;
  readonly wwanOut: number;
  /** Wi-Fi traffic, where the database has the columns. */
  readonly wifiIn?: number | null;
  readonly wifiOut?: number | null;
}

/**
 * DataUsage: every usage row (ZLIVEUSAGE joined to its ZPROCESS row) is a record with its
 * time and traffic, and its process name is matched against indicators, so a process seen in
 * two usage rows is matched (and on the timeline) twice; processes without usage rows are
 * records too. Signs of tampering: a gap in the process table's primary keys (a row was
 * deleted) and usage rows whose process row is gone.
 */
export function checkDataUsage(
  processes: readonly ProcessUsage[],
  live: readonly LiveUsage[],
  ind: Ind,
  /** `netusage`: networkd's netusage.sqlite has the same tables (full-filesystem dumps only). */
  module: 'datausage' | 'netusage' = 'datausage',
): ModuleResult {
  const out = new ModuleOutput(module);
  const label = module === 'datausage' ? 'DataUsage' : 'netusage';
  const byPk = new Map<number, ProcessUsage>();
  for (const p of processes) byPk.set(p.pk, p);
  const procRecord = (p: ProcessUsage) => ({
    ...p,
    firstTimestamp: iso(p.firstTimestamp),
    timestamp: iso(p.timestamp),
  });
  const matchProcess = (p: ProcessUsage, at: Instant | null, rec: object) => {
    if (ind === null || p.procName === null) return;
    // Names are stored as "process/bundle-id": check the whole and the process part.
    const hit = ind.checkProcess(p.procName) ?? ind.checkProcess(p.procName.split('/')[0] ?? '');
    out.match('critical', `Process ${p.procName}`, hit, at, rec);
  };
  const used = new Set<number>();
  for (const l of live) {
    const p = l.processPk === null ? undefined : byPk.get(l.processPk);
    const rec = {
      usagePk: l.pk,
      processPk: l.processPk,
      timestamp: iso(l.timestamp),
      wwanIn: l.wwanIn,
      wwanOut: l.wwanOut,
      wifiIn: l.wifiIn ?? null,
      wifiOut: l.wifiOut ?? null,
      process: p === undefined ? null : procRecord(p),
    };
    const name = p?.procName ?? (l.processPk === null ? '?' : `deleted process ${l.processPk}`);
    out.record(rec, l.timestamp, 'network usage', `${name}: ${l.wwanIn} B in, ${l.wwanOut} B out (cellular)`);
    if (p !== undefined) {
      used.add(p.pk);
      matchProcess(p, l.timestamp ?? p.firstTimestamp, rec);
    } else if (l.processPk !== null) {
      out.alert(
        'high',
        `Network usage row ${l.pk} refers to deleted process ${l.processPk} (records manipulated)`,
        l.timestamp,
        rec,
      );
    }
  }
  for (const p of processes) {
    if (used.has(p.pk)) continue;
    const rec = procRecord(p);
    out.record(rec, p.firstTimestamp, 'process first seen', `${p.procName ?? '?'} (${p.bundleName ?? '-'})`);
    matchProcess(p, p.firstTimestamp, rec);
  }
  const sorted = [...byPk.keys()].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as number;
    const cur = sorted[i] as number;
    for (let missing = prev + 1; missing < cur && missing < prev + 1000; missing++) {
      out.alert('low', `Missing process ${missing}: a ${label} process record was deleted`, null, {
        pk: missing,
      });
    }
  }
  return out.result();
}

export interface SafariVisit {
  readonly url: string;
  readonly visitTime: Instant | null;
  readonly redirectSourceUrl: string | null;
  readonly redirectSourceTime: Instant | null;
}

export function checkSafariHistory(
  visits: readonly SafariVisit[],
  ind: Ind,
  hostOf: (u: string) => string | null,
): ModuleResult {
  const out = new ModuleOutput('safari_history');
  for (const v of visits) {
    const rec = { ...v, visitTime: iso(v.visitTime), redirectSourceTime: iso(v.redirectSourceTime) };
    out.record(rec, v.visitTime, 'visit', v.url);
    if (ind !== null)
      out.match('critical', `Safari visit to ${v.url}`, ind.checkUrl(v.url), v.visitTime, rec);
    // An http:// page bounced within a second to another site is the mark of network injection.
    const src = v.redirectSourceUrl;
    if (src?.startsWith('http://') && v.visitTime !== null && v.redirectSourceTime !== null) {
      const a = hostOf(src);
      const b = hostOf(v.url);
      if (a !== null && b !== null && a !== b && Math.abs(v.visitTime - v.redirectSourceTime) < 1000) {
        out.alert(
          'medium',
          `Fast redirect from ${src} to ${v.url} (possible network injection)`,
          v.visitTime,
          rec,
        );
      }
    }
  }
  return out.result();
}

export interface SafariTab {
  readonly url: string;
  readonly title: string | null;
  readonly lastViewed: Instant | null;
}

export function checkSafariTabs(tabs: readonly SafariTab[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('safari_browser_state');
  for (const t of tabs) {
    const rec = { ...t, lastViewed: iso(t.lastViewed) };
    out.record(rec, t.lastViewed, 'tab', t.url);
    if (ind !== null) out.match('critical', `Safari tab ${t.url}`, ind.checkUrl(t.url), t.lastViewed, rec);
  }
  return out.result();
}

export interface Message {
  readonly id: string;
  readonly text: string | null;
  readonly date: Instant | null;
  readonly handle: string | null;
  readonly fromMe: boolean;
  readonly service: string | null;
}

/** Apple's threat notifications, sent by iMessage to targeted users. */
const THREAT_NOTIFICATIONS = [
  'ALERT: State-sponsored attackers may be targeting your iPhone',
  'ALERT: Apple detected a targeted mercenary spyware attack against your iPhone',
];

function checkMessages(module: string, label: string, messages: readonly Message[], ind: Ind): ModuleResult {
  const out = new ModuleOutput(module);
  for (const m of messages) {
    const links = extractLinks(m.text ?? '');
    const rec = { ...m, date: iso(m.date), links };
    out.record(
      rec,
      m.date,
      m.fromMe ? 'sent' : 'received',
      `${m.handle ?? '?'}: ${(m.text ?? '').slice(0, 200)}`,
    );
    if (ind !== null) {
      for (const link of links)
        out.match('critical', `${label} link ${link}`, ind.checkUrl(link), m.date, rec);
    }
    const text = (m.text ?? '').trimStart();
    if (THREAT_NOTIFICATIONS.some((t) => text.startsWith(t))) {
      out.alert('high', `Apple threat notification received from ${m.handle ?? '?'}`, m.date, rec);
    }
  }
  return out.result();
}

export const checkSms = (messages: readonly Message[], ind: Ind) =>
  checkMessages('sms', 'SMS/iMessage', messages, ind);
export const checkWhatsapp = (messages: readonly Message[], ind: Ind) =>
  checkMessages('whatsapp', 'WhatsApp', messages, ind);

export interface SmsAttachment {
  readonly messageId: string;
  readonly filename: string | null;
  readonly transferName: string | null;
  readonly mimeType: string | null;
  readonly created: Instant | null;
  readonly outgoing: boolean;
}

export function checkSmsAttachments(rows: readonly SmsAttachment[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('sms_attachments');
  for (const a of rows) {
    const rec = { ...a, created: iso(a.created) };
    out.record(rec, a.created, 'attachment', a.filename ?? a.transferName ?? '');
    const f = a.filename ?? '';
    if (ind !== null && f !== '') out.match('high', `Attachment ${f}`, ind.checkFilePath(f), a.created, rec);
    // FORCEDENTRY-style payloads arrived as received attachments under /var/tmp named "...-1".
    if (!a.outgoing && /\/var\/tmp\//.test(f) && /-1$/.test(f)) {
      out.alert('medium', `Suspicious received attachment ${f} in /var/tmp`, a.created, rec);
    }
  }
  return out.result();
}

export interface CalendarEvent {
  readonly summary: string | null;
  readonly description: string | null;
  readonly organizerEmail: string | null;
  readonly start: Instant | null;
}

export function checkCalendar(events: readonly CalendarEvent[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('calendar');
  for (const e of events) {
    const rec = { ...e, start: iso(e.start) };
    out.record(rec, e.start, 'calendar event', e.summary ?? '');
    if (ind !== null && e.organizerEmail !== null) {
      out.match(
        'critical',
        `Calendar organiser ${e.organizerEmail}`,
        ind.checkEmail(e.organizerEmail.replace(/^mailto:/i, '')),
        e.start,
        rec,
      );
    }
    // The zero-click calendar exploit left invitations titled "Meeting" with description "Notes".
    if (e.summary === 'Meeting' && e.description === 'Notes') {
      out.alert('high', 'Calendar event "Meeting"/"Notes" (known exploit artefact)', e.start, rec);
    }
  }
  return out.result();
}

export interface TccEntry {
  readonly service: string;
  readonly client: string;
  readonly clientType: number | null;
  readonly allowed: boolean;
  readonly lastModified: Instant | null;
}

export function checkTcc(entries: readonly TccEntry[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('tcc');
  for (const e of entries) {
    const rec = { ...e, lastModified: iso(e.lastModified) };
    out.record(
      rec,
      e.lastModified,
      'permission',
      `${e.client} ${e.allowed ? 'allowed' : 'denied'} ${e.service}`,
    );
    if (ind !== null)
      out.match('critical', `Permission client ${e.client}`, ind.checkProcess(e.client), e.lastModified, rec);
  }
  return out.result();
}

export interface InstalledApp {
  readonly bundleId: string | null;
  readonly name: string | null;
  readonly sourceApp: string | null;
  readonly purchaseDate: Instant | null;
}

/** Installers that mean "from the App Store" (or pushed by the device's MDM). */
const APP_STORE_SOURCES = new Set([
  'com.apple.AppStore',
  'com.apple.AppStore.ProductPageExtension',
  'com.apple.dmd',
  'dmd',
]);

export function checkApplications(apps: readonly InstalledApp[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('applications');
  for (const a of apps) {
    const rec = { ...a, purchaseDate: iso(a.purchaseDate) };
    out.record(rec, a.purchaseDate, 'app', a.bundleId ?? a.name ?? '?');
    if (a.bundleId === null) {
      out.alert('medium', `App ${a.name ?? '?'} has no bundle identifier`, a.purchaseDate, rec);
      continue;
    }
    if (ind !== null) {
      const hit = ind.checkProcess(a.bundleId) ?? ind.checkAppId(a.bundleId);
      out.match('critical', `App ${a.bundleId}`, hit, a.purchaseDate, rec);
    }
    if (a.sourceApp !== null && !APP_STORE_SOURCES.has(a.sourceApp)) {
      out.alert(
        'medium',
        `App ${a.bundleId} was not installed from the App Store (source ${a.sourceApp})`,
        a.purchaseDate,
        rec,
      );
    }
  }
  return out.result();
}

export interface ConfigurationProfile {
  readonly file: string;
  readonly uuid: string | null;
  readonly identifier: string | null;
  readonly displayName: string | null;
  readonly payloadTypes: readonly string[];
  readonly installDate: Instant | null;
}

export function checkConfigurationProfiles(
  profiles: readonly ConfigurationProfile[],
  ind: Ind,
): ModuleResult {
  const out = new ModuleOutput('configuration_profiles');
  for (const p of profiles) {
    const rec = { ...p, installDate: iso(p.installDate) };
    out.record(rec, p.installDate, 'profile installed', p.displayName ?? p.identifier ?? p.file);
    if (ind !== null && p.uuid !== null) {
      out.match(
        'critical',
        `Configuration profile ${p.uuid}`,
        ind.checkProfileId(p.uuid),
        p.installDate,
        rec,
      );
    }
    if (p.payloadTypes[0] === 'com.apple.notificationsettings') {
      out.alert('medium', `Profile ${p.displayName ?? p.file} hides notifications`, p.installDate, rec);
    }
  }
  return out.result();
}

export interface ProfileEvent {
  readonly profileId: string | null;
  readonly operation: string | null;
  readonly process: string | null;
  readonly timestamp: Instant | null;
}

export function checkProfileEvents(events: readonly ProfileEvent[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('profile_events');
  for (const e of events) {
    const rec = { ...e, timestamp: iso(e.timestamp) };
    const what = `Profile ${e.profileId ?? '?'} ${e.operation ?? 'changed'} by ${e.process ?? '?'}`;
    out.record(rec, e.timestamp, 'profile event', what);
    out.alert('low', what, e.timestamp, rec);
    if (ind !== null) {
      if (e.process !== null)
        out.match(
          'critical',
          `Profile event process ${e.process}`,
          ind.checkProcess(e.process),
          e.timestamp,
          rec,
        );
      if (e.profileId !== null)
        out.match(
          'critical',
          `Profile event ${e.profileId}`,
          ind.checkProfileId(e.profileId),
          e.timestamp,
          rec,
        );
    }
  }
  return out.result();
}

export interface LocationClient {
  readonly name: string;
  readonly bundleId: string | null;
  readonly bundlePath: string | null;
  readonly executable: string | null;
  readonly registered: string | null;
  readonly authorized: boolean | null;
}

export function checkLocationClients(clients: readonly LocationClient[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('locationd_clients');
  for (const c of clients) {
    out.record(c);
    if (ind === null) continue;
    const proc = ind.checkProcess(c.name) ?? (c.bundleId === null ? null : ind.checkProcess(c.bundleId));
    out.match('critical', `Location client ${c.name}`, proc, null, c);
    for (const p of [c.bundlePath, c.executable, c.registered]) {
      if (p !== null) out.match('high', `Location client path ${p}`, ind.checkFilePath(p), null, c);
    }
  }
  return out.result();
}

export interface AnalyticsEntry {
  readonly process: string;
  readonly date: Instant | null;
}

export function checkAnalytics(entries: readonly AnalyticsEntry[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('os_analytics_ad_daily');
  for (const e of entries) {
    const rec = { ...e, date: iso(e.date) };
    out.record(rec, e.date, 'analytics', e.process);
    if (ind !== null)
      out.match('critical', `Analytics process ${e.process}`, ind.checkProcess(e.process), e.date, rec);
  }
  return out.result();
}

/** Lockdown Mode from .GlobalPreferences.plist: the key is absent until it is first turned on. */
export function checkGlobalPreferences(lockdown: boolean | null): ModuleResult {
  const out = new ModuleOutput('global_preferences');
  const rec = { lockdownMode: lockdown };
  out.record(rec);
  if (lockdown === true) out.alert('info', 'Lockdown Mode is enabled', null, rec);
  else
    out.alert(
      'low',
      lockdown === false ? 'Lockdown Mode is disabled' : 'Lockdown Mode has never been enabled',
      null,
      rec,
    );
  return out.result();
}

/**
 * A contact handle (an email address or phone number, bare or as a `mailto:`/`tel:` URI)
 * against the indicators: an email address exactly, then its domain. Phone numbers are kept in
 * the records but cannot match: the public feeds' STIX subset has no phone indicator.
 */
function matchHandle(
  out: ModuleOutput,
  ind: IndicatorSet,
  level: 'critical' | 'high',
  what: string,
  handle: string,
  at: Instant | null,
  rec: object,
): void {
  const h = handle.trim().replace(/^(mailto|tel):/i, '');
  const atSign = h.lastIndexOf('@');
  if (atSign < 1) return;
  const email = ind.checkEmail(h);
  if (email !== null) {
    out.match(level, `${what} ${h}`, email, at, rec);
    return;
  }
  out.match(level, `${what} ${h} (its domain)`, ind.checkHost(h.slice(atSign + 1)), at, rec);
}

/** An app's bundle id against process names, then app ids (as the Applications module does). */
const appHit = (ind: IndicatorSet, id: string) => ind.checkProcess(id) ?? ind.checkAppId(id);

export interface CallRecord {
  readonly pk: number;
  /** The other party: a phone number, or an Apple ID email for FaceTime. */
  readonly address: string | null;
  readonly name: string | null;
  readonly date: Instant | null;
  readonly durationSeconds: number | null;
  readonly outgoing: boolean;
  readonly answered: boolean;
  /** 1 phone, 8 FaceTime video, 16 FaceTime audio; other values are app (CallKit) calls. */
  readonly callType: number | null;
  /** The app that placed the call: com.apple.Telephony, com.apple.FaceTime or a CallKit app's id. */
  readonly serviceProvider: string | null;
}

const CALL_KINDS: Readonly<Record<number, string>> = {
  1: 'phone',
  8: 'FaceTime video',
  16: 'FaceTime audio',
};

export function checkCalls(calls: readonly CallRecord[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('calls');
  for (const c of calls) {
    const rec = { ...c, date: iso(c.date) };
    const kind = (c.callType === null ? undefined : CALL_KINDS[c.callType]) ?? c.serviceProvider ?? 'call';
    out.record(
      rec,
      c.date,
      c.outgoing ? 'outgoing call' : c.answered ? 'incoming call' : 'missed call',
      `${kind} ${c.address ?? '?'} (${Math.round(c.durationSeconds ?? 0)} s)`,
    );
    if (ind === null) continue;
    if (c.address !== null) matchHandle(out, ind, 'critical', 'Call with', c.address, c.date, rec);
    if (c.serviceProvider !== null)
      out.match('critical', `Call by app ${c.serviceProvider}`, appHit(ind, c.serviceProvider), c.date, rec);
  }
  return out.result();
}

export interface BrowserVisit {
  readonly id: number;
  readonly url: string;
  readonly title: string | null;
  readonly visitTime: Instant | null;
  /** The page this visit came from (Chrome's from_visit, Firefox's from_visit), when known. */
  readonly fromUrl: string | null;
}

function checkBrowserHistory(
  module: string,
  browser: string,
  visits: readonly BrowserVisit[],
  ind: Ind,
): ModuleResult {
  const out = new ModuleOutput(module);
  for (const v of visits) {
    const rec = { ...v, visitTime: iso(v.visitTime) };
    out.record(rec, v.visitTime, 'visit', v.url);
    if (ind !== null)
      out.match('critical', `${browser} visit to ${v.url}`, ind.checkUrl(v.url), v.visitTime, rec);
  }
  return out.result();
}

export const checkChromeHistory = (visits: readonly BrowserVisit[], ind: Ind) =>
  checkBrowserHistory('chrome_history', 'Chrome', visits, ind);
export const checkFirefoxHistory = (visits: readonly BrowserVisit[], ind: Ind) =>
  checkBrowserHistory('firefox_history', 'Firefox', visits, ind);

export interface Favicon {
  readonly pageUrl: string;
  readonly iconUrl: string | null;
  readonly lastUpdated: Instant | null;
}

/** Favicons outlive cleared history: a page's icon mapping stays after its visits are deleted. */
function checkFavicons(module: string, browser: string, icons: readonly Favicon[], ind: Ind): ModuleResult {
  const out = new ModuleOutput(module);
  for (const f of icons) {
    const rec = { ...f, lastUpdated: iso(f.lastUpdated) };
    out.record(rec, f.lastUpdated, 'favicon', f.pageUrl);
    if (ind === null) continue;
    const page = ind.checkUrl(f.pageUrl);
    if (page !== null)
      out.match('critical', `${browser} favicon page ${f.pageUrl}`, page, f.lastUpdated, rec);
    else if (f.iconUrl !== null)
      out.match('critical', `${browser} favicon ${f.iconUrl}`, ind.checkUrl(f.iconUrl), f.lastUpdated, rec);
  }
  return out.result();
}

export const checkChromeFavicons = (icons: readonly Favicon[], ind: Ind) =>
  checkFavicons('chrome_favicon', 'Chrome', icons, ind);
export const checkFirefoxFavicons = (icons: readonly Favicon[], ind: Ind) =>
  checkFavicons('firefox_favicon', 'Firefox', icons, ind);

export interface IdStatusEntry {
  /** com.apple.madrid (iMessage), com.apple.ess (FaceTime), … */
  readonly service: string;
  /** As stored: `mailto:…` or `tel:…`. */
  readonly handle: string;
  readonly lookupStatus: number | null;
  readonly lookupDate: Instant | null;
}

/**
 * IDStatusCache: every iMessage/FaceTime lookup the phone made, including those a zero-click
 * exploit triggered for the attacker's own accounts (the Pegasus email indicators).
 */
export function checkIdStatusCache(entries: readonly IdStatusEntry[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('id_status_cache');
  for (const e of entries) {
    const rec = { ...e, lookupDate: iso(e.lookupDate) };
    out.record(rec, e.lookupDate, 'lookup', `${e.service} ${e.handle}`);
    if (ind !== null)
      matchHandle(out, ind, 'critical', 'iMessage/FaceTime lookup of', e.handle, e.lookupDate, rec);
    // Exploit-crafted Apple IDs were seen with embedded NUL pairs, never a user's own contacts.
    if (e.handle.includes('\u0000\u0000') || e.handle.includes('\\x00\\x00')) {
      out.alert('high', `Lookup of a handle with embedded NUL bytes (${e.service})`, e.lookupDate, rec);
    }
  }
  return out.result();
}

export interface ResourceLoadObservation {
  /** The backup domain of the database (Safari or an app with a web view). */
  readonly backupDomain: string;
  readonly registrableDomain: string;
  readonly lastSeen: Instant | null;
  readonly hadUserInteraction: boolean;
  readonly mostRecentUserInteraction: Instant | null;
}

export function checkResourceLoadStatistics(
  rows: readonly ResourceLoadObservation[],
  ind: Ind,
): ModuleResult {
  const out = new ModuleOutput('webkit_resource_load_statistics');
  for (const r of rows) {
    const rec = {
      ...r,
      lastSeen: iso(r.lastSeen),
      mostRecentUserInteraction: iso(r.mostRecentUserInteraction),
    };
    out.record(rec, r.lastSeen, 'site seen', `${r.registrableDomain} (${r.backupDomain})`);
    if (ind !== null)
      out.match(
        'critical',
        `WebKit loaded a resource from ${r.registrableDomain} (${r.backupDomain})`,
        ind.checkHost(r.registrableDomain),
        r.lastSeen,
        rec,
      );
  }
  return out.result();
}

export interface SessionResource {
  readonly backupDomain: string;
  readonly origin: string;
  readonly redirectsFrom: readonly string[];
  readonly redirectsTo: readonly string[];
  readonly subframes: readonly string[];
  readonly subresources: readonly string[];
  readonly lastSeen: Instant | null;
}

export function checkSessionResourceLog(rows: readonly SessionResource[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('webkit_session_resource_log');
  for (const r of rows) {
    const rec = { ...r, lastSeen: iso(r.lastSeen) };
    out.record(rec, r.lastSeen, 'site seen', r.origin);
    if (ind === null) continue;
    const seen = new Set<string>();
    const parts: [string, readonly string[]][] = [
      ['origin', [r.origin]],
      ['redirect source', r.redirectsFrom],
      ['redirect destination', r.redirectsTo],
      ['subframe', r.subframes],
      ['subresource', r.subresources],
    ];
    for (const [role, domains] of parts) {
      for (const d of domains) {
        if (seen.has(d)) continue;
        seen.add(d);
        out.match(
          'critical',
          `WebKit session ${role} ${d} (under ${r.origin})`,
          ind.checkHost(d),
          r.lastSeen,
          rec,
        );
      }
    }
  }
  return out.result();
}

export interface Shortcut {
  readonly pk: number;
  readonly name: string | null;
  readonly created: Instant | null;
  readonly modified: Instant | null;
  /** The action identifiers in order (is.workflow.actions.openurl, …). */
  readonly actions: readonly string[];
  /** Every link found in the actions' parameters. */
  readonly actionUrls: readonly string[];
}

/** Shortcuts can fetch and open URLs silently, alone or from an automation. */
export function checkShortcuts(shortcuts: readonly Shortcut[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('shortcuts');
  for (const s of shortcuts) {
    const rec = { ...s, created: iso(s.created), modified: iso(s.modified) };
    out.record(rec, s.created, 'shortcut created', `${s.name ?? '?'} (${s.actions.length} actions)`);
    if (s.modified !== null && s.modified !== s.created)
      out.timeline.push({
        at: s.modified,
        module: out.module,
        event: 'shortcut modified',
        description: s.name ?? '?',
      });
    if (ind === null) continue;
    for (const u of s.actionUrls)
      out.match(
        'critical',
        `Shortcut ${s.name ?? '?'} uses ${u}`,
        ind.checkUrl(u),
        s.modified ?? s.created,
        rec,
      );
  }
  return out.result();
}

export interface Interaction {
  readonly pk: number;
  /** The app the interaction happened in, and the one it targeted (a share extension's host). */
  readonly bundleId: string | null;
  readonly targetBundleId: string | null;
  readonly start: Instant | null;
  readonly end: Instant | null;
  readonly direction: number | null;
  readonly mechanism: number | null;
  readonly account: string | null;
  readonly senderIdentifier: string | null;
  readonly senderName: string | null;
  readonly recipientCount: number | null;
  readonly groupName: string | null;
  readonly contentUrl: string | null;
  /** Who it went to (the contacts joined as recipients); absent in results saved before they were read. */
  readonly recipients?: readonly InteractionRecipient[];
}

export interface InteractionRecipient {
  /** As stored: an email or phone number, sometimes `mailto:`/`tel:` prefixed. */
  readonly identifier: string | null;
  readonly name: string | null;
}

/** InteractionC (CoreDuet): who the phone talked to, in which app, and when. */
export function checkInteractionC(rows: readonly Interaction[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('interaction_c');
  for (const r of rows) {
    const rec = { ...r, start: iso(r.start), end: iso(r.end) };
    out.record(
      rec,
      r.start,
      'interaction',
      `${r.bundleId ?? '?'} with ${r.senderName ?? r.senderIdentifier ?? '?'}${r.groupName === null ? '' : ` (${r.groupName})`}`,
    );
    if (ind === null) continue;
    for (const id of new Set([r.bundleId, r.targetBundleId])) {
      if (id !== null) out.match('critical', `Interaction in app ${id}`, appHit(ind, id), r.start, rec);
    }
    for (const h of new Set([r.senderIdentifier, r.account])) {
      if (h !== null) matchHandle(out, ind, 'critical', 'Interaction with', h, r.start, rec);
    }
    for (const h of new Set((r.recipients ?? []).map((x) => x.identifier))) {
      if (h !== null) matchHandle(out, ind, 'critical', 'Interaction sent to', h, r.start, rec);
    }
    const u = r.contentUrl;
    if (u !== null) {
      if (/^file:/i.test(u)) {
        const path = decodeURIComponent(u.replace(/^file:\/\/(localhost)?/i, ''));
        out.match('high', `Interaction content ${path}`, ind.checkFilePath(path), r.start, rec);
      } else out.match('critical', `Interaction content ${u}`, ind.checkUrl(u), r.start, rec);
    }
  }
  return out.result();
}

export interface Contact {
  readonly rowid: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly organization: string | null;
  readonly created: Instant | null;
  readonly modified: Instant | null;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly urls: readonly string[];
}

/**
 * Contacts: an address-book entry is not contact, so a hit is high rather than critical; it
 * still says someone saved the attacker's address, which call and message records may not.
 */
export function checkContacts(contacts: readonly Contact[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('contacts');
  for (const c of contacts) {
    const rec = { ...c, created: iso(c.created), modified: iso(c.modified) };
    const name = [c.first, c.last].filter((x) => x !== null).join(' ') || (c.organization ?? '?');
    out.record(rec, c.created, 'contact created', name);
    if (ind === null) continue;
    for (const e of c.emails) matchHandle(out, ind, 'high', `Contact ${name} has`, e, c.created, rec);
    for (const u of c.urls) out.match('high', `Contact ${name} links ${u}`, ind.checkUrl(u), c.created, rec);
  }
  return out.result();
}

/** Safari's favicon cache (Favicons.db): page → icon mappings survive cleared history. */
export const checkSafariFavicons = (icons: readonly Favicon[], ind: Ind) =>
  checkFavicons('safari_favicon', 'Safari', icons, ind);

export interface CachedResponse {
  /** The backup domain of the container holding the cache (AppDomain-<bundle id>, …). */
  readonly container: string;
  /** The Cache.db's path in the container. */
  readonly path: string;
  readonly url: string;
  readonly timestamp: Instant | null;
}

/** CFNetwork's URL caches (Cache.db): every response an app cached, by request URL. */
export function checkCacheFiles(rows: readonly CachedResponse[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('cache_files');
  for (const c of rows) {
    const rec = { ...c, timestamp: iso(c.timestamp) };
    out.record(rec, c.timestamp, 'cache_response', `${c.container}: ${c.url}`);
    if (ind !== null)
      out.match(
        'critical',
        `Cached response for ${c.url} in ${c.container}`,
        ind.checkUrl(c.url),
        c.timestamp,
        rec,
      );
  }
  return out.result();
}

export type WebkitOriginModule = 'webkit_indexeddb' | 'webkit_localstorage' | 'webkit_safariviewservice';

export interface WebkitOrigin {
  readonly container: string;
  /** The origin's folder (or LocalStorage file name) as it is in the container. */
  readonly folder: string;
  /** `scheme://host[:port]`, decoded from the name (or, in the hashed layout, its `origin` file). */
  readonly origin: string;
  readonly host: string;
  /**
   * The hashed layout's top-frame origin, when it differs from `origin` (a third-party frame's
   * data is kept per top-level site); absent in the origin-named layout.
   */
  readonly topOrigin?: string | null;
  readonly topHost?: string | null;
  /** The newest modification time among the origin's files (a tar need not list folders). */
  readonly modified: Instant | null;
}

/**
 * The origin a WebKit website-data name encodes: `<scheme>_<host>_<port>` (port 0 is the
 * scheme's default), as a folder (IndexedDB) or a `.localstorage` file with its `-wal`/`-shm`.
 */
export function webkitOriginOf(name: string): { origin: string; host: string } | null {
  const m = /^(https?)_(.+)_(\d+)(?:\.localstorage(?:-wal|-shm)?)?$/i.exec(name);
  if (m === null) return null;
  const [, scheme = '', host = '', port = '0'] = m;
  if (host === '' || host.includes('/')) return null;
  const h = host.toLowerCase();
  return { origin: `${scheme.toLowerCase()}://${h}${port === '0' ? '' : `:${port}`}`, host: h };
}

const WEBKIT_LABEL: Readonly<Record<WebkitOriginModule, string>> = {
  webkit_indexeddb: 'WebKit IndexedDB',
  webkit_localstorage: 'WebKit LocalStorage',
  webkit_safariviewservice: 'SafariViewService website data',
};

/** Sites that stored data in a web view: the origin outlives the site's history. */
export function checkWebkitOrigins(
  module: WebkitOriginModule,
  rows: readonly WebkitOrigin[],
  ind: Ind,
): ModuleResult {
  const out = new ModuleOutput(module);
  for (const o of rows) {
    const rec = { ...o, modified: iso(o.modified) };
    const under = o.topOrigin === undefined || o.topOrigin === null ? '' : ` (under ${o.topOrigin})`;
    out.record(rec, o.modified, 'website_data', `${o.container}: ${o.origin}${under}`);
    if (ind === null) continue;
    const top = o.topHost === undefined || o.topHost === null ? null : ind.checkHost(o.topHost);
    out.match(
      'critical',
      `${WEBKIT_LABEL[module]} of ${o.origin}${under} in ${o.container}`,
      ind.checkHost(o.host) ?? top,
      o.modified,
      rec,
    );
  }
  return out.result();
}

export interface OsVersionEntry {
  /** The analytics journal the entry came from. */
  readonly file: string;
  /** As the IPS header writes it: `iPhone OS 17.3.1 (21D61)`. */
  readonly osVersion: string;
  readonly version: string | null;
  readonly build: string | null;
  readonly timestamp: Instant | null;
}

/** `iPhone OS 17.3.1 (21D61)` → version and build; null parts when the text has another shape. */
export function parseOsVersion(text: string): { version: string | null; build: string | null } {
  const m = /(\d+(?:\.\d+)+)\s*\(([0-9A-Za-z]+)\)\s*$/.exec(text.trim());
  return { version: m?.[1] ?? null, build: m?.[2] ?? null };
}

/**
 * The OS versions the phone ran, from its analytics journals (one a day, each stamped with the
 * running version): a timeline of updates. Nothing here is an indicator.
 */
export function checkVersionHistory(entries: readonly OsVersionEntry[]): ModuleResult {
  const out = new ModuleOutput('version_history');
  const sorted = [...entries].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  for (const e of sorted)
    out.record({ ...e, timestamp: iso(e.timestamp) }, e.timestamp, 'os_version', e.osVersion);
  return out.result();
}

/** One event row of a Security framework analytics database (`Keychains/Analytics/*.db`). */
export interface KeychainAnalyticsEvent {
  /** The database's file name (`ckks_analytics.db`, `trust_analytics.db`, …). */
  readonly database: string;
  /** `hard_failures`, `soft_failures`, `notes` (`all_events` on older versions). */
  readonly table: string;
  readonly id: number;
  readonly timestamp: Instant | null;
  readonly eventType: string | null;
  /** Every text value of the event (its attributes), in order, without repeats. */
  readonly values: readonly string[];
}

/** Text that is a host name: labels of letters, digits and hyphens, a letter in the last. */
const HOST_LIKE = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

/**
 * The Security framework's analytics events (keychain sync, trust evaluation, TLS, sign-in):
 * the processes, hosts and URLs their attributes name. A value matches as a link, else as a
 * host, else as a process name; each event raises an indicator once.
 */
export function checkKeychainAnalytics(events: readonly KeychainAnalyticsEvent[], ind: Ind): ModuleResult {
  const out = new ModuleOutput('analytics');
  for (const e of events) {
    const rec = { ...e, timestamp: iso(e.timestamp) };
    out.record(rec, e.timestamp, 'analytics_event', `${e.database} ${e.table}: ${e.eventType ?? '?'}`);
    if (ind === null) continue;
    const seen = new Set<string>();
    for (const v of e.values) {
      const links = extractLinks(v);
      const hits =
        links.length > 0
          ? links.map((l) => [l, ind.checkUrl(l)] as const)
          : HOST_LIKE.test(v)
            ? [[v, ind.checkHost(v) ?? ind.checkProcess(v)] as const]
            : /\s/.test(v)
              ? []
              : [[v, ind.checkProcess(v)] as const];
      for (const [what, hit] of hits) {
        if (hit === null || seen.has(hit.value)) continue;
        seen.add(hit.value);
        out.match(
          'critical',
          `Analytics event ${e.eventType ?? '?'} (${e.database}) value ${what}`,
          hit,
          e.timestamp,
          rec,
        );
      }
    }
  }
  return out.result();
}
