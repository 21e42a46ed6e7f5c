/**
 * Reads each iOS artifact out of a backup (or a full-filesystem dump, which presents its files
 * under the same domains: ios-filesystem.ts) and hands its rows to the pure check in
 * core/forensics/ios.ts. One function per module; a module that fails (file missing,
 * truncated database, corrupt plist) is reported by the scan and the others go on.
 */

import type { SqlValue } from 'sql.js';
import {
  extractLinks,
  fromMacTime,
  fromUnixSeconds,
  type ModuleResult,
} from '../../core/forensics/alerts.ts';
import type { IndicatorSet } from '../../core/forensics/indicators.ts';
import { hostOf } from '../../core/forensics/indicators.ts';
import type { ManifestEntry } from '../../core/forensics/ios.ts';
import * as ios from '../../core/forensics/ios.ts';
import type { IosFacts } from '../../core/forensics/posture.ts';
import { checkShutdownLog, parseShutdownLogs } from '../../core/forensics/sysdiagnose.ts';
import {
  bool,
  bytesOf,
  dateOf,
  isDict,
  numOf,
  type PlistDict,
  type PlistValue,
  parsePlist,
  str,
} from './plist.ts';
import { num, SqliteEvidence, text } from './sqlite.ts';
import { decodeWebkitOriginFile, originString, type WebkitClientOrigin } from './webkit-origin.ts';

type Ind = IndicatorSet | null;

/** Thrown when a module's artifact is simply not in this backup: reported as skipped, not failed. */
export class ArtifactMissing extends Error {}

/** A file as the modules name it: the backup domain and the path inside it. */
export interface IosArtifactFile {
  readonly domain: string;
  readonly relativePath: string;
}

/** What the modules read: an iOS backup (IosBackup) or a full-filesystem dump (IosFilesystem). */
export interface IosArtifacts {
  /** Info.plist of a backup; null for a dump, which has none. */
  readonly info: PlistDict | null;
  readonly encrypted: boolean;
  /** Files (not folders) at `relativePath` (SQL LIKE pattern), in `domain` (LIKE pattern) when given. */
  find(relativePath: string, domain?: string | null): readonly IosArtifactFile[];
  read(f: IosArtifactFile): Buffer | Promise<Buffer>;
  /** The `-wal` file beside a database, if the evidence has one. */
  walOf(f: IosArtifactFile): IosArtifactFile | null;
  note(message: string): void;
  /** A file's modification time (Unix ms), where the evidence records one (a dump does). */
  modified?(f: IosArtifactFile): number | null;
  entries(): Iterable<ManifestEntry>;
}

function first(b: IosArtifacts, relativePath: string, domain: string | null): IosArtifactFile {
  const f = b.find(relativePath, domain)[0];
  if (f === undefined) throw new ArtifactMissing(`${domain ?? '*'}/${relativePath} is not in the backup`);
  return f;
}

/** Opens a database of the backup from memory, with its `-wal` file replayed when it has one. */
async function database<T>(b: IosArtifacts, f: IosArtifactFile, fn: (db: SqliteEvidence) => T): Promise<T> {
  const wal = b.walOf(f);
  let db: SqliteEvidence;
  try {
    db = await SqliteEvidence.open(await b.read(f), wal === null ? null : await b.read(wal));
    if (db.walProblem !== null) b.note(`${f.relativePath}: ${db.walProblem}`);
  } catch (err) {
    throw new Error(`${f.relativePath}${wal === null ? '' : ' (with its -wal)'}: ${(err as Error).message}`);
  }
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function plistDict(b: IosArtifacts, f: IosArtifactFile): Promise<PlistDict> {
  const v = parsePlist(await b.read(f));
  if (!isDict(v)) throw new Error(`${f.relativePath} is not a dictionary`);
  return v;
}

export interface IosModule {
  readonly name: string;
  run(b: IosArtifacts, ind: Ind, facts: MutableFacts): Promise<ModuleResult>;
}

export type MutableFacts = { -readonly [K in keyof IosFacts]: IosFacts[K] };

export function backupInfo(b: { readonly info: PlistDict; readonly encrypted: boolean }): ios.BackupInfo {
  const i = b.info;
  return {
    deviceName: str(i['Device Name']),
    productType: str(i['Product Type']),
    productVersion: str(i['Product Version']),
    buildVersion: str(i['Build Version']),
    serialNumber: str(i['Serial Number']),
    lastBackupDate: dateOf(i['Last Backup Date']),
    encrypted: b.encrypted,
  };
}

function installedApps(info: PlistDict): ios.InstalledApp[] {
  const apps = info.Applications;
  const out: ios.InstalledApp[] = [];
  const listed = Array.isArray(info['Installed Applications'])
    ? info['Installed Applications'].map(String)
    : [];
  const seen = new Set<string>();
  if (isDict(apps)) {
    for (const [key, value] of Object.entries(apps)) {
      const metaBytes = isDict(value) ? bytesOf(value.iTunesMetadata) : null;
      const app = appOfMetadata(metaBytes, key);
      if (app.bundleId !== null) seen.add(app.bundleId);
      out.push(app);
    }
  }
  for (const id of listed)
    if (!seen.has(id)) out.push({ bundleId: id, name: id, sourceApp: null, purchaseDate: null });
  return out;
}

/** An app from its iTunesMetadata plist (embedded in Info.plist, or in its bundle on a dump). */
function appOfMetadata(metaBytes: Uint8Array | null, key: string): ios.InstalledApp {
  let meta: PlistValue = null;
  try {
    meta = metaBytes === null ? null : parsePlist(metaBytes);
  } catch {
    meta = null;
  }
  const m = isDict(meta) ? meta : {};
  return {
    bundleId: str(m.softwareVersionBundleId) ?? (metaBytes === null ? key : null),
    name: str(m.itemName) ?? key,
    sourceApp: str(m.sourceApp),
    purchaseDate:
      dateOf(m.purchaseDate) ??
      (typeof m.purchaseDate === 'string' ? Date.parse(m.purchaseDate) || null : null),
  };
}

/** A dump's apps: the iTunesMetadata.plist App Store installs leave in each app's bundle folder. */
async function bundleApps(b: IosArtifacts): Promise<ios.InstalledApp[]> {
  const files = b.find(BUNDLE_METADATA, 'AppBundle-%');
  if (files.length === 0) throw new ArtifactMissing('no app bundle holds an iTunesMetadata.plist');
  const out: ios.InstalledApp[] = [];
  for (const f of files) out.push(appOfMetadata(await b.read(f), f.domain.slice('AppBundle-'.length)));
  return out;
}

const HOME = 'HomeDomain';
const BUNDLE_METADATA = 'iTunesMetadata.plist';

/*
 * Exact paths, not `%…` patterns: the prefetch tests every manifest row against every pattern,
 * and a leading wildcard makes SQLite scan each path in full (twice the time on a million rows).
 */
const CHROME_HISTORY = 'Library/Application Support/Google/Chrome/Default/History';
const CHROME_FAVICONS = 'Library/Application Support/Google/Chrome/Default/Favicons';
/**
 * Firefox's profile databases: browser.db (history until it moved, and the favicons), and
 * places.db (the shared Places schema: moz_places, moz_historyvisits, as desktop places.sqlite).
 */
const FIREFOX_PATHS = ['profile.profile/browser.db', 'profile.profile/places.db'];
const FIREFOX_DOMAIN = '%org.mozilla.ios.Firefox%';
/** In Safari's container and in every app with a web view, at the same path. */
const WEBKIT_OBSERVATIONS = 'Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db';
const WEBKIT_SESSION_LOG =
  'Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist';

/** Every path pattern the modules look up, fetched in one pass (IosBackup.prefetch). */
export const IOS_ARTIFACT_PATHS = [
  'Library/Preferences/.GlobalPreferences.plist',
  'Library/Databases/DataUsage.sqlite',
  'Library/Safari/History.db',
  'Library/Safari/Profiles/%/History.db',
  'Library/Safari/BrowserState.db',
  'Library/Safari/Profiles/%/BrowserState.db',
  'Library/SMS/sms.db',
  'ChatStorage.sqlite',
  'Library/Calendar/Calendar.sqlitedb',
  'Library/TCC/TCC.db',
  '%profile-%',
  '%MCProfileEvents.plist',
  'Library/Caches/locationd/clients.plist',
  'Library/Preferences/com.apple.osanalytics.addaily.plist',
  'Library/CallHistoryDB/CallHistory.storedata',
  CHROME_HISTORY,
  CHROME_FAVICONS,
  ...FIREFOX_PATHS,
  'Library/Preferences/com.apple.identityservices.idstatuscache.plist',
  'Library/IdentityServices/idstatuscache.plist',
  WEBKIT_OBSERVATIONS,
  WEBKIT_SESSION_LOG,
  'Library/Shortcuts/Shortcuts.sqlite',
  'Library/CoreDuet/People/interactionC.db',
  'Library/AddressBook/AddressBook.sqlitedb',
  BUNDLE_METADATA,
];

/** Chrome's time: microseconds since 1601-01-01 (the Windows epoch). */
function fromChromeTime(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
  return Math.round(v / 1000 - 11_644_473_600_000);
}

/**
 * Firefox's time since 1970: microseconds in places.sqlite and browser.db visits, milliseconds in
 * the newer places.db, seconds for browser.db's favicon dates; told apart by size (microseconds
 * are past 1e14 after 1973, milliseconds past 1e11 after 1973, seconds below it until 5138).
 */
function fromFirefoxTime(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
  return Math.round(v > 1e14 ? v / 1000 : v > 1e11 ? v : v * 1000);
}

/**
 * WebKit's resource-load times: Unix seconds, Mac absolute seconds in older versions; told apart
 * by size (1.2e9 is 2008 as Unix time and 2039 as Mac time).
 */
function fromWebKitTime(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
  return v > 1.2e9 ? fromUnixSeconds(v) : fromMacTime(v);
}

/** A text column that some iOS versions store as a BLOB of UTF-8 (CallHistory's ZADDRESS). */
const textOrUtf8 = (v: SqlValue | undefined): string | null =>
  v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : text(v);

/**
 * InteractionC's recipients, by interaction: Core Data keeps the many-to-many relation in a join
 * table named after the entity numbers (`Z_2INTERACTIONRECIPIENT` with `Z_2RECIPIENTS` → ZCONTACTS
 * and `Z_3INTERACTIONRECIPIENT` → ZINTERACTIONS on one version), so it is found by its shape.
 */
function interactionRecipients(
  db: SqliteEvidence,
  contactCols: ReadonlySet<string>,
): Map<number, ios.InteractionRecipient[]> {
  const out = new Map<number, ios.InteractionRecipient[]>();
  if (!contactCols.has('Z_PK')) return out;
  for (const table of db.tables()) {
    if (!/^Z_\d+INTERACTIONRECIPIENT$/i.test(table)) continue;
    const cols = [...db.columns(table)];
    const contact = cols.find((n) => /^Z_\d+RECIPIENTS$/i.test(n));
    const interaction = cols.find((n) => /^Z_\d+INTERACTIONRECIPIENT$/i.test(n));
    if (contact === undefined || interaction === undefined) continue;
    for (const r of db.iterate(
      `SELECT j."${interaction}" AS i, ${col(contactCols, 'k', 'ZIDENTIFIER')} AS id,
              ${col(contactCols, 'k', 'ZDISPLAYNAME')} AS name
         FROM "${table}" j JOIN ZCONTACTS k ON k.Z_PK = j."${contact}" ORDER BY j."${interaction}", k.Z_PK`,
    )) {
      const i = num(r.i);
      if (i === null) continue;
      const list = out.get(i) ?? [];
      list.push({ identifier: text(r.id), name: text(r.name) });
      out.set(i, list);
    }
  }
  return out;
}

/** `alias.column` when the table has it, else NULL: columns come and go across iOS versions. */
const col = (cols: ReadonlySet<string>, alias: string, name: string) =>
  cols.has(name) ? `${alias}.${name}` : 'NULL';

/** Every string inside a plist value (for links in a shortcut's action parameters). */
function stringsIn(v: PlistValue | undefined, out: string[], depth = 0): string[] {
  if (depth > 32 || v === undefined || v === null) return out;
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out, depth + 1);
  else if (isDict(v)) for (const x of Object.values(v)) stringsIn(x, out, depth + 1);
  return out;
}

/** A shortcut's actions from their binary plist (an array of WFWorkflowAction dictionaries). */
function shortcutActions(blob: SqlValue | undefined): { ids: string[]; urls: string[] } {
  if (!(blob instanceof Uint8Array) || blob.length === 0) return { ids: [], urls: [] };
  let v: PlistValue;
  try {
    v = parsePlist(blob);
  } catch {
    return { ids: [], urls: [] };
  }
  const actions = Array.isArray(v)
    ? v
    : isDict(v) && Array.isArray(v.WFWorkflowActions)
      ? v.WFWorkflowActions
      : [];
  const ids = actions.flatMap((a) =>
    isDict(a) && typeof a.WFWorkflowActionIdentifier === 'string' ? [a.WFWorkflowActionIdentifier] : [],
  );
  const urls = stringsIn(actions, []).flatMap((x) => extractLinks(x));
  return { ids, urls: [...new Set(urls)] };
}

const domainList = (v: PlistValue | undefined): string[] =>
  Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' && x !== '' ? [x] : [])) : [];

/** DataUsage.sqlite and netusage.sqlite share their tables: processes, and usage rows naming one. */
function usageRows(db: SqliteEvidence): { procs: ios.ProcessUsage[]; live: ios.LiveUsage[] } {
  const procs = db
    .rows('SELECT Z_PK, ZPROCNAME, ZBUNDLENAME, ZFIRSTTIMESTAMP, ZTIMESTAMP FROM ZPROCESS')
    .map((r) => ({
      pk: num(r.Z_PK) ?? 0,
      procName: text(r.ZPROCNAME),
      bundleName: text(r.ZBUNDLENAME),
      firstTimestamp: fromMacTime(r.ZFIRSTTIMESTAMP),
      timestamp: fromMacTime(r.ZTIMESTAMP),
    }));
  const live = db.tables().has('ZLIVEUSAGE')
    ? // Every column: Wi-Fi counters are not in every iOS version's schema.
      db.rows('SELECT * FROM ZLIVEUSAGE ORDER BY Z_PK').map((r) => ({
        pk: num(r.Z_PK) ?? 0,
        processPk: num(r.ZHASPROCESS),
        timestamp: fromMacTime(r.ZTIMESTAMP),
        wwanIn: num(r.ZWWANIN) ?? 0,
        wwanOut: num(r.ZWWANOUT) ?? 0,
        wifiIn: num(r.ZWIFIIN),
        wifiOut: num(r.ZWIFIOUT),
      }))
    : [];
  return { procs, live };
}

export const IOS_MODULES: readonly IosModule[] = [
  {
    name: 'backup_info',
    async run(b, _ind, facts) {
      if (b.info === null) throw new ArtifactMissing('no Info.plist: only a backup has one');
      facts.info = backupInfo({ info: b.info, encrypted: b.encrypted });
      return ios.checkBackupInfo(facts.info);
    },
  },
  {
    name: 'manifest',
    async run(b, ind) {
      return ios.checkManifest(b.entries(), ind);
    },
  },
  {
    name: 'applications',
    async run(b, ind, facts) {
      facts.apps = b.info === null ? await bundleApps(b) : installedApps(b.info);
      return ios.checkApplications(facts.apps, ind);
    },
  },
  {
    name: 'global_preferences',
    async run(b, _ind, facts) {
      const p = await plistDict(b, first(b, 'Library/Preferences/.GlobalPreferences.plist', HOME));
      facts.lockdownMode = bool(p.LDMGlobalEnabled);
      return ios.checkGlobalPreferences(facts.lockdownMode);
    },
  },
  {
    name: 'datausage',
    async run(b, ind) {
      const f = first(b, 'Library/Databases/DataUsage.sqlite', 'WirelessDomain');
      return database(b, f, (db) => {
        const { procs, live } = usageRows(db);
        return ios.checkDataUsage(procs, live, ind);
      });
    },
  },
  {
    name: 'safari_history',
    async run(b, ind) {
      const files = [
        ...b.find('Library/Safari/History.db'),
        ...b.find('Library/Safari/Profiles/%/History.db'),
      ];
      if (files.length === 0)
        throw new ArtifactMissing('Safari history is not in the backup (it is only in encrypted backups)');
      const visits: ios.SafariVisit[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          for (const r of db.iterate(
            `SELECT i.url AS url, v.visit_time AS t, si.url AS src_url, sv.visit_time AS src_t
               FROM history_visits v JOIN history_items i ON i.id = v.history_item
               LEFT JOIN history_visits sv ON sv.id = v.redirect_source
               LEFT JOIN history_items si ON si.id = sv.history_item`,
          )) {
            visits.push({
              url: text(r.url) ?? '',
              visitTime: fromMacTime(r.t),
              redirectSourceUrl: text(r.src_url),
              redirectSourceTime: fromMacTime(r.src_t),
            });
          }
        });
      }
      return ios.checkSafariHistory(visits, ind, hostOf);
    },
  },
  {
    name: 'safari_browser_state',
    async run(b, ind) {
      const files = [
        ...b.find('Library/Safari/BrowserState.db'),
        ...b.find('Library/Safari/Profiles/%/BrowserState.db'),
      ];
      if (files.length === 0) throw new ArtifactMissing('Safari browser state is not in the backup');
      const tabs: ios.SafariTab[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          for (const r of db.iterate('SELECT url, title, last_viewed_time FROM tabs')) {
            tabs.push({
              url: text(r.url) ?? '',
              title: text(r.title),
              lastViewed: fromMacTime(r.last_viewed_time),
            });
          }
        });
      }
      return ios.checkSafariTabs(tabs, ind);
    },
  },
  {
    name: 'sms',
    async run(b, ind) {
      return database(b, first(b, 'Library/SMS/sms.db', HOME), (db) => {
        const rows = db.rows(
          `SELECT m.ROWID AS id, m.guid, m.text, m.date, m.is_from_me, m.service, h.id AS handle
             FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id`,
        );
        return ios.checkSms(
          rows.map((r) => ({
            id: text(r.guid) ?? String(r.id),
            text: text(r.text),
            date: fromMacTime(r.date),
            handle: text(r.handle),
            fromMe: num(r.is_from_me) === 1,
            service: text(r.service),
          })),
          ind,
        );
      });
    },
  },
  {
    name: 'sms_attachments',
    async run(b, ind) {
      return database(b, first(b, 'Library/SMS/sms.db', HOME), (db) => {
        const rows = db.rows(
          `SELECT m.guid, a.filename, a.transfer_name, a.mime_type, a.created_date, a.is_outgoing
             FROM attachment a
             LEFT JOIN message_attachment_join j ON j.attachment_id = a.ROWID
             LEFT JOIN message m ON m.ROWID = j.message_id`,
        );
        return ios.checkSmsAttachments(
          rows.map((r) => ({
            messageId: text(r.guid) ?? '',
            filename: text(r.filename),
            transferName: text(r.transfer_name),
            mimeType: text(r.mime_type),
            created: fromMacTime(r.created_date),
            outgoing: num(r.is_outgoing) === 1,
          })),
          ind,
        );
      });
    },
  },
  {
    name: 'whatsapp',
    async run(b, ind) {
      const f = first(b, 'ChatStorage.sqlite', 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared');
      return database(b, f, (db) =>
        ios.checkWhatsapp(
          db.rows('SELECT Z_PK, ZTEXT, ZMESSAGEDATE, ZFROMJID, ZISFROMME FROM ZWAMESSAGE').map((r) => ({
            id: String(r.Z_PK),
            text: text(r.ZTEXT),
            date: fromMacTime(r.ZMESSAGEDATE),
            handle: text(r.ZFROMJID),
            fromMe: num(r.ZISFROMME) === 1,
            service: 'WhatsApp',
          })),
          ind,
        ),
      );
    },
  },
  {
    name: 'calendar',
    async run(b, ind) {
      return database(b, first(b, 'Library/Calendar/Calendar.sqlitedb', HOME), (db) =>
        ios.checkCalendar(
          db
            .rows(
              `SELECT ci.summary, ci.description, ci.start_date, p.email
                 FROM CalendarItem ci LEFT JOIN Participant p ON p.ROWID = ci.organizer_id`,
            )
            .map((r) => ({
              summary: text(r.summary),
              description: text(r.description),
              organizerEmail: text(r.email),
              start: fromMacTime(r.start_date),
            })),
          ind,
        ),
      );
    },
  },
  {
    name: 'tcc',
    async run(b, ind, facts) {
      return database(b, first(b, 'Library/TCC/TCC.db', HOME), (db) => {
        const cols = db.columns('access');
        // Schema v1/v2 had `allowed`; v3 (iOS 14+) has `auth_value`, 2 meaning allowed.
        const allowed = cols.has('auth_value') ? 'auth_value = 2' : cols.has('allowed') ? 'allowed = 1' : '0';
        const modified = cols.has('last_modified') ? 'last_modified' : 'NULL';
        const clientType = cols.has('client_type') ? 'client_type' : 'NULL';
        const entries = db
          .rows(
            `SELECT service, client, ${clientType} AS client_type, (${allowed}) AS ok, ${modified} AS modified FROM access`,
          )
          .map((r) => ({
            service: text(r.service) ?? '',
            client: text(r.client) ?? '',
            clientType: num(r.client_type),
            allowed: num(r.ok) === 1,
            lastModified: fromUnixSeconds(r.modified),
          }));
        facts.tcc = entries;
        return ios.checkTcc(entries, ind);
      });
    },
  },
  {
    name: 'configuration_profiles',
    async run(b, ind, facts) {
      const files = b
        .find('%profile-%', 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles')
        .filter((f) => (f.relativePath.split('/').pop() ?? '').startsWith('profile-'));
      const profiles: ios.ConfigurationProfile[] = [];
      for (const f of files) {
        const p = await plistDict(b, f);
        const content = Array.isArray(p.PayloadContent) ? p.PayloadContent : [];
        profiles.push({
          file: f.relativePath,
          uuid: str(p.PayloadUUID),
          identifier: str(p.PayloadIdentifier),
          displayName: str(p.PayloadDisplayName),
          payloadTypes: content.flatMap((c) =>
            isDict(c) && typeof c.PayloadType === 'string' ? [c.PayloadType] : [],
          ),
          installDate: dateOf(p.InstallDate),
        });
      }
      facts.profiles = profiles;
      return ios.checkConfigurationProfiles(profiles, ind);
    },
  },
  {
    name: 'profile_events',
    async run(b, ind) {
      const p = await plistDict(b, first(b, '%MCProfileEvents.plist', null));
      const events: ios.ProfileEvent[] = [];
      for (const entry of Array.isArray(p.ProfileEvents) ? p.ProfileEvents : []) {
        if (!isDict(entry)) continue;
        for (const [profileId, e] of Object.entries(entry)) {
          if (!isDict(e)) continue;
          events.push({
            profileId,
            operation: str(e.operation),
            process: str(e.process),
            timestamp: dateOf(e.timestamp),
          });
        }
      }
      return ios.checkProfileEvents(events, ind);
    },
  },
  {
    name: 'locationd_clients',
    async run(b, ind, facts) {
      const p = await plistDict(b, first(b, 'Library/Caches/locationd/clients.plist', 'RootDomain'));
      const clients: ios.LocationClient[] = Object.entries(p).flatMap(([name, c]) => {
        if (!isDict(c)) return [];
        const auth = numOf(c.Authorization);
        return [
          {
            name,
            bundleId: str(c.BundleId),
            bundlePath: str(c.BundlePath),
            executable: str(c.Executable),
            registered: str(c.Registered),
            authorized: bool(c.Authorized) ?? (auth === null ? null : auth >= 2),
          },
        ];
      });
      facts.locationClients = clients;
      return ios.checkLocationClients(clients, ind);
    },
  },
  {
    name: 'os_analytics_ad_daily',
    async run(b, ind) {
      const p = await plistDict(b, first(b, 'Library/Preferences/com.apple.osanalytics.addaily.plist', null));
      const baseline = isDict(p.netUsageBaseline) ? p.netUsageBaseline : {};
      const entries = Object.entries(baseline).map(([process, v]) => ({
        process,
        date: Array.isArray(v) ? dateOf(v[0]) : null,
      }));
      return ios.checkAnalytics(entries, ind);
    },
  },
  {
    name: 'calls',
    async run(b, ind) {
      const f = first(b, 'Library/CallHistoryDB/CallHistory.storedata', HOME);
      return database(b, f, (db) => {
        const c = db.columns('ZCALLRECORD');
        const rows = db.rows(
          `SELECT r.Z_PK, ${col(c, 'r', 'ZADDRESS')} AS address, ${col(c, 'r', 'ZNAME')} AS name,
                  ${col(c, 'r', 'ZDATE')} AS date, ${col(c, 'r', 'ZDURATION')} AS duration,
                  ${col(c, 'r', 'ZORIGINATED')} AS originated, ${col(c, 'r', 'ZANSWERED')} AS answered,
                  ${col(c, 'r', 'ZCALLTYPE')} AS calltype, ${col(c, 'r', 'ZSERVICE_PROVIDER')} AS provider
             FROM ZCALLRECORD r ORDER BY r.Z_PK`,
        );
        return ios.checkCalls(
          rows.map((r) => ({
            pk: num(r.Z_PK) ?? 0,
            address: textOrUtf8(r.address),
            name: text(r.name),
            date: fromMacTime(r.date),
            durationSeconds: num(r.duration),
            outgoing: num(r.originated) === 1,
            answered: num(r.answered) === 1,
            callType: num(r.calltype),
            serviceProvider: text(r.provider),
          })),
          ind,
        );
      });
    },
  },
  {
    name: 'chrome_history',
    async run(b, ind) {
      const files = b.find(CHROME_HISTORY);
      if (files.length === 0) throw new ArtifactMissing('Chrome history is not in the backup');
      const visits: ios.BrowserVisit[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          for (const r of db.iterate(
            `SELECT v.id, u.url, u.title, v.visit_time, fu.url AS from_url
               FROM visits v JOIN urls u ON u.id = v.url
               LEFT JOIN visits fv ON fv.id = v.from_visit AND v.from_visit != 0
               LEFT JOIN urls fu ON fu.id = fv.url
              ORDER BY v.id`,
          )) {
            visits.push({
              id: num(r.id) ?? 0,
              url: text(r.url) ?? '',
              title: text(r.title),
              visitTime: fromChromeTime(r.visit_time),
              fromUrl: text(r.from_url),
            });
          }
        });
      }
      return ios.checkChromeHistory(visits, ind);
    },
  },
  {
    name: 'chrome_favicon',
    async run(b, ind) {
      const files = b.find(CHROME_FAVICONS);
      if (files.length === 0) throw new ArtifactMissing('Chrome favicons are not in the backup');
      const icons: ios.Favicon[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          for (const r of db.iterate(
            `SELECT m.page_url, i.url AS icon_url, MAX(bm.last_updated) AS updated
               FROM icon_mapping m LEFT JOIN favicons i ON i.id = m.icon_id
               LEFT JOIN favicon_bitmaps bm ON bm.icon_id = m.icon_id
              GROUP BY m.id ORDER BY m.id`,
          )) {
            icons.push({
              pageUrl: text(r.page_url) ?? '',
              iconUrl: text(r.icon_url),
              lastUpdated: fromChromeTime(r.updated),
            });
          }
        });
      }
      return ios.checkChromeFavicons(icons, ind);
    },
  },
  {
    name: 'firefox_history',
    async run(b, ind) {
      const files = FIREFOX_PATHS.flatMap((p) => b.find(p, FIREFOX_DOMAIN));
      if (files.length === 0) throw new ArtifactMissing('Firefox history is not in the backup');
      const visits: ios.BrowserVisit[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          const tables = db.tables();
          const sql = tables.has('moz_historyvisits')
            ? `SELECT v.id, p.url, p.title, v.visit_date AS t, fp.url AS from_url
                 FROM moz_historyvisits v JOIN moz_places p ON p.id = v.place_id
                 LEFT JOIN moz_historyvisits fv ON fv.id = v.from_visit
                 LEFT JOIN moz_places fp ON fp.id = fv.place_id
                ORDER BY v.id`
            : tables.has('visits') && tables.has('history')
              ? `SELECT v.id, h.url, h.title, v.date AS t, NULL AS from_url
                   FROM visits v JOIN history h ON h.id = v.siteID ORDER BY v.id`
              : null;
          if (sql === null) throw new Error(`${f.relativePath} has no Firefox history tables`);
          for (const r of db.iterate(sql)) {
            visits.push({
              id: num(r.id) ?? 0,
              url: text(r.url) ?? '',
              title: text(r.title),
              visitTime: fromFirefoxTime(r.t),
              fromUrl: text(r.from_url),
            });
          }
        });
      }
      return ios.checkFirefoxHistory(visits, ind);
    },
  },
  {
    name: 'firefox_favicon',
    async run(b, ind) {
      const files = b.find('profile.profile/browser.db', FIREFOX_DOMAIN);
      if (files.length === 0) throw new ArtifactMissing('Firefox is not in the backup');
      const icons: ios.Favicon[] = [];
      let found = false;
      for (const f of files) {
        await database(b, f, (db) => {
          const tables = db.tables();
          if (!tables.has('favicons')) return;
          // Icons map to pages through history rows (favicon_sites) and, since history moved to
          // places.db (which keeps no icons), through page URLs (favicon_site_urls).
          const date = col(db.columns('favicons'), 'i', 'date');
          const parts = [
            ...(tables.has('favicon_sites') && tables.has('history')
              ? [
                  `SELECT h.url AS page_url, i.url AS icon_url, ${date} AS t, 0 AS src, s.id AS k
                     FROM favicon_sites s JOIN favicons i ON i.id = s.faviconID JOIN history h ON h.id = s.siteID`,
                ]
              : []),
            ...(tables.has('favicon_site_urls')
              ? [
                  `SELECT u.site_url AS page_url, i.url AS icon_url, ${date} AS t, 1 AS src, u.id AS k
                     FROM favicon_site_urls u JOIN favicons i ON i.id = u.faviconID`,
                ]
              : []),
          ];
          if (parts.length === 0) return;
          found = true;
          const seen = new Set<string>();
          for (const r of db.iterate(`${parts.join(' UNION ALL ')} ORDER BY src, k`)) {
            const pageUrl = text(r.page_url) ?? '';
            const iconUrl = text(r.icon_url);
            const key = `${pageUrl}\0${iconUrl ?? ''}`;
            if (seen.has(key)) continue;
            seen.add(key);
            icons.push({ pageUrl, iconUrl, lastUpdated: fromFirefoxTime(r.t) });
          }
        });
      }
      if (!found) throw new ArtifactMissing('no Firefox database holds favicons');
      return ios.checkFirefoxFavicons(icons, ind);
    },
  },
  {
    name: 'id_status_cache',
    async run(b, ind) {
      const files = [
        ...b.find('Library/Preferences/com.apple.identityservices.idstatuscache.plist', HOME),
        ...b.find('Library/IdentityServices/idstatuscache.plist', HOME),
      ];
      if (files.length === 0) throw new ArtifactMissing('IDStatusCache is not in the backup');
      const entries: ios.IdStatusEntry[] = [];
      for (const f of files) {
        for (const [service, handles] of Object.entries(await plistDict(b, f))) {
          if (!isDict(handles)) continue;
          for (const [handle, e] of Object.entries(handles)) {
            if (!isDict(e)) continue;
            entries.push({
              service,
              handle,
              lookupStatus: numOf(e.LookupStatus),
              lookupDate: dateOf(e.LookupDate) ?? fromMacTime(e.LookupDate),
            });
          }
        }
      }
      return ios.checkIdStatusCache(entries, ind);
    },
  },
  {
    name: 'webkit_resource_load_statistics',
    async run(b, ind) {
      const files = b.find(WEBKIT_OBSERVATIONS);
      if (files.length === 0) throw new ArtifactMissing('no WebKit observations.db in the backup');
      const rows: ios.ResourceLoadObservation[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          const c = db.columns('ObservedDomains');
          for (const r of db.iterate(
            `SELECT o.registrableDomain, ${col(c, 'o', 'lastSeen')} AS seen,
                    ${col(c, 'o', 'hadUserInteraction')} AS interacted,
                    ${col(c, 'o', 'mostRecentUserInteractionTime')} AS interaction
               FROM ObservedDomains o ORDER BY o.domainID`,
          )) {
            rows.push({
              backupDomain: f.domain,
              registrableDomain: text(r.registrableDomain) ?? '',
              lastSeen: fromWebKitTime(r.seen),
              hadUserInteraction: num(r.interacted) === 1,
              mostRecentUserInteraction: fromWebKitTime(r.interaction),
            });
          }
        });
      }
      return ios.checkResourceLoadStatistics(rows, ind);
    },
  },
  {
    name: 'webkit_session_resource_log',
    async run(b, ind) {
      const files = b.find(WEBKIT_SESSION_LOG);
      if (files.length === 0) throw new ArtifactMissing('no WebKit session resource log in the backup');
      const rows: ios.SessionResource[] = [];
      for (const f of files) {
        const p = await plistDict(b, f);
        for (const s of Array.isArray(p.browsingStatistics) ? p.browsingStatistics : []) {
          if (!isDict(s)) continue;
          rows.push({
            backupDomain: f.domain,
            origin: str(s.PrevalentResourceOrigin) ?? '',
            redirectsFrom: domainList(s.topFrameUniqueRedirectsFrom),
            redirectsTo: domainList(s.topFrameUniqueRedirectsTo),
            subframes: domainList(s.subframeUnderTopFrameOrigins),
            subresources: domainList(s.subresourceUnderTopFrameOrigins),
            lastSeen: dateOf(s.lastSeen) ?? fromWebKitTime(s.lastSeen),
          });
        }
      }
      return ios.checkSessionResourceLog(rows, ind);
    },
  },
  {
    name: 'shortcuts',
    async run(b, ind) {
      return database(b, first(b, 'Library/Shortcuts/Shortcuts.sqlite', HOME), (db) => {
        const c = db.columns('ZSHORTCUT');
        // iOS 14+ keeps the actions in ZSHORTCUTACTIONS; earlier versions in ZSHORTCUT.ZACTIONSDATA.
        const separate = db.tables().has('ZSHORTCUTACTIONS');
        const actions = separate
          ? '(SELECT a.ZDATA FROM ZSHORTCUTACTIONS a WHERE a.ZSHORTCUT = s.Z_PK LIMIT 1)'
          : col(c, 's', 'ZACTIONSDATA');
        const rows = db.rows(
          `SELECT s.Z_PK, ${col(c, 's', 'ZNAME')} AS name, ${col(c, 's', 'ZCREATIONDATE')} AS created,
                  ${col(c, 's', 'ZMODIFICATIONDATE')} AS modified, ${actions} AS actions
             FROM ZSHORTCUT s ORDER BY s.Z_PK`,
        );
        return ios.checkShortcuts(
          rows.map((r) => {
            const a = shortcutActions(r.actions);
            return {
              pk: num(r.Z_PK) ?? 0,
              name: text(r.name),
              created: fromMacTime(r.created),
              modified: fromMacTime(r.modified),
              actions: a.ids,
              actionUrls: a.urls,
            };
          }),
          ind,
        );
      });
    },
  },
  {
    name: 'interaction_c',
    async run(b, ind) {
      return database(b, first(b, 'Library/CoreDuet/People/interactionC.db', HOME), (db) => {
        const c = db.columns('ZINTERACTIONS');
        const k = db.tables().has('ZCONTACTS') ? db.columns('ZCONTACTS') : new Set<string>();
        const join = k.has('Z_PK') && c.has('ZSENDER') ? 'LEFT JOIN ZCONTACTS k ON k.Z_PK = i.ZSENDER' : '';
        const kc = (name: string) => (join === '' ? 'NULL' : col(k, 'k', name));
        const recipients = interactionRecipients(db, k);
        const rows = db.rows(
          `SELECT i.Z_PK, ${col(c, 'i', 'ZBUNDLEID')} AS bundle, ${col(c, 'i', 'ZTARGETBUNDLEID')} AS target,
                  ${col(c, 'i', 'ZSTARTDATE')} AS start, ${col(c, 'i', 'ZENDDATE')} AS end_,
                  ${col(c, 'i', 'ZDIRECTION')} AS direction, ${col(c, 'i', 'ZMECHANISM')} AS mechanism,
                  ${col(c, 'i', 'ZACCOUNT')} AS account, ${col(c, 'i', 'ZRECIPIENTCOUNT')} AS recipients,
                  ${col(c, 'i', 'ZGROUPNAME')} AS grp, ${col(c, 'i', 'ZCONTENTURL')} AS content,
                  ${kc('ZIDENTIFIER')} AS sender, ${kc('ZDISPLAYNAME')} AS sender_name
             FROM ZINTERACTIONS i ${join} ORDER BY i.Z_PK`,
        );
        return ios.checkInteractionC(
          rows.map((r) => ({
            pk: num(r.Z_PK) ?? 0,
            bundleId: text(r.bundle),
            targetBundleId: text(r.target),
            start: fromMacTime(r.start),
            end: fromMacTime(r.end_),
            direction: num(r.direction),
            mechanism: num(r.mechanism),
            account: text(r.account),
            senderIdentifier: text(r.sender),
            senderName: text(r.sender_name),
            recipientCount: num(r.recipients),
            groupName: text(r.grp),
            contentUrl: text(r.content),
            recipients: recipients.get(num(r.Z_PK) ?? 0) ?? [],
          })),
          ind,
        );
      });
    },
  },
  {
    name: 'contacts',
    async run(b, ind) {
      return database(b, first(b, 'Library/AddressBook/AddressBook.sqlitedb', HOME), (db) => {
        // ABMultiValue.property: 3 phone numbers, 4 email addresses, 22 URLs.
        const values = new Map<number, { phones: string[]; emails: string[]; urls: string[] }>();
        const slot = (id: number) => {
          let v = values.get(id);
          if (v === undefined) {
            v = { phones: [], emails: [], urls: [] };
            values.set(id, v);
          }
          return v;
        };
        if (db.tables().has('ABMultiValue')) {
          for (const r of db.iterate(
            'SELECT record_id, property, value FROM ABMultiValue WHERE property IN (3, 4, 22) ORDER BY UID',
          )) {
            const value = text(r.value);
            const id = num(r.record_id);
            if (value === null || id === null) continue;
            const s = slot(id);
            (r.property === 3 ? s.phones : r.property === 4 ? s.emails : s.urls).push(value);
          }
        }
        const p = db.columns('ABPerson');
        const people = db.rows(
          `SELECT a.ROWID AS id, ${col(p, 'a', 'First')} AS first, ${col(p, 'a', 'Last')} AS last,
                  ${col(p, 'a', 'Organization')} AS org, ${col(p, 'a', 'CreationDate')} AS created,
                  ${col(p, 'a', 'ModificationDate')} AS modified
             FROM ABPerson a ORDER BY a.ROWID`,
        );
        return ios.checkContacts(
          people.map((r) => {
            const id = num(r.id) ?? 0;
            const v = values.get(id) ?? { phones: [], emails: [], urls: [] };
            return {
              rowid: id,
              first: text(r.first),
              last: text(r.last),
              organization: text(r.org),
              created: fromMacTime(r.created),
              modified: fromMacTime(r.modified),
              ...v,
            };
          }),
          ind,
        );
      });
    },
  },
];

const SAFARI_FAVICONS = 'Library/Image Cache/Favicons/Favicons.db';
/** The hashed website-data roots: the default data store's, and each named data store's. */
const HASHED_WEBSITE_DATA = [
  'Library/WebKit/WebsiteData/Default/',
  'Library/WebKit/WebsiteDataStore/%/Origins/',
];
const SAFARI_VIEW_SERVICE = 'SystemData/com.apple.SafariViewService/';
/** The event tables of a Security framework analytics database (`all_events` before `notes`). */
const ANALYTICS_EVENT_TABLES = ['hard_failures', 'soft_failures', 'notes', 'all_events'];

const BPLIST = Buffer.from('bplist');

/** Milliseconds since 1970 (an analytics event's own `eventTime`). */
function fromUnixMillis(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : null;
}
/** CFNetwork's default URL cache of an app: `Library/Caches/<bundle id>/Cache.db`. */
const CACHE_DB = 'Library/Caches/%/Cache.db';

/** SQLite's CURRENT_TIMESTAMP text (`YYYY-MM-DD HH:MM:SS`, UTC), as CFNetwork writes `time_stamp`. */
function fromSqlTimestamp(v: SqlValue | undefined): number | null {
  const s = text(v);
  if (s === null || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(s)) return null;
  const t = Date.parse(`${s.replace(' ', 'T')}Z`);
  return Number.isFinite(t) ? t : null;
}

/** An IPS file's metadata: the JSON object on its first line (Apple's `.ips` layout). */
function ipsHeader(bytes: Buffer): Record<string, unknown> | null {
  const nl = bytes.indexOf(10);
  try {
    const v: unknown = JSON.parse(bytes.toString('utf8', 0, nl < 0 ? bytes.length : nl));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** An IPS header's `timestamp`: `2024-02-15 08:05:05.00 -0600` (local time with its offset). */
function fromIpsTime(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ([+-]\d{2})(\d{2})$/.exec(v.trim());
  if (m === null) return null;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4]}`);
  return Number.isFinite(t) ? t : null;
}

/** Escapes a LIKE pattern into a regular expression source, `%` standing for one path part. */
const partPattern = (like: string) => like.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '[^/]+');

/**
 * The hashed layout's origin folders (`<root><top hash>/<frame hash>/`) under each of `roots`
 * (LIKE patterns) in every app container: those holding `storage` (`IndexedDB/`,
 * `LocalStorage/`; null: anything) are read from their `origin` file, timed by their newest
 * storage file.
 */
async function hashedWebkitOrigins(
  b: IosArtifacts,
  roots: readonly string[],
  storage: string | null,
): Promise<ios.WebkitOrigin[]> {
  const folders = new Map<
    string,
    {
      domain: string;
      folder: string;
      origin: IosArtifactFile | null;
      stored: boolean;
      modified: number | null;
    }
  >();
  for (const root of roots) {
    const re = new RegExp(`^(${partPattern(root)})([^/]+)/([^/]+)/(.+)$`, 's');
    for (const f of b.find(`${root}%`, 'AppDomain-%')) {
      const m = re.exec(f.relativePath);
      if (m === null) continue;
      const [, prefix = '', top = '', frame = '', rest = ''] = m;
      const folder = `${prefix}${top}/${frame}`;
      const key = `${f.domain}\0${folder}`;
      const entry = folders.get(key) ?? {
        domain: f.domain,
        folder,
        origin: null,
        stored: false,
        modified: null,
      };
      folders.set(key, entry);
      if (rest === 'origin') entry.origin = f;
      else if (storage === null || rest.startsWith(`${storage}/`)) {
        entry.stored = true;
        const t = b.modified?.(f) ?? null;
        if (t !== null) entry.modified = Math.max(t, entry.modified ?? t);
      }
    }
  }
  const out: ios.WebkitOrigin[] = [];
  for (const e of folders.values()) {
    if (!e.stored) continue;
    if (e.origin === null) {
      b.note(`${e.domain}/${e.folder}: website data without an origin file, not read`);
      continue;
    }
    let decoded: WebkitClientOrigin;
    try {
      decoded = decodeWebkitOriginFile(await b.read(e.origin));
    } catch (err) {
      b.note(`${e.domain}/${e.folder}/origin: not a WebKit origin file (${(err as Error).message})`);
      continue;
    }
    const origin = originString(decoded.clientOrigin);
    const top = originString(decoded.topOrigin);
    out.push({
      container: e.domain,
      folder: e.folder,
      origin,
      host: decoded.clientOrigin.host,
      topOrigin: top === origin ? null : top,
      topHost: top === origin ? null : decoded.topOrigin.host,
      modified: e.modified,
    });
  }
  return out;
}

/**
 * A module over the website data in every app container: the origin-named layout under `root`
 * (each name encoding an origin, `https_example.com_0`, is one record, timed by its newest
 * file) and the newer hashed layout under `hashedRoots` (hashed folders whose `origin` file
 * names the origin; `storage` says which of their subfolders this module covers).
 */
function webkitOriginModule(
  name: ios.WebkitOriginModule,
  root: string,
  hashedRoots: readonly string[],
  storage: string | null,
): IosModule {
  return {
    name,
    async run(b, ind) {
      const files = b.find(`${root}%`, 'AppDomain-%');
      const hashed = await hashedWebkitOrigins(b, hashedRoots, storage);
      if (files.length === 0 && hashed.length === 0)
        throw new ArtifactMissing(`no app container has ${root} or ${hashedRoots.join(' or ')}`);
      const origins = new Map<string, ios.WebkitOrigin>();
      for (const f of files) {
        const parts = f.relativePath.slice(root.length).split('/');
        // The first part naming an origin: the folder itself, or one level down (SafariViewService
        // keeps IndexedDB/ and LocalStorage/ under its root).
        const at = parts.findIndex((p) => ios.webkitOriginOf(p) !== null);
        const origin = at < 0 ? null : ios.webkitOriginOf(parts[at] ?? '');
        if (origin === null) continue;
        const folder = root + parts.slice(0, at + 1).join('/');
        const key = `${f.domain}\0${origin.origin}\0${folder.replace(/\.localstorage(-wal|-shm)?$/i, '')}`;
        const t = b.modified?.(f) ?? null;
        const seen = origins.get(key);
        const modified =
          seen === undefined ? t : t === null ? seen.modified : Math.max(t, seen.modified ?? t);
        origins.set(key, { container: f.domain, folder: seen?.folder ?? folder, ...origin, modified });
      }
      return ios.checkWebkitOrigins(name, [...origins.values(), ...hashed], ind);
    },
  };
}

/**
 * A full-filesystem dump's modules: the backup's, then those whose input backups leave out:
 * netusage (networkd's database; newer versions keep it under `db/`), Safari's favicon cache,
 * the OS version history in the analytics journals, the apps' URL caches and the origins of
 * their WebKit website data.
 */
export const IOS_FILESYSTEM_MODULES: readonly IosModule[] = [
  ...IOS_MODULES,
  {
    name: 'netusage',
    async run(b, ind) {
      const f = b
        .find('%netusage.sqlite', 'NetworkDomain')
        .find((x) => /^(db\/)?netusage\.sqlite$/.test(x.relativePath));
      if (f === undefined) throw new ArtifactMissing('networkd/netusage.sqlite is not in the dump');
      return database(b, f, (db) => {
        const { procs, live } = usageRows(db);
        return ios.checkDataUsage(procs, live, ind, 'netusage');
      });
    },
  },
  {
    name: 'safari_favicon',
    async run(b, ind) {
      // HomeDomain on older versions, Safari's app container on newer ones.
      const files = b.find(SAFARI_FAVICONS);
      if (files.length === 0) throw new ArtifactMissing(`${SAFARI_FAVICONS} is not in the dump`);
      const icons: ios.Favicon[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          for (const r of db.iterate(
            `SELECT p.url AS page, i.url AS icon, i.timestamp AS t
               FROM page_url p JOIN icon_info i ON i.uuid = p.uuid ORDER BY i.timestamp, p.url`,
          ))
            icons.push({ pageUrl: text(r.page) ?? '', iconUrl: text(r.icon), lastUpdated: fromMacTime(r.t) });
        });
      }
      return ios.checkSafariFavicons(icons, ind);
    },
  },
  {
    name: 'cache_files',
    async run(b, ind) {
      const files = b.find(CACHE_DB);
      if (files.length === 0) throw new ArtifactMissing('no app has a Library/Caches/<bundle>/Cache.db');
      const rows: ios.CachedResponse[] = [];
      for (const f of files) {
        await database(b, f, (db) => {
          if (!db.tables().has('cfurl_cache_response')) return;
          for (const r of db.iterate(
            'SELECT request_key, time_stamp FROM cfurl_cache_response ORDER BY entry_ID',
          )) {
            const url = text(r.request_key);
            if (url === null) continue;
            rows.push({
              container: f.domain,
              path: f.relativePath,
              url,
              timestamp: fromSqlTimestamp(r.time_stamp),
            });
          }
        });
      }
      return ios.checkCacheFiles(rows, ind);
    },
  },
  {
    name: 'version_history',
    async run(b) {
      const files = b.find('analyticsd/Analytics-Journal-%.ips', 'DatabaseDomain');
      if (files.length === 0)
        throw new ArtifactMissing('no private/var/db/analyticsd/Analytics-Journal-*.ips');
      const entries: ios.OsVersionEntry[] = [];
      for (const f of files) {
        const header = ipsHeader(await b.read(f));
        const v = header?.os_version;
        const osVersion = typeof v === 'string' && v !== '' ? v : null;
        if (header === null || osVersion === null) {
          b.note(`${f.relativePath}: no IPS header with os_version on its first line`);
          continue;
        }
        entries.push({
          file: f.relativePath,
          osVersion,
          ...ios.parseOsVersion(osVersion),
          timestamp: fromIpsTime(header.timestamp),
        });
      }
      return ios.checkVersionHistory(entries);
    },
  },
  webkitOriginModule(
    'webkit_indexeddb',
    'Library/WebKit/WebsiteData/IndexedDB/',
    HASHED_WEBSITE_DATA,
    'IndexedDB',
  ),
  webkitOriginModule(
    'webkit_localstorage',
    'Library/WebKit/WebsiteData/LocalStorage/',
    HASHED_WEBSITE_DATA,
    'LocalStorage',
  ),
  webkitOriginModule(
    'webkit_safariviewservice',
    `${SAFARI_VIEW_SERVICE}Library/WebKit/WebsiteData/`,
    [`${SAFARI_VIEW_SERVICE}Library/WebKit/WebsiteData/Default/`],
    null,
  ),
  {
    name: 'analytics',
    async run(b, ind) {
      const files = b
        .find('Analytics/%.db', 'KeychainDomain')
        .filter((f) => /^Analytics\/[^/]+\.db$/.test(f.relativePath))
        .sort((x, y) => (x.relativePath < y.relativePath ? -1 : x.relativePath > y.relativePath ? 1 : 0));
      if (files.length === 0)
        throw new ArtifactMissing('no private/var/Keychains/Analytics/*.db in the dump');
      const events: ios.KeychainAnalyticsEvent[] = [];
      for (const f of files) {
        const dbName = f.relativePath.split('/').pop() ?? f.relativePath;
        await database(b, f, (db) => {
          const tables = db.tables();
          for (const table of ANALYTICS_EVENT_TABLES) {
            if (!tables.has(table)) continue;
            let unreadable = 0;
            const c = db.columns(table);
            for (const r of db.iterate(
              `SELECT ${col(c, 'e', 'id')} AS id, ${col(c, 'e', 'timestamp')} AS timestamp,
                      ${col(c, 'e', 'data')} AS data FROM ${table} e ORDER BY e.rowid`,
            )) {
              // The store always writes binary plists; anything else is counted, not guessed at.
              let event: PlistValue = null;
              try {
                if (r.data instanceof Uint8Array && BPLIST.equals(r.data.subarray(0, BPLIST.length)))
                  event = parsePlist(r.data);
                else if (r.data !== null) unreadable++;
              } catch {
                unreadable++;
              }
              const e = isDict(event) ? event : {};
              events.push({
                database: dbName,
                table,
                id: num(r.id) ?? 0,
                timestamp: fromUnixSeconds(r.timestamp) ?? fromUnixMillis(e.eventTime),
                eventType: str(e.eventType),
                values: [...new Set(stringsIn(Object.values(e), []))],
              });
            }
            if (unreadable > 0)
              b.note(`${f.relativePath} ${table}: ${unreadable} event(s) whose data is not a property list`);
          }
        });
      }
      return ios.checkKeychainAnalytics(events, ind);
    },
  },
  {
    name: 'shutdown_log',
    async run(b, ind) {
      const files = b
        .find('diagnostics/shutdown%.log', 'DatabaseDomain')
        .filter((f) => /^diagnostics\/shutdown(\.[^/]*)?\.log$/.test(f.relativePath))
        .sort((x, y) => (x.relativePath < y.relativePath ? -1 : x.relativePath > y.relativePath ? 1 : 0));
      if (files.length === 0)
        throw new ArtifactMissing('no private/var/db/diagnostics/shutdown.log in the dump');
      const texts: string[] = [];
      for (const f of files) texts.push((await b.read(f)).toString('utf8'));
      return checkShutdownLog(parseShutdownLogs(texts), ind);
    },
  },
];
