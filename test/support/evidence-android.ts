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
