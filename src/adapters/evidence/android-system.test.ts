/**
 * The Android system modules (dumpsys sections, logcat, mounts, tombstones) on a synthetic
 * AndroidQF acquisition and a synthetic bug report in their real formats: record counts, times,
 * an indicator hit of each kind a module matches, and the heuristics.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANDROID_SMS,
  androidQfFiles,
  androidQfSystemFiles,
  BUGREPORT_NAME,
  bugreportZip,
  buildAndroidBackup,
  buildAndroidQfFolder,
  buildBugreportZip,
  smsBackupEntry,
} from '../../../test/support/evidence-android.ts';
import { ANDROID_IOCS, testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import { treeHashes } from '../../../test/support/evidence-tree.ts';
import { ANDROID_SCAN_MODULES, NESTED_BUGREPORT_MODULES } from '../../core/forensics/coverage.ts';
import { toIso } from '../../core/time.ts';
import { ANDROIDQF_MODULES, BUGREPORT_MODULES } from './androidqf.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { writeScanOutput } from './output.ts';
import { recheckResults } from './recheck.ts';
import { type ScanReport, scanEvidence } from './scan.ts';

let dir: string;
let iocFile: string;
const now = () => Date.parse('2026-11-22T00:00:00Z');
const SPY = ANDROID_IOCS.packageName;
const hit = (v: string) => `matches indicator "${v}" (TestSpy)`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-android-system-'));
  iocFile = join(dir, 'test.stix2');
  writeFileSync(iocFile, JSON.stringify(testIndicatorBundle()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scan = (path: string) =>
  scanEvidence(path, { indicators: loadIndicatorFiles([iocFile], dir), password: null, now });

const mod = (r: ScanReport, name: string) => {
  const m = r.modules.find((x) => x.module === name);
  if (m === undefined) throw new Error(`${name} did not run: ${JSON.stringify(r.statuses)}`);
  return m;
};
const alerts = (r: ScanReport, name: string) =>
  r.alerts
    .filter((a) => a.module === name)
    .map((a) => `${a.level}: ${a.message}`)
    .sort();
const times = (r: ScanReport, name: string) =>
  mod(r, name)
    .timeline.map((t) => toIso(t.at))
    .sort();

/** What both inputs hold: the same dumpsys sections, logcat lines and tombstones. */
function expectSystemModules(r: ScanReport) {
  expect(mod(r, 'dumpsys_accessibility').records).toHaveLength(3);
  expect(alerts(r, 'dumpsys_accessibility')).toEqual([
    `critical: Accessibility service ${SPY}/${SPY}.AccessService ${hit(SPY)}`,
    `high: Unknown accessibility service enabled: ${SPY}/${SPY}.AccessService`,
  ]);

  expect(mod(r, 'dumpsys_appops').records).toHaveLength(4);
  expect(alerts(r, 'dumpsys_appops')).toEqual([
    `critical: App op CAMERA of ${SPY} ${hit(SPY)}`,
    `critical: App op RECORD_AUDIO of ${SPY} ${hit(SPY)}`,
    `critical: App op REQUEST_INSTALL_PACKAGES of ${SPY} ${hit(SPY)}`,
    `low: Package ${SPY} used RECORD_AUDIO`,
    `medium: Package ${SPY} may install other apps`,
  ]);
  // The latest access of the two, and the system uid's camera use on the timeline too.
  expect(times(r, 'dumpsys_appops')).toEqual(['2026-10-01T09:00:00.000Z', '2026-10-02T03:20:00.000Z']);

  expect(mod(r, 'dumpsys_receivers').records).toEqual([
    { action: 'android.provider.Telephony.SMS_RECEIVED', component: `${SPY}/.SmsReceiver` },
    {
      action: 'android.provider.Telephony.SMS_RECEIVED',
      component: 'com.android.messaging/.receiver.SmsReceiver',
    },
    { action: 'android.intent.action.BOOT_COMPLETED', component: 'com.example.fromstore/.Boot' },
  ]);
  expect(alerts(r, 'dumpsys_receivers')).toEqual([
    `critical: Receiver ${SPY}/.SmsReceiver ${hit(SPY)}`,
    `info: Package ${SPY} receives incoming SMS (${SPY}/.SmsReceiver)`,
  ]);

  expect(mod(r, 'dumpsys_packages').records).toHaveLength(4);
  expect(alerts(r, 'dumpsys_packages')).toEqual([
    `critical: Package ${SPY} ${hit(SPY)}`,
    `high: Package com.example.staged at ${ANDROID_IOCS.filePath}staged.apk ${hit(ANDROID_IOCS.filePath)}`,
    `medium: Package ${SPY} was installed without a store`,
  ]);
  expect(times(r, 'dumpsys_packages')).toEqual([
    '2008-12-31T16:00:00.000Z',
    '2026-09-15T08:00:00.000Z',
    '2026-10-01T11:58:00.000Z',
    '2026-10-01T12:30:00.000Z',
    '2026-10-20T08:00:00.000Z',
  ]);

  expect(mod(r, 'dumpsys_battery_history').records).toHaveLength(4);
  expect(alerts(r, 'dumpsys_battery_history')).toEqual([
    `critical: Battery history +top of ${SPY} ${hit(SPY)}`,
    `critical: Battery history -top of ${SPY} ${hit(SPY)}`,
  ]);
  expect(times(r, 'dumpsys_battery_history')).toEqual([
    '2026-10-01T12:01:00.000Z',
    '2026-10-01T12:05:30.500Z',
    '2026-10-01T12:05:30.500Z',
    '2026-10-01T13:00:00.000Z',
  ]);

  expect(mod(r, 'logcat').records).toHaveLength(3);
  expect(alerts(r, 'logcat')).toEqual([
    `critical: Log link https://c2.evil-spy.example/up ${hit('evil-spy.example')}`,
    `critical: Process ${SPY}:remote started ${hit(SPY)}`,
    `critical: Process ${ANDROID_IOCS.process} started ${hit(ANDROID_IOCS.process)}`,
  ]);
  expect(times(r, 'logcat')).toEqual([
    '2026-10-01T11:59:58.100Z',
    '2026-10-01T11:59:59.000Z',
    '2026-10-01T12:00:00.000Z',
  ]);

  // The protobuf twin of a tombstone is not read as text.
  expect(mod(r, 'tombstones').records).toHaveLength(2);
  expect(alerts(r, 'tombstones')).toEqual([
    `critical: Crashed process ${ANDROID_IOCS.filePath}${ANDROID_IOCS.process} ${hit(ANDROID_IOCS.process)}`,
  ]);
  expect(times(r, 'tombstones')).toEqual(['2026-10-01T10:03:04.567Z', '2026-10-03T08:00:00.000Z']);
}

describe('AndroidQF system modules', () => {
  it('reads dumpsys.txt, logcat.txt, mounts.txt and tombstones', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf'), { ...androidQfFiles(), ...androidQfSystemFiles() });
    const r = await scan(folder);
    expect(r.kind).toBe('androidqf');
    expectSystemModules(r);
    expect(mod(r, 'mounts').records).toHaveLength(5);
    expect(alerts(r, 'mounts')).toEqual([
      'high: /system is mounted writable (/dev/block/dm-1): a sign of root',
    ]);
    expect(r.statuses.filter((s) => s.status !== 'ok')).toEqual([]);
  });

  it('reads mounts.json, as older AndroidQF writes it', async () => {
    const files: Record<string, string> = { ...androidQfFiles(), ...androidQfSystemFiles() };
    delete files['mounts.txt'];
    files['mounts.json'] = JSON.stringify(['/dev/block/dm-0 on / type ext4 (rw,seclabel)']);
    const r = await scan(buildAndroidQfFolder(join(dir, 'aqf-mounts-json'), files));
    expect(alerts(r, 'mounts')).toEqual(['high: / is mounted writable (/dev/block/dm-0): a sign of root']);
  });

  it('skips the modules whose input an older acquisition lacks', async () => {
    const r = await scan(buildAndroidQfFolder(join(dir, 'aqf-old')));
    const skipped = r.statuses.filter((s) => s.status === 'skipped').map((s) => s.module);
    expect(skipped).toContain('dumpsys_accessibility');
    expect(skipped).toContain('tombstones');
    expect(r.statuses.filter((s) => s.status === 'failed')).toEqual([]);
  });

  it('names every module in the coverage list', () => {
    for (const m of [...ANDROIDQF_MODULES, ...BUGREPORT_MODULES])
      expect(ANDROID_SCAN_MODULES).toContain(m.name);
  });
});

/** ps (one row per process, threads dropped) and the settings dump (user 0's namespaces) of a dumpstate. */
function expectDumpstateProcessesAndSettings(r: ScanReport) {
  expect(mod(r, 'processes').records.map((p) => (p as { name: string }).name)).toEqual([
    'init',
    ANDROID_IOCS.process,
    'system_server',
  ]);
  expect(alerts(r, 'processes')).toEqual([
    `critical: Process ${ANDROID_IOCS.process} ${hit(ANDROID_IOCS.process)}`,
  ]);
  expect(mod(r, 'settings').records).toEqual([
    { namespace: 'global', key: 'adb_enabled', value: '1' },
    { namespace: 'global', key: 'package_verifier_enable', value: '1' },
    { namespace: 'secure', key: 'install_non_market_apps', value: '0' },
    { namespace: 'secure', key: 'bluetooth_name', value: 'Pixel of Ann' },
    { namespace: 'system', key: 'screen_brightness', value: '102' },
  ]);
  expect(alerts(r, 'settings')).toEqual(['medium: Setting global.adb_enabled=1: USB debugging is on']);
}

/** The report with the nested bug report's modules under their own names, and only those. */
function nestedOnly(r: ScanReport): ScanReport {
  const strip = (m: string) => m.replace(/^bugreport_/, '');
  return {
    ...r,
    modules: r.modules
      .filter((m) => m.module.startsWith('bugreport_'))
      .map((m) => ({ ...m, module: strip(m.module) })),
    alerts: r.alerts
      .filter((a) => a.module.startsWith('bugreport_'))
      .map((a) => ({ ...a, module: strip(a.module) })),
  };
}

describe('a bug report inside an AndroidQF acquisition', () => {
  it('is found and scanned: its modules run as bugreport_<name> beside the acquisition’s own', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-with-bugreport'));
    writeFileSync(join(folder, 'bugreport.zip'), bugreportZip());
    const before = treeHashes(folder);
    const r = await scan(folder);
    expect(r.kind).toBe('androidqf');
    const nested = r.statuses.filter((s) => s.module.startsWith('bugreport_'));
    expect(nested.map((s) => [s.module, s.status])).toEqual(NESTED_BUGREPORT_MODULES.map((m) => [m, 'ok']));
    expectSystemModules(nestedOnly(r));
    expectDumpstateProcessesAndSettings(nestedOnly(r));
    // The acquisition's own modules keep their names and results.
    expect(alerts(r, 'processes')).toEqual([
      `critical: Process ${ANDROID_IOCS.process} ${hit(ANDROID_IOCS.process)}`,
    ]);
    expect(mod(r, 'getprop').records).toHaveLength(5);
    expect(mod(r, 'bugreport_getprop').records).toHaveLength(3);
    expect(r.inputs.map((i) => i.path)).toContain(`bugreport.zip`);
    expect(r.inputs.some((i) => i.path.endsWith(`bugreport.zip!${BUGREPORT_NAME}.txt`))).toBe(true);
    expect(treeHashes(folder)).toEqual(before);
    // Saved and re-checked without the evidence, the nested modules give the same alerts.
    const out = join(dir, 'aqf-with-bugreport-results');
    writeScanOutput(out, r);
    expect(existsSync(join(out, 'bugreport_getprop.json'))).toBe(true);
    const again = recheckResults(out, loadIndicatorFiles([iocFile], dir));
    expect(again.skipped).toEqual([]);
    expect(again.alerts.map((a) => [a.module, a.message])).toEqual(
      r.alerts.map((a) => [a.module, a.message]),
    );
  });

  it('refuses members leaving the nested zip and still scans the rest', async () => {
    const zip = join(dir, 'aqf-nested-hostile.zip');
    writeFileSync(
      zip,
      zipSync({
        'acq/getprop.txt': Buffer.from('[ro.build.version.release]: [15]\n'),
        'acq/bugreport.zip': bugreportZip({ '../../escape.txt': Buffer.from('x') }),
      }),
    );
    const r = await scan(zip);
    expect(r.problems.some((p) => p.includes('../../escape.txt'))).toBe(true);
    expect(r.statuses.find((s) => s.module === 'bugreport_getprop')?.status).toBe('ok');
    expect(existsSync(join(dir, 'escape.txt'))).toBe(false);
  });

  it('stops a nested zip bomb with EVIDENCE_TOO_LARGE', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-nested-bomb'));
    writeFileSync(
      join(folder, 'bugreport.zip'),
      zipSync({ 'bugreport-x-2026.txt': Buffer.alloc(4 * 1024 * 1024) }, { level: 9 }),
    );
    await expect(
      scanEvidence(folder, {
        indicators: null,
        password: null,
        now,
        zipLimits: { maxMemberBytes: 1024 * 1024, maxArchiveBytes: 1024 * 1024 },
      }),
    ).rejects.toMatchObject({ code: 'EVIDENCE_TOO_LARGE' });
  });

  it('fails only its modules when the nested bug report is over the file size cap', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-nested-big'));
    writeFileSync(join(folder, 'bugreport.zip'), Buffer.alloc(2 * 1024 * 1024));
    const r = await scanEvidence(folder, {
      indicators: null,
      password: null,
      now,
      maxFileBytes: 1024 * 1024,
    });
    const nested = r.statuses.filter((s) => s.module.startsWith('bugreport_'));
    expect(nested).toHaveLength(NESTED_BUGREPORT_MODULES.length);
    expect(nested.every((s) => s.status === 'failed' && /too large/.test(s.message ?? ''))).toBe(true);
    expect(r.problems.filter((p) => p.startsWith('bugreport.zip:'))).toEqual([
      expect.stringMatching(/too large.*; not scanned$/),
    ]);
    expect(r.statuses.find((s) => s.module === 'packages')?.status).toBe('ok');
  });

  it('does not follow a bugreport.zip that is a link out of the acquisition', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-nested-link'));
    const outside = join(dir, 'outside-bugreport.zip');
    writeFileSync(outside, bugreportZip());
    symlinkSync(outside, join(folder, 'bugreport.zip'));
    const r = await scan(folder);
    expect(r.statuses.some((s) => s.module.startsWith('bugreport_'))).toBe(false);
    expect(r.inputs.some((i) => i.path.includes('bugreport'))).toBe(false);
  });
});

describe('an unreadable backup.ab inside an AndroidQF acquisition', () => {
  const BACKUP_MODULES = ['backup_sms', 'backup_backup_packages'];

  /** The acquisition's own modules ran; the backup's failed with `reason`, named as a problem. */
  function expectOnlyBackupFailed(r: ScanReport, reason: RegExp) {
    expect(r.kind).toBe('androidqf');
    const backup = r.statuses.filter((s) => BACKUP_MODULES.includes(s.module));
    expect(backup.map((s) => s.module)).toEqual(BACKUP_MODULES);
    for (const s of backup) {
      expect(s.status).toBe('failed');
      expect(s.message).toMatch(/backup\.ab/);
      expect(s.message).toMatch(reason);
    }
    expect(r.problems.filter((p) => p.includes('backup.ab'))).toEqual([expect.stringMatching(reason)]);
    expect(r.statuses.find((s) => s.module === 'packages')?.status).toBe('ok');
    expect(alerts(r, 'processes')).toEqual([
      `critical: Process ${ANDROID_IOCS.process} ${hit(ANDROID_IOCS.process)}`,
    ]);
  }

  it.each([
    ['a wrong header', () => Buffer.from('NOT A BACKUP\n5\n1\nnone\n'), /not an Android backup/],
    ['a truncated header', () => Buffer.from('ANDROID BACKUP\n5'), /header is truncated/],
    [
      'a corrupt zlib stream',
      () => Buffer.concat([Buffer.from('ANDROID BACKUP\n5\n1\nnone\n'), Buffer.from('not zlib at all')]),
      /does not inflate/,
    ],
    ['a zlib stream cut short', (ab: Buffer) => ab.subarray(0, ab.length >> 1), /does not inflate/],
    [
      'a tar stream cut inside an entry',
      // Uncompressed: the header, the first entry's 512-byte header and block, 10 bytes into the second's.
      () =>
        readFileSync(buildAndroidBackup(join(dir, 'plain.ab'), { compressed: false })).subarray(
          0,
          24 + 1024 + 512 + 10,
        ),
      /truncated tar entry/,
    ],
  ])('fails only the backup modules on %s', async (_, corrupt, reason) => {
    const folder = buildAndroidQfFolder(join(dir, `aqf-ab-${reason.source.replace(/\W/g, '')}`));
    const good = readFileSync(buildAndroidBackup(join(dir, 'good.ab'), { compressed: true }));
    writeFileSync(join(folder, 'backup.ab'), corrupt(good));
    const before = treeHashes(folder);
    const r = await scan(folder);
    expectOnlyBackupFailed(r, reason);
    expect(treeHashes(folder)).toEqual(before);
  });

  it('fails only the backup modules when backup.ab is over the file size cap', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-ab-big'));
    writeFileSync(join(folder, 'backup.ab'), Buffer.alloc(2 * 1024 * 1024));
    const r = await scanEvidence(folder, {
      indicators: loadIndicatorFiles([iocFile], dir),
      password: null,
      now,
      maxFileBytes: 1024 * 1024,
    });
    expectOnlyBackupFailed(r, /too large/);
  });

  it('fails only the backup modules when backup.ab is encrypted and no password is given', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-ab-locked'));
    buildAndroidBackup(join(folder, 'backup.ab'), { compressed: true, password: 'right' });
    expectOnlyBackupFailed(await scan(folder), /encrypted: set VIGIL_BACKUP_PASSWORD/);
  });

  it('still stops on a wrong password, as for a lone backup', async () => {
    const folder = buildAndroidQfFolder(join(dir, 'aqf-ab-wrong'));
    buildAndroidBackup(join(folder, 'backup.ab'), { compressed: true, password: 'right' });
    await expect(
      scanEvidence(folder, { indicators: null, password: async () => 'wrong', now }),
    ).rejects.toMatchObject({ code: 'BACKUP_PASSWORD_WRONG' });
  });
});

describe('bug report input', () => {
  it('reads a bugreport zip: properties, dumpsys sections, system log and FS tombstones', async () => {
    const zip = buildBugreportZip(join(dir, `${BUGREPORT_NAME}.zip`));
    const before = readFileSync(zip);
    const r = await scan(zip);
    expect(r.kind).toBe('bugreport');
    expectSystemModules(r);
    expect(mod(r, 'getprop').records).toHaveLength(3);
    expect(alerts(r, 'getprop')).toEqual([
      `critical: System property ${ANDROID_IOCS.property} ${hit(ANDROID_IOCS.property)}`,
    ]);
    expect(r.posture).toMatchObject({ platform: 'android', osVersion: '15', patchLevel: '2026-09-05' });
    expectDumpstateProcessesAndSettings(r);
    expect(r.statuses.filter((s) => s.status !== 'ok')).toEqual([]);
    expect(readFileSync(zip)).toEqual(before);
  });

  it('skips what a bug report lacks instead of failing', async () => {
    const zip = join(dir, 'bare.zip');
    writeFileSync(
      zip,
      zipSync({ 'bugreport-x-2026.txt': Buffer.from('== dumpstate: 2026-10-01 12:10:00\n') }),
    );
    const r = await scan(zip);
    expect(r.kind).toBe('bugreport');
    expect(r.statuses.every((s) => s.status === 'skipped')).toBe(true);
  });
});

describe('adb backups without the .ab wrapper or beside nothing else', () => {
  const smsHit = `critical: SMS link https://track.evil-spy.example/p?id=7 ${hit('evil-spy.example')}`;

  it('scans an AndroidQF folder that holds only backup.ab', async () => {
    const folder = join(dir, 'aqf-only-ab');
    mkdirSync(folder);
    buildAndroidBackup(join(folder, 'backup.ab'), { compressed: true });
    const r = await scan(folder);
    expect(r.kind).toBe('androidqf');
    // The backup's modules run as backup_<name>; their output keeps the module's own name.
    expect(r.statuses.find((s) => s.module === 'backup_sms')).toMatchObject({ status: 'ok', records: 2 });
    expect(alerts(r, 'sms')).toEqual([smsHit]);
    expect(alerts(r, 'backup_packages')).toEqual([`critical: Backed-up package ${SPY} ${hit(SPY)}`]);
    expect(r.statuses.find((s) => s.module === 'packages')?.status).toBe('skipped');
  });

  it.each([
    ['at the top', ''],
    ['under one folder', 'backup/'],
  ])('scans an unpacked backup (apps/ %s)', async (_, prefix) => {
    const folder = join(dir, `unpacked-${prefix.length}`);
    const files: Record<string, Uint8Array> = {
      'apps/com.android.providers.telephony/_manifest': Buffer.from('manifest'),
      'apps/com.android.providers.telephony/d_f/000000_sms_backup': smsBackupEntry(ANDROID_SMS),
      [`apps/${SPY}/_manifest`]: Buffer.from('manifest'),
      [`apps/${SPY}/f/data.bin`]: Buffer.from('x'),
    };
    for (const [name, data] of Object.entries(files)) {
      const p = join(folder, prefix, name);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, data);
    }
    const before = Object.entries(files).map(([n]) => readFileSync(join(folder, prefix, n)));
    const r = await scan(folder);
    expect(r.kind).toBe('android-backup');
    expect(Object.entries(files).map(([n]) => readFileSync(join(folder, prefix, n)))).toEqual(before);
    expect(mod(r, 'sms').records).toHaveLength(2);
    expect(alerts(r, 'sms')).toEqual([smsHit]);
    expect(mod(r, 'backup_packages').records).toEqual([
      { name: 'com.android.providers.telephony' },
      { name: SPY },
    ]);
    expect(alerts(r, 'backup_packages')).toEqual([`critical: Backed-up package ${SPY} ${hit(SPY)}`]);
    // Only the SMS backup was read; every file is still inventoried.
    expect(r.inputs).toHaveLength(1);
    expect(r.files).toHaveLength(4);
  });
});
