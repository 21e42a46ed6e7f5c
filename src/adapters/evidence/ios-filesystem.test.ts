import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIosBackup,
  IOS_IOCS,
  standardIosFiles,
  standardIosInfo,
} from '../../../test/support/evidence-ios.ts';
import {
  membersOf,
  standardDumpMembers,
  tarOf,
  writeDumpFolder,
} from '../../../test/support/evidence-ios-fs.ts';
import { testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import { treeHashes } from '../../../test/support/evidence-tree.ts';
import {
  IOS_FILESYSTEM_ONLY_MODULES,
  IOS_FILESYSTEM_SCAN_MODULES,
  platformOfKind,
} from '../../core/forensics/coverage.ts';
import { recheckModule } from '../../core/forensics/recheck.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { type ScanOptions, type ScanReport, scanEvidence } from './scan.ts';

let dir: string;
let iocFile: string;
let members: Record<string, Uint8Array>;
let backup: ScanReport;
const now = () => Date.parse('2026-11-22T00:00:00Z');

const scan = (path: string, extra: Partial<ScanOptions> = {}) =>
  scanEvidence(path, { indicators: loadIndicatorFiles([iocFile], dir), password: null, now, ...extra });

/** module -> sorted "level: message" lines. */
function alertsByModule(r: ScanReport, skip: readonly string[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of r.alerts) {
    if (skip.includes(a.module)) continue;
    const list = out[a.module] ?? [];
    list.push(`${a.level}: ${a.message}`);
    out[a.module] = list;
  }
  for (const v of Object.values(out)) v.sort();
  return out;
}

/** Modules whose input differs between a backup and a dump (Info.plist, Manifest.db, netusage). */
const BACKUP_ONLY = ['backup_info', 'manifest', 'applications', ...IOS_FILESYSTEM_ONLY_MODULES];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-iosfs-'));
  iocFile = join(dir, 'iocs.stix2');
  writeFileSync(iocFile, JSON.stringify(testIndicatorBundle()));
  members = await standardDumpMembers();
  const root = await buildIosBackup(join(dir, 'backup', '00008110-FS'), {
    files: await standardIosFiles(),
    info: standardIosInfo(),
  });
  backup = await scan(root);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an iOS full-filesystem dump', () => {
  it('is an iOS evidence kind that re-checks like a backup', () => {
    expect(platformOfKind('ios-filesystem')).toBe('ios');
    expect(() => recheckModule('ios-filesystem', 'sms', [], null)).not.toThrow();
  });

  for (const form of ['folder', 'tar'] as const) {
    it(`is scanned from a ${form}: the backup's modules find the same artifacts by on-device path`, async () => {
      const base = join(dir, form);
      mkdirSync(base, { recursive: true });
      // The tar holds the tree under a top folder, as extraction tools often write it.
      const target =
        form === 'folder' ? writeDumpFolder(join(base, 'dump'), members) : join(base, 'dump.tar');
      if (form === 'tar') writeFileSync(target, tarOf(membersOf(members, 'filesystem/')));
      const before = treeHashes(base);
      const r = await scan(target);
      expect(r.kind).toBe('ios-filesystem');
      expect(r.statuses.map((s) => s.module)).toEqual([...IOS_FILESYSTEM_SCAN_MODULES]);
      expect(r.statuses.filter((s) => s.status !== 'ok').map((s) => [s.module, s.status])).toEqual([
        ['backup_info', 'skipped'],
      ]);
      // Same records and alerts as the backup holding the same files.
      expect(alertsByModule(r, BACKUP_ONLY)).toEqual(alertsByModule(backup, BACKUP_ONLY));
      const records = (rep: ScanReport) =>
        Object.fromEntries(
          rep.statuses.filter((s) => !BACKUP_ONLY.includes(s.module)).map((s) => [s.module, s.records]),
        );
      expect(records(r)).toEqual(records(backup));
      // The dump's manifest is its file list by on-device path: file-path indicators match there.
      const manifest = alertsByModule(r).manifest ?? [];
      expect(manifest).toContain(
        `high: File ${IOS_IOCS.filePath}/payload () matches indicator "${IOS_IOCS.filePath}" (TestSpy)`,
      );
      expect(
        manifest.some((m) => m.includes('/private/var/mobile/Library/Preferences/roleaccountd.plist')),
      ).toBe(true);
      // networkd's netusage: every usage row, the indicator's process in two of them.
      expect(r.statuses.find((s) => s.module === 'netusage')?.records).toBe(4);
      expect(alertsByModule(r).netusage).toEqual([
        `critical: Process ${IOS_IOCS.process} matches indicator "${IOS_IOCS.process}" (TestSpy)`,
        `critical: Process ${IOS_IOCS.process} matches indicator "${IOS_IOCS.process}" (TestSpy)`,
        'high: Network usage row 4 refers to deleted process 7 (records manipulated)',
      ]);
      // The dump-only browser artifacts: every record, the indicator's domain in each.
      const ioc = (what: string) => `critical: ${what} matches indicator "${IOS_IOCS.domain}" (TestSpy)`;
      const maps = 'AppDomain-com.example.maps';
      const mail = 'AppDomain-com.example.mail';
      expect(alertsByModule(r)).toMatchObject({
        safari_favicon: [ioc(`Safari favicon page https://${IOS_IOCS.domain}/landing`)],
        cache_files: [ioc(`Cached response for https://c2.${IOS_IOCS.domain}/beacon?id=7 in ${maps}`)],
        // Both layouts: origin-named folders, and hashed ones read from their origin file (a
        // third-party frame matches by its own host, or by the top-frame site it was under).
        webkit_indexeddb: [
          ioc(`WebKit IndexedDB of https://${IOS_IOCS.domain} in ${maps}`),
          ioc(
            `WebKit IndexedDB of https://ads.${IOS_IOCS.domain} (under https://news.example.org) in ${maps}`,
          ),
        ].sort(),
        webkit_localstorage: [
          ioc(
            `WebKit LocalStorage of https://cdn.example.org (under https://www.${IOS_IOCS.domain}) in ${maps}`,
          ),
          ioc(`WebKit LocalStorage of https://tracker.${IOS_IOCS.domain} in ${maps}`),
        ].sort(),
        webkit_safariviewservice: [
          ioc(`SafariViewService website data of https://${IOS_IOCS.domain} in ${mail}`),
          ioc(`SafariViewService website data of https://login.${IOS_IOCS.domain} in ${mail}`),
        ].sort(),
        // Keychain analytics: a host, a process (by path too, once per event) and a link found
        // only in the database's -wal.
        analytics: [
          `critical: Analytics event ClientEvent (trust_analytics.db) value https://dl.${IOS_IOCS.domain}/p?x=1 matches indicator "${IOS_IOCS.domain}" (TestSpy)`,
          `critical: Analytics event ClientEvent (trust_analytics.db) value ${IOS_IOCS.process} matches indicator "${IOS_IOCS.process}" (TestSpy)`,
          `critical: Analytics event TrustFailure (trust_analytics.db) value c2.${IOS_IOCS.domain} matches indicator "${IOS_IOCS.domain}" (TestSpy)`,
        ],
        // The dump's own shutdown logs, rotated one included.
        shutdown_log: [
          `critical: Process /usr/libexec/${IOS_IOCS.process}, which delayed a shutdown, matches indicator "${IOS_IOCS.process}" (TestSpy)`,
          'high: A process from an unusual location delayed a shutdown: /private/var/db/com.apple.xpc.roleaccountd.staging/rolexd',
          `medium: /usr/libexec/${IOS_IOCS.process} held up one shutdown 3 times before it was stopped`,
        ],
      });
      const counts = Object.fromEntries(r.statuses.map((s) => [s.module, s.records]));
      expect(counts).toMatchObject({
        safari_favicon: 2,
        cache_files: 2,
        webkit_indexeddb: 4,
        webkit_localstorage: 4,
        webkit_safariviewservice: 3,
        analytics: 6,
        shutdown_log: 3,
      });
      const message = (m: string) => r.statuses.find((s) => s.module === m)?.message ?? '';
      expect(message('webkit_indexeddb')).toMatch(/website data without an origin file, not read/);
      expect(message('webkit_localstorage')).toMatch(/origin: not a WebKit origin file \(truncated/);
      expect(message('analytics')).toMatch(
        /ckks_analytics\.db all_events: 1 event\(s\) whose data is not a property list/,
      );
      const hashedRecord = r.modules
        .find((m) => m.module === 'webkit_indexeddb')
        ?.records.find((x) => (x as { origin: string }).origin.includes('8443'));
      expect(hashedRecord).toMatchObject({ origin: 'https://bücher.example.org:8443', topOrigin: null });
      const analyticsRecords = r.modules.find((m) => m.module === 'analytics')?.records ?? [];
      // Databases in name order, rows in table order.
      expect(analyticsRecords.map((x) => Object.values(x).slice(0, 3).join(' '))).toEqual([
        'ckks_analytics.db all_events 1',
        'ckks_analytics.db all_events 2',
        'trust_analytics.db hard_failures 1',
        'trust_analytics.db soft_failures 1',
        'trust_analytics.db notes 1',
        'trust_analytics.db notes 2',
      ]);
      const analyticsRecord = analyticsRecords[2];
      expect(analyticsRecord).toMatchObject({
        database: 'trust_analytics.db',
        table: 'hard_failures',
        timestamp: '2026-10-05T07:00:00.000Z',
        eventType: 'TrustFailure',
        values: ['TrustFailure', `c2.${IOS_IOCS.domain}`, 'NSOSStatusErrorDomain'],
      });
      const timeOf = (module: string) => r.timeline.find((t) => t.module === module)?.at;
      expect(timeOf('shutdown_log')).toBe(Date.UTC(2026, 8, 30, 21));
      expect(timeOf('safari_favicon')).toBe(Date.parse('2026-10-03T09:00:00Z'));
      expect(timeOf('cache_files')).toBe(Date.parse('2026-10-04T10:00:00Z'));
      // The OS versions of the analytics journals, in time order; the journal without a header is noted.
      const versions = r.modules.find((m) => m.module === 'version_history');
      expect(versions?.records).toMatchObject([
        { timestamp: '2026-09-20T01:12:44.000Z', version: '18.6.2', build: '22G100' },
        { timestamp: '2026-09-27T01:15:02.000Z', version: '26.0', build: '23A341' },
      ]);
      expect(versions?.records).toHaveLength(2);
      expect(r.statuses.find((s) => s.module === 'version_history')?.message).toMatch(
        /Analytics-Journal-2026-09-28-000000\.ips: no IPS header/,
      );
      // Re-checking the saved records gives the same alerts.
      const set = loadIndicatorFiles([iocFile], dir).set;
      for (const m of IOS_FILESYSTEM_ONLY_MODULES) {
        const saved = r.modules.find((x) => x.module === m);
        const again = recheckModule('ios-filesystem', m, JSON.parse(JSON.stringify(saved?.records)), set);
        expect(again.alerts.map((a) => a.message)).toEqual(saved?.alerts.map((a) => a.message));
      }
      // Website data is timed by its files' modification time: the tar's headers, the folder's files.
      for (const m of ['webkit_indexeddb', 'webkit_localstorage', 'webkit_safariviewservice'])
        expect(timeOf(m)).toEqual(form === 'tar' ? Date.UTC(2026, 9, 1) : expect.any(Number));
      // Apps from the bundles' iTunesMetadata.plist.
      expect(alertsByModule(r).applications).toEqual(alertsByModule(backup).applications);
      expect(r.posture?.apps).toEqual(['com.evil.spyapp', 'com.example.maps', 'com.example.sideloaded']);
      expect(r.posture?.lockdownMode).toBe(false);
      // TCC.db's -wal beside it was replayed (the indicator's grant is only there).
      expect(r.alerts.some((a) => a.module === 'tcc' && a.level === 'critical')).toBe(true);
      // Evidence unchanged, nothing added (no -wal, -shm or journal).
      expect(treeHashes(base)).toEqual(before);
      expect(r.files.length).toBe(form === 'folder' ? Object.keys(members).length : 1);
    });
  }

  it('folder: links are not followed, an oversized file fails only its module', async () => {
    const root = writeDumpFolder(join(dir, 'hostile-folder', 'dump'), members);
    const outside = join(dir, 'hostile-folder', 'outside.db');
    writeFileSync(outside, members['private/var/mobile/Library/SMS/sms.db'] ?? Buffer.alloc(0));
    rmSync(join(root, 'private/var/mobile/Library/SMS/sms.db'));
    symlinkSync(outside, join(root, 'private/var/mobile/Library/SMS/sms.db'));
    // A linked folder holding a database where the Shortcuts module would look for one.
    const elsewhere = join(dir, 'hostile-folder', 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(
      join(elsewhere, 'Shortcuts.sqlite'),
      members['private/var/mobile/Library/SMS/sms.db'] ?? '',
    );
    rmSync(join(root, 'private/var/mobile/Library/Shortcuts'), { recursive: true });
    symlinkSync(elsewhere, join(root, 'private/var/mobile/Library/Shortcuts'));
    const big = join(root, 'private/var/mobile/Library/CallHistoryDB/CallHistory.storedata');
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024));
    const before = treeHashes(join(dir, 'hostile-folder'));
    const r = await scan(root, { maxFileBytes: 2 * 1024 * 1024 });
    const status = (m: string) => r.statuses.find((s) => s.module === m);
    expect(status('sms')?.status).toBe('skipped');
    expect(status('sms_attachments')?.status).toBe('skipped');
    expect(status('calls')?.status).toBe('failed');
    expect(status('calls')?.message).toMatch(/too large/);
    expect(status('shortcuts')?.status).toBe('skipped');
    expect(status('datausage')?.status).toBe('ok');
    expect(r.inputs.some((i) => /outside|elsewhere|Shortcuts/.test(i.path))).toBe(false);
    expect(r.files.find((f) => f.path.endsWith('SMS/sms.db'))).toMatchObject({ sha256: null, link: outside });
    expect(treeHashes(join(dir, 'hostile-folder'))).toEqual(before);
  });

  it('tar: names leaving the archive and links are refused, an oversized member fails only its module', async () => {
    const path = join(dir, 'hostile.tar');
    const { 'private/var/mobile/Library/SMS/sms.db': sms, ...rest } = members;
    writeFileSync(
      path,
      tarOf([
        ...membersOf(rest),
        { name: 'private/var/mobile/Library/SMS/sms.db', type: '2', linkTo: '/etc/passwd' },
        { name: '../../escape/private/var/mobile/Library/SMS/sms.db', data: sms ?? Buffer.alloc(0) },
        { name: '/private/var/mobile/Library/SMS/sms.db', data: sms ?? Buffer.alloc(0) },
        {
          name: 'private/var/mobile/Library/CallHistoryDB/CallHistory.storedata',
          data: Buffer.alloc(64 * 1024),
        },
      ]),
    );
    const r = await scan(path, { zipLimits: { maxMemberBytes: 32 * 1024, maxArchiveBytes: 1024 ** 3 } });
    expect(r.kind).toBe('ios-filesystem');
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/sms\.db is a link; skipped/),
        expect.stringMatching(/"\.\.\/\.\.\/escape.*escapes the archive/),
        expect.stringMatching(/"\/private.*escapes the archive/),
        expect.stringMatching(/CallHistory\.storedata is 65536 bytes/),
      ]),
    );
    const status = (m: string) => r.statuses.find((s) => s.module === m);
    expect(status('sms')?.status).toBe('skipped');
    expect(status('calls')?.status).toBe('failed');
    expect(status('tcc')?.status).toBe('ok');
    expect(existsSync(join(dir, 'escape'))).toBe(false);
  });

  it('a gzipped dump that inflates past the limit stops with EVIDENCE_TOO_LARGE', async () => {
    const path = join(dir, 'bomb.tar.gz');
    writeFileSync(
      path,
      gzipSync(tarOf([{ name: 'private/var/mobile/x', data: Buffer.alloc(4 * 1024 * 1024) }])),
    );
    await expect(
      scan(path, { zipLimits: { maxMemberBytes: 1024 * 1024, maxArchiveBytes: 1024 * 1024 } }),
    ).rejects.toMatchObject({ code: 'EVIDENCE_TOO_LARGE' });
  });

  it('a small gzipped dump is scanned in memory like the tar', async () => {
    const path = join(dir, 'dump.tar.gz');
    writeFileSync(path, gzipSync(tarOf(membersOf(members))));
    const r = await scan(path);
    expect(r.kind).toBe('ios-filesystem');
    expect(alertsByModule(r, BACKUP_ONLY)).toEqual(alertsByModule(backup, BACKUP_ONLY));
  });
});
