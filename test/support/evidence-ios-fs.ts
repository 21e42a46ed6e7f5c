/**
 * Synthetic iOS full-filesystem dumps (jailbreak/checkm8 extraction layout): the standard
 * backup's files placed at their on-device paths (`private/var/mobile/...` for HomeDomain, app
 * containers under random UUID folders named by their container metadata plist), App Store
 * metadata in app bundles, a file at an indicator's path; as a folder or a ustar archive that
 * can also hold links and names leaving the archive. Dump-only artifacts: netusage, Safari's
 * favicon cache, analytics journals, an app's URL cache, WebKit website data named by origin and
 * in the hashed layout, the Security framework's analytics databases and the shutdown log.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import bplist from 'bplist-creator';
import { type BackupFileSpec, IOS_IOCS, macTime, newDatabase, standardIosFiles } from './evidence-ios.ts';
import { buildWal, walMode } from './evidence-wal.ts';

const FIXED: Record<string, string> = {
  HomeDomain: 'private/var/mobile/',
  RootDomain: 'private/var/root/',
  WirelessDomain: 'private/var/wireless/',
};
const CONTAINERS: [string, string][] = [
  ['AppDomainGroup-', 'private/var/mobile/Containers/Shared/AppGroup/'],
  ['AppDomain-', 'private/var/mobile/Containers/Data/Application/'],
  ['SysSharedContainerDomain-', 'private/var/containers/Shared/SystemGroup/'],
];

/** A stable UUID-shaped folder name for a container id (the phone's are random). */
const uuidOf = (id: string) => {
  const h = createHash('sha1').update(id).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** Member path -> content of a dump holding `files` (backup domains mapped to device paths). */
export function dumpMembers(files: readonly BackupFileSpec[]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const f of files) {
    const fixed = FIXED[f.domain];
    if (fixed !== undefined) {
      out[fixed + f.relativePath] = f.content;
      continue;
    }
    const c = CONTAINERS.find(([prefix]) => f.domain.startsWith(prefix));
    if (c === undefined) throw new Error(`no device path for ${f.domain}`);
    const id = f.domain.slice(c[0].length);
    const folder = `${c[1]}${uuidOf(id)}/`;
    out[`${folder}.com.apple.mobile_container_manager.metadata.plist`] = bplist({
      MCMMetadataIdentifier: id,
      MCMMetadataContentClass: 2,
    });
    out[folder + f.relativePath] = f.content;
  }
  return out;
}

/**
 * networkd's netusage.sqlite (DataUsage's tables): the indicator's process with two usage rows,
 * a benign one, and a usage row whose process row was deleted.
 */
async function netusage(): Promise<Uint8Array> {
  const t = macTime('2026-10-02T08:00:00Z');
  const db = await newDatabase();
  for (const sql of [
    'CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZFIRSTTIMESTAMP TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZBUNDLENAME VARCHAR, ZPROCNAME VARCHAR)',
    'CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZKIND INTEGER, ZMETADATA INTEGER, ZTAG INTEGER, ZHASPROCESS INTEGER, ZBILLCYCLEEND TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZWIFIIN FLOAT, ZWIFIOUT FLOAT, ZWIREDIN FLOAT, ZWIREDOUT FLOAT, ZWWANIN FLOAT, ZWWANOUT FLOAT)',
    `INSERT INTO ZPROCESS (Z_PK, ZFIRSTTIMESTAMP, ZTIMESTAMP, ZBUNDLENAME, ZPROCNAME) VALUES (1, ${t}, ${t}, NULL, '${IOS_IOCS.process}'), (2, ${t}, ${t}, 'com.apple.mobilemail', 'MobileMail/com.apple.mobilemail')`,
    `INSERT INTO ZLIVEUSAGE (Z_PK, ZHASPROCESS, ZTIMESTAMP, ZWIFIIN, ZWIFIOUT, ZWWANIN, ZWWANOUT) VALUES (1, 1, ${t + 60}, 10, 20, 0, 0), (2, 1, ${t + 120}, 30, 40, 1, 2), (3, 2, ${t + 180}, 5, 5, 0, 0), (4, 7, ${t + 240}, 1, 1, 0, 0)`,
  ])
    db.run(sql);
  const bytes = db.export();
  db.close();
  return bytes;
}

/**
 * Safari's Favicons.db (`icon_info` by uuid, `page_url` naming the pages using each icon): the
 * indicator's page and a benign one.
 */
async function safariFavicons(): Promise<Uint8Array> {
  const t = macTime('2026-10-03T09:00:00Z');
  const db = await newDatabase();
  for (const sql of [
    'CREATE TABLE icon_info (uuid TEXT PRIMARY KEY, url TEXT, timestamp REAL, width INTEGER, height INTEGER, has_generated_representations INTEGER)',
    'CREATE TABLE page_url (uuid TEXT, url TEXT PRIMARY KEY)',
    `INSERT INTO icon_info VALUES ('A1', 'https://cdn.${IOS_IOCS.domain}/favicon.ico', ${t}, 32, 32, 0), ('B2', 'https://www.example.org/favicon.ico', ${t + 60}, 32, 32, 0)`,
    `INSERT INTO page_url VALUES ('A1', 'https://${IOS_IOCS.domain}/landing'), ('B2', 'https://www.example.org/')`,
  ])
    db.run(sql);
  const bytes = db.export();
  db.close();
  return bytes;
}

/** CFNetwork's Cache.db (`cfurl_cache_response`, time_stamp as SQLite's UTC text): one bad URL, one benign. */
async function cacheDb(): Promise<Uint8Array> {
  const db = await newDatabase();
  for (const sql of [
    'CREATE TABLE cfurl_cache_response (entry_ID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, version INTEGER, hash_value INTEGER, storage_policy INTEGER, request_key TEXT UNIQUE, time_stamp NOT NULL DEFAULT CURRENT_TIMESTAMP, partition TEXT)',
    'CREATE TABLE cfurl_cache_schema_version (schema_version INTEGER)',
    `INSERT INTO cfurl_cache_response (version, hash_value, storage_policy, request_key, time_stamp) VALUES (0, 1, 0, 'https://api.example.org/v1/feed', '2026-10-04 10:00:00'), (0, 2, 0, 'https://c2.${IOS_IOCS.domain}/beacon?id=7', '2026-10-04 10:05:00')`,
  ])
    db.run(sql);
  const bytes = db.export();
  db.close();
  return bytes;
}

const WEBSITE_DATA = 'Library/WebKit/WebsiteData/';

interface OriginSpec {
  readonly protocol: string;
  readonly host: string;
  readonly port?: number;
  /** Write the strings as UTF-16 (WebKit does for text outside Latin-1). */
  readonly wide?: boolean;
}

/**
 * WebKit's `origin` file: the top-frame origin then the frame's, each protocol and host as a
 * little-endian uint32 length, a Latin-1 (1) / UTF-16 (0) flag and the characters, then the
 * port as a presence byte and a little-endian uint16. Written out here rather than taken from
 * the reader, so a mistake in one is caught by the other.
 */
export function webkitOriginFile(top: OriginSpec, frame: OriginSpec = top): Buffer {
  const parts: Buffer[] = [];
  const string = (v: string, wide: boolean) => {
    const len = Buffer.alloc(5);
    len.writeUInt32LE(v.length, 0);
    len[4] = wide ? 0 : 1;
    parts.push(len, Buffer.from(v, wide ? 'utf16le' : 'latin1'));
  };
  for (const o of [top, frame]) {
    string(o.protocol, o.wide ?? false);
    string(o.host, o.wide ?? false);
    if (o.port === undefined) parts.push(Buffer.from([0]));
    else {
      const p = Buffer.alloc(3);
      p[0] = 1;
      p.writeUInt16LE(o.port, 1);
      parts.push(p);
    }
  }
  return Buffer.concat(parts);
}

/** A salted-hash folder name, as WebKit's (base64url of a SHA-256). */
const hashName = (s: string) => createHash('sha256').update(`salt:${s}`).digest('base64url');

/**
 * App containers' WebKit website data, named by origin: IndexedDB folders, LocalStorage files
 * (with a -wal), and the in-app Safari view's data; one origin of each under the indicator's domain.
 */
function websiteData(): BackupFileSpec[] {
  const file = (domain: string, relativePath: string, text = 'x') => ({
    domain,
    relativePath,
    content: Buffer.from(text),
  });
  const maps = 'AppDomain-com.example.maps';
  const mail = 'AppDomain-com.example.mail';
  return [
    file(maps, `${WEBSITE_DATA}IndexedDB/https_${IOS_IOCS.domain}_0/IndexedDB.sqlite3`),
    file(maps, `${WEBSITE_DATA}IndexedDB/https_${IOS_IOCS.domain}_0/v1/origin`),
    file(maps, `${WEBSITE_DATA}IndexedDB/https_www.example.org_0/IndexedDB.sqlite3`),
    file(maps, `${WEBSITE_DATA}IndexedDB/v1/IndexedDB.sqlite3`),
    file(maps, `${WEBSITE_DATA}LocalStorage/https_tracker.${IOS_IOCS.domain}_0.localstorage`),
    file(maps, `${WEBSITE_DATA}LocalStorage/https_tracker.${IOS_IOCS.domain}_0.localstorage-wal`),
    file(maps, `${WEBSITE_DATA}LocalStorage/http_www.example.org_8080.localstorage`),
    file(maps, `${WEBSITE_DATA}LocalStorage/StorageTracker.db`),
    file(
      mail,
      `SystemData/com.apple.SafariViewService/${WEBSITE_DATA}LocalStorage/https_${IOS_IOCS.domain}_0.localstorage`,
    ),
    file(
      mail,
      `SystemData/com.apple.SafariViewService/${WEBSITE_DATA}IndexedDB/https_news.example.org_0/IndexedDB.sqlite3`,
    ),
    // The hashed layout: Default/<top hash>/<frame hash>/ with the origin in its `origin` file.
    // A third-party frame of the indicator's domain under a benign site (IndexedDB), the
    // indicator's site as the top frame of a benign frame (LocalStorage), a benign site with a
    // port and a UTF-16 name (both), a folder holding only a cache (neither), one whose origin
    // file is damaged and one without an origin file (noted).
    ...hashed(
      maps,
      { protocol: 'https', host: 'news.example.org' },
      { protocol: 'https', host: `ads.${IOS_IOCS.domain}` },
      ['IndexedDB/3A9F/IndexedDB.sqlite3', 'IndexedDB/3A9F/IndexedDB.sqlite3-wal'],
    ),
    ...hashed(
      maps,
      { protocol: 'https', host: `www.${IOS_IOCS.domain}` },
      { protocol: 'https', host: 'cdn.example.org' },
      ['LocalStorage/localstorage.sqlite3', 'LocalStorage/localstorage.sqlite3-wal'],
    ),
    ...hashed(maps, { protocol: 'https', host: 'bücher.example.org', port: 8443, wide: true }, undefined, [
      'IndexedDB/77C1/IndexedDB.sqlite3',
      'LocalStorage/localstorage.sqlite3',
    ]),
    ...hashed(maps, { protocol: 'https', host: `cache.${IOS_IOCS.domain}` }, undefined, [
      'CacheStorage/salt',
    ]),
    file(maps, `${WEBSITE_DATA}Default/${hashName('damaged')}/${hashName('damaged')}/origin`, '\u0005'),
    file(
      maps,
      `${WEBSITE_DATA}Default/${hashName('damaged')}/${hashName('damaged')}/LocalStorage/localstorage.sqlite3`,
    ),
    file(
      maps,
      `${WEBSITE_DATA}Default/${hashName('lost')}/${hashName('lost')}/IndexedDB/1/IndexedDB.sqlite3`,
    ),
    file(maps, `${WEBSITE_DATA}Default/salt`),
    ...hashed(
      mail,
      { protocol: 'https', host: `login.${IOS_IOCS.domain}` },
      undefined,
      ['LocalStorage/localstorage.sqlite3'],
      `SystemData/com.apple.SafariViewService/${WEBSITE_DATA}Default/`,
    ),
  ];
}

/** One hashed-layout origin folder of `container`: its origin file and `files` beneath it. */
function hashed(
  container: string,
  top: OriginSpec,
  frame: OriginSpec | undefined,
  files: readonly string[],
  root = `${WEBSITE_DATA}Default/`,
): BackupFileSpec[] {
  const folder = `${root}${hashName(JSON.stringify(top))}/${hashName(JSON.stringify(frame ?? top))}/`;
  return [
    { domain: container, relativePath: `${folder}origin`, content: webkitOriginFile(top, frame) },
    ...files.map((f) => ({ domain: container, relativePath: folder + f, content: Buffer.from('x') })),
  ];
}

/**
 * analyticsd's daily journals: Apple's IPS layout, a JSON metadata line then the payload. Two
 * days on either side of an update, and one whose first line is not a header.
 */
function analyticsJournals(): Record<string, Uint8Array> {
  const journal = (header: Record<string, unknown>) =>
    Buffer.from(`${JSON.stringify(header)}\n{"_marker":"<metadata>","events":[]}\n`);
  const dir = 'private/var/db/analyticsd/';
  return {
    [`${dir}Analytics-Journal-2026-09-20-031244.ips`]: journal({
      bug_type: '211',
      timestamp: '2026-09-20 03:12:44.00 +0200',
      os_version: 'iPhone OS 18.6.2 (22G100)',
      incident_id: '3C0C6F55-3E0D-4D43-9F1A-4C8D5F0B1A01',
    }),
    [`${dir}Analytics-Journal-2026-09-27-031502.ips`]: journal({
      bug_type: '211',
      timestamp: '2026-09-27 03:15:02.00 +0200',
      os_version: 'iPhone OS 26.0 (23A341)',
      incident_id: '3C0C6F55-3E0D-4D43-9F1A-4C8D5F0B1A02',
    }),
    [`${dir}Analytics-Journal-2026-09-28-000000.ips`]: Buffer.from('not a header\n'),
  };
}

/** The Security framework's analytics schema (the event tables, samples and counters). */
const ANALYTICS_SCHEMA = [
  'CREATE TABLE hard_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB)',
  'CREATE TABLE soft_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB)',
  'CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB)',
  'CREATE TABLE samples (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, name STRING, value REAL)',
  'CREATE TABLE success_count (event_type STRING PRIMARY KEY, success_count INTEGER, hard_failure_count INTEGER, soft_failure_count INTEGER)',
];

/** An analytics event row's data: the event dictionary as a binary plist, as hex for SQL. */
const eventData = (event: Record<string, unknown>) => `X'${Buffer.from(bplist(event)).toString('hex')}'`;

/**
 * `Keychains/Analytics/*.db` (rows: Unix-seconds time, binary-plist event). trust_analytics.db
 * in WAL mode: a trust failure for a host under the indicator's domain, a benign soft failure,
 * a note naming the indicator's process, and, only in its -wal, a note with a link under the
 * indicator's domain. ckks_analytics.db from an older version (`all_events`): a benign event
 * and one whose data is not a property list.
 */
async function analyticsDatabases(): Promise<Record<string, Uint8Array>> {
  const t = Date.parse('2026-10-05T07:00:00Z') / 1000;
  const build = async (statements: readonly string[]) => {
    const db = await newDatabase();
    for (const sql of statements) db.run(sql);
    const bytes = db.export();
    db.close();
    return bytes;
  };
  const trustRows = [
    ...ANALYTICS_SCHEMA,
    `INSERT INTO hard_failures (timestamp, data) VALUES (${t}, ${eventData({ eventType: 'TrustFailure', eventClass: 1, eventTime: t * 1000, host: `c2.${IOS_IOCS.domain}`, errorDomain: 'NSOSStatusErrorDomain', errorCode: -9807 })})`,
    `INSERT INTO soft_failures (timestamp, data) VALUES (${t + 60}, ${eventData({ eventType: 'OCSPResponse', eventClass: 2, eventTime: (t + 60) * 1000, url: 'https://ocsp.example.org/ocsp', attributes: { responder: 'ocsp.example.org' } })})`,
    `INSERT INTO notes (timestamp, data) VALUES (${t + 120}, ${eventData({ eventType: 'ClientEvent', eventClass: 3, eventTime: (t + 120) * 1000, client: IOS_IOCS.process, errorChain: [{ domain: 'kCFErrorDomainCFNetwork', process: `/usr/libexec/${IOS_IOCS.process}` }] })})`,
    "INSERT INTO samples (timestamp, name, value) VALUES (0, 'TrustEvaluations', 12)",
    "INSERT INTO success_count VALUES ('TrustFailure', 3, 1, 0)",
  ];
  const checkpointed = await build(trustRows);
  const latest = await build([
    ...trustRows,
    `INSERT INTO notes (timestamp, data) VALUES (${t + 180}, ${eventData({ eventType: 'ClientEvent', eventClass: 3, eventTime: (t + 180) * 1000, detail: `fetched https://dl.${IOS_IOCS.domain}/p?x=1 for client` })})`,
  ]);
  const ckks = await build([
    'CREATE TABLE all_events (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB)',
    `INSERT INTO all_events (timestamp, data) VALUES (${t + 240}, ${eventData({ eventType: 'CKKSSyncFailure', eventClass: 1, eventTime: (t + 240) * 1000, zone: 'Engram' })}), (${t + 300}, X'00010203')`,
  ]);
  const dir = 'private/var/Keychains/Analytics/';
  return {
    [`${dir}trust_analytics.db`]: walMode(checkpointed),
    [`${dir}trust_analytics.db-wal`]: buildWal(checkpointed, latest, Buffer.from(latest).readUInt16BE(16)),
    [`${dir}ckks_analytics.db`]: ckks,
  };
}

/**
 * The shutdown log a dump keeps (and a rotated one): each shutdown lists the clients still
 * running at every wait, then its SIGTERM time. The rotated log has a client from
 * `/private/var/db/` (unusual) and the current one an indicator's process held up three waits.
 */
function shutdownLogs(): Record<string, Uint8Array> {
  const wait = (pid: number, path: string) => `\t\tremaining client pid: ${pid} (${path})`;
  const shutdown = (clients: string[], at: number) =>
    [...clients.flatMap((c) => ['After 0.5s, these clients are still here:', c]), `SIGTERM: [${at}]`].join(
      '\n',
    );
  const dir = 'private/var/db/diagnostics/';
  return {
    [`${dir}shutdown.0.log`]: Buffer.from(
      `${shutdown([wait(77, '/private/var/db/com.apple.xpc.roleaccountd.staging/rolexd')], Date.UTC(2026, 8, 30, 21) / 1000)}\n`,
    ),
    [`${dir}shutdown.log`]: Buffer.from(
      `${shutdown(
        [
          wait(88, `/usr/libexec/${IOS_IOCS.process}`),
          wait(88, `/usr/libexec/${IOS_IOCS.process}`),
          wait(88, `/usr/libexec/${IOS_IOCS.process}`),
          wait(91, '/usr/libexec/backboardd'),
        ],
        Date.UTC(2026, 9, 6, 22) / 1000,
      )}\n`,
    ),
  };
}

/** The standard backup's files as a dump, plus app bundles, netusage and a file an indicator names. */
export async function standardDumpMembers(): Promise<Record<string, Uint8Array>> {
  const app = (bundleId: string, sourceApp: string) => ({
    [`private/var/containers/Bundle/Application/${uuidOf(bundleId)}/iTunesMetadata.plist`]: bplist({
      softwareVersionBundleId: bundleId,
      itemName: bundleId,
      sourceApp,
      purchaseDate: new Date('2026-01-01T00:00:00Z'),
    }),
  });
  return {
    ...dumpMembers([
      ...(await standardIosFiles()),
      ...websiteData(),
      {
        domain: 'AppDomain-com.example.maps',
        relativePath: 'Library/Caches/com.example.maps/Cache.db',
        content: await cacheDb(),
      },
    ]),
    'private/var/mobile/Library/Image Cache/Favicons/Favicons.db': await safariFavicons(),
    ...analyticsJournals(),
    ...(await analyticsDatabases()),
    ...shutdownLogs(),
    ...app('com.example.maps', 'com.apple.AppStore'),
    ...app('com.example.sideloaded', 'com.altstore.example'),
    ...app(IOS_IOCS.appId, 'com.apple.AppStore'),
    [`${IOS_IOCS.filePath.slice(1)}/payload`]: Buffer.from('implant'),
    'private/var/networkd/db/netusage.sqlite': await netusage(),
    'System/Library/CoreServices/SystemVersion.plist': Buffer.from('<plist/>'),
  };
}

export function writeDumpFolder(root: string, members: Record<string, Uint8Array>): string {
  for (const [name, data] of Object.entries(members)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  }
  return root;
}

export interface TarMember {
  readonly name: string;
  readonly data?: Uint8Array;
  /** '0' file (default), '2' symbolic link, '1' hard link, '5' folder; 'x' a pax header. */
  readonly type?: '0' | '1' | '2' | '5' | 'x';
  readonly linkTo?: string;
}

function header(m: TarMember, size: number): Buffer {
  const h = Buffer.alloc(512);
  const long = Buffer.byteLength(m.name) > 100;
  // Names past 100 bytes go in the ustar prefix field (split at a slash).
  const cut = long ? m.name.lastIndexOf('/', 155) : -1;
  h.write(long ? m.name.slice(cut + 1) : m.name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(
    `${Math.floor(Date.UTC(2026, 9, 1) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'latin1',
  );
  h.write('        ', 148, 'latin1');
  h.write(m.type ?? '0', 156, 'latin1');
  if (m.linkTo !== undefined) h.write(m.linkTo, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  if (long) h.write(m.name.slice(0, cut), 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** Whether a name fits the ustar header: 100 bytes, or a prefix of 155 cut at a slash. */
function fitsUstar(name: string): boolean {
  if (Buffer.byteLength(name) <= 100) return true;
  const cut = name.lastIndexOf('/', 155);
  return (
    cut > 0 && Buffer.byteLength(name.slice(0, cut)) <= 155 && Buffer.byteLength(name.slice(cut + 1)) <= 100
  );
}

/** A pax `path=` record: its length in decimal counts the digits themselves. */
function paxPath(name: string): Buffer {
  const body = ` path=${name}\n`;
  const n = Buffer.byteLength(body);
  for (let digits = 1; ; digits++)
    if (String(n + digits).length === digits) return Buffer.from(`${n + digits}${body}`);
}

/** A ustar archive (a pax header before a name ustar cannot hold); links and folders carry no data. */
export function tarOf(members: readonly TarMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    if (!fitsUstar(m.name)) {
      const pax = paxPath(m.name);
      parts.push(header({ name: 'PaxHeader', type: 'x' }, pax.length), pax);
      parts.push(Buffer.alloc((512 - (pax.length % 512)) % 512));
    }
    const data = Buffer.from(m.data ?? []);
    parts.push(header(m, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const membersOf = (files: Record<string, Uint8Array>, under = ''): TarMember[] =>
  Object.entries(files).map(([name, data]) => ({ name: under + name, data }));
