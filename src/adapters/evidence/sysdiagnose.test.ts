import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tar } from '../../../test/support/evidence-android.ts';
import { IOS_IOCS } from '../../../test/support/evidence-ios.ts';
import { testIndicatorBundle } from '../../../test/support/evidence-stix.ts';
import {
  buildSysdiagnoseArchive,
  buildSysdiagnoseFolder,
  SYSDIAGNOSE_ROOT,
  sysdiagnoseMembers,
} from '../../../test/support/evidence-sysdiagnose.ts';
import { treeHashes } from '../../../test/support/evidence-tree.ts';
import { VigilError } from '../../core/errors.ts';
import { SYSDIAGNOSE_SCAN_MODULES } from '../../core/forensics/coverage.ts';
import { loadIndicatorFiles } from './indicators.ts';
import { scanEvidence } from './scan.ts';
import { SYSDIAGNOSE_MODULES } from './sysdiagnose.ts';

let dir: string;
let iocFile: string;
const now = () => Date.parse('2026-11-22T00:00:00Z');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-sysdiagnose-'));
  iocFile = join(dir, 'iocs.stix2');
  writeFileSync(iocFile, JSON.stringify(testIndicatorBundle()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a sysdiagnose', () => {
  it('declares its modules once, in the order they run', () => {
    expect(SYSDIAGNOSE_MODULES.map((m) => m.name)).toEqual([...SYSDIAGNOSE_SCAN_MODULES]);
  });

  for (const form of ['archive', 'folder'] as const) {
    it(`is scanned from its ${form}: records, indicator hits of each kind, heuristics`, async () => {
      const target =
        form === 'archive'
          ? buildSysdiagnoseArchive(join(dir, form))
          : buildSysdiagnoseFolder(join(dir, form));
      const before = treeHashes(join(dir, form));
      const r = await scanEvidence(target, {
        indicators: loadIndicatorFiles([iocFile], dir),
        password: null,
        now,
      });
      expect(r.kind).toBe('sysdiagnose');
      expect(r.statuses.map((s) => [s.module, s.status, s.records])).toEqual([
        ['shutdown_log', 'ok', 4],
        ['ps', 'ok', 3],
        ['configuration_profiles', 'ok', 2],
      ]);
      const hits = r.alerts.filter((a) => a.matchedIndicator !== null);
      expect(hits.map((a) => [a.module, a.matchedIndicator?.value]).sort()).toEqual(
        [
          ['configuration_profiles', IOS_IOCS.profileId.toLowerCase()],
          ['ps', IOS_IOCS.processLong],
          ['shutdown_log', IOS_IOCS.process],
        ].sort(),
      );
      const heuristics = r.alerts.filter((a) => a.matchedIndicator === null).map((a) => [a.module, a.level]);
      expect(heuristics).toEqual(
        expect.arrayContaining([
          ['shutdown_log', 'high'],
          ['shutdown_log', 'medium'],
          ['configuration_profiles', 'medium'],
        ]),
      );
      // The shutdowns are on the timeline at their SIGTERM.
      expect(r.timeline.filter((t) => t.module === 'shutdown_log').map((t) => t.at)).toContain(
        Date.UTC(2026, 8, 28, 6),
      );
      // Chain of custody: every member (or the archive) listed; the evidence unchanged, nothing added.
      expect(r.files.length).toBe(form === 'archive' ? 1 : Object.keys(sysdiagnoseMembers()).length);
      expect(treeHashes(join(dir, form))).toEqual(before);
    });
  }

  it('refuses archive members whose names leave the archive, and still scans the rest', async () => {
    const members = Object.fromEntries(
      Object.entries(sysdiagnoseMembers()).map(([n, d]) => [`${SYSDIAGNOSE_ROOT}/${n}`, d]),
    );
    const path = join(dir, 'hostile.tar.gz');
    writeFileSync(path, gzipSync(tar({ ...members, '../../escape.txt': Buffer.from('x') })));
    const r = await scanEvidence(path, { indicators: null, password: null, now });
    expect(r.kind).toBe('sysdiagnose');
    expect(r.problems.some((p) => p.includes('../../escape.txt'))).toBe(true);
    expect(r.statuses.every((s) => s.status === 'ok')).toBe(true);
  });

  it('stops an archive that inflates past the limit with EVIDENCE_TOO_LARGE', async () => {
    const path = join(dir, 'bomb.tar.gz');
    writeFileSync(path, gzipSync(Buffer.alloc(4 * 1024 * 1024)));
    const err = await scanEvidence(path, {
      indicators: null,
      password: null,
      now,
      zipLimits: { maxMemberBytes: 1024 * 1024, maxArchiveBytes: 1024 * 1024 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('EVIDENCE_TOO_LARGE');
  });

  it('is told apart from other gzipped tars: one without a sysdiagnose layout is refused', async () => {
    const path = join(dir, 'other.tar.gz');
    writeFileSync(path, gzipSync(tar({ 'notes/readme.txt': Buffer.from('hello') })));
    const err = await scanEvidence(path, { indicators: null, password: null, now }).catch((e: unknown) => e);
    expect((err as VigilError).code).toBe('SCAN_INPUT_INVALID');
    expect((err as VigilError).message).toMatch(/sysdiagnose/);
  });
});
