/**
 * Reads each iOS artifact out of a backup and hands its rows to the pure check in
 * core/forensics/ios.ts. One function per module; a module that fails (file missing,
 * truncated database, corrupt plist) is reported by the scan and the others go on.
 */
import { fromMacTime, fromUnixSeconds, type ModuleResult } from '../../core/forensics/alerts.ts';
import type { IndicatorSet } from '../../core/forensics/indicators.ts';
import { hostOf } from '../../core/forensics/indicators.ts';
import * as ios from '../../core/forensics/ios.ts';
import type { IosFacts } from '../../core/forensics/posture.ts';
import type { BackupFile, IosBackup } from './ios-backup.ts';
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

type Ind = IndicatorSet | null;

/** Thrown when a module's artifact is simply not in this backup: reported as skipped, not failed. */
export class ArtifactMissing extends Error {}

function first(b: IosBackup, relativePath: string, domain: string | null): BackupFile {
  const f = b.find(relativePath, domain)[0];
  if (f === undefined) throw new ArtifactMissing(`${domain ?? '*'}/${relativePath} is not in the backup`);
  return f;
}

/** Opens a database of the backup from memory, with its `-wal` file replayed when it has one. */
async function database<T>(b: IosBackup, f: BackupFile, fn: (db: SqliteEvidence) => T): Promise<T> {
  const wal = b.walOf(f);
  let db: SqliteEvidence;
  try {
    db = await SqliteEvidence.open(b.read(f), wal === null ? null : b.read(wal));
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

function plistDict(b: IosBackup, f: BackupFile): PlistDict {
  const v = parsePlist(b.read(f));
  if (!isDict(v)) throw new Error(`${f.relativePath} is not a dictionary`);
  return v;
}

export interface IosModule {
  readonly name: string;
  run(b: IosBackup, ind: Ind, facts: MutableFacts): Promise<ModuleResult>;
}

export type MutableFacts = { -readonly [K in keyof IosFacts]: IosFacts[K] };

export function backupInfo(b: IosBackup): ios.BackupInfo {
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

function installedApps(b: IosBackup): ios.InstalledApp[] {
  const apps = b.info.Applications;
  const out: ios.InstalledApp[] = [];
  const listed = Array.isArray(b.info['Installed Applications'])
    ? b.info['Installed Applications'].map(String)
    : [];
  const seen = new Set<string>();
  if (isDict(apps)) {
    for (const [key, value] of Object.entries(apps)) {
      const metaBytes = isDict(value) ? bytesOf(value.iTunesMetadata) : null;
      let meta: PlistValue = null;
      try {
        meta = metaBytes === null ? null : parsePlist(metaBytes);
      } catch {
        meta = null;
      }
      const m = isDict(meta) ? meta : {};
      const bundleId = str(m.softwareVersionBundleId) ?? (metaBytes === null ? key : null);
      if (bundleId !== null) seen.add(bundleId);
      out.push({
        bundleId,
        name: str(m.itemName) ?? key,
        sourceApp: str(m.sourceApp),
        purchaseDate:
          dateOf(m.purchaseDate) ??
          (typeof m.purchaseDate === 'string' ? Date.parse(m.purchaseDate) || null : null),
      });
    }
  }
  for (const id of listed)
    if (!seen.has(id)) out.push({ bundleId: id, name: id, sourceApp: null, purchaseDate: null });
  return out;
}

const HOME = 'HomeDomain';

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
];

export const IOS_MODULES: readonly IosModule[] = [
  {
    name: 'backup_info',
    async run(b, _ind, facts) {
      facts.info = backupInfo(b);
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
      facts.apps = installedApps(b);
      return ios.checkApplications(facts.apps, ind);
    },
  },
  {
    name: 'global_preferences',
    async run(b, _ind, facts) {
      const p = plistDict(b, first(b, 'Library/Preferences/.GlobalPreferences.plist', HOME));
      facts.lockdownMode = bool(p.LDMGlobalEnabled);
      return ios.checkGlobalPreferences(facts.lockdownMode);
    },
  },
  {
    name: 'datausage',
    async run(b, ind) {
      const f = first(b, 'Library/Databases/DataUsage.sqlite', 'WirelessDomain');
      return database(b, f, (db) => {
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
      const profiles: ios.ConfigurationProfile[] = files.map((f) => {
        const p = plistDict(b, f);
        const content = Array.isArray(p.PayloadContent) ? p.PayloadContent : [];
        return {
          file: f.relativePath,
          uuid: str(p.PayloadUUID),
          identifier: str(p.PayloadIdentifier),
          displayName: str(p.PayloadDisplayName),
          payloadTypes: content.flatMap((c) =>
            isDict(c) && typeof c.PayloadType === 'string' ? [c.PayloadType] : [],
          ),
          installDate: dateOf(p.InstallDate),
        };
      });
      facts.profiles = profiles;
      return ios.checkConfigurationProfiles(profiles, ind);
    },
  },
  {
    name: 'profile_events',
    async run(b, ind) {
      const p = plistDict(b, first(b, '%MCProfileEvents.plist', null));
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
      const p = plistDict(b, first(b, 'Library/Caches/locationd/clients.plist', 'RootDomain'));
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
      const p = plistDict(b, first(b, 'Library/Preferences/com.apple.osanalytics.addaily.plist', null));
      const baseline = isDict(p.netUsageBaseline) ? p.netUsageBaseline : {};
      const entries = Object.entries(baseline).map(([process, v]) => ({
        process,
        date: Array.isArray(v) ? dateOf(v[0]) : null,
      }));
      return ios.checkAnalytics(entries, ind);
    },
  },
];
