/**
 * A re-check of saved results equals a fresh scan of the same evidence with the same new
 * indicators: property over random indicator sets drawn from values the evidence holds (so
 * most sets match something) and values it does not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  androidQfFiles,
  androidQfSystemFiles,
  buildAndroidBackup,
  buildAndroidQfFolder,
  buildBugreportZip,
} from '../../../test/support/evidence-android.ts';
import {
  buildIosBackup,
  IOS_IOCS,
  standardIosFiles,
  standardIosInfo,
} from '../../../test/support/evidence-ios.ts';
import { ANDROID_IOCS, stixBundle } from '../../../test/support/evidence-stix.ts';
import { buildSysdiagnoseArchive } from '../../../test/support/evidence-sysdiagnose.ts';
import { IOS_SCAN_MODULES } from '../../core/forensics/coverage.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { alertView, writeScanOutput } from './output.ts';
import { recheckResults } from './recheck.ts';
import { scanEvidence } from './scan.ts';

const RUNS = { seed: 20_261_206, numRuns: 12 } as const;

let dir: string;
const now = () => Date.parse('2026-11-22T00:00:00Z');

const v = (key: string, value: string) => `[${key} = '${value.replace(/'/g, "\\'")}']`;

/** Candidate patterns: what the synthetic evidence holds, near misses, and noise. */
const POOL = [
  v('domain-name:value', IOS_IOCS.domain),
  v('domain-name:value', 'benign.example'),
  v('domain-name:value', 'other.example'),
  v('domain-name:value', 'never-seen.example'),
  v('url:value', 'https://benign.example/tab'),
  v('process:name', IOS_IOCS.process),
  v('process:name', IOS_IOCS.processLong),
  v('process:name', 'MobileSafari'),
  v('process:name', 'backboardd'),
  v('process:name', ANDROID_IOCS.process),
  v('process:name', 'system_server'),
  v('email-addr:value', IOS_IOCS.email),
  v('file:path', IOS_IOCS.filePath),
  v('file:path', '/private/var/tmp/'),
  v('file:path', 'Library/'),
  v('file:name', IOS_IOCS.fileName),
  v('file:name', 'sms.db'),
  v('configuration-profile:id', IOS_IOCS.profileId),
  v('app:id', IOS_IOCS.appId),
  v('app:id', 'com.example.sideloaded'),
  v('app:id', ANDROID_IOCS.packageName),
  v('app:id', 'com.android.providers.telephony'),
  v('file:hashes.sha256', ANDROID_IOCS.fileSha256),
  v('app:cert.sha256', ANDROID_IOCS.certSha256),
  v('android-property:name', ANDROID_IOCS.property),
  v('android-property:name', 'ro.build.version.release'),
  v('file:path', ANDROID_IOCS.filePath),
];

/** Values only the newer iOS modules hold (contact handles, a Firefox URL, interaction apps). */
const IOS_POOL = [
  ...POOL,
  v('email-addr:value', 'friend@benign.example'),
  v('domain-name:value', 'evil-mail.example'),
  v('url:value', "https://tracker.example/a?id=1&x='y'"),
  v('app:id', 'com.apple.mobilesafari'),
  v('process:name', 'com.apple.MobileSMS'),
];

/** The iOS modules whose records the synthetic backup makes match an indicator in IOS_POOL. */
const IOS_MATCHING_MODULES = IOS_SCAN_MODULES.filter(
  (m) => !['backup_info', 'global_preferences'].includes(m),
);

let counter = 0;
function indicatorsOf(patterns: readonly string[]) {
  const file = join(dir, `iocs-${counter++}.stix2`);
  writeFileSync(file, JSON.stringify(stixBundle('NewFeed', patterns)));
  return loadIndicatorFiles([file], dir);
}

const viewsOf = (alerts: readonly Parameters<typeof alertView>[0][]) =>
  JSON.parse(JSON.stringify(alerts.map(alertView))) as unknown;

/** Scans `target` with no indicators into a result folder, as last month's check did. */
async function savedScan(target: string, name: string): Promise<string> {
  const r = await scanEvidence(target, { indicators: null, password: null, now });
  const out = join(dir, `results-${name}`);
  writeScanOutput(out, r);
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-recheck-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil scan recheck', () => {
  const inputs: Record<string, string> = {};
  beforeAll(async () => {
    inputs.ios = await buildIosBackup(join(dir, 'ios', '00008110-RECHECK'), {
      files: await standardIosFiles(),
      info: standardIosInfo(),
    });
    inputs.androidqf = buildAndroidQfFolder(join(dir, 'aqf'), {
      ...androidQfFiles(),
      ...androidQfSystemFiles(),
    });
    inputs.ab = buildAndroidBackup(join(dir, 'sms.ab'), { compressed: true });
    inputs.sysdiagnose = buildSysdiagnoseArchive(join(dir, 'sysdiagnose'));
    inputs.bugreport = buildBugreportZip(join(dir, 'bugreport-x.zip'));
  });

  for (const kind of ['ios', 'androidqf', 'ab', 'sysdiagnose', 'bugreport'] as const) {
    it(`equals a fresh scan's alerts with the same new indicators (${kind}, random indicator sets)`, async () => {
      const target = inputs[kind] as string;
      const results = await savedScan(target, kind);
      // A sysdiagnose holds few of the pool's values, and its scan is quick: more runs.
      const runs = kind === 'sysdiagnose' ? { ...RUNS, numRuns: 40 } : RUNS;
      let matched = 0;
      const modulesHit = new Set<string>();
      await fc.assert(
        fc.asyncProperty(fc.subarray(kind === 'ios' ? IOS_POOL : POOL), async (patterns) => {
          const indicators = indicatorsOf(patterns);
          const fresh = await scanEvidence(target, { indicators, password: null, now });
          const again = recheckResults(results, indicators);
          expect(again.skipped).toEqual([]);
          expect(viewsOf(again.alerts)).toEqual(viewsOf(fresh.alerts));
          if (fresh.alerts.some((a) => a.matchedIndicator !== null)) matched++;
          for (const a of fresh.alerts) if (a.matchedIndicator !== null) modulesHit.add(a.module);
        }),
        runs,
      );
      // The property was exercised by indicator hits, not only by heuristic alerts.
      expect(matched).toBeGreaterThan(runs.numRuns / 2);
      // Every iOS module that can match an indicator was re-checked against one that it matched.
      if (kind === 'ios') expect([...IOS_MATCHING_MODULES].filter((m) => !modulesHit.has(m))).toEqual([]);
    }, 300_000);
  }

  it('reports the alerts the new indicators added', async () => {
    const results = await savedScan(inputs.ios as string, 'ios-new');
    const again = recheckResults(results, indicatorsOf([v('domain-name:value', IOS_IOCS.domain)]));
    expect(again.newAlerts.length).toBeGreaterThan(0);
    expect(again.newAlerts.every((a) => a.matchedIndicator?.value === IOS_IOCS.domain)).toBe(true);
    expect(again.kind).toBe('ios-backup');
  });
});
