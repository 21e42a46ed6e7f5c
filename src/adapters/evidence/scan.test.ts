import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AbSpec,
  buildAndroidBackup,
  buildAndroidQfFolder,
  buildAndroidQfZip,
} from '../../../test/support/evidence-android.ts';
import {
  buildIosBackup,
  fileIdOf,
  IOS_IOCS,
  standardIosFiles,
  standardIosInfo,
} from '../../../test/support/evidence-ios.ts';
import { ANDROID_IOCS, testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { writeScanOutput } from './output.ts';
import { type ScanReport, scanEvidence } from './scan.ts';

let dir: string;
let iocFile: string;
const now = () => Date.parse('2026-11-22T00:00:00Z');

/** Path -> sha256 of every file under `root`, so a test can prove nothing changed or appeared. */
function treeHashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(root.length)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-scan-'));
  iocFile = join(dir, 'test.stix2');
  writeFileSync(iocFile, JSON.stringify(testIndicatorBundle()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scan = (path: string, password: string | null = null) =>
  scanEvidence(path, {
    indicators: loadIndicatorFiles([iocFile], dir),
    password: password === null ? null : async () => password,
    now,
  });

/** module -> sorted "level: message" lines, for exact comparison. */
function alertsByModule(r: ScanReport): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of r.alerts) {
    const list = out[a.module] ?? [];
    list.push(`${a.level}: ${a.message}`);
    out[a.module] = list;
  }
  for (const v of Object.values(out)) v.sort();
  return out;
}

const EXPECTED_IOS = {
  applications: [
    `critical: App ${IOS_IOCS.appId} matches indicator "${IOS_IOCS.appId}" (TestSpy)`,
    'medium: App com.example.sideloaded was not installed from the App Store (source com.altstore.example)',
  ],
  calendar: [
    'critical: Calendar organiser mailto:Attacker@Evil-Mail.example matches indicator "attacker@evil-mail.example" (TestSpy)',
    'high: Calendar event "Meeting"/"Notes" (known exploit artefact)',
  ],
  configuration_profiles: [
    `critical: Configuration profile ${IOS_IOCS.profileId} matches indicator "${IOS_IOCS.profileId.toLowerCase()}" (TestSpy)`,
    'medium: Profile com.evil.profile hides notifications',
  ],
  datausage: [
    'critical: Process CommsCenterRootH/com.apple.x matches indicator "CommsCenterRootHelper" (TestSpy)',
    'high: Network usage row 2 refers to deleted process 3 (records manipulated)',
    'low: Missing process 3: a DataUsage process record was deleted',
  ],
  global_preferences: ['low: Lockdown Mode is disabled'],
  locationd_clients: [
    'critical: Location client msgacntd matches indicator "msgacntd" (TestSpy)',
    'high: Location client path /private/var/tmp/hooker/msgacntd matches indicator "/private/var/tmp/hooker" (TestSpy)',
  ],
  manifest: [
    'high: File /Library/Caches/cdn.evil-spy.example_0/data (AppDomain-com.example.app) names a domain matches indicator "evil-spy.example" (TestSpy)',
    'high: File /Library/Preferences/roleaccountd.plist (HomeDomain) matches indicator "roleaccountd.plist" (TestSpy)',
  ],
  os_analytics_ad_daily: [
    'critical: Analytics process CommsCenterRootHelper matches indicator "CommsCenterRootHelper" (TestSpy)',
  ],
  profile_events: [
    `critical: Profile event ${IOS_IOCS.profileId} matches indicator "${IOS_IOCS.profileId.toLowerCase()}" (TestSpy)`,
    'critical: Profile event process msgacntd matches indicator "msgacntd" (TestSpy)',
    `low: Profile ${IOS_IOCS.profileId} install by msgacntd`,
    'low: Profile com.evil.profile install by profiled',
  ],
  safari_browser_state: [
    'critical: Safari tab https://evil-spy.example/tab matches indicator "evil-spy.example" (TestSpy)',
  ],
  safari_history: [
    'critical: Safari visit to https://cdn.evil-spy.example/p matches indicator "evil-spy.example" (TestSpy)',
    'medium: Fast redirect from http://plain.example/ to https://landing.other.example/x (possible network injection)',
  ],
  sms: [
    'critical: SMS/iMessage link https://news.evil-spy.example/a?b=1 matches indicator "evil-spy.example" (TestSpy)',
    'high: Apple threat notification received from threat@apple.example',
  ],
  sms_attachments: [
    'high: Attachment /private/var/tmp/hooker/x.bin matches indicator "/private/var/tmp/hooker" (TestSpy)',
    'medium: Suspicious received attachment /private/var/tmp/com.apple.messages/abc-1 in /var/tmp',
  ],
  tcc: ['critical: Permission client msgacntd matches indicator "msgacntd" (TestSpy)'],
  calls: [
    'critical: Call by app com.evil.spyapp matches indicator "com.evil.spyapp" (TestSpy)',
    'critical: Call with Attacker@Evil-Mail.example matches indicator "attacker@evil-mail.example" (TestSpy)',
    'critical: Call with caller@voice.evil-spy.example (its domain) matches indicator "evil-spy.example" (TestSpy)',
  ],
  chrome_history: [
    'critical: Chrome visit to https://track.evil-spy.example/c?id=9 matches indicator "evil-spy.example" (TestSpy)',
  ],
  chrome_favicon: [
    'critical: Chrome favicon https://static.evil-spy.example/f.ico matches indicator "evil-spy.example" (TestSpy)',
  ],
  firefox_favicon: [
    'critical: Firefox favicon https://static.evil-spy.example/ff.ico matches indicator "evil-spy.example" (TestSpy)',
    `critical: Firefox favicon page https://tracker.example/a?id=1&x='y' matches indicator "https://tracker.example/a?id=1&x='y'" (TestSpy)`,
  ],
  firefox_history: [
    `critical: Firefox visit to https://tracker.example/a?id=1&x='y' matches indicator "https://tracker.example/a?id=1&x='y'" (TestSpy)`,
    'critical: Firefox visit to https://www.evil-spy.example/ff matches indicator "evil-spy.example" (TestSpy)',
  ],
  id_status_cache: [
    'critical: iMessage/FaceTime lookup of attacker@evil-mail.example matches indicator "attacker@evil-mail.example" (TestSpy)',
    'critical: iMessage/FaceTime lookup of ops@relay.evil-spy.example (its domain) matches indicator "evil-spy.example" (TestSpy)',
    'high: Lookup of a handle with embedded NUL bytes (com.apple.madrid)',
  ],
  webkit_resource_load_statistics: [
    'critical: WebKit loaded a resource from evil-spy.example (AppDomain-com.apple.mobilesafari) matches indicator "evil-spy.example" (TestSpy)',
  ],
  webkit_session_resource_log: [
    'critical: WebKit session redirect destination r.evil-spy.example (under benign.example) matches indicator "evil-spy.example" (TestSpy)',
  ],
  shortcuts: [
    'critical: Shortcut Sync uses https://dl.evil-spy.example/p.js matches indicator "evil-spy.example" (TestSpy)',
  ],
  interaction_c: [
    'critical: Interaction content https://share.evil-spy.example/x matches indicator "evil-spy.example" (TestSpy)',
    'critical: Interaction in app com.evil.spyapp matches indicator "com.evil.spyapp" (TestSpy)',
    'critical: Interaction sent to attacker@evil-mail.example matches indicator "attacker@evil-mail.example" (TestSpy)',
    'critical: Interaction sent to ops@relay.evil-spy.example (its domain) matches indicator "evil-spy.example" (TestSpy)',
    'critical: Interaction with attacker@evil-mail.example matches indicator "attacker@evil-mail.example" (TestSpy)',
    'high: Interaction content /private/var/tmp/hooker/payload x matches indicator "/private/var/tmp/hooker" (TestSpy)',
  ],
  contacts: [
    'high: Contact Eve has Attacker@Evil-Mail.example matches indicator "attacker@evil-mail.example" (TestSpy)',
    'high: Contact Eve links https://evil-spy.example/eve matches indicator "evil-spy.example" (TestSpy)',
    'high: Contact Relay Ltd has info@mail.evil-spy.example (its domain) matches indicator "evil-spy.example" (TestSpy)',
  ],
  whatsapp: [
    'critical: WhatsApp link http://www.evil-spy.example/w matches indicator "evil-spy.example" (TestSpy)',
  ],
};

describe('iOS backup scan', () => {
  let plain: string;
  let encrypted: string;
  beforeAll(async () => {
    const files = await standardIosFiles();
    plain = await buildIosBackup(join(dir, 'plain', '00008110-TEST'), { files, info: standardIosInfo() });
    encrypted = await buildIosBackup(join(dir, 'enc', '00008110-ENC'), {
      files,
      info: standardIosInfo(),
      encryption: { password: 'correct horse', dpic: 2000, iter: 100 },
    });
  });

  it('raises exactly the expected alerts in every module, and none for the benign records', async () => {
    const r = await scan(plain);
    expect(r.kind).toBe('ios-backup');
    expect(r.statuses.filter((s) => s.status !== 'ok')).toEqual([]);
    expect(alertsByModule(r)).toEqual(EXPECTED_IOS);
    const hit = r.alerts.find((a) => a.module === 'sms' && a.level === 'critical');
    expect(hit?.matchedIndicator).toEqual({
      type: 'domain',
      value: IOS_IOCS.domain,
      name: 'TestSpy',
      feed: 'test.stix2',
    });
    expect(hit?.eventTime).toBe(Date.parse('2026-10-01T12:00:00Z'));
    expect(r.indicatorProblems).toHaveLength(2);
  });

  it('observes posture: OS, Lockdown Mode, camera/microphone/location grants, apps, profiles', async () => {
    const r = await scan(plain);
    expect(r.posture).toEqual({
      platform: 'ios',
      osVersion: '18.6.2',
      osBuild: '22G100',
      patchLevel: null,
      lockdownMode: false,
      sensors: {
        camera: { state: 'enabled', provenance: 'observed' },
        microphone: { state: 'disabled', provenance: 'observed' },
        location: { state: 'enabled', provenance: 'observed' },
      },
      apps: ['com.evil.spyapp', 'com.example.maps', 'com.example.sideloaded'],
      profiles: ['com.evil.profile', 'org.office.wifi'],
    });
  });

  it('accepts the parent folder of one backup, and leaves the evidence untouched', async () => {
    const before = treeHashes(join(dir, 'plain'));
    const r = await scan(join(dir, 'plain'));
    expect(r.alerts.length).toBeGreaterThan(10);
    expect(treeHashes(join(dir, 'plain'))).toEqual(before);
    // Every input read is hashed, by path relative to the backup.
    expect(r.inputs.map((i) => i.path)).toContain('Manifest.db');
    // TCC.db is in WAL mode: its -wal file was read (the indicator's grant is only there), and
    // no -shm or other file appeared beside the evidence (the tree hashes above are equal).
    const walId = fileIdOf('HomeDomain', 'Library/TCC/TCC.db-wal');
    expect(r.inputs.map((i) => i.path)).toContain(join(walId.slice(0, 2), walId));
    expect(r.alerts.some((a) => a.module === 'tcc' && a.level === 'critical')).toBe(true);
    const smsId = fileIdOf('HomeDomain', 'Library/SMS/sms.db');
    expect(r.inputs.find((i) => i.path === join(smsId.slice(0, 2), smsId))?.sha256).toBe(
      before[`/00008110-TEST/${smsId.slice(0, 2)}/${smsId}`],
    );
  });

  it('decrypts an encrypted backup in memory and finds the same alerts', async () => {
    const before = treeHashes(join(dir, 'enc'));
    const r = await scan(encrypted, 'correct horse');
    expect(r.encrypted).toBe(true);
    expect(r.statuses.filter((s) => s.status !== 'ok')).toEqual([]);
    expect(alertsByModule(r)).toEqual(EXPECTED_IOS);
    expect(treeHashes(join(dir, 'enc'))).toEqual(before);
  });

  it('refuses a wrong or missing password clearly', async () => {
    await expect(scan(encrypted, 'wrong')).rejects.toMatchObject({ code: 'BACKUP_PASSWORD_WRONG' });
    await expect(scan(encrypted)).rejects.toMatchObject({ code: 'BACKUP_PASSWORD_REQUIRED' });
  });

  it('refuses an encrypted Manifest.db cut short (not whole AES blocks) as invalid input', async () => {
    const cut = await buildIosBackup(join(dir, 'enc-cut'), {
      files: [],
      encryption: { password: 'pw', dpic: 10, iter: 10 },
    });
    const manifest = join(cut, 'Manifest.db');
    writeFileSync(manifest, readFileSync(manifest).subarray(0, -5));
    await expect(scan(cut, 'pw')).rejects.toMatchObject({
      code: 'SCAN_INPUT_INVALID',
      message: expect.stringMatching(/Manifest\.db cannot be decrypted: .*AES blocks/),
    });
  });

  it('refuses a folder that is not a backup, and a parent holding two', async () => {
    const empty = join(dir, 'not-a-backup');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'notes.txt'), 'x');
    await expect(scan(empty)).rejects.toMatchObject({ code: 'SCAN_INPUT_INVALID' });
    await expect(scan(join(dir, 'nope'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    const two = join(dir, 'two');
    await buildIosBackup(join(two, 'a'), { files: [] });
    await buildIosBackup(join(two, 'b'), { files: [] });
    await expect(scan(two)).rejects.toMatchObject({ code: 'SCAN_INPUT_INVALID' });
  });

  it('reports a corrupt artifact per module and scans the rest', async () => {
    const files = (await standardIosFiles()).map((f) =>
      f.relativePath === 'Library/SMS/sms.db'
        ? { ...f, content: Buffer.from(f.content).subarray(0, 100) }
        : f.relativePath.endsWith('.GlobalPreferences.plist')
          ? { ...f, content: Buffer.from('bplist00 this is not a plist') }
          : f.relativePath.endsWith('Calendar.sqlitedb')
            ? { ...f, content: new Uint8Array(300_000) }
            : f,
    );
    const r = await scanEvidence(await buildIosBackup(join(dir, 'corrupt'), { files }), {
      indicators: loadIndicatorFiles([iocFile], dir),
      password: null,
      now,
      maxFileBytes: 200_000,
    });
    const byName = Object.fromEntries(r.statuses.map((s) => [s.module, s.status]));
    expect(byName.sms).toBe('failed');
    expect(byName.global_preferences).toBe('failed');
    expect(r.statuses.find((s) => s.module === 'calendar')?.message).toMatch(/too large/);
    expect(byName.sms_attachments).toBe('failed');
    expect(byName.tcc).toBe('ok');
    expect(r.alerts.some((a) => a.module === 'tcc')).toBe(true);
  });

  it('runs heuristics without indicators and skips missing artifacts', async () => {
    const r = await scanEvidence(await buildIosBackup(join(dir, 'bare'), { files: [] }), {
      indicators: null,
      password: null,
      now,
    });
    expect(r.statuses.find((s) => s.module === 'sms')?.status).toBe('skipped');
    expect(r.alerts.map((a) => a.message)).toEqual([]);
  });

  it('writes per-module results, alerts, a sorted timeline and info.json with hashes', async () => {
    const r = await scan(plain);
    const out = join(dir, 'out');
    const written = writeScanOutput(out, r);
    const names = readdirSync(out).sort();
    // Written in pieces, yet each file is the whole JSON text, with the size and hash reported.
    expect(written.map((w) => w.path).sort()).toEqual(names);
    for (const w of written) {
      const bytes = readFileSync(join(out, w.path));
      expect([w.size, w.sha256]).toEqual([bytes.length, createHash('sha256').update(bytes).digest('hex')]);
    }
    const manifest = r.modules.find((m) => m.module === 'manifest');
    expect(manifest?.records.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(
      `${JSON.stringify(manifest?.records, null, 2)}\n`,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'alerts.json',
        'info.json',
        'timeline.csv',
        'sms.json',
        'sms_detected.json',
        'tcc.json',
      ]),
    );
    const alerts = JSON.parse(readFileSync(join(out, 'alerts.json'), 'utf8')) as {
      level: string;
      matched_indicator: unknown;
    }[];
    expect(alerts.length).toBe(r.alerts.length);
    expect(alerts[0]?.level).toBe('critical');
    const csv = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('"UTC Timestamp","Plugin","Event","Description"');
    const times = csv.slice(1).map((l) => l.slice(1, 25));
    expect(times).toEqual([...times].sort());
    const info = JSON.parse(readFileSync(join(out, 'info.json'), 'utf8')) as {
      hashes: unknown[];
      ioc_files: { sha256: string }[];
    };
    expect(info.hashes.length).toBe(r.inputs.length);
    expect(info.ioc_files[0]?.sha256).toBe(createHash('sha256').update(readFileSync(iocFile)).digest('hex'));
    expect(() => writeScanOutput(join(plain, 'inside'), r)).toThrow(/inside the evidence/);
  });
});

const EXPECTED_ANDROID = {
  files: [
    `critical: File /sdcard/Download/x.apk matches indicator "${ANDROID_IOCS.fileSha256}" (TestSpy)`,
    'high: File /data/local/tmp/wd/pred.so matches indicator "/data/local/tmp/wd/" (TestSpy)',
    'medium: File in /data/local/tmp: /data/local/tmp/wd/pred.so',
  ],
  getprop: [
    `critical: System property ${ANDROID_IOCS.property} matches indicator "${ANDROID_IOCS.property}" (TestSpy)`,
  ],
  packages: [
    `critical: Package ${ANDROID_IOCS.packageName} file /data/app/spy/base.apk matches indicator "${ANDROID_IOCS.fileSha256}" (TestSpy)`,
    `critical: Package ${ANDROID_IOCS.packageName} matches indicator "${ANDROID_IOCS.packageName}" (TestSpy)`,
    `critical: Package ${ANDROID_IOCS.packageName} signing certificate matches indicator "${ANDROID_IOCS.certSha256}" (TestSpy)`,
    'medium: Package com.example.sideloaded was installed without a store (sideloaded, e.g. over adb)',
  ],
  processes: [
    `critical: Process ${ANDROID_IOCS.process} matches indicator "${ANDROID_IOCS.process}" (TestSpy)`,
  ],
  root_binaries: ['high: Root binary found: /system/xbin/su'],
  settings: ['medium: Setting global.adb_enabled=1: USB debugging is on'],
};

describe('AndroidQF scan', () => {
  it('scans a folder: alerts per module and observed posture', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf'));
    const before = treeHashes(folder);
    const r = await scan(folder);
    expect(r.kind).toBe('androidqf');
    expect(alertsByModule(r)).toEqual(EXPECTED_ANDROID);
    expect(r.posture).toMatchObject({
      platform: 'android',
      osVersion: '15',
      patchLevel: '2026-09-05',
      apps: ['com.evil.android.spy', 'com.example.fromstore', 'com.example.sideloaded'],
    });
    expect(treeHashes(folder)).toEqual(before);
  });

  it('scans a zip, refusing members that escape, links and oversized members', async () => {
    const link = join(dir, 'link.zip');
    buildAndroidQfZip(link, {
      '../../escape.txt': Buffer.from('x'),
      '/abs.txt': Buffer.from('y'),
      'acq-1234/evil-link': [Buffer.from('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    const r = await scan(link);
    expect(alertsByModule(r)).toEqual(EXPECTED_ANDROID);
    expect(r.problems).toHaveLength(3);
    expect(r.problems.some((p) => p.includes('symbolic link'))).toBe(true);
    expect(r.inputs.some((i) => i.path.endsWith('link.zip'))).toBe(true);
    const bomb = join(dir, 'bomb.zip');
    buildAndroidQfZip(bomb, { 'acq/huge.bin': new Uint8Array(5_000_000) });
    const small = await scanEvidence(bomb, {
      indicators: null,
      password: null,
      now,
      maxFileBytes: 1_000_000,
    });
    expect(small.problems.some((p) => p.includes('huge.bin'))).toBe(true);
  });

  it('refuses a zip that is not an acquisition', async () => {
    const z = join(dir, 'other.zip');
    buildAndroidQfZip(z);
    writeFileSync(z, 'not a zip at all');
    await expect(scan(z)).rejects.toMatchObject({ code: 'SCAN_INPUT_INVALID' });
  });
});

describe('Android backup (.ab) scan', () => {
  const expected = {
    backup_packages: [
      `critical: Backed-up package ${ANDROID_IOCS.packageName} matches indicator "${ANDROID_IOCS.packageName}" (TestSpy)`,
    ],
    sms: [
      'critical: SMS link https://track.evil-spy.example/p?id=7 matches indicator "evil-spy.example" (TestSpy)',
    ],
  };

  it.each<[string, AbSpec]>([
    ['plain', { compressed: false }],
    ['compressed', { compressed: true }],
    ['encrypted', { compressed: true, password: 'ab pass' }],
    ['encrypted v1', { compressed: false, password: 'ab pass', version: 1 }],
  ])('reads a %s backup', async (name, spec) => {
    const path = buildAndroidBackup(join(dir, `${name.replace(' ', '-')}.ab`), spec);
    const before = readFileSync(path);
    const r = await scan(path, 'ab pass');
    expect(r.kind).toBe('android-backup');
    expect(r.encrypted).toBe(spec.password !== undefined);
    expect(alertsByModule(r)).toEqual(expected);
    expect(r.modules.find((m) => m.module === 'sms')?.records).toHaveLength(2);
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses a wrong or missing password', async () => {
    const path = buildAndroidBackup(join(dir, 'locked.ab'), { compressed: true, password: 'right' });
    await expect(scan(path, 'wrong')).rejects.toMatchObject({ code: 'BACKUP_PASSWORD_WRONG' });
    await expect(scan(path)).rejects.toMatchObject({ code: 'BACKUP_PASSWORD_REQUIRED' });
  });

  it('runs the backup modules on the backup.ab inside an AndroidQF acquisition', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-ab'));
    buildAndroidBackup(join(folder, 'backup.ab'), { compressed: true });
    const r = await scan(folder);
    expect(r.alerts.filter((a) => a.module === 'sms').map((a) => a.message)).toEqual(
      expected.sms.map((m) => m.slice('critical: '.length)),
    );
  });
});

describe('module names', () => {
  it('are the ones protocols may require (core/forensics/coverage.ts)', async () => {
    const { IOS_MODULES } = await import('./ios-modules.ts');
    const { ANDROIDQF_MODULES } = await import('./androidqf.ts');
    const { IOS_SCAN_MODULES, ANDROID_SCAN_MODULES } = await import('../../core/forensics/coverage.ts');
    expect(IOS_MODULES.map((m) => m.name)).toEqual([...IOS_SCAN_MODULES]);
    for (const m of ANDROIDQF_MODULES) expect(ANDROID_SCAN_MODULES).toContain(m.name);
  });
});
