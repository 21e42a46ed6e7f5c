/**
 * `vigil scan` and `vigil iocs update` end to end, in process: synthetic backups and
 * acquisitions built in a temp folder, indicator feeds served from a loopback HTTP server.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ALERTS } from '../../src/core/forensics/summary.ts';
import { androidQfFiles, buildAndroidQfFolder } from '../support/evidence-android.ts';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../support/evidence-ios.ts';
import { membersOf, standardDumpMembers, tarOf } from '../support/evidence-ios-fs.ts';
import { testIndicatorBundle } from '../support/evidence-stix.ts';
import { vigilEnv } from '../support/vigil-env.ts';

const cli = vigilEnv({ name: 'scan', env: () => ({ LOG_LEVEL: 'silent' }) });
const { run, runWith } = cli;
let server: Server;
let base: string;
let plain: string;
let encrypted: string;
let iocs: string;
let feedStatus = 200;

beforeAll(async () => {
  const files = await standardIosFiles();
  plain = await buildIosBackup(join(cli.cwd, 'backups', 'plain'), { files, info: standardIosInfo() });
  encrypted = await buildIosBackup(join(cli.cwd, 'backups', 'enc'), {
    files,
    info: standardIosInfo(),
    encryption: { password: 's3cret pass', dpic: 1000 },
  });
  iocs = join(cli.cwd, 'test.stix2');
  writeFileSync(iocs, JSON.stringify(testIndicatorBundle()));
  server = createServer((req, res) => {
    const mirrored = req.url === '/mirror/AmnestyTech/investigations/master/2021-07-18_nso/pegasus.stix2';
    if ((req.url === '/feeds/test.stix2' || mirrored) && feedStatus === 200) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(testIndicatorBundle()));
    } else {
      res.writeHead(feedStatus === 200 ? 404 : feedStatus);
      res.end('no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await cli.cleanup();
});

describe('vigil scan', () => {
  it('scans a backup, exits 1 on high alerts and writes the result folder', async () => {
    const r = await run('--json', 'scan', plain, '--iocs', iocs, '--output', 'out');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      alert_counts: Record<string, number>;
      alerts: { level: string }[];
      output: { path: string; sha256: string; size: number }[];
    };
    expect(out.alert_counts.critical).toBeGreaterThan(5);
    expect(out.alerts[0]?.level).toBe('critical');
    const names = readdirSync(join(cli.cwd, 'out'));
    expect(names).toEqual(
      expect.arrayContaining([
        'alerts.json',
        'timeline.csv',
        'timeline_detected.csv',
        'summary.md',
        'info.json',
        'sms_detected.json',
      ]),
    );
    expect(out.output.map((o) => o.path).sort()).toEqual([...names].sort());
    // Written by the scanning process; what is reported is what is on disk, records included.
    for (const o of out.output) {
      const bytes = readFileSync(join(cli.cwd, 'out', o.path));
      expect([o.size, o.sha256]).toEqual([bytes.length, createHash('sha256').update(bytes).digest('hex')]);
    }
    const manifest = JSON.parse(readFileSync(join(cli.cwd, 'out', 'manifest.json'), 'utf8')) as unknown[];
    expect(manifest.length).toBe((await standardIosFiles()).length);
  });

  it('scans an iOS full-filesystem dump (.tar) and re-checks its results', async () => {
    const dump = join(cli.cwd, 'dump.tar');
    writeFileSync(dump, tarOf(membersOf(await standardDumpMembers(), 'fs/')));
    const r = await run('--json', 'scan', dump, '--iocs', iocs, '--output', 'out-fs');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const info = JSON.parse(readFileSync(join(cli.cwd, 'out-fs', 'info.json'), 'utf8')) as { kind: string };
    expect(info.kind).toBe('ios-filesystem');
    expect(existsSync(join(cli.cwd, 'out-fs', 'manifest_detected.json'))).toBe(true);
    const again = await run('--json', 'scan', 'recheck', 'out-fs', '--iocs', iocs);
    expect(again.stderr).toBe('');
    expect((JSON.parse(again.stdout) as { new_alerts: unknown[] }).new_alerts).toEqual([]);
  });

  it('re-checks saved results against new indicators without the evidence', async () => {
    const first = await run('scan', plain, '--output', 'month-1', '--fail-on', 'critical');
    expect(first.code).toBe(0);
    const r = await run(
      '--json',
      'scan',
      'recheck',
      'month-1',
      '--iocs',
      iocs,
      '--output',
      'month-1-recheck',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      kind: string;
      new_alerts: { level: string; matched_indicator: unknown }[];
      alerts: unknown[];
      skipped: unknown[];
    };
    expect(out.kind).toBe('ios-backup');
    expect(out.skipped).toEqual([]);
    expect(out.new_alerts.length).toBeGreaterThan(5);
    expect(out.new_alerts.every((a) => a.matched_indicator !== null)).toBe(true);
    // The same alerts a fresh scan with these indicators raises.
    const fresh = JSON.parse((await run('--json', 'scan', plain, '--iocs', iocs)).stdout) as {
      alerts: unknown[];
    };
    expect(out.alerts).toEqual(fresh.alerts);
    expect(readdirSync(join(cli.cwd, 'month-1-recheck')).sort()).toEqual([
      'alerts.json',
      'recheck.json',
      'timeline_detected.csv',
    ]);
    const text = await run('scan', 'recheck', 'month-1', '--iocs', iocs);
    expect(text.stdout).toMatch(/Re-checked the ios-backup results in .* new\./);
    expect(text.stdout).toMatch(/CRITICAL\s+sms\s+SMS\/iMessage link/);
  });

  it('says a scan with no alert cannot prove the phone clean', async () => {
    const files = androidQfFiles();
    const benign = buildAndroidQfFolder(join(cli.cwd, 'aqf-benign'), {
      'packages.json': JSON.stringify([
        { name: 'com.android.systemui', installer: null, system: true, disabled: false, files: [] },
      ]),
      'ps.txt': (files['ps.txt'] ?? '').split('\n').slice(0, 2).join('\n'),
      'getprop.txt': '[ro.build.version.release]: [15]\n',
      'settings_global.txt': 'package_verifier_enable=1\n',
    });
    const r = await run('scan', benign, '--iocs', iocs);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(NO_ALERTS);
    const j = JSON.parse((await run('--json', 'scan', benign, '--iocs', iocs)).stdout) as {
      notice: string;
    };
    expect(j.notice).toBe(NO_ALERTS);
  });

  it('exits 0 when nothing reaches --fail-on, and prints a readable summary', async () => {
    const r = await run('scan', plain, '--fail-on', 'critical');
    // Without indicators only heuristics run: high (threat notification) but nothing critical.
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No indicators loaded/);
    expect(r.stdout).toMatch(/HIGH\s+sms\s+Apple threat notification/);
    expect((await run('scan', plain, '--fail-on', 'severe')).code).toBe(2);
  });

  it('exits 1 naming a failed module and the missing evidence, even with no alert', async () => {
    const dir = join(cli.cwd, 'acq-broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'getprop.txt'), '[ro.build.version.release]: [15]\n');
    writeFileSync(join(dir, 'packages.json'), '{"not": "a list"}');
    const r = await run('scan', dir, '--fail-on', 'critical');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/module packages failed: packages.json is not a JSON array/);
    expect(r.stdout).toMatch(
      /Coverage incomplete \(verdict incomplete\): required evidence missing: packages, processes, settings/,
    );
    expect(r.stderr).toMatch(/failed modules: packages/);
    const j = await run('--json', 'scan', dir, '--fail-on', 'critical');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({
      verdict: 'incomplete',
      coverage: { complete: false, failed: ['packages'] },
    });
  });

  it('exits 1 naming an unreadable backup.ab, with the acquisition’s own modules run', async () => {
    const dir = buildAndroidQfFolder(join(cli.cwd, 'acq-bad-ab'));
    writeFileSync(join(dir, 'backup.ab'), 'ANDROID BACKUP\n5\n1\nnone\nnot zlib at all');
    const r = await run('scan', dir, '--fail-on', 'critical');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/module backup_sms failed: backup\.ab: the Android backup does not inflate/);
    expect(r.stdout).toMatch(/warning: backup\.ab: the Android backup does not inflate.*; not scanned/);
    expect(r.stderr).toMatch(/failed modules: backup_sms .*backup_backup_packages/);
    expect(r.stderr).not.toMatch(/\bat \S+ \(|SCAN_INPUT_INVALID/);
    const j = JSON.parse((await run('--json', 'scan', dir, '--fail-on', 'critical')).stdout) as {
      coverage: { failed: string[] };
    };
    expect(j.coverage.failed).toEqual(['backup_sms', 'backup_backup_packages']);
  });

  it('reads the password of an encrypted backup from VIGIL_BACKUP_PASSWORD only', async () => {
    const ok = await runWith(
      { VIGIL_BACKUP_PASSWORD: 's3cret pass' },
      '--json',
      'scan',
      encrypted,
      '--iocs',
      iocs,
    );
    expect(ok.code).toBe(1);
    expect(JSON.parse(ok.stdout)).toMatchObject({ encrypted: true });
    const wrong = await runWith({ VIGIL_BACKUP_PASSWORD: 'nope' }, 'scan', encrypted);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/BACKUP_PASSWORD_WRONG/);
    const none = await run('scan', encrypted);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/BACKUP_PASSWORD_REQUIRED/);
    // There is no option to pass it on the command line.
    expect((await run('scan', encrypted, '--password', 'x')).code).toBe(2);
  });

  it('refuses input that is not evidence with exit 2', async () => {
    mkdirSync(join(cli.cwd, 'junk'), { recursive: true });
    const r = await run('scan', 'junk');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SCAN_INPUT_INVALID/);
    writeFileSync(join(cli.cwd, 'bad.stix2'), '{not json');
    const bad = await run('scan', plain, '--iocs', 'bad.stix2');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/IOC_FILE_INVALID/);
  });

  it('records the observed posture for --device', async () => {
    await run('person', 'add', '--id', 'pm', '--name', 'Test Principal', '--kind', 'principal');
    const dev = await run(
      'device',
      'add',
      '--id',
      'calls-1',
      '--serial',
      'TESTSERIAL01',
      '--platform',
      'ios',
      '--model',
      'iPhone',
      '--ownership',
      'issued',
      '--role',
      'calls',
      '--holder',
      'pm',
    );
    expect(dev.stderr).toBe('');
    const r = await run('--json', 'scan', plain, '--iocs', iocs, '--device', 'calls-1');
    expect(r.code).toBe(1);
    const id = (JSON.parse(r.stdout) as { postureReportId: string }).postureReportId;
    expect(id).toMatch(/^pos/);
    const show = await run('--json', 'device', 'show', 'calls-1');
    const posture = (
      JSON.parse(show.stdout) as {
        posture: {
          id: string;
          source: string;
          lockdownMode: boolean;
          sensors: Record<string, { provenance: string }>;
        }[];
      }
    ).posture;
    expect(posture.find((p) => p.id === id)).toMatchObject({
      source: 'vigil-scan',
      lockdownMode: false,
      sensors: { camera: { provenance: 'observed' } },
    });
    const usage = await run('scan', plain, '--device', 'calls-1', '--inspect');
    expect(usage.code).toBe(2);
    const checked = await run(
      '--json',
      'scan',
      plain,
      '--iocs',
      iocs,
      '--device',
      'calls-1',
      '--output',
      'check-out',
      '--inspect',
      '--performed-by',
      'Tech One',
    );
    expect(checked.code).toBe(1);
    const c = JSON.parse(checked.stdout) as {
      inspectionId: string;
      verdict: string;
      output: { path: string; sha256: string }[];
      info_sha256: string;
    };
    expect(c.verdict).toBe('compromised');
    // The hash scan.completed carries is the written info.json's, which names who and what device.
    expect(c.info_sha256).toBe(c.output.find((o) => o.path === 'info.json')?.sha256);
    const info = JSON.parse(readFileSync(join(cli.cwd, 'check-out', 'info.json'), 'utf8')) as {
      performed_by: string;
      device_id: string;
    };
    expect(info).toMatchObject({ performed_by: 'Tech One', device_id: 'calls-1' });
    // A compromised check opens an incident, which quarantines the device.
    const incidents = await run('--json', 'incident', 'list');
    expect(incidents.stdout).toMatch(/confirmed/);
    const shown = JSON.parse((await run('--json', 'device', 'show', 'calls-1')).stdout) as {
      inspections: {
        id: string;
        method: string;
        result: string;
        evidence?: { name: string; sha256: string }[];
      }[];
    };
    const ins = shown.inspections.find((i) => i.id === c.inspectionId);
    expect(ins).toMatchObject({ method: 'forensic-scan', result: 'compromised' });
    expect(ins?.evidence?.find((e) => e.name === 'alerts.json')?.sha256).toBe(
      c.output.find((o) => o.path === 'alerts.json')?.sha256,
    );
    const android = buildAndroidQfFolder(join(cli.cwd, 'aqf'));
    const mismatch = await run('scan', android, '--device', 'calls-1');
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/POSTURE_INVALID/);
  }, 180_000);
});

describe('vigil iocs update', () => {
  it('downloads the configured feeds with their hashes, and scans use them by default', async () => {
    const feeds = { VIGIL_IOC_FEEDS: `${base}/feeds/test.stix2` };
    const r = await runWith(feeds, '--json', 'iocs', 'update');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [feed] = JSON.parse(r.stdout) as { file: string; sha256: string; indicators: number }[];
    expect(feed?.indicators).toBeGreaterThan(10);
    const dir = join(cli.cwd, '.vigil', 'indicators');
    expect(existsSync(join(dir, feed?.file ?? ''))).toBe(true);
    const scan = await run('--json', 'scan', plain);
    expect((JSON.parse(scan.stdout) as { ioc_files: { sha256: string }[] }).ioc_files[0]?.sha256).toBe(
      feed?.sha256,
    );
    // A failing feed replaces nothing.
    feedStatus = 500;
    const before = readFileSync(join(dir, feed?.file ?? ''));
    const failed = await runWith(feeds, 'iocs', 'update');
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/IOC_FEED_FAILED/);
    expect(readFileSync(join(dir, feed?.file ?? ''))).toEqual(before);
    feedStatus = 200;
    expect((await run('iocs', 'update')).code).toBe(2);
    rmSync(dir, { recursive: true });
  });

  it('enables public feeds by name, lists what is loaded and where from, and disables them', async () => {
    const mirror = { VIGIL_IOC_FEED_MIRROR: `${base}/mirror` };
    const unknown = await run('iocs', 'enable', 'pegasus', 'no-such-feed');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/IOC_FEED_UNKNOWN/);
    expect(unknown.stderr).toMatch(/no-such-feed/);
    expect(unknown.stderr).toMatch(/vigil iocs list/);

    const enabled = await run('iocs', 'enable', 'pegasus');
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toMatch(/Enabled: pegasus/);
    const updated = await runWith(mirror, '--json', 'iocs', 'update');
    expect(updated.stderr).toBe('');
    const [feed] = JSON.parse(updated.stdout) as { file: string; url: string; sha256: string }[];
    expect(feed?.url).toBe(`${base}/mirror/AmnestyTech/investigations/master/2021-07-18_nso/pegasus.stix2`);

    const listed = await runWith(mirror, '--json', 'iocs', 'list');
    const list = JSON.parse(listed.stdout) as {
      loaded: { file: string; feed: string | null; sha256: string | null; fetchedAt: string | null }[];
      feeds: { name: string; enabled: boolean; licence: string }[];
    };
    expect(list.loaded).toHaveLength(1);
    expect(list.loaded[0]).toMatchObject({ file: feed?.file, feed: 'pegasus', sha256: feed?.sha256 });
    expect(list.loaded[0]?.fetchedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(list.feeds.find((f) => f.name === 'pegasus')?.enabled).toBe(true);
    expect(list.feeds.find((f) => f.name === 'predator')?.enabled).toBe(false);
    const text = await runWith(mirror, 'iocs', 'list');
    expect(text.stdout).toMatch(/Loaded from .*: 1 indicator file\./);
    expect(text.stdout).toMatch(/pegasus\s+yes\s+NSO Group Pegasus/);

    const disabled = await runWith(mirror, 'iocs', 'disable', 'pegasus');
    expect(disabled.stdout).toBe('Enabled: none; removed 1 file.');
    const after = JSON.parse((await run('--json', 'iocs', 'list')).stdout) as { loaded: unknown[] };
    expect(after.loaded).toHaveLength(0);
    expect((await run('iocs', 'update')).code).toBe(2);
  });

  it('re-checks the stored scans against the indicators loaded now', async () => {
    const none = await run('iocs', 'recheck');
    expect(none.stderr).toBe('');
    expect(none.stdout).toMatch(/No indicators loaded: run `vigil iocs update` first\./);
    const dir = join(cli.cwd, '.vigil', 'indicators');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'test.stix2'), JSON.stringify(testIndicatorBundle()));
    const r = await run('iocs', 'recheck');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Re-checked 0 stored scans against indicator set [0-9a-f]{16}: 0 scans with new alerts/,
    );
    rmSync(dir, { recursive: true });
  }, 120_000);
});
