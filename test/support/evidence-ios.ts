/**
 * Builds SYNTHETIC iTunes/Finder backups for tests: Manifest.db made with sql.js, MBFile records
 * as NSKeyedArchiver binary plists, files at <id[0:2]>/<id>. The encrypted variant follows the
 * published key-bag scheme from the encryption side: random class keys wrapped (RFC 3394) with
 * the PBKDF2-derived password key, a per-file key wrapped with its class key, AES-256-CBC
 * content, and Manifest.db under the ManifestKey. No real personal data anywhere.
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bplist from 'bplist-creator';
import { build as buildXmlPlist, type PlistValue } from 'plist';
import initSqlJs, { type Database } from 'sql.js';
import { buildWal, walMode } from './evidence-wal.ts';

export interface BackupFileSpec {
  readonly domain: string;
  readonly relativePath: string;
  readonly content: Uint8Array;
  readonly protectionClass?: number;
}

export interface EncryptionSpec {
  readonly password: string;
  /** PBKDF2-SHA256 rounds; real backups use 10,000,000, tests use few. */
  readonly dpic?: number;
  readonly iter?: number;
}

export interface BackupSpec {
  readonly files: readonly BackupFileSpec[];
  readonly info?: Record<string, PlistValue>;
  readonly encryption?: EncryptionSpec;
  /** Extra Manifest.db rows without a file on disk (for a big manifest). */
  readonly extraEntries?: Iterable<{ domain: string; relativePath: string }>;
}

export const fileIdOf = (domain: string, relativePath: string) =>
  createHash('sha1').update(`${domain}-${relativePath}`).digest('hex');

const WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
const wrap = (kek: Uint8Array, key: Uint8Array) => {
  const c = createCipheriv('id-aes256-wrap', kek, WRAP_IV);
  return Buffer.concat([c.update(key), c.final()]);
};
const cbc = (key: Uint8Array, data: Uint8Array) => {
  const c = createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
  return Buffer.concat([c.update(data), c.final()]);
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const tlv = (tag: string, value: Buffer) =>
  Buffer.concat([Buffer.from(tag, 'latin1'), u32(value.length), value]);

/** An MBFile record as iOS archives it: $objects[1] is the file, RelativePath and EncryptionKey by UID. */
function mbfile(
  relativePath: string,
  size: number,
  protectionClass: number,
  encryptionKey: Buffer | null,
): Buffer {
  const file: Record<string, unknown> = {
    $class: { UID: encryptionKey === null ? 3 : 5 },
    RelativePath: { UID: 2 },
    Size: size,
    ProtectionClass: protectionClass,
    Mode: 0o100644,
    Flags: 0,
    UserID: 501,
    GroupID: 501,
    InodeNumber: 1234,
    Birth: 1_700_000_000,
    LastModified: 1_700_000_000,
    LastStatusChange: 1_700_000_000,
  };
  const objects: unknown[] = ['$null', file, relativePath];
  if (encryptionKey !== null) {
    file.EncryptionKey = { UID: 3 };
    objects.push(
      { 'NS.data': encryptionKey, $class: { UID: 4 } },
      { $classname: 'NSMutableData', $classes: ['NSMutableData', 'NSData', 'NSObject'] },
    );
  }
  objects.push({ $classname: 'MBFile', $classes: ['MBFile', 'NSObject'] });
  return bplist({
    $version: 100000,
    $archiver: 'NSKeyedArchiver',
    $top: { root: { UID: 1 } },
    $objects: objects,
  });
}

let sql: Awaited<ReturnType<typeof initSqlJs>> | null = null;
export async function newDatabase(): Promise<Database> {
  sql ??= await initSqlJs();
  return new sql.Database();
}

/** Writes a backup into `dir` (created) and returns `dir`. */
export async function buildIosBackup(dir: string, spec: BackupSpec): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const enc = spec.encryption;
  const classKeys = new Map<number, Buffer>();
  let manifestPlist: Record<string, unknown> = {
    IsEncrypted: false,
    Version: '10.0',
    Lockdown: { ProductVersion: '18.6.2' },
  };
  if (enc !== undefined) {
    const salt = randomBytes(20);
    const dpsl = randomBytes(20);
    const dpic = enc.dpic ?? 1000;
    const iter = enc.iter ?? 100;
    const key = pbkdf2Sync(pbkdf2Sync(enc.password, dpsl, dpic, 32, 'sha256'), salt, iter, 32, 'sha1');
    const parts = [
      tlv('VERS', u32(4)),
      tlv('TYPE', u32(1)),
      tlv('UUID', randomBytes(16)),
      tlv('HMCK', randomBytes(40)),
      tlv('WRAP', u32(0)),
      tlv('SALT', salt),
      tlv('ITER', u32(iter)),
      tlv('DPWT', u32(1)),
      tlv('DPIC', u32(dpic)),
      tlv('DPSL', dpsl),
    ];
    for (const clas of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) {
      const ck = randomBytes(32);
      classKeys.set(clas, ck);
      parts.push(
        tlv('UUID', randomBytes(16)),
        tlv('CLAS', u32(clas)),
        tlv('WRAP', u32(3)),
        tlv('KTYP', u32(0)),
        tlv('WPKY', wrap(key, ck)),
      );
    }
    manifestPlist = { ...manifestPlist, IsEncrypted: true, BackupKeyBag: Buffer.concat(parts) };
  }
  const db = await newDatabase();
  db.run(
    'CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)',
  );
  db.run('CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)');
  const insert = db.prepare('INSERT INTO Files VALUES (?, ?, ?, ?, ?)');
  const dirs = new Set<string>();
  for (const f of spec.files) {
    const id = fileIdOf(f.domain, f.relativePath);
    const clas = f.protectionClass ?? 3;
    let content = Buffer.from(f.content);
    let encryptionKey: Buffer | null = null;
    if (enc !== undefined) {
      const fileKey = randomBytes(32);
      encryptionKey = Buffer.concat([le32(clas), wrap(classKeys.get(clas) as Buffer, fileKey)]);
      content = cbc(fileKey, content);
    }
    insert.run([
      id,
      f.domain,
      f.relativePath,
      1,
      mbfile(f.relativePath, f.content.length, clas, encryptionKey),
    ]);
    const sub = join(dir, id.slice(0, 2));
    if (!dirs.has(sub)) {
      mkdirSync(sub, { recursive: true });
      dirs.add(sub);
    }
    writeFileSync(join(sub, id), content);
  }
  db.run('BEGIN');
  for (const e of spec.extraEntries ?? []) {
    insert.run([fileIdOf(e.domain, e.relativePath), e.domain, e.relativePath, 1, null]);
  }
  db.run('COMMIT');
  insert.free();
  let manifestDb = Buffer.from(db.export());
  db.close();
  if (enc !== undefined) {
    const mk = randomBytes(32);
    manifestPlist.ManifestKey = Buffer.concat([le32(4), wrap(classKeys.get(4) as Buffer, mk)]);
    manifestDb = cbc(mk, manifestDb);
  }
  writeFileSync(join(dir, 'Manifest.db'), manifestDb);
  writeFileSync(join(dir, 'Manifest.plist'), bplist(manifestPlist));
  writeFileSync(
    join(dir, 'Status.plist'),
    bplist({ IsFullBackup: false, Version: '3.3', BackupState: 'new' }),
  );
  const info: Record<string, PlistValue> = {
    'Device Name': 'Test iPhone',
    'Product Type': 'iPhone17,1',
    'Product Version': '18.6.2',
    'Build Version': '22G100',
    'Serial Number': 'TESTSERIAL01',
    'Last Backup Date': new Date('2026-11-01T10:00:00Z'),
    ...spec.info,
  };
  writeFileSync(join(dir, 'Info.plist'), buildXmlPlist(info));
  return dir;
}

/** Mac absolute time (seconds since 2001-01-01) of an ISO instant. */
export const macTime = (iso: string) => Date.parse(iso) / 1000 - 978_307_200;

async function sqlite(statements: string[]): Promise<Uint8Array> {
  const db = await newDatabase();
  for (const s of statements) db.run(s);
  const bytes = db.export();
  db.close();
  return bytes;
}

const q = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);

/** The indicators the standard backup is built to hit (and to miss). */
export const IOS_IOCS = {
  domain: 'evil-spy.example',
  processLong: 'CommsCenterRootHelper',
  process: 'msgacntd',
  email: 'attacker@evil-mail.example',
  filePath: '/private/var/tmp/hooker',
  fileName: 'roleaccountd.plist',
  profileId: '76DAB334-7E17-475D-A5D6-0794EB5818A5',
  appId: 'com.evil.spyapp',
};

/**
 * A backup with a known record in every artifact each module reads: one that matches an
 * indicator or trips a heuristic, and one that is benign.
 */
export async function standardIosFiles(): Promise<BackupFileSpec[]> {
  const t = macTime('2026-10-01T12:00:00Z');
  const sms = await sqlite([
    'CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT)',
    'CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT, text TEXT, date INTEGER, is_from_me INTEGER, service TEXT, handle_id INTEGER)',
    'CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY, filename TEXT, transfer_name TEXT, mime_type TEXT, created_date INTEGER, is_outgoing INTEGER)',
    'CREATE TABLE message_attachment_join (message_id INTEGER, attachment_id INTEGER)',
    `INSERT INTO handle VALUES (1, '+15550100'), (2, 'threat@apple.example')`,
    `INSERT INTO message VALUES (1, 'g1', 'Look at https://news.evil-spy.example/a?b=1 now', ${Math.round(t * 1e9)}, 0, 'iMessage', 1)`,
    `INSERT INTO message VALUES (2, 'g2', 'See https://benign.example/page', ${Math.round((t + 60) * 1e9)}, 1, 'SMS', 1)`,
    `INSERT INTO message VALUES (3, 'g3', 'ALERT: Apple detected a targeted mercenary spyware attack against your iPhone.', ${Math.round((t + 120) * 1e9)}, 0, 'iMessage', 2)`,
    `INSERT INTO attachment VALUES (1, '/private/var/tmp/com.apple.messages/abc-1', 'abc-1', 'image/gif', ${Math.round(t)}, 0)`,
    `INSERT INTO attachment VALUES (2, '~/Library/SMS/Attachments/ok.jpg', 'ok.jpg', 'image/jpeg', ${Math.round(t)}, 0)`,
    `INSERT INTO attachment VALUES (3, '/private/var/tmp/hooker/x.bin', 'x.bin', 'application/octet-stream', ${Math.round(t)}, 1)`,
    'INSERT INTO message_attachment_join VALUES (1, 1), (2, 2), (1, 3)',
  ]);
  const dataUsage = await sqlite([
    'CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, ZPROCNAME TEXT, ZBUNDLENAME TEXT, ZFIRSTTIMESTAMP REAL, ZTIMESTAMP REAL)',
    'CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, ZHASPROCESS INTEGER, ZTIMESTAMP REAL, ZWWANIN REAL, ZWWANOUT REAL)',
    `INSERT INTO ZPROCESS VALUES (1, 'CommsCenterRootH/com.apple.x', NULL, ${t}, ${t})`,
    `INSERT INTO ZPROCESS VALUES (2, 'MobileSafari', 'com.apple.mobilesafari', ${t}, ${t})`,
    `INSERT INTO ZPROCESS VALUES (4, 'backboardd', NULL, ${t}, ${t})`,
    `INSERT INTO ZLIVEUSAGE VALUES (1, 2, ${t}, 10, 20), (2, 3, ${t + 10}, 5, 6)`,
  ]);
  const safari = await sqlite([
    'CREATE TABLE history_items (id INTEGER PRIMARY KEY, url TEXT)',
    'CREATE TABLE history_visits (id INTEGER PRIMARY KEY, history_item INTEGER, visit_time REAL, redirect_source INTEGER, redirect_destination INTEGER)',
    `INSERT INTO history_items VALUES (1, 'http://plain.example/'), (2, 'https://landing.other.example/x'), (3, 'https://cdn.evil-spy.example/p'), (4, 'https://benign.example/')`,
    `INSERT INTO history_visits VALUES (1, 1, ${t}, NULL, 2), (2, 2, ${t + 0.3}, 1, NULL), (3, 3, ${t + 5}, NULL, NULL), (4, 4, ${t + 9}, NULL, NULL)`,
  ]);
  const browserState = await sqlite([
    'CREATE TABLE tabs (id INTEGER PRIMARY KEY, url TEXT, title TEXT, last_viewed_time REAL)',
    `INSERT INTO tabs VALUES (1, 'https://evil-spy.example/tab', 'x', ${t}), (2, 'https://benign.example/tab', 'y', ${t})`,
  ]);
  const whatsapp = await sqlite([
    'CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, ZTEXT TEXT, ZMESSAGEDATE REAL, ZFROMJID TEXT, ZISFROMME INTEGER)',
    `INSERT INTO ZWAMESSAGE VALUES (1, 'hi http://www.evil-spy.example/w', ${t}, '1555@s.whatsapp.net', 0), (2, 'https://benign.example/w', ${t}, '1555@s.whatsapp.net', 1)`,
  ]);
  const calendar = await sqlite([
    'CREATE TABLE Participant (ROWID INTEGER PRIMARY KEY, email TEXT)',
    'CREATE TABLE CalendarItem (ROWID INTEGER PRIMARY KEY, summary TEXT, description TEXT, start_date REAL, organizer_id INTEGER)',
    `INSERT INTO Participant VALUES (1, 'mailto:Attacker@Evil-Mail.example'), (2, 'friend@benign.example')`,
    `INSERT INTO CalendarItem VALUES (1, 'Lunch', NULL, ${t}, 1), (2, 'Meeting', 'Notes', ${t}, 2), (3, 'Dentist', 'x', ${t}, 2)`,
  ]);
  // TCC.db is in WAL mode as on a phone: the grant to the indicator's process was written after
  // the last checkpoint, so it is only in TCC.db-wal and a scan finds it only by replaying the log.
  const tccDb = await newDatabase();
  tccDb.run(
    'CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, auth_value INTEGER, auth_reason INTEGER, last_modified INTEGER)',
  );
  tccDb.run(`INSERT INTO access VALUES ('kTCCServiceCamera', 'com.example.camera', 0, 2, 3, 1759320000)`);
  tccDb.run(
    `INSERT INTO access VALUES ('kTCCServiceMicrophone', 'com.example.recorder', 0, 0, 3, 1759320000)`,
  );
  const tccCheckpointed = tccDb.export();
  tccDb.run(`INSERT INTO access VALUES ('kTCCServicePhotos', ${q(IOS_IOCS.process)}, 0, 2, 3, 1759320000)`);
  const tccLatest = tccDb.export();
  tccDb.close();
  const tcc = walMode(tccCheckpointed);
  const tccWal = buildWal(tccCheckpointed, tccLatest, Buffer.from(tccLatest).readUInt16BE(16));
  const plist = (v: Record<string, unknown>) => bplist(v);
  const profile = (uuid: string, id: string, type: string) =>
    Buffer.from(
      buildXmlPlist({
        PayloadUUID: uuid,
        PayloadIdentifier: id,
        PayloadDisplayName: id,
        PayloadContent: [{ PayloadType: type, PayloadIdentifier: `${id}.1` }],
        InstallDate: new Date('2026-09-01T00:00:00Z'),
      }),
    );
  const PROFILES = 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles';
  return [
    ...(await newerIosFiles()),
    { domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db', content: sms },
    { domain: 'WirelessDomain', relativePath: 'Library/Databases/DataUsage.sqlite', content: dataUsage },
    {
      domain: 'AppDomain-com.apple.mobilesafari',
      relativePath: 'Library/Safari/History.db',
      content: safari,
    },
    {
      domain: 'AppDomain-com.apple.mobilesafari',
      relativePath: 'Library/Safari/BrowserState.db',
      content: browserState,
    },
    {
      domain: 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared',
      relativePath: 'ChatStorage.sqlite',
      content: whatsapp,
    },
    { domain: 'HomeDomain', relativePath: 'Library/Calendar/Calendar.sqlitedb', content: calendar },
    { domain: 'HomeDomain', relativePath: 'Library/TCC/TCC.db', content: tcc },
    { domain: 'HomeDomain', relativePath: 'Library/TCC/TCC.db-wal', content: tccWal },
    {
      domain: 'HomeDomain',
      relativePath: 'Library/Preferences/.GlobalPreferences.plist',
      content: plist({ LDMGlobalEnabled: false, AppleLocale: 'en_GB' }),
    },
    {
      domain: 'RootDomain',
      relativePath: 'Library/Caches/locationd/clients.plist',
      content: plist({
        'com.example.maps': { BundleId: 'com.example.maps', Authorization: 2 },
        [IOS_IOCS.process]: { Executable: '/private/var/tmp/hooker/msgacntd', Authorization: 0 },
      }),
    },
    {
      domain: 'HomeDomain',
      relativePath: 'Library/Preferences/com.apple.osanalytics.addaily.plist',
      content: plist({
        netUsageBaseline: {
          bh: [new Date('2026-10-01T00:00:00Z'), 1, 2],
          CommsCenterRootHelper: [new Date('2026-10-02T00:00:00Z'), 1, 2],
          locationd: [new Date('2026-10-01T00:00:00Z'), 3, 4],
        },
      }),
    },
    {
      domain: PROFILES,
      relativePath: 'Library/ConfigurationProfiles/profile-aaa.stub',
      content: profile(IOS_IOCS.profileId, 'com.evil.profile', 'com.apple.notificationsettings'),
    },
    {
      domain: PROFILES,
      relativePath: 'Library/ConfigurationProfiles/profile-bbb.stub',
      content: profile('11111111-2222-3333-4444-555555555555', 'org.office.wifi', 'com.apple.wifi.managed'),
    },
    {
      domain: PROFILES,
      relativePath: 'Library/ConfigurationProfiles/MCProfileEvents.plist',
      content: plist({
        ProfileEvents: [
          {
            'com.evil.profile': {
              timestamp: new Date('2026-09-01T00:00:00Z'),
              process: 'profiled',
              operation: 'install',
            },
          },
          {
            [IOS_IOCS.profileId]: {
              timestamp: new Date('2026-09-02T00:00:00Z'),
              process: 'msgacntd',
              operation: 'install',
            },
          },
        ],
      }),
    },
    {
      domain: 'HomeDomain',
      relativePath: 'Library/Preferences/roleaccountd.plist',
      content: Buffer.from('x'),
    },
    {
      domain: 'AppDomain-com.example.app',
      relativePath: 'Library/Caches/cdn.evil-spy.example_0/data',
      content: Buffer.from('y'),
    },
    {
      domain: 'AppDomain-com.example.app',
      relativePath: 'Library/Caches/benign.example_0/data',
      content: Buffer.from('z'),
    },
  ];
}

/** Info.plist applications: one from the App Store, one side-loaded, one listed by indicators. */
export function standardIosInfo(): Record<string, PlistValue> {
  const meta = (bundleId: string, sourceApp: string) =>
    bplist({
      softwareVersionBundleId: bundleId,
      itemName: bundleId,
      sourceApp,
      purchaseDate: new Date('2026-01-01T00:00:00Z'),
    });
  return {
    'Installed Applications': ['com.example.maps', 'com.example.sideloaded', IOS_IOCS.appId],
    Applications: {
      'com.example.maps': { iTunesMetadata: meta('com.example.maps', 'com.apple.AppStore') },
      'com.example.sideloaded': { iTunesMetadata: meta('com.example.sideloaded', 'com.altstore.example') },
      [IOS_IOCS.appId]: { iTunesMetadata: meta(IOS_IOCS.appId, 'com.apple.AppStore') },
    },
  };
}

/** Chrome's time (microseconds since 1601-01-01) of an ISO instant. */
const chromeTime = (iso: string) => (Date.parse(iso) + 11_644_473_600_000) * 1000;

/** A hex literal for SQL, to store a BLOB as iOS does (CallHistory's ZADDRESS, Shortcuts' actions). */
const hex = (b: Uint8Array) => `X'${Buffer.from(b).toString('hex')}'`;

const SAFARI = 'AppDomain-com.apple.mobilesafari';
const FIREFOX = 'AppDomainGroup-group.org.mozilla.ios.Firefox';

/**
 * The artifacts of call history, Chrome and Firefox, IDStatusCache, WebKit, Shortcuts,
 * InteractionC and Contacts, in their real schemas (the columns each module reads and the
 * ones around them): per artifact one record per kind of indicator it can match, and benign ones.
 */
async function newerIosFiles(): Promise<BackupFileSpec[]> {
  const t = macTime('2026-10-03T09:00:00Z');
  const calls = await sqlite([
    'CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER, ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA BLOB, ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER, ZJUNKCONFIDENCE INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR, ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR)',
    `INSERT INTO ZCALLRECORD (Z_PK, ZANSWERED, ZCALLTYPE, ZORIGINATED, ZDATE, ZDURATION, ZADDRESS, ZSERVICE_PROVIDER, ZUNIQUE_ID) VALUES
      (1, 1, 1, 1, ${t}, 62.5, '+15550100', 'com.apple.Telephony', 'u1'),
      (2, 1, 8, 0, ${t + 60}, 10, ${hex(Buffer.from('Attacker@Evil-Mail.example'))}, 'com.apple.FaceTime', 'u2'),
      (3, 0, 1, 0, ${t + 120}, 0, '+15550199', ${q(IOS_IOCS.appId)}, 'u3'),
      (4, 1, 16, 0, ${t + 180}, 3, 'caller@voice.evil-spy.example', 'com.apple.FaceTime', 'u4')`,
  ]);
  const chromeHistory = await sqlite([
    'CREATE TABLE urls (id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER DEFAULT 0 NOT NULL, last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL)',
    'CREATE TABLE visits (id INTEGER PRIMARY KEY, url INTEGER NOT NULL, visit_time INTEGER NOT NULL, from_visit INTEGER, transition INTEGER DEFAULT 0 NOT NULL, segment_id INTEGER, visit_duration INTEGER DEFAULT 0 NOT NULL)',
    `INSERT INTO urls VALUES (1, 'https://benign.example/news', 'News', 1, 0, ${chromeTime('2026-10-03T09:00:00Z')}, 0), (2, 'https://track.evil-spy.example/c?id=9', 'x', 1, 0, ${chromeTime('2026-10-03T09:00:01Z')}, 0)`,
    `INSERT INTO visits VALUES (1, 1, ${chromeTime('2026-10-03T09:00:00Z')}, 0, 805306368, 0, 0), (2, 2, ${chromeTime('2026-10-03T09:00:01Z')}, 1, 805306376, 0, 0), (3, 1, ${chromeTime('2026-10-04T09:00:00Z')}, 0, 1, 0, 0)`,
  ]);
  const chromeFavicons = await sqlite([
    'CREATE TABLE favicons (id INTEGER PRIMARY KEY, url LONGVARCHAR NOT NULL, icon_type INTEGER DEFAULT 1)',
    'CREATE TABLE favicon_bitmaps (id INTEGER PRIMARY KEY, icon_id INTEGER NOT NULL, last_updated INTEGER DEFAULT 0, image_data BLOB, width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, last_requested INTEGER NOT NULL DEFAULT 0)',
    'CREATE TABLE icon_mapping (id INTEGER PRIMARY KEY, page_url LONGVARCHAR NOT NULL, icon_id INTEGER)',
    `INSERT INTO favicons VALUES (1, 'https://benign.example/favicon.ico', 1), (2, 'https://static.evil-spy.example/f.ico', 1)`,
    `INSERT INTO favicon_bitmaps VALUES (1, 1, ${chromeTime('2026-10-03T09:00:00Z')}, NULL, 16, 16, 0), (2, 2, ${chromeTime('2026-10-03T09:00:01Z')}, NULL, 16, 16, 0)`,
    `INSERT INTO icon_mapping VALUES (1, 'https://benign.example/news', 1), (2, 'https://other.example/landing', 2)`,
  ]);
  // Firefox for iOS: browser.db (history, visits in microseconds; the favicons) and places.db
  // (the shared Places schema: moz_places, moz_historyvisits in milliseconds; no icons).
  const firefoxBrowser = await sqlite([
    'CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, url TEXT UNIQUE, title TEXT NOT NULL, server_modified INTEGER, local_modified INTEGER, is_deleted TINYINT NOT NULL, should_upload TINYINT NOT NULL, domain_id INTEGER)',
    'CREATE TABLE visits (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL, date REAL NOT NULL, type INTEGER NOT NULL, is_local TINYINT NOT NULL)',
    `INSERT INTO history VALUES (1, 'g1', 'https://benign.example/ff', 'ok', NULL, NULL, 0, 0, NULL), (2, 'g2', 'https://www.evil-spy.example/ff', 'x', NULL, NULL, 0, 0, NULL)`,
    `INSERT INTO visits VALUES (1, 1, ${Date.parse('2026-10-03T10:00:00Z') * 1000}, 1, 1), (2, 2, ${Date.parse('2026-10-03T10:01:00Z') * 1000}, 1, 1)`,
    // Icons by page (favicon_sites); the date in seconds.
    'CREATE TABLE favicons (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, width INTEGER, height INTEGER, type INTEGER NOT NULL, date REAL NOT NULL)',
    'CREATE TABLE favicon_sites (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL, faviconID INTEGER NOT NULL, UNIQUE (siteID, faviconID))',
    `INSERT INTO favicons VALUES (1, 'https://benign.example/ff.ico', 16, 16, 0, ${Date.parse('2026-10-03T10:00:00Z') / 1000}), (2, 'https://static.evil-spy.example/ff.ico', 32, 32, 1, ${Date.parse('2026-10-03T10:00:05Z') / 1000})`,
    'INSERT INTO favicon_sites VALUES (1, 1, 1), (2, 1, 2)',
    // Since history moved to places.db, icons are also mapped by page URL; one mapping repeats
    // a favicon_sites one (read once), one names a page only places.db has.
    'CREATE TABLE favicon_site_urls (id INTEGER PRIMARY KEY AUTOINCREMENT, site_url TEXT NOT NULL, faviconID INTEGER NOT NULL REFERENCES favicons(id) ON DELETE CASCADE, UNIQUE (site_url, faviconID))',
    `INSERT INTO favicons VALUES (3, 'https://tracker.example/t.ico', 16, 16, 0, ${Date.parse('2026-10-03T11:00:03Z') / 1000})`,
    `INSERT INTO favicon_site_urls VALUES (1, 'https://benign.example/ff', 1), (2, ${q("https://tracker.example/a?id=1&x='y'")}, 3)`,
  ]);
  const firefoxPlaces = await sqlite([
    'CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR NOT NULL, title LONGVARCHAR, url_hash INTEGER NOT NULL, visit_count_local INTEGER NOT NULL DEFAULT 0, last_visit_date_local INTEGER NOT NULL DEFAULT 0)',
    'CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, is_local INTEGER NOT NULL, from_visit INTEGER, place_id INTEGER NOT NULL, visit_date INTEGER NOT NULL, visit_type INTEGER NOT NULL)',
    `INSERT INTO moz_places VALUES (1, 'https://benign.example/start', 'start', 1, 1, 0), (2, ${q("https://tracker.example/a?id=1&x='y'")}, 't', 2, 1, 0)`,
    `INSERT INTO moz_historyvisits VALUES (1, 1, NULL, 1, ${Date.parse('2026-10-03T11:00:00Z')}, 1), (2, 1, 1, 2, ${Date.parse('2026-10-03T11:00:02Z')}, 5)`,
  ]);
  const lookup = (iso: string) => ({ LookupStatus: 1, LookupDate: macTime(iso) + 0.5 });
  const idStatusCache = bplist({
    'com.apple.madrid': {
      [`mailto:${IOS_IOCS.email}`]: lookup('2026-10-03T12:00:00Z'),
      'tel:+15550100': lookup('2026-10-03T12:01:00Z'),
      'mailto:friend@benign.example': lookup('2026-10-03T12:02:00Z'),
      'mailto:bob\u0000\u0000x@icloud.example': lookup('2026-10-03T12:03:00Z'),
    },
    'com.apple.ess': { 'mailto:ops@relay.evil-spy.example': lookup('2026-10-03T12:04:00Z') },
  });
  const unix = (iso: string) => Date.parse(iso) / 1000 + 0.25;
  const observations = await sqlite([
    'CREATE TABLE ObservedDomains (domainID INTEGER PRIMARY KEY, registrableDomain TEXT NOT NULL UNIQUE ON CONFLICT FAIL, lastSeen REAL NOT NULL, hadUserInteraction INTEGER NOT NULL, mostRecentUserInteractionTime REAL NOT NULL, grandfathered INTEGER NOT NULL, isPrevalent INTEGER NOT NULL, isVeryPrevalent INTEGER NOT NULL, dataRecordsRemoved INTEGER NOT NULL, timesAccessedAsFirstPartyDueToUserInteraction INTEGER NOT NULL, timesAccessedAsFirstPartyDueToStorageAccessAPI INTEGER NOT NULL, isScheduledForAllButCookieDataRemoval INTEGER NOT NULL)',
    `INSERT INTO ObservedDomains VALUES (1, 'benign.example', ${unix('2026-10-03T13:00:00Z')}, 1, ${unix('2026-10-03T13:00:00Z')}, 0, 0, 0, 0, 1, 0, 0), (2, ${q(IOS_IOCS.domain)}, ${unix('2026-10-03T13:05:00Z')}, 0, 0, 0, 1, 0, 0, 0, 0, 0)`,
  ]);
  const sessionLog = bplist({
    browsingStatistics: [
      {
        PrevalentResourceOrigin: 'benign.example',
        lastSeen: unix('2026-10-03T14:00:00Z'),
        hadUserInteraction: true,
        topFrameUniqueRedirectsFrom: [],
        topFrameUniqueRedirectsTo: [`r.${IOS_IOCS.domain}`],
        subframeUnderTopFrameOrigins: ['frames.example'],
        subresourceUnderTopFrameOrigins: ['cdn.benign.example'],
      },
      {
        PrevalentResourceOrigin: 'other.example',
        lastSeen: unix('2026-10-03T14:10:00Z'),
        hadUserInteraction: false,
        topFrameUniqueRedirectsFrom: [],
        topFrameUniqueRedirectsTo: [],
        subframeUnderTopFrameOrigins: [],
        subresourceUnderTopFrameOrigins: ['cdn.benign.example'],
      },
    ],
  });
  const actions = (list: unknown[]) => hex(bplist(list));
  const shortcuts = await sqlite([
    'CREATE TABLE ZSHORTCUT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZACTIONCOUNT INTEGER, ZHIDDEN INTEGER, ZTOMBSTONED INTEGER, ZCREATIONDATE TIMESTAMP, ZMODIFICATIONDATE TIMESTAMP, ZNAME VARCHAR, ZWORKFLOWID VARCHAR)',
    'CREATE TABLE ZSHORTCUTACTIONS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZSHORTCUT INTEGER, ZDATA BLOB)',
    `INSERT INTO ZSHORTCUT VALUES (1, 1, 1, 2, 0, 0, ${t}, ${t + 3600}, 'Sync', 'w1'), (2, 1, 1, 1, 0, 0, ${t}, ${t}, 'Weather', 'w2')`,
    `INSERT INTO ZSHORTCUTACTIONS VALUES (1, 2, 1, 1, ${actions([
      {
        WFWorkflowActionIdentifier: 'is.workflow.actions.url',
        WFWorkflowActionParameters: { WFURLActionURL: `https://dl.${IOS_IOCS.domain}/p.js` },
      },
      { WFWorkflowActionIdentifier: 'is.workflow.actions.downloadurl', WFWorkflowActionParameters: {} },
    ])}), (2, 2, 1, 2, ${actions([
      {
        WFWorkflowActionIdentifier: 'is.workflow.actions.openurl',
        WFWorkflowActionParameters: { WFInput: { Value: { string: 'see https://benign.example/weather' } } },
      },
    ])})`,
  ]);
  const interactions = await sqlite([
    'CREATE TABLE ZCONTACTS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZTYPE INTEGER, ZCREATIONDATE TIMESTAMP, ZDISPLAYNAME VARCHAR, ZIDENTIFIER VARCHAR, ZPERSONID VARCHAR)',
    'CREATE TABLE ZINTERACTIONS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZDIRECTION INTEGER, ZMECHANISM INTEGER, ZRECIPIENTCOUNT INTEGER, ZSENDER INTEGER, ZCREATIONDATE TIMESTAMP, ZSTARTDATE TIMESTAMP, ZENDDATE TIMESTAMP, ZUPDATEDATE TIMESTAMP, ZACCOUNT VARCHAR, ZBUNDLEID VARCHAR, ZCONTENTURL VARCHAR, ZDOMAINIDENTIFIER VARCHAR, ZGROUPNAME VARCHAR, ZTARGETBUNDLEID VARCHAR, ZUUID VARCHAR)',
    `INSERT INTO ZCONTACTS VALUES (1, 1, 1, 0, ${t}, 'Friend', '+15550100', NULL), (2, 1, 1, 0, ${t}, 'Unknown', ${q(`mailto:${IOS_IOCS.email}`)}, NULL), (3, 1, 1, 0, ${t}, 'Ops', 'ops@relay.${IOS_IOCS.domain}', NULL)`,
    // Recipients: Core Data's join table for the many-to-many relation (entity numbers vary by version).
    'CREATE TABLE Z_2INTERACTIONRECIPIENT (Z_2RECIPIENTS INTEGER, Z_3INTERACTIONRECIPIENT INTEGER, PRIMARY KEY (Z_2RECIPIENTS, Z_3INTERACTIONRECIPIENT))',
    'INSERT INTO Z_2INTERACTIONRECIPIENT VALUES (2, 1), (1, 3), (3, 3)',
    // The rest of Core Data's bookkeeping around it: entity numbers, and the attachments' own
    // join table (Z_1INTERACTIONS), whose columns must not be taken for recipients.
    'CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)',
    "INSERT INTO Z_PRIMARYKEY VALUES (1, 'Attachment', 0, 1), (2, 'Contacts', 0, 3), (3, 'Interactions', 0, 5), (4, 'Keywords', 0, 0)",
    'CREATE TABLE ZATTACHMENT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZSIZEINBYTES INTEGER, ZCREATIONDATE TIMESTAMP, ZCONTENTTEXT VARCHAR, ZCONTENTURL VARCHAR, ZIDENTIFIER VARCHAR, ZUTI VARCHAR)',
    "INSERT INTO ZATTACHMENT VALUES (1, 1, 1, 10, NULL, NULL, NULL, 'att-1', 'public.jpeg')",
    'CREATE TABLE Z_1INTERACTIONS (Z_1ATTACHMENTS INTEGER, Z_3INTERACTIONS INTEGER, PRIMARY KEY (Z_1ATTACHMENTS, Z_3INTERACTIONS))',
    'INSERT INTO Z_1INTERACTIONS VALUES (1, 2)',
    `INSERT INTO ZINTERACTIONS (Z_PK, ZDIRECTION, ZMECHANISM, ZRECIPIENTCOUNT, ZSENDER, ZSTARTDATE, ZENDDATE, ZACCOUNT, ZBUNDLEID, ZCONTENTURL, ZGROUPNAME, ZTARGETBUNDLEID) VALUES
      (1, 1, 4, 1, 1, ${t}, ${t + 5}, NULL, 'com.apple.MobileSMS', NULL, NULL, NULL),
      (2, 1, 4, 1, 2, ${t + 10}, ${t + 15}, NULL, 'com.apple.MobileSMS', NULL, NULL, NULL),
      (3, 0, 13, 1, 1, ${t + 20}, ${t + 25}, NULL, ${q(IOS_IOCS.appId)}, NULL, 'Group', NULL),
      (4, 0, 13, 1, 1, ${t + 30}, ${t + 35}, NULL, 'com.apple.mobilemail', 'file:///private/var/tmp/hooker/payload%20x', NULL, 'com.apple.mobilemail'),
      (5, 0, 13, 1, 1, ${t + 40}, ${t + 45}, NULL, 'com.apple.mobilesafari', 'https://share.${IOS_IOCS.domain}/x', NULL, 'com.apple.UIKit.activity.Message')`,
  ]);
  const addressBook = await sqlite([
    'CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, Birthday TEXT, JobTitle TEXT, Nickname TEXT, CreationDate INTEGER, ModificationDate INTEGER)',
    'CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, label INTEGER, value TEXT)',
    `INSERT INTO ABPerson (ROWID, First, Last, Organization, CreationDate, ModificationDate) VALUES
      (1, 'Ann', 'Benign', NULL, ${Math.round(t)}, ${Math.round(t)}),
      (2, 'Eve', NULL, NULL, ${Math.round(t + 60)}, ${Math.round(t + 120)}),
      (3, NULL, NULL, 'Relay Ltd', ${Math.round(t + 180)}, ${Math.round(t + 180)})`,
    `INSERT INTO ABMultiValue VALUES
      (1, 1, 3, 0, 1, '+15550100'), (2, 1, 4, 0, 2, 'friend@benign.example'),
      (3, 2, 4, 0, 2, 'Attacker@Evil-Mail.example'), (4, 2, 22, 0, 3, 'https://${IOS_IOCS.domain}/eve'),
      (5, 3, 4, 0, 2, 'info@mail.${IOS_IOCS.domain}'), (6, 3, 5, 0, 4, 'not an email: property 5 is an address')`,
  ]);
  const web = 'Library/WebKit/WebsiteData/ResourceLoadStatistics';
  return [
    { domain: 'HomeDomain', relativePath: 'Library/CallHistoryDB/CallHistory.storedata', content: calls },
    {
      domain: 'AppDomain-com.google.chrome.ios',
      relativePath: 'Library/Application Support/Google/Chrome/Default/History',
      content: chromeHistory,
    },
    {
      domain: 'AppDomain-com.google.chrome.ios',
      relativePath: 'Library/Application Support/Google/Chrome/Default/Favicons',
      content: chromeFavicons,
    },
    { domain: FIREFOX, relativePath: 'profile.profile/browser.db', content: firefoxBrowser },
    { domain: FIREFOX, relativePath: 'profile.profile/places.db', content: firefoxPlaces },
    {
      domain: 'HomeDomain',
      relativePath: 'Library/Preferences/com.apple.identityservices.idstatuscache.plist',
      content: idStatusCache,
    },
    { domain: SAFARI, relativePath: `${web}/observations.db`, content: observations },
    { domain: SAFARI, relativePath: `${web}/full_browsing_session_resourceLog.plist`, content: sessionLog },
    { domain: 'HomeDomain', relativePath: 'Library/Shortcuts/Shortcuts.sqlite', content: shortcuts },
    { domain: 'HomeDomain', relativePath: 'Library/CoreDuet/People/interactionC.db', content: interactions },
    { domain: 'HomeDomain', relativePath: 'Library/AddressBook/AddressBook.sqlitedb', content: addressBook },
  ];
}
