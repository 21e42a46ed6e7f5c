/**
 * Evidence hygiene, for every kind of input a scan takes: the evidence tree has the same files
 * with the same SHA-256 after the scan as before, and no `-wal`, `-shm` or `-journal` file (or
 * any other) appeared beside it. Where the input holds SQLite databases in WAL mode (iOS
 * backups and dumps), the test also shows their `-wal` was read, so the databases were opened.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANDROID_SMS,
  androidQfFiles,
  androidQfSystemFiles,
  BUGREPORT_NAME,
  buildAndroidBackup,
  buildAndroidQfFolder,
  buildAndroidQfZip,
  buildBugreportZip,
  smsBackupEntry,
} from '../../../test/support/evidence-android.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../../../test/support/evidence-ios.ts';
import {
  membersOf,
  standardDumpMembers,
  tarOf,
  writeDumpFolder,
} from '../../../test/support/evidence-ios-fs.ts';
import { testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import {
  buildSysdiagnoseArchive,
  buildSysdiagnoseFolder,
} from '../../../test/support/evidence-sysdiagnose.ts';
import { treeHashes } from '../../../test/support/evidence-tree.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { type ScanReport, scanEvidence } from './scan.ts';

let dir: string;
let iocFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-hygiene-'));
  iocFile = join(dir, 'iocs.stix2');
  writeFileSync(iocFile, JSON.stringify(testIndicatorBundle()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every name under `root`, folders included, sorted. */
const namesUnder = (root: string) => (readdirSync(root, { recursive: true }) as string[]).sort();

interface Case {
  readonly kind: string;
  /** Builds the evidence under `base`; returns the path handed to the scan. */
  build(base: string): Promise<string> | string;
  readonly password?: string;
  /** A module whose records prove the input was read. */
  readonly read: string;
  /** For WAL-mode SQLite inputs: a module whose alert is only in a database's `-wal`. */
  readonly fromWal?: (r: ScanReport) => boolean;
}

const ABSENT = /-(wal|shm|journal)$/;

const iosBackup = (password?: string) => async (base: string) =>
  buildIosBackup(join(base, '00008110-HYGIENE'), {
    files: await standardIosFiles(),
    info: standardIosInfo(),
    ...(password === undefined ? {} : { encryption: { password, dpic: 2000, iter: 100 } }),
  });

/** The TCC grant of the indicator's process is only in TCC.db's -wal. */
const tccFromWal = (r: ScanReport) => r.alerts.some((a) => a.module === 'tcc' && a.level === 'critical');

const CASES: readonly Case[] = [
  { kind: 'ios-backup', build: iosBackup(), read: 'sms', fromWal: tccFromWal },
  {
    kind: 'ios-backup',
    build: iosBackup('correct horse'),
    password: 'correct horse',
    read: 'sms',
    fromWal: tccFromWal,
  },
  {
    kind: 'ios-filesystem',
    build: async (base) => writeDumpFolder(join(base, 'dump'), await standardDumpMembers()),
    read: 'analytics',
    // The analytics note with a link is only in trust_analytics.db's -wal.
    fromWal: (r) => tccFromWal(r) && r.alerts.some((a) => a.module === 'analytics' && /dl\./.test(a.message)),
  },
  {
    kind: 'ios-filesystem',
    build: async (base) => {
      const path = join(base, 'dump.tar');
      writeFileSync(path, tarOf(membersOf(await standardDumpMembers(), 'filesystem/')));
      return path;
    },
    read: 'analytics',
    fromWal: tccFromWal,
  },
  { kind: 'sysdiagnose', build: (base) => buildSysdiagnoseArchive(base), read: 'shutdown_log' },
  { kind: 'sysdiagnose', build: (base) => buildSysdiagnoseFolder(base), read: 'shutdown_log' },
  {
    kind: 'androidqf',
    build: (base) => {
      const folder = buildAndroidQfFolder(join(base, 'aqf'), {
        ...androidQfFiles(),
        ...androidQfSystemFiles(),
      });
      buildAndroidBackup(join(folder, 'backup.ab'), { compressed: true });
      buildBugreportZip(join(folder, 'bugreport.zip'));
      return folder;
    },
    read: 'packages',
  },
  { kind: 'androidqf', build: (base) => buildAndroidQfZip(join(base, 'aqf.zip')), read: 'packages' },
  {
    kind: 'bugreport',
    build: (base) => buildBugreportZip(join(base, `${BUGREPORT_NAME}.zip`)),
    read: 'dumpsys_packages',
  },
  {
    kind: 'android-backup',
    build: (base) => buildAndroidBackup(join(base, 'backup.ab'), { compressed: true }),
    read: 'sms',
  },
  {
    kind: 'android-backup',
    build: (base) => buildAndroidBackup(join(base, 'locked.ab'), { compressed: true, password: 'pin 2468' }),
    password: 'pin 2468',
    read: 'sms',
  },
  {
    kind: 'android-backup',
    build: (base) => {
      // An extracted .ab: its tar unpacked to a folder (apps/<package>/...).
      const root = join(base, 'backup');
      const files: Record<string, Uint8Array> = {
        'apps/com.android.providers.telephony/_manifest': Buffer.from('manifest'),
        'apps/com.android.providers.telephony/d_f/000000_sms_backup': smsBackupEntry(ANDROID_SMS),
        'apps/com.example.notes/_manifest': Buffer.from('manifest'),
      };
      for (const [name, data] of Object.entries(files)) {
        mkdirSync(dirname(join(root, name)), { recursive: true });
        writeFileSync(join(root, name), data);
      }
      return root;
    },
    read: 'sms',
  },
];

describe('evidence hygiene: a scan changes nothing and adds nothing, for every input kind', () => {
  CASES.forEach((c, i) => {
    it(`${c.kind} #${i}: same files, same hashes, no -wal/-shm/-journal created`, async () => {
      const base = join(dir, `case-${i}`);
      mkdirSync(base, { recursive: true });
      const target = await c.build(base);
      const hashes = treeHashes(base);
      const names = namesUnder(base);
      const walBefore = names.filter((n) => ABSENT.test(n));
      const r = await scanEvidence(target, {
        indicators: loadIndicatorFiles([iocFile], dir),
        password: c.password === undefined ? null : async () => c.password ?? '',
        now: () => Date.parse('2026-11-22T00:00:00Z'),
      });
      expect(r.kind).toBe(c.kind);
      expect(r.statuses.find((s) => s.module === c.read)).toMatchObject({ status: 'ok' });
      expect(r.statuses.find((s) => s.module === c.read)?.records).toBeGreaterThan(0);
      if (c.fromWal !== undefined) expect(c.fromWal(r)).toBe(true);
      expect(treeHashes(base)).toEqual(hashes);
      expect(namesUnder(base)).toEqual(names);
      expect(namesUnder(base).filter((n) => ABSENT.test(n))).toEqual(walBefore);
      // Nothing landed beside the evidence in the folder above it either.
      expect(readdirSync(dir).filter((n) => ABSENT.test(n))).toEqual([]);
    });
  });
});
