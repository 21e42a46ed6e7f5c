/**
 * Each of the newer iOS modules on its synthetic artifact (test/support/evidence-ios.ts, real
 * schemas): how many records it read, that every record with a time reached the timeline, and
 * a matched indicator of each kind the module can match.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIosBackup, standardIosFiles, standardIosInfo } from '../../../test/support/evidence-ios.ts';
import { testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import type { ModuleResult } from '../../core/forensics/alerts.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { type ScanReport, scanEvidence } from './scan.ts';

let dir: string;
let report: ScanReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-ios-modules-'));
  const iocs = join(dir, 'test.stix2');
  writeFileSync(iocs, JSON.stringify(testIndicatorBundle()));
  const target = await buildIosBackup(join(dir, 'backup'), {
    files: await standardIosFiles(),
    info: standardIosInfo(),
  });
  report = await scanEvidence(target, {
    indicators: loadIndicatorFiles([iocs], dir),
    password: null,
    now: () => Date.parse('2026-11-22T00:00:00Z'),
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function moduleOf(name: string): ModuleResult {
  const m = report.modules.find((x) => x.module === name);
  if (m === undefined) throw new Error(`${name} did not run`);
  return m;
}

/** module -> [records, timeline entries, indicator kinds matched]. */
const EXPECTED: Record<string, [number, number, string[]]> = {
  calls: [4, 4, ['app-id', 'domain', 'email']],
  chrome_history: [3, 3, ['domain']],
  chrome_favicon: [2, 2, ['domain']],
  firefox_history: [4, 4, ['domain', 'url']],
  firefox_favicon: [3, 3, ['domain', 'url']],
  id_status_cache: [5, 5, ['domain', 'email']],
  webkit_resource_load_statistics: [2, 2, ['domain']],
  webkit_session_resource_log: [2, 2, ['domain']],
  // The edited shortcut has a second timeline entry for its modification.
  shortcuts: [2, 3, ['domain']],
  interaction_c: [5, 5, ['app-id', 'domain', 'email', 'file-path']],
  contacts: [3, 3, ['domain', 'email']],
};

describe('newer iOS modules on synthetic artifacts', () => {
  for (const [name, [records, timeline, kinds]] of Object.entries(EXPECTED)) {
    it(`${name}: ${records} records, ${timeline} timeline entries, matches ${kinds.join(', ')}`, () => {
      const m = moduleOf(name);
      expect(report.statuses.find((s) => s.module === name)?.status).toBe('ok');
      expect(m.records).toHaveLength(records);
      expect(m.timeline).toHaveLength(timeline);
      const matched = [...new Set(m.alerts.flatMap((a) => a.matchedIndicator?.type ?? []))].sort();
      expect(matched).toEqual(kinds);
      // Every indicator hit carries the time of the record it was found in.
      expect(m.alerts.every((a) => a.eventTime !== null)).toBe(true);
    });
  }

  it('reads times in each artifact’s own epoch', () => {
    const time = (name: string, i: number, field: string) =>
      (moduleOf(name).records[i] as Record<string, unknown>)[field];
    expect(time('calls', 0, 'date')).toBe('2026-10-03T09:00:00.000Z');
    expect(time('chrome_history', 1, 'visitTime')).toBe('2026-10-03T09:00:01.000Z');
    expect(time('firefox_history', 0, 'visitTime')).toBe('2026-10-03T10:00:00.000Z');
    expect(time('firefox_history', 3, 'visitTime')).toBe('2026-10-03T11:00:02.000Z');
    expect(time('id_status_cache', 0, 'lookupDate')).toBe('2026-10-03T12:00:00.500Z');
    expect(time('webkit_resource_load_statistics', 1, 'lastSeen')).toBe('2026-10-03T13:05:00.250Z');
    expect(time('contacts', 1, 'modified')).toBe('2026-10-03T09:02:00.000Z');
    expect(time('firefox_favicon', 1, 'lastUpdated')).toBe('2026-10-03T10:00:05.000Z');
    // An icon mapped by page URL (favicon_site_urls) carries the icon's own date.
    expect(time('firefox_favicon', 2, 'lastUpdated')).toBe('2026-10-03T11:00:03.000Z');
  });

  it('keeps what a re-check needs: a call address stored as a BLOB, a visit’s referrer, a shortcut’s actions', () => {
    expect(moduleOf('calls').records[1]).toMatchObject({
      address: 'Attacker@Evil-Mail.example',
      callType: 8,
      serviceProvider: 'com.apple.FaceTime',
    });
    expect(moduleOf('chrome_history').records[1]).toMatchObject({ fromUrl: 'https://benign.example/news' });
    expect(moduleOf('firefox_history').records[3]).toMatchObject({
      fromUrl: 'https://benign.example/start',
    });
    expect(moduleOf('shortcuts').records[0]).toMatchObject({
      actions: ['is.workflow.actions.url', 'is.workflow.actions.downloadurl'],
      actionUrls: ['https://dl.evil-spy.example/p.js'],
    });
    // Recipients through Core Data's join table: the contact column is the one naming the
    // relation's destination (Z_2RECIPIENTS, contacts), the other the interaction
    // (Z_3INTERACTIONRECIPIENT); the attachments' join table is not mistaken for it.
    expect(moduleOf('interaction_c').records[0]).toMatchObject({
      recipients: [{ identifier: 'mailto:attacker@evil-mail.example', name: 'Unknown' }],
    });
    expect(moduleOf('interaction_c').records[1]).toMatchObject({ recipients: [] });
    expect(moduleOf('interaction_c').records[2]).toMatchObject({
      recipients: [
        { identifier: '+15550100', name: 'Friend' },
        { identifier: 'ops@relay.evil-spy.example', name: 'Ops' },
      ],
    });
    expect(moduleOf('contacts').records[0]).toMatchObject({
      phones: ['+15550100'],
      emails: ['friend@benign.example'],
    });
  });

  it('reads Firefox favicons from browser.db only, each page-to-icon mapping once', () => {
    expect(moduleOf('firefox_favicon').records.map((r) => Object.values(r).slice(0, 2))).toEqual([
      ['https://benign.example/ff', 'https://benign.example/ff.ico'],
      ['https://benign.example/ff', 'https://static.evil-spy.example/ff.ico'],
      ["https://tracker.example/a?id=1&x='y'", 'https://tracker.example/t.ico'],
    ]);
  });

  it('raises the IDStatusCache heuristic for a handle with embedded NUL bytes, without indicators', async () => {
    const bare = await scanEvidence(join(dir, 'backup'), {
      indicators: null,
      password: null,
      now: () => 0,
    });
    const alerts = bare.alerts.filter((a) => a.module === 'id_status_cache');
    expect(alerts.map((a) => `${a.level}: ${a.message}`)).toEqual([
      'high: Lookup of a handle with embedded NUL bytes (com.apple.madrid)',
    ]);
  });
});
