/**
 * What each check module reads and matches, keyed by the module names protocols may require
 * (coverage.ts), so a module cannot be registered without its entry here: docs/forensics.md is
 * generated from this (`npm run generate`).
 */
import {
  ANDROID_SCAN_MODULES,
  type IOS_FILESYSTEM_ONLY_MODULES,
  IOS_FILESYSTEM_SCAN_MODULES,
  IOS_SCAN_MODULES,
  NESTED_BUGREPORT_MODULES,
  SYSDIAGNOSE_SCAN_MODULES,
} from './coverage.ts';

export interface ModuleDoc {
  /** Where the artifact is: backup domain and relative path, or the acquisition file. */
  readonly artifact: string;
  /** What becomes a record, and which time puts it on the timeline. */
  readonly extracts: string;
  /** Which fields are checked against which kind of indicator, at which level. */
  readonly matches: string;
  /** Alerts raised without an indicator. */
  readonly heuristics: string;
}

type IosModuleName = (typeof IOS_SCAN_MODULES)[number];
type AndroidModuleName = (typeof ANDROID_SCAN_MODULES)[number];
type SysdiagnoseModuleName = (typeof SYSDIAGNOSE_SCAN_MODULES)[number];

const NONE = 'none';

export const IOS_MODULE_DOCS: Readonly<Record<IosModuleName, ModuleDoc>> = {
  backup_info: {
    artifact: '`Info.plist` at the backup root',
    extracts:
      'device name, model, iOS version and build, serial number, whether encrypted; the last backup date',
    matches: NONE,
    heuristics: NONE,
  },
  manifest: {
    artifact: '`Manifest.db` (`Files`: domain, relativePath, flags)',
    extracts: 'every file entry of the backup',
    matches:
      '`/relativePath` as a file path (name or path prefix), high; a path part that looks like a host name as a domain, high',
    heuristics: NONE,
  },
  applications: {
    artifact: '`Info.plist`: `Applications.*.iTunesMetadata` and `Installed Applications`',
    extracts: 'bundle id, name, installer (`sourceApp`); the purchase date',
    matches: 'bundle id as a process name, then as an app id, critical',
    heuristics:
      'medium: installed by anything but the App Store or the device’s MDM (side-loaded); medium: no bundle id',
  },
  global_preferences: {
    artifact: 'HomeDomain `Library/Preferences/.GlobalPreferences.plist`',
    extracts: 'Lockdown Mode (`LDMGlobalEnabled`)',
    matches: NONE,
    heuristics: 'info: Lockdown Mode enabled; low: disabled, or never enabled (the key is absent)',
  },
  datausage: {
    artifact: 'WirelessDomain `Library/Databases/DataUsage.sqlite` (`ZPROCESS`, `ZLIVEUSAGE`)',
    extracts:
      'every usage row joined to its process (cellular and Wi-Fi traffic; the usage time), and processes without usage (first seen)',
    matches: 'process name (and its part before `/`; 16-character truncations) as a process name, critical',
    heuristics:
      'high: a usage row whose process row was deleted; low: a gap in the process keys (a deleted process)',
  },
  safari_history: {
    artifact:
      '`Library/Safari/History.db` and `Library/Safari/Profiles/*/History.db` (encrypted backups only)',
    extracts: 'every visit with its URL and redirect source; the visit time',
    matches: 'URL as a URL, then its host and registrable domain as a domain, critical',
    heuristics:
      'medium: an `http://` page redirected to another host within a second (possible network injection)',
  },
  safari_browser_state: {
    artifact: '`Library/Safari/BrowserState.db` and per-profile copies (`tabs`)',
    extracts: 'open tabs with URL and title; the last viewed time',
    matches: 'tab URL, critical',
    heuristics: NONE,
  },
  sms: {
    artifact: 'HomeDomain `Library/SMS/sms.db` (`message` joined to `handle`)',
    extracts: 'every SMS/iMessage with handle, service and the links in its text; the message time',
    matches: 'each link as a URL, critical',
    heuristics:
      'high: an Apple threat notification (“ALERT: State-sponsored attackers…”, “…mercenary spyware…”)',
  },
  sms_attachments: {
    artifact: 'HomeDomain `Library/SMS/sms.db` (`attachment`, `message_attachment_join`)',
    extracts: 'every attachment with file name, MIME type and direction; the creation time',
    matches: 'attachment path as a file path, high',
    heuristics: 'medium: a received attachment under `/var/tmp/` whose name ends `-1` (FORCEDENTRY-style)',
  },
  whatsapp: {
    artifact: 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared `ChatStorage.sqlite` (`ZWAMESSAGE`)',
    extracts: 'every message with sender JID and the links in its text; the message time',
    matches: 'each link as a URL, critical',
    heuristics: 'high: an Apple threat notification text',
  },
  calendar: {
    artifact: 'HomeDomain `Library/Calendar/Calendar.sqlitedb` (`CalendarItem`, `Participant`)',
    extracts: 'events with summary, description and organiser; the start time',
    matches: 'organiser address as an email, critical',
    heuristics: 'high: an event “Meeting” with description “Notes” (a known exploit artefact)',
  },
  tcc: {
    artifact: 'HomeDomain `Library/TCC/TCC.db` (`access`, schema v1–v3)',
    extracts: 'every permission: service, client, allowed or denied; the last modified time',
    matches: 'client as a process name, critical',
    heuristics: 'none (the camera, microphone and location grants feed the posture checks)',
  },
  configuration_profiles: {
    artifact: 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles, files named `profile-*`',
    extracts: 'each installed profile: UUID, identifier, name, payload types; the install date',
    matches: '`PayloadUUID` as a configuration-profile id, critical',
    heuristics: 'medium: the first payload hides notifications (`com.apple.notificationsettings`)',
  },
  profile_events: {
    artifact: '`MCProfileEvents.plist` (configuration profiles container)',
    extracts: 'profile install and remove events with the process that made them; the event time',
    matches: 'process as a process name, profile id as a configuration-profile id, critical',
    heuristics: 'low: every profile install or removal',
  },
  locationd_clients: {
    artifact: 'RootDomain `Library/Caches/locationd/clients.plist`',
    extracts: 'every location client: name, bundle id, paths, authorisation',
    matches:
      'name and bundle id as a process name, critical; bundle path, executable and registered path as file paths, high',
    heuristics: NONE,
  },
  os_analytics_ad_daily: {
    artifact: '`Library/Preferences/com.apple.osanalytics.addaily.plist` (`netUsageBaseline`)',
    extracts: 'process names with network usage baselines; the baseline date',
    matches: 'process name, critical',
    heuristics: NONE,
  },
  calls: {
    artifact: 'HomeDomain `Library/CallHistoryDB/CallHistory.storedata` (`ZCALLRECORD`)',
    extracts:
      'every call: address (phone number or Apple ID, also when stored as a BLOB), name, duration, direction, answered, type (phone, FaceTime video/audio, app) and the app that placed it; the call time',
    matches:
      'an email address as an email, else its domain as a domain, critical; the app that placed the call (`ZSERVICE_PROVIDER`) as a process name or app id, critical. Phone numbers are recorded but not matched: the feeds have no phone indicators',
    heuristics: NONE,
  },
  chrome_history: {
    artifact:
      'AppDomain-com.google.chrome.ios `Library/Application Support/Google/Chrome/Default/History` (`urls`, `visits`)',
    extracts:
      'every visit: URL, title, the page it came from (`from_visit`); the visit time (Chrome epoch, 1601)',
    matches: 'URL as a URL, then its host and registrable domain as a domain, critical',
    heuristics: NONE,
  },
  chrome_favicon: {
    artifact:
      'AppDomain-com.google.chrome.ios `Library/Application Support/Google/Chrome/Default/Favicons` (`icon_mapping`, `favicons`, `favicon_bitmaps`)',
    extracts: 'every page-to-icon mapping (they outlive cleared history); the icon’s last update',
    matches: 'page URL, then icon URL, critical',
    heuristics: NONE,
  },
  firefox_history: {
    artifact:
      'AppDomainGroup-group.org.mozilla.ios.Firefox `profile.profile/browser.db` (`history`, `visits`) or `profile.profile/places.db` (`moz_places`, `moz_historyvisits`, as in places.sqlite)',
    extracts: 'every visit: URL, title, the page it came from (places); the visit time',
    matches: 'URL as a URL, then its host and registrable domain as a domain, critical',
    heuristics: NONE,
  },
  firefox_favicon: {
    artifact:
      'AppDomainGroup-group.org.mozilla.ios.Firefox `profile.profile/browser.db`: `favicons` mapped to pages by `favicon_sites` (joined to `history`) and, since history moved to places.db, by `favicon_site_urls` (the page URL itself). places.db (the shared Places schema) holds no icons',
    extracts: 'every page-to-icon mapping, once (they outlive cleared history); the icon’s date',
    matches: 'page URL, then icon URL, critical',
    heuristics: NONE,
  },
  id_status_cache: {
    artifact:
      'HomeDomain `Library/Preferences/com.apple.identityservices.idstatuscache.plist` (to iOS 14.6) and `Library/IdentityServices/idstatuscache.plist`',
    extracts: 'every iMessage/FaceTime lookup: service, handle (`mailto:`/`tel:`), status; the lookup time',
    matches:
      'an email handle as an email (the Pegasus account indicators), else its domain as a domain, critical; phone handles are recorded only',
    heuristics: 'high: a handle with embedded NUL bytes (exploit-crafted Apple IDs)',
  },
  webkit_resource_load_statistics: {
    artifact:
      '`Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db` in any domain (Safari and apps with web views; `ObservedDomains`)',
    extracts:
      'every registrable domain WebKit loaded resources from, with the app it was seen in and user interaction; the last seen time',
    matches: 'registrable domain as a domain, critical',
    heuristics: NONE,
  },
  webkit_session_resource_log: {
    artifact:
      '`Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist` in any domain (`browsingStatistics`)',
    extracts:
      'every top-frame origin with its redirect sources and destinations, subframe and subresource domains; the last seen time',
    matches: 'each of those domains as a domain, critical',
    heuristics: NONE,
  },
  shortcuts: {
    artifact:
      'HomeDomain `Library/Shortcuts/Shortcuts.sqlite` (`ZSHORTCUT`, actions in `ZSHORTCUTACTIONS` or `ZACTIONSDATA`)',
    extracts:
      'every shortcut: name, action identifiers, the links in its action parameters; created and modified times',
    matches: 'each action link as a URL, critical',
    heuristics: NONE,
  },
  interaction_c: {
    artifact:
      'HomeDomain `Library/CoreDuet/People/interactionC.db` (`ZINTERACTIONS`; sender in `ZCONTACTS`; recipients through the Core Data join table `Z_<n>INTERACTIONRECIPIENT`, columns `Z_<n>RECIPIENTS` and `Z_<n>INTERACTIONRECIPIENT`, entity numbers varying by iOS version)',
    extracts:
      'every interaction: app and target app, sender identifier and name, every recipient’s identifier and name, account, direction, mechanism, group, content URL; start and end times',
    matches:
      'app and target app as a process name or app id, critical; sender, recipient identifiers and account as an email (else its domain), critical (phone numbers are kept but cannot match: the feeds have no phone indicators); a content URL as a URL, critical, or a `file://` content path as a file path, high',
    heuristics: NONE,
  },
  contacts: {
    artifact: 'HomeDomain `Library/AddressBook/AddressBook.sqlitedb` (`ABPerson`, `ABMultiValue`)',
    extracts:
      'every person: names, organisation, phone numbers, email addresses, URLs; creation and modification times',
    matches:
      'email addresses as emails (else their domain as a domain), URLs as URLs, high (a saved address is not contact)',
    heuristics: NONE,
  },
};

export const SYSDIAGNOSE_MODULE_DOCS: Readonly<Record<SysdiagnoseModuleName, ModuleDoc>> = {
  shutdown_log: {
    artifact: '`system_logs.logarchive/Extra/shutdown.log`',
    extracts: 'every process that held up a shutdown, with how many waits listed it; the SIGTERM time',
    matches: 'client path as a file path, else as a process name, critical',
    heuristics:
      'high: a client under `/private/var/db/` or `/private/var/tmp/`; medium: a client that held up one shutdown three times or more',
  },
  ps: {
    artifact: '`ps.txt`',
    extracts: 'the processes running when the sysdiagnose was taken: pid, user, command',
    matches: 'an absolute executable path as a file path, else the executable as a process name, critical',
    heuristics: NONE,
  },
  configuration_profiles: {
    artifact: '`logs/MCState/Shared/profile-*.stub`',
    extracts: 'as the backup’s `configuration_profiles`',
    matches: 'as the backup’s `configuration_profiles`',
    heuristics: 'as the backup’s `configuration_profiles`',
  },
};

const AQF = 'AndroidQF acquisition';
/** The dumpsys modules read either input's dumpsys text. */
const SYS = 'AndroidQF `dumpsys.txt` or a bug report’s dumpstate text';

type NestedBugreportName = (typeof NESTED_BUGREPORT_MODULES)[number];

const OWN_ANDROID_MODULE_DOCS: Readonly<Record<Exclude<AndroidModuleName, NestedBugreportName>, ModuleDoc>> =
  {
    getprop: {
      artifact: `${AQF}: \`getprop.txt\``,
      extracts: 'every system property with its value',
      matches: 'property name as an Android property, critical',
      heuristics: NONE,
    },
    packages: {
      artifact: `${AQF}: \`packages.json\``,
      extracts:
        'every package: installer, system or not, disabled, its files with hashes and signing certificates; the install time',
      matches:
        'package name as an app id, file MD5/SHA-1/SHA-256 as hashes, certificate hashes as app certificates, critical',
      heuristics:
        'medium, for user apps: installed without a store (side-loaded), from a browser, or by a third-party store',
    },
    processes: {
      artifact: `${AQF}: \`ps.txt\`; bug report: its \`PROCESSES AND THREADS\` (or \`PROCESSES\`) section, one row per process (the main thread when threads are listed)`,
      extracts: 'every running process: pid, user, name',
      matches: 'name as a process name, else its package part as an app id, critical',
      heuristics: NONE,
    },
    settings: {
      artifact: `${AQF}: \`settings_*.txt\`; bug report: the dumpsys \`settings\` section (\`GLOBAL\`, \`SECURE\`, \`SYSTEM SETTINGS\`, one \`name:… value:…\` line each)`,
      extracts: 'every setting of each namespace (global, secure, system)',
      matches: NONE,
      heuristics:
        'medium: settings that weaken the device (adb installs unverified, package verification off, USB debugging on, unknown sources allowed, …)',
    },
    files: {
      artifact: `${AQF}: \`files.json\``,
      extracts: 'every file listed with its SHA-256; the modification time',
      matches: 'path as a file path, high; SHA-256 as a hash, critical',
      heuristics: 'medium: a file under `/data/local/tmp/`',
    },
    root_binaries: {
      artifact: `${AQF}: \`root_binaries.json\``,
      extracts: 'the paths of root binaries found',
      matches: NONE,
      heuristics: 'high: every root binary',
    },
    mounts: {
      artifact: `${AQF}: \`mounts.txt\` (older: \`mounts.json\`)`,
      extracts: 'every mount: device, mount point, type, options',
      matches: NONE,
      heuristics:
        'high: `/`, `/system`, `/vendor`, `/product` or `/system_ext` mounted writable (a sign of root)',
    },
    dumpsys_accessibility: {
      artifact: `${SYS}, its \`accessibility\` section`,
      extracts: 'every accessibility service and whether it is enabled',
      matches: 'the service’s package as an app id, critical',
      heuristics: 'high: an enabled accessibility service that is not a known platform or vendor one',
    },
    dumpsys_appops: {
      artifact: `${SYS}, its \`appops\` section`,
      extracts: 'every app op: uid, package, op, mode; the last access time',
      matches: 'package as an app id, critical',
      heuristics:
        'medium: an app allowed to install other apps; low: an app that used the camera or microphone',
    },
    dumpsys_receivers: {
      artifact: `${SYS}, its \`package\` section (receiver table)`,
      extracts: 'every broadcast receiver: action and component',
      matches: 'the component’s package as an app id, critical',
      heuristics: 'info: a non-platform app receiving incoming SMS, WAP push or call broadcasts',
    },
    dumpsys_packages: {
      artifact: `${SYS}, its \`package\` section (packages)`,
      extracts:
        'every package: uid, code path, installer, system or not; first install and last update times',
      matches: 'package name as an app id, critical; code path as a file path, high',
      heuristics: 'medium: a user app installed without a store',
    },
    dumpsys_battery_history: {
      artifact: `${SYS}, its \`batterystats\` section (history)`,
      extracts: 'battery history events that name a package; the event time',
      matches: 'package as an app id, critical',
      heuristics: NONE,
    },
    logcat: {
      artifact: `${AQF}: \`logcat.txt\`; bug report: its logcat section`,
      extracts:
        'every log line: pid, tag, message, the process a `Start proc` line names, links; the line’s time',
      matches: 'started process as a process name or app id, links as URLs, critical',
      heuristics: NONE,
    },
    tombstones: {
      artifact: `${AQF} or bug report: \`tombstones/tombstone_N\``,
      extracts: 'every crash: process, pid, uid, thread, signal; the crash time',
      matches: 'crashed process as a process name, a file path (absolute) or an app id, critical',
      heuristics: NONE,
    },
    sms: {
      artifact: 'adb backup (`.ab`): `apps/com.android.providers.telephony/d_f/*_sms_backup`',
      extracts: 'every SMS with address and the links in its body; the message time',
      matches: 'each link as a URL, critical',
      heuristics: NONE,
    },
    backup_packages: {
      artifact: 'adb backup (`.ab`): the `apps/<package>/` folders',
      extracts: 'the packages whose data the backup holds',
      matches: 'package name as an app id, critical',
      heuristics: NONE,
    },
    backup_sms: {
      artifact: `${AQF}: \`backup.ab\`, as \`sms\``,
      extracts: 'as `sms`',
      matches: 'as `sms`',
      heuristics: NONE,
    },
    backup_backup_packages: {
      artifact: `${AQF}: \`backup.ab\`, as \`backup_packages\``,
      extracts: 'as `backup_packages`',
      matches: 'as `backup_packages`',
      heuristics: NONE,
    },
  };

export const ANDROID_MODULE_DOCS: Readonly<Record<AndroidModuleName, ModuleDoc>> = {
  ...OWN_ANDROID_MODULE_DOCS,
  ...(Object.fromEntries(
    NESTED_BUGREPORT_MODULES.map((name) => {
      const inner = name.slice('bugreport_'.length);
      return [
        name,
        {
          artifact: `${AQF}: \`bugreport.zip\` (the bug report AndroidQF takes), as \`${inner}\``,
          extracts: `as \`${inner}\``,
          matches: `as \`${inner}\``,
          heuristics: `as \`${inner}\``,
        },
      ];
    }),
  ) as Record<NestedBugreportName, ModuleDoc>),
};

/**
 * The iOS modules whose artifact differs on a full-filesystem dump; every other module reads
 * the same file at the on-device folder of its backup domain.
 */
export const IOS_FILESYSTEM_MODULE_DOCS: Readonly<
  Partial<Record<IosModuleName, ModuleDoc>> & Record<(typeof IOS_FILESYSTEM_ONLY_MODULES)[number], ModuleDoc>
> = {
  safari_favicon: {
    artifact:
      '`private/var/mobile/Library/Image Cache/Favicons/Favicons.db`, and the same path in any app container: `page_url` joined to `icon_info` by `uuid`',
    extracts: 'every page URL with its icon URL; the icon’s time (`icon_info.timestamp`)',
    matches: 'page URL as a URL (exact, then its host as a domain), else the icon URL, critical',
    heuristics: NONE,
  },
  cache_files: {
    artifact:
      'every app container’s `Library/Caches/<bundle id>/Cache.db` (CFNetwork’s URL cache): `cfurl_cache_response`',
    extracts: 'every cached response: container, request URL (`request_key`); its time (`time_stamp`, UTC)',
    matches: 'request URL as a URL, critical',
    heuristics: NONE,
  },
  version_history: {
    artifact:
      '`private/var/db/analyticsd/Analytics-Journal-*.ips`: the IPS metadata (JSON) on each journal’s first line, `os_version` and `timestamp`',
    extracts: 'every journal’s OS version text, version and build, in time order; the journal’s time (UTC)',
    matches: NONE,
    heuristics: NONE,
  },
  webkit_indexeddb: {
    artifact:
      'every app container’s `Library/WebKit/WebsiteData/IndexedDB/`: folders named `<scheme>_<host>_<port>` (`https_example.com_0`; port 0 is the default); and the newer hashed layout, `Library/WebKit/WebsiteData/Default/<top hash>/<frame hash>/` (and `Library/WebKit/WebsiteDataStore/<id>/Origins/…`) folders holding `IndexedDB/`, whose origin is in their `origin` file (WebKit’s encoding: top-frame then frame origin, each protocol and host as length-prefixed Latin-1 or UTF-16 strings and an optional port)',
    extracts:
      'every origin folder: container, folder, origin (and, hashed layout, the top-frame origin when it differs); the newest modification time of its files as the dump recorded it. A hashed folder without a readable `origin` file is noted, not read',
    matches: 'origin host as a domain, else the top-frame host, critical',
    heuristics: NONE,
  },
  webkit_localstorage: {
    artifact:
      'every app container’s `Library/WebKit/WebsiteData/LocalStorage/`: `<scheme>_<host>_<port>.localstorage` files (with their `-wal`/`-shm`); and hashed-layout folders (as `webkit_indexeddb`) holding `LocalStorage/localstorage.sqlite3`',
    extracts: 'as `webkit_indexeddb`, one record per origin',
    matches: 'as `webkit_indexeddb`',
    heuristics: NONE,
  },
  webkit_safariviewservice: {
    artifact:
      'every app container’s `SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData/` (the in-app Safari view): origin-named folders and files beneath it, and hashed-layout folders under its `Default/` with any website data',
    extracts: 'as `webkit_indexeddb`',
    matches: 'as `webkit_indexeddb`',
    heuristics: NONE,
  },
  analytics: {
    artifact:
      '`private/var/Keychains/Analytics/*.db` (the Security framework’s analytics: keychain sync, trust, TLS, sign-in), tables `hard_failures`, `soft_failures`, `notes` (older: `all_events`), each row a time and a binary-plist event',
    extracts:
      'every event: database, table, row id, event type and every text value of its attributes; the row’s time (Unix seconds; the event’s own `eventTime` when the row has none)',
    matches:
      'links in a value as URLs, a value that is a host name as a domain (else as a process name), any other one-word value as a process name, critical; one alert per indicator and event',
    heuristics: NONE,
  },
  shutdown_log: {
    artifact:
      '`private/var/db/diagnostics/shutdown.log` and rotated `shutdown.*.log` (the file a sysdiagnose copies)',
    extracts: 'as the sysdiagnose’s `shutdown_log`',
    matches: 'as the sysdiagnose’s `shutdown_log`',
    heuristics: 'as the sysdiagnose’s `shutdown_log`',
  },
  netusage: {
    artifact:
      '`private/var/networkd/netusage.sqlite` (newer iOS: `private/var/networkd/db/netusage.sqlite`): `ZPROCESS`, `ZLIVEUSAGE`, as DataUsage.sqlite',
    extracts: 'as `datausage`: every usage row joined to its process, with its time and traffic',
    matches: 'as `datausage`: process name (and its 16-character truncation) as a process name, critical',
    heuristics: 'as `datausage`: usage rows of deleted processes (high), gaps in the process keys (low)',
  },
  backup_info: {
    artifact: 'none: a dump has no `Info.plist` (the module reports no input)',
    extracts: NONE,
    matches: NONE,
    heuristics: NONE,
  },
  manifest: {
    artifact: "the dump's own file list (links and members leaving the archive are refused, not listed)",
    extracts:
      'every file of the dump: its backup domain (when its folder has one) and its full on-device path',
    matches:
      'the on-device path (`/private/var/...`) as a file path (name or path prefix), high; a path part that looks like a host name as a domain, high',
    heuristics: NONE,
  },
  applications: {
    artifact: '`private/var/containers/Bundle/Application/<UUID>/iTunesMetadata.plist` of every app',
    extracts: 'as for a backup: bundle id, name, source store, purchase date',
    matches: 'as for a backup',
    heuristics: 'as for a backup',
  },
};

const IOS_FILESYSTEM_INTRO = [
  "A jailbreak or checkm8 extraction of the phone's file system, as a folder or an uncompressed",
  '`.tar` (read in place; a `.tar.gz` is inflated in memory under the archive limit). Files are',
  'found at their on-device paths and given the backup domain of their folder: `private/var/mobile/`',
  'is HomeDomain, `private/var/root/` RootDomain, `private/var/wireless/` WirelessDomain,',
  '`private/var/mobile/Containers/Data/Application/<UUID>/` the AppDomain and',
  '`private/var/mobile/Containers/Shared/AppGroup/<UUID>/` the AppDomainGroup named by the',
  "container's `.com.apple.mobile_container_manager.metadata.plist`,",
  '`private/var/containers/Shared/SystemGroup/<UUID>/` the SysSharedContainerDomain. Every iOS backup',
  'module above runs, reading the same artifact there; these differ or are a dump’s own:',
  '',
];

function section(
  title: string,
  names: readonly string[],
  docs: Readonly<Partial<Record<string, ModuleDoc>>>,
  intro: readonly string[] = [],
): string[] {
  const lines = [`## ${title}`, '', ...intro];
  for (const name of names) {
    const d = docs[name];
    if (d === undefined) continue;
    lines.push(
      `### \`${name}\``,
      '',
      `- **Artifact:** ${d.artifact}`,
      `- **Extracts:** ${d.extracts}`,
      `- **Matches:** ${d.matches}`,
      `- **Heuristics:** ${d.heuristics}`,
      '',
    );
  }
  return lines;
}

/** docs/forensics.md: every module, in the order it runs. */
export function renderForensicsDocs(): string {
  return [
    '# Forensic check modules',
    '',
    '<!-- Generated from src/core/forensics/module-docs.ts by `npm run generate`. Do not edit. -->',
    '',
    'Each module reads one artifact of the evidence, turns it into records (`<module>.json`, with',
    'the times that make up `timeline.csv`), and raises alerts: an indicator of compromise that',
    'matched a field, or a heuristic. Domains match a host exactly or by its registrable domain (so',
    'every subdomain of an indicator matches); URLs match exactly, then by host; file paths by name',
    'or path prefix; process names by basename or their 16-character truncation. Nothing is fetched:',
    'links are parsed, never resolved. A protocol may require any of these module names in',
    '`coverage`. `vigil scan recheck` re-runs the same checks over the saved records. Public',
    'indicators cannot prove a phone clean.',
    '',
    ...section('iOS backups', IOS_SCAN_MODULES, IOS_MODULE_DOCS),
    ...section(
      'iOS full-filesystem dumps',
      IOS_FILESYSTEM_SCAN_MODULES,
      IOS_FILESYSTEM_MODULE_DOCS,
      IOS_FILESYSTEM_INTRO,
    ),
    ...section('iOS sysdiagnose archives', SYSDIAGNOSE_SCAN_MODULES, SYSDIAGNOSE_MODULE_DOCS),
    ...section(
      'Android (AndroidQF acquisitions, bug reports and adb backups)',
      ANDROID_SCAN_MODULES,
      ANDROID_MODULE_DOCS,
      [
        'Times the device prints without a zone (the dumpstate header, logcat, dumpsys, `ps`) are read',
        'as UTC, and every time in the records and the timeline is UTC. A bug report AndroidQF took',
        '(`bugreport.zip` in the acquisition) is scanned with it, its modules `bugreport_` prefixed.',
        '',
      ],
    ),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}
