/** Builds SYNTHETIC AndroidQF acquisitions (folder and zip) and adb backups (.ab) with known records. */
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { type Zippable, zipSync } from 'fflate';
import { ANDROID_IOCS } from './evidence-stix.ts';

export function androidQfFiles(): Record<string, string> {
  const packages = [
    {
      name: ANDROID_IOCS.packageName,
      installer: 'com.android.vending',
      system: false,
      disabled: false,
      files: [
        {
          path: '/data/app/spy/base.apk',
          md5: 'c'.repeat(32),
          sha1: 'd'.repeat(40),
          sha256: ANDROID_IOCS.fileSha256,
          certificate: { Sha256: ANDROID_IOCS.certSha256 },
        },
      ],
    },
    {
      name: 'com.example.sideloaded',
      installer: 'null',
      system: false,
      disabled: false,
      files: [
        { path: '/data/app/side/base.apk', sha256: 'e'.repeat(64), certificate: { Sha256: 'f'.repeat(64) } },
      ],
    },
    {
      name: 'com.example.fromstore',
      installer: 'com.android.vending',
      system: false,
      disabled: false,
      files: [],
    },
    { name: 'com.android.systemui', installer: null, system: true, disabled: false, files: [] },
  ];
  return {
    'packages.json': JSON.stringify(packages),
    'ps.txt': [
      'USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME',
      'root             1     0 1000 100 0 0 S init',
      `u0_a99   4242   1 1000 100 0 0 S ${ANDROID_IOCS.process}`,
      'system   500 1 1000 100 0 0 S system_server',
    ].join('\n'),
    'getprop.txt': [
      '[ro.build.version.release]: [15]',
      '[ro.build.version.security_patch]: [2026-09-05]',
      '[ro.build.display.id]: [AP3A.2026]',
      `[${ANDROID_IOCS.property}]: [1]`,
      '[persist.sys.locale]: [en-GB]',
    ].join('\n'),
    'settings_global.txt': ['adb_enabled=1', 'package_verifier_enable=1', 'airplane_mode_on=0'].join('\n'),
    'settings_secure.txt': ['install_non_market_apps=0'].join('\n'),
    'files.json': JSON.stringify([
      { path: '/data/local/tmp/wd/pred.so', sha256: '1'.repeat(64), modified_time: 1_759_320_000 },
      { path: '/sdcard/Download/x.apk', sha256: ANDROID_IOCS.fileSha256, modified_time: 1_759_320_100 },
      { path: '/sdcard/DCIM/ok.jpg', sha256: '2'.repeat(64), modified_time: 1_759_320_200 },
    ]),
    'root_binaries.json': JSON.stringify(['/system/xbin/su']),
  };
}

export function buildAndroidQfFolder(dir: string, files = androidQfFiles()): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A zip with the acquisition under one top folder, as AndroidQF writes it; `extra` adds raw members. */
export function buildAndroidQfZip(path: string, extra: Zippable = {}): string {
  const members: Zippable = {};
  for (const [name, content] of Object.entries(androidQfFiles()))
    members[`acq-1234/${name}`] = Buffer.from(content);
  Object.assign(members, extra);
  writeFileSync(path, zipSync(members));
  return path;
}

function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
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
  h.write('0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** A ustar archive of regular files. */
export function tar(entries: Record<string, Uint8Array>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, data] of Object.entries(entries)) {
    parts.push(
      tarHeader(name, data.length),
      Buffer.from(data),
      Buffer.alloc((512 - (data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** SMS as the telephony provider backs them up: a zlib-deflated JSON array. */
export function smsBackupEntry(messages: { address: string; body: string; date: number }[]): Buffer {
  return deflateSync(
    Buffer.from(JSON.stringify(messages.map((m) => ({ ...m, date: String(m.date), type: '1' })))),
  );
}

export interface AbSpec {
  readonly compressed: boolean;
  readonly password?: string;
  readonly version?: number;
  readonly rounds?: number;
}

export const ANDROID_SMS = [
  {
    address: '+15550100',
    body: `Parcel waiting: https://track.${'evil-spy.example'}/p?id=7`,
    date: Date.UTC(2026, 9, 1, 12),
  },
  { address: '+15550101', body: 'Dinner at https://benign.example/menu', date: Date.UTC(2026, 9, 2, 12) },
];

/** Writes an adb backup: header, then tar (zlib-compressed if asked), encrypted with a password if given. */
export function buildAndroidBackup(path: string, spec: AbSpec, entries?: Record<string, Uint8Array>): string {
  const version = spec.version ?? 5;
  const body = tar(
    entries ?? {
      'apps/com.android.providers.telephony/_manifest': Buffer.from('manifest'),
      'apps/com.android.providers.telephony/d_f/000000_sms_backup': smsBackupEntry(ANDROID_SMS),
      [`apps/${ANDROID_IOCS.packageName}/f/data.bin`]: Buffer.from('x'),
    },
  );
  let payload = spec.compressed ? deflateSync(body) : body;
  let header = `ANDROID BACKUP\n${version}\n${spec.compressed ? 1 : 0}\n`;
  if (spec.password === undefined) {
    header += 'none\n';
  } else {
    const rounds = spec.rounds ?? 1000;
    const userSalt = randomBytes(64);
    const ckSalt = randomBytes(64);
    const userIv = randomBytes(16);
    const iv = randomBytes(16);
    const mk = randomBytes(32);
    const userKey = pbkdf2Sync(spec.password, userSalt, rounds, 32, 'sha1');
    // Java widens each (signed) key byte to a char before PBKDF2 encodes it as UTF-8.
    const asJava =
      version > 1
        ? Buffer.from(String.fromCharCode(...[...mk].map((b) => (b >= 0x80 ? 0xff00 | b : b))), 'utf8')
        : mk;
    const checksum = pbkdf2Sync(asJava, ckSalt, rounds, 32, 'sha1');
    const blob = Buffer.concat([Buffer.from([16]), iv, Buffer.from([32]), mk, Buffer.from([32]), checksum]);
    const enc = (key: Buffer, ivv: Buffer, data: Buffer) => {
      const c = createCipheriv('aes-256-cbc', key, ivv);
      return Buffer.concat([c.update(data), c.final()]);
    };
    const hex = (b: Buffer) => b.toString('hex').toUpperCase();
    header += `AES-256\n${hex(userSalt)}\n${hex(ckSalt)}\n${rounds}\n${hex(userIv)}\n${hex(enc(userKey, userIv, blob))}\n`;
    payload = enc(mk, iv, payload);
  }
  writeFileSync(path, Buffer.concat([Buffer.from(header, 'latin1'), payload]));
  return path;
}

const SPY = ANDROID_IOCS.packageName;
/** The domain the synthetic iOS evidence holds too (IOS_IOCS.domain). */
const IOS_DOMAIN = 'evil-spy.example';
const SEP = '-'.repeat(79);

/** dumpsys sections as Android prints them: accessibility, appops, package, batterystats. */
export const DUMPSYS_SECTIONS: Readonly<Record<string, string>> = {
  accessibility: [
    'ACCESSIBILITY MANAGER (dumpsys accessibility)',
    '',
    'currentUserId=0',
    'User state[',
    '     attributes:{id=0, touchExplorationEnabled=false, serviceChangingSoftKeyboardMode=0}',
    '     installed services: {',
    '        0 : com.google.android.marvin.talkback/com.google.android.marvin.talkback.TalkBackService',
    `        1 : ${SPY}/.AccessService`,
    '        2 : com.example.reader/.ReaderService',
    '     }',
    '     Bound services:{Service[label=TalkBack, feedbackType[FEEDBACK_SPOKEN]]}',
    `     Enabled services:{{com.google.android.marvin.talkback/com.google.android.marvin.talkback.TalkBackService}, {${SPY}/${SPY}.AccessService}}`,
    '     Binding services:{}',
    ']',
  ].join('\n'),
  appops: [
    'Current AppOps Service state:',
    '  Settings:',
    '    top_state_settle_time=+5s0ms',
    '  Uid 1000:',
    '    state=pers',
    '    Package android:',
    '      CAMERA (allow):',
    '          Access: [pers-s] 2026-10-01 09:00:00.000 (-51d3h)',
    '  Uid u0a99:',
    '    state=cch',
    `    Package ${SPY}:`,
    '      REQUEST_INSTALL_PACKAGES (allow):',
    '      RECORD_AUDIO (allow):',
    '          Access: [fg-s] 2026-10-02 03:14:00.000 (-50d)',
    '          Access: [bg-s] 2026-10-02 03:20:00.000 (-50d)',
    '      CAMERA (ignore):',
  ].join('\n'),
  package: [
    'Activity Resolver Table:',
    '  Non-Data Actions:',
    '      android.intent.action.MAIN:',
    '        1a2b3c com.android.launcher3/.Launcher filter 4d5e6f',
    '',
    'Receiver Resolver Table:',
    '  Non-Data Actions:',
    '      android.provider.Telephony.SMS_RECEIVED:',
    `        7a8b9c ${SPY}/.SmsReceiver filter 1f2e3d`,
    '          Action: "android.provider.Telephony.SMS_RECEIVED"',
    '          mPriority=1000, mOrder=0, mHasStaticPartialTypes=false',
    '        8a8b9c com.android.messaging/.receiver.SmsReceiver filter 2f2e3d',
    '      android.intent.action.BOOT_COMPLETED:',
    '        9a8b9c com.example.fromstore/.Boot filter 3f2e3d',
    '',
    'Service Resolver Table:',
    '  Non-Data Actions:',
    '      android.accessibilityservice.AccessibilityService:',
    `        aa8b9c ${SPY}/.AccessService filter 4f2e3d`,
    '',
    'Packages:',
    `  Package [${SPY}] (c0ffee1):`,
    '    userId=10099',
    `    codePath=/data/app/~~abc==/${SPY}-xyz==`,
    '    versionName=1.0',
    '    firstInstallTime=2026-10-01 11:58:00',
    '    lastUpdateTime=2026-10-01 11:58:00',
    '    installerPackageName=null',
    '    pkgFlags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ]',
    '  Package [com.android.systemui] (c0ffee2):',
    '    userId=10050',
    '    codePath=/system_ext/priv-app/SystemUIGoogle',
    '    firstInstallTime=2008-12-31 16:00:00',
    '    lastUpdateTime=2008-12-31 16:00:00',
    '    pkgFlags=[ SYSTEM HAS_CODE PERSISTENT ]',
    '  Package [com.example.fromstore] (c0ffee3):',
    '    userId=10100',
    '    codePath=/data/app/~~def==/com.example.fromstore-1==',
    '    firstInstallTime=2026-09-15 08:00:00',
    '    lastUpdateTime=2026-10-20 08:00:00',
    '    installerPackageName=com.android.vending',
    '    pkgFlags=[ HAS_CODE ]',
    '  Package [com.example.staged] (c0ffee4):',
    '    userId=10101',
    `    codePath=${ANDROID_IOCS.filePath}staged.apk`,
    '    firstInstallTime=2026-10-01 12:30:00',
    '    lastUpdateTime=2026-10-01 12:30:00',
    '    installerPackageName=com.android.vending',
    '    pkgFlags=[ HAS_CODE ]',
    '',
    'Hidden system packages:',
    '  Package [com.google.android.gms] (dead):',
    '    userId=10010',
  ].join('\n'),
  batterystats: [
    'Battery History (0% used, 3KB used of 4096KB, 12 strings using 1KB):',
    '                    0 (15) RESET:TIME: 2026-10-01-12-00-00',
    '                    0 (2) 100 status=discharging health=good plug=none',
    `             +1m00s000ms (2) 099 +top=u0a99:"${SPY}"`,
    `             +5m30s500ms (2) 098 -top=u0a99:"${SPY}" +job=u0a100:"com.example.fromstore/.SyncJob"`,
    '          +1h00m00s000ms (2) 097 pkginst=u0a101:"com.example.new"',
    '',
    'Per-PID Stats:',
    '  PID 4242 wake time: +1s',
  ].join('\n'),
};

/** Logcat lines (threadtime, no year; `uid` adds the -v uid column a bug report's log has). */
export function logcatLines(uid: boolean): string[] {
  const u = (v: string) => (uid ? `${v.padStart(6)}  ` : '');
  return [
    '--------- beginning of main',
    `10-01 11:59:58.100  ${u('1000')}1200  1300 I ActivityManager: Start proc 4242:${ANDROID_IOCS.process}/u0a99 for service {${SPY}/.Svc}`,
    `10-01 11:59:59.000  ${u('u0_a99')}4242  4250 D Upload  : posting to https://c2.${IOS_DOMAIN}/up`,
    `10-01 12:00:00.000  ${u('1000')}1200  1300 I ActivityManager: Start proc 5000:${SPY}:remote/u0a99 for activity`,
    `10-01 12:00:01.000  ${u('1000')}5000  5001 I chatty  : uid=10100 expire 3 lines`,
  ];
}

export const MOUNTS_TXT = [
  '/dev/block/dm-0 / ext4 ro,seclabel,relatime 0 0',
  '/dev/block/dm-1 /system ext4 rw,seclabel,relatime 0 0',
  '/dev/block/dm-2 /vendor ext4 ro,seclabel 0 0',
  '/dev/block/by-name/userdata /data f2fs rw,lazytime,seclabel,nosuid,nodev 0 0',
  'tmpfs /dev tmpfs rw,seclabel,nosuid 0 0',
].join('\n');

export const TOMBSTONES: Readonly<Record<string, string>> = {
  tombstone_00: [
    '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***',
    "Build fingerprint: 'google/oriole/oriole:15/AP3A.2026/1:user/release-keys'",
    "Revision: 'MP1.0'",
    "ABI: 'arm64'",
    'Timestamp: 2026-10-01 12:03:04.567891234+0200',
    'Process uptime: 12s',
    `Cmdline: ${ANDROID_IOCS.filePath}${ANDROID_IOCS.process}`,
    `pid: 4242, tid: 4251, name: worker  >>> ${ANDROID_IOCS.filePath}${ANDROID_IOCS.process} <<<`,
    'uid: 2000',
    'signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0000000000000000',
  ].join('\n'),
  tombstone_01: [
    '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***',
    'Timestamp: 2026-10-03 08:00:00.000000000+0000',
    'pid: 900, tid: 901, name: mediaserver  >>> /system/bin/mediaserver <<<',
    'uid: 1013',
    'signal 6 (SIGABRT), code -1 (SI_QUEUE), fault addr --------',
  ].join('\n'),
};

/** The dumpsys sections as one dumpsys.txt, separated as AndroidQF writes them. */
export function dumpsysTxt(): string {
  return Object.entries(DUMPSYS_SECTIONS)
    .map(([name, body]) => `${SEP}\nDUMP OF SERVICE ${name}:\n${body}\n`)
    .join('');
}

/** AndroidQF's system files (dumpsys, logcat, mounts, tombstones), to add to `androidQfFiles()`. */
export function androidQfSystemFiles(): Record<string, string> {
  return {
    'acquisition.json': JSON.stringify({ uuid: 'acq-1234', started: '2026-11-20T10:00:00Z' }),
    'dumpsys.txt': dumpsysTxt(),
    'logcat.txt': logcatLines(false).join('\n'),
    'mounts.txt': MOUNTS_TXT,
    ...Object.fromEntries(Object.entries(TOMBSTONES).map(([n, t]) => [`tombstones/${n}`, t])),
    'tombstones/tombstone_00.pb': '\u0008\u0001',
  };
}

export const BUGREPORT_NAME = 'bugreport-oriole-AP3A.2026-2026-10-01-12-10-00';

/**
 * The settings provider's dump as dumpstate holds it: per namespace a `… SETTINGS (user N)` line
 * and one `_id:… name:… pkg:… value:…` line per setting; a second user's settings after.
 */
export const DUMPSTATE_SETTINGS = [
  'CONFIG SETTINGS (user 0)',
  '  version: 3',
  'GLOBAL SETTINGS (user 0)',
  '_id:5 name:adb_enabled pkg:android value:1 default:1 defaultSystemSet:true',
  '_id:6 name:package_verifier_enable pkg:android value:1 default:1 defaultSystemSet:true',
  'SECURE SETTINGS (user 0)',
  '_id:7 name:install_non_market_apps pkg:android value:0 default:0 defaultSystemSet:true',
  '_id:8 name:bluetooth_name pkg:com.android.bluetooth value:Pixel of Ann default:null defaultSystemSet:false',
  'SYSTEM SETTINGS (user 0)',
  '_id:9 name:screen_brightness pkg:android value:102',
  'SECURE SETTINGS (user 10)',
  '_id:10 name:install_non_market_apps pkg:android value:1',
].join('\n');

/** `ps -A -T -Z -O …` as dumpstate runs it: a row per thread, the process's main thread has TID = PID. */
export const DUMPSTATE_PS = [
  'LABEL                          USER           PID   TID  PPID     VSZ    RSS WCHAN            ADDR S PRI  NI RTPRIO SCH PCY     TIME CMD',
  'u:r:init:s0                    root             1     1     0 10925228 11412 do_epoll_wait 0 S 19 0 - 0 fg 00:00:05 init',
  `u:r:untrusted_app:s0:c99,c256,c512,c768 u0_a99 4242 4242 1 1000 100 0 0 S 19 0 - 0 fg 00:00:01 ${ANDROID_IOCS.process}`,
  'u:r:untrusted_app:s0:c99,c256,c512,c768 u0_a99 4242 4250 1 1000 100 0 0 S 19 0 - 0 fg 00:00:00 Binder:4242_1',
  'u:r:system_server:s0           system         500   500     1 1000 100 0 0 S 19 0 - 0 fg 00:01:00 system_server',
].join('\n');

/** A dumpstate text: header, system log section, then each dumpsys section with its duration line. */
export function dumpstateTxt(): string {
  const dumpsys = Object.entries({ ...DUMPSYS_SECTIONS, settings: DUMPSTATE_SETTINGS })
    .map(
      ([name, body]) =>
        `${SEP}\nDUMP OF SERVICE ${name}:\n${body}\n--------- 0.01s was the duration of dumpsys ${name}, ending at: 2026-10-01 12:10:05\n`,
    )
    .join('');
  return [
    '========================================================',
    '== dumpstate: 2026-10-01 12:10:00',
    '========================================================',
    '',
    'Build: AP3A.2026',
    '------ SYSTEM PROPERTIES (getprop) ------',
    '[ro.build.version.release]: [15]',
    '[ro.build.version.security_patch]: [2026-09-05]',
    `[${ANDROID_IOCS.property}]: [1]`,
    "------ 0.02s was the duration of 'SYSTEM PROPERTIES' ------",
    '------ SYSTEM LOG (logcat -v threadtime -v printable -v uid -d *:v) ------',
    ...logcatLines(true),
    "------ 0.5s was the duration of 'SYSTEM LOG' ------",
    '------ PROCESSES AND THREADS (ps -A -T -Z -O pri,nice,rtprio,sched,pcy,time) ------',
    DUMPSTATE_PS,
    "------ 0.1s was the duration of 'PROCESSES AND THREADS' ------",
    '------ DUMPSYS (/system/bin/dumpsys) ------',
    dumpsys,
  ].join('\n');
}

/** A bug report zip as `adb bugreport` writes it: the dumpstate text, main_entry.txt and FS/ tombstones. */
export function buildBugreportZip(path: string): string {
  writeFileSync(path, bugreportZip());
  return path;
}

/** The bug report zip's bytes; `extra` adds raw members (hostile ones, say). */
export function bugreportZip(extra: Zippable = {}): Uint8Array {
  const members: Zippable = {
    [`${BUGREPORT_NAME}.txt`]: Buffer.from(dumpstateTxt()),
    'main_entry.txt': Buffer.from(`${BUGREPORT_NAME}.txt`),
    'version.txt': Buffer.from('2.0'),
  };
  for (const [n, t] of Object.entries(TOMBSTONES)) members[`FS/data/tombstones/${n}`] = Buffer.from(t);
  return zipSync({ ...members, ...extra });
}
